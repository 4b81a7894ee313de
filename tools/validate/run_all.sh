#!/usr/bin/env bash
# Regenerate the validation report: tables and figures of docs/VALIDATION.md
# (docs/validation/<system>/) for every shipped potential in potentials/.
#   tools/validate/run_all.sh [--systems lih,h2o,nh3,water_dimer,graph_lih,graph_nh3] [--bin DIR] [--steps N]
# --bin DIR (or $QMLFF_BIN): folder with qmlff and lmp_qml (default build/).
# --steps N: NVE and NVT steps of 0.25 fs (default 20000 = 5 ps).
# A system without potentials/<system>.json is skipped with a message. Scratch output:
# runs/validate/<system>/ (gitignored). 1-3 minutes per system on one core.
set -euo pipefail
cd "$(dirname "$0")/../.."
INVOCATION="tools/validate/run_all.sh${*:+ $*}"
SYSTEMS=lih,h2o,nh3,water_dimer,graph_lih,graph_nh3
BIN=${QMLFF_BIN:-build}
STEPS=20000
while [ $# -gt 0 ]; do
  case $1 in
    --systems) SYSTEMS=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    --steps) STEPS=$2; shift 2 ;;
    -h|--help) sed -n 2,8p "$0"; exit 0 ;;
    *) echo "run_all.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
export QMLFF_BIN=$(cd "$BIN" && pwd)
PY=/usr/bin/python3
V=tools/validate
done_list=()
for s in ${SYSTEMS//,/ }; do
  echo "=== $s"
  if [ ! -f "potentials/$s.json" ]; then
    echo "SKIP: $s: potentials/$s.json does not exist (not trained/shipped yet)"
    continue
  fi
  $PY $V/test_split.py "$s"
  $PY $V/check_forces.py "$s"
  $PY $V/nve.py "$s" --steps "$STEPS"
  $PY $V/nvt.py "$s" --steps "$STEPS"
  $PY $V/frequencies.py "$s" || [ $? -eq 3 ]     # exit 3 = skipped (no reference, e.g. the dimer)
  $PY $V/scan.py "$s" || [ $? -eq 3 ]
  done_list+=("$s")
done
$PY $V/report.py --command "$INVOCATION"     # tables of all systems with results
echo "validated: ${done_list[*]:-none}"
