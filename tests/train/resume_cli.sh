#!/usr/bin/env bash
# Cross-process check of `qmlff train --resume`: a run stopped by SIGINT and resumed in a
# new process ends with the same parameters, learning curve and parity data, bit for bit,
# as an uninterrupted run. Usage: tests/train/resume_cli.sh [BUILD_DIR] (default build);
# registered in ctest as train.resume_after_sigint.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
qmlff=$build/qmlff
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cfg=$root/examples/train/h2o.json
sets=(--set steps=400 --set model.depth=3 --set data.max_frames=60 --set batch.size=16
      --set loss.type=two_phase --set loss.energy_steps=150 --set loss.force_weight=0.01
      --set noise.energy_sigma=0.001 --set output.checkpoint_every=1000)
"$qmlff" train "$cfg" "${sets[@]}" -o "$work/a" 2>"$work/a.log"
"$qmlff" train "$cfg" "${sets[@]}" -o "$work/b" 2>"$work/b.log" &
pid=$!
# Stop it part-way through (SIGINT = Ctrl-C): it finishes the step, checkpoints, exits 130.
for _ in $(seq 1 200); do
  sleep 0.05
  grep -q "step [1-9][0-9]*/400" "$work/b.log" 2>/dev/null && break
done
kill -INT "$pid"
set +e; wait "$pid"; rc=$?; set -e
if [[ $rc -eq 0 ]]; then echo "resume_cli: the run finished before the signal; nothing tested" >&2; exit 1; fi
[[ $rc -eq 130 ]] || { echo "resume_cli: expected exit code 130 after SIGINT, got $rc" >&2; cat "$work/b.log" >&2; exit 1; }
grep -q "continue with --resume" "$work/b.log"
step=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['step'])" "$work/b/checkpoint.json")
"$qmlff" train "$cfg" "${sets[@]}" -o "$work/b" --resume 2>>"$work/b.log"
/usr/bin/python3 - "$work/a/potential.json" "$work/b/potential.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
pa = a["parameters"] if "parameters" in a else a["model"]["parameters"]
pb = b["parameters"] if "parameters" in b else b["model"]["parameters"]
assert pa == pb, "parameters differ after resume"
PY
cmp "$work/a/learning_curve.csv" "$work/b/learning_curve.csv"
cmp "$work/a/parity_forces.csv" "$work/b/parity_forces.csv"
echo "resume_cli: OK (stopped at step $step of 400, resumed in a new process, bitwise identical)"
