#!/usr/bin/env bash
# examples/water_box/run_all.sh, shortened (27 waters, tens of steps; 8 would let NPT shrink the box below R_C): it reports progress
# while LAMMPS runs with -screen none, and the NPT density of the log equals the one of
# summary_27.json (one definition: the second half of the production run). Issue 23.
# Usage: water_box_short.sh BUILD_DIR WORK_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$1 work=$2
rm -rf "$work"
PROGRESS_EVERY=1 "$root/examples/water_box/run_all.sh" --n 27 --bin "$build" --nve-steps 40 --nvt-steps 40 \
  --npt-steps 80 --equil 20 --out "$work" > "$work.out" 2>&1 || { cat "$work.out"; exit 1; }
cat "$work.out"
grep -q "last thermo step" "$work.out" || { echo "water_box_short: no progress line"; exit 1; }
log=$(grep -o "NPT mean density: [0-9.]*" "$work/log.npt" | awk '{print $4}')
/usr/bin/python3 - "$work/summary_27.json" "$log" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["npt"]
log = float(sys.argv[2])
print("summary %.6f g/cm3, log %.4f g/cm3 (%s)" % (s["mean_density_g_cm3"], log, s["averaged_over"]))
assert abs(s["mean_density_g_cm3"] - log) < 6e-5, "the log and summary_27.json report different NPT densities"
PY
