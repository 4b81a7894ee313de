#!/usr/bin/env bash
# The whole path for the water dimer.
#   examples/water_dimer/run_all.sh [--bin DIR] [--steps N]     # results: runs/water_dimer/mbe/
#   examples/water_dimer/run_all.sh --train [--bin DIR] [--steps N]
# qmlff ships no single total-energy dimer file (potentials/README.md). By default this runs
# the dimer as LAMMPS's many-body expansion computes it with the shipped files
# (pair_style qml mbe 4.5 5.5: potentials/h2o.json for each molecule + the two-body
# potentials/water_dimer_interaction.json): total energies and forces against psi4 on the
# two-body term's test dimers (tools/validate/dimer_mbe.py), then NVE and NVT (in.nve,
# in.nvt). With --train: the seed's total-energy dimer model, trained from
# examples/train/water_dimer.json, through tools/validate/whole_path.sh.
# Build first (tools/build.sh, or cmake; --bin DIR if the binaries are not in build/).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
for arg in "$@"; do
  [ "$arg" = --train ] && exec "$repo/tools/validate/whole_path.sh" water_dimer "$@"
done
bin="$repo/build" steps=20000
while (($#)); do
  case $1 in
    --bin) bin=$(cd "$2" && pwd); shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    *) echo "run_all.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
out="$repo/runs/water_dimer/mbe"
mkdir -p "$out"
/usr/bin/python3 "$repo/tools/validate/dimer_mbe.py" --bin "$bin" --out "$out" --work "$out/work"
cd "$here"
for run in nve nvt; do
  echo "== $run ($steps steps of 0.25 fs) -> $out/log.$run"
  "$bin/lmp_qml" -in "in.$run" -var steps "$steps" -log "$out/log.$run" -screen none
  grep -E "^(NVE energy drift|NVT mean temperature)" "$out/log.$run"
done
echo "== water dimer done: results in $out"
