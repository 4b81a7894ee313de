#!/usr/bin/env bash
# Atom-centred training stopped at step 10 and resumed to its end gives the same parameters,
# bit for bit, as one uninterrupted run (the checkpoint carries the per-atom scaling state).
set -euo pipefail
Q="$1/qmlff"
C="$(cd "$(dirname "$0")/../data/cli" && pwd)/atomic_tiny.json"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
"$Q" train "$C" -o "$W/whole" --threads 1 > /dev/null 2>&1
"$Q" train "$C" -o "$W/parts" --threads 1 --set steps=10 > /dev/null 2>&1
out=$("$Q" train "$C" -o "$W/parts" --threads 1 --resume --force 2>&1)
grep -q "resuming from .* at step 10" <<< "$out" || { echo "$out"; exit 1; }
/usr/bin/python3 - "$W" <<'PY'
import json, sys
w = sys.argv[1]
a, b = (json.load(open(f"{w}/{d}/potential.json"))["parameters"]["values"] for d in ("whole", "parts"))
assert len(a) == len(b) == 60, (len(a), len(b))
bad = [k for k, (x, y) in enumerate(zip(a, b)) if x != y]
assert not bad, f"parameters differ at {bad[:5]}"
print("resumed atomic run equals the uninterrupted one: 60 parameters, bit for bit")
PY
