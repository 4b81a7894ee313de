#!/usr/bin/env bash
# The whole user path for one system, from data to MD plots (called by examples/<system>/run_all.sh):
#   tools/validate/whole_path.sh SYSTEM [--train] [--bin DIR] [--steps N] [--out DIR]
#  1. potential: potentials/SYSTEM.json, or with --train: qmlff train examples/train/SYSTEM.json
#     -o runs/SYSTEM (reused if runs/SYSTEM/potential.json exists) + tools/plot_training.py
#  2. qmlff info; test-split metrics and parity plots (tools/validate/test_split.py)
#  3. analytic vs finite-difference forces on the test frames (qmlff check-forces)
#  4. NVE and Langevin NVT MD in LAMMPS (examples/SYSTEM/in.nve, in.nvt) with plots
#  5. harmonic frequencies at the model's minimum and a bond-stretch curve vs psi4 (not for the dimer)
# Results (JSON + PNG): OUT (default runs/SYSTEM/validation). --bin / $QMLFF_BIN: folder with
# qmlff and lmp_qml (default build/). --steps: MD steps of 0.25 fs (default 8000 = 2 ps).
set -euo pipefail
cd "$(dirname "$0")/../.."
S=${1:?usage: whole_path.sh SYSTEM [--train] [--bin DIR] [--steps N] [--out DIR]}; shift
TRAIN=0; BIN=${QMLFF_BIN:-build}; STEPS=8000; OUT=runs/$S/validation
while [ $# -gt 0 ]; do
  case $1 in
    --train) TRAIN=1; shift ;;
    --bin) BIN=$2; shift 2 ;;
    --steps) STEPS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n 2,11p "$0"; exit 0 ;;
    *) echo "whole_path.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
export QMLFF_BIN=$(cd "$BIN" && pwd)
PY=/usr/bin/python3; V=tools/validate; Q=$QMLFF_BIN/qmlff
ARGS=(--out "$OUT" --work "$OUT/work")

# 1. the potential
if [ $TRAIN = 1 ]; then
  POT=runs/$S/potential.json
  if [ -f "$POT" ]; then
    echo "== using the existing $POT (delete runs/$S to retrain)"
  else
    echo "== training examples/train/$S.json -> runs/$S (minutes; see docs/training.md)"
    "$Q" train "examples/train/$S.json" -o "runs/$S"
  fi
  $PY tools/plot_training.py "runs/$S"
  LC=(--learning-curve "runs/$S/learning_curve.csv")
else
  POT=potentials/$S.json
  [ -f "$POT" ] || { echo "SKIP: $POT does not exist (not shipped yet); try --train" >&2; exit 3; }
  LC=()
fi
ARGS+=(--potential "$POT")

# 2. what it is, and how well it fits its test frames
"$Q" info "$POT"
$PY $V/test_split.py "$S" "${ARGS[@]}" "${LC[@]}"
# 3. analytic forces vs finite differences
$PY $V/check_forces.py "$S" "${ARGS[@]}"
# 4. molecular dynamics in LAMMPS
$PY $V/nve.py "$S" "${ARGS[@]}" --steps "$STEPS"
$PY $V/nvt.py "$S" "${ARGS[@]}" --steps "$STEPS"
# 5. vibrational frequencies and a bond-stretch curve vs psi4 (exit 3 = no reference for this system)
$PY $V/frequencies.py "$S" "${ARGS[@]}" || [ $? -eq 3 ]
$PY $V/scan.py "$S" "${ARGS[@]}" || [ $? -eq 3 ]
echo "== $S done: results in $OUT"
ls "$OUT"
