#!/usr/bin/env bash
# Generate all four qmlff reference datasets with psi4 (issue 6), resumably.
#   tools/datagen/generate_all.sh      # full counts: ~3-4 h of 2 cores (see examples/data/README.md)
# Env overrides:
#   N_LIH N_H2O N_NH3 N_DIMER   target counts (default 134 / 1000 / 500 / 800)
#   WORKERS                      psi4 worker processes (default 2, 1 thread each)
#   H2O_DEADLINE NH3_DEADLINE DIMER_DEADLINE   UTC HH:MM: stop starting new points of
#       that set after this time and write the completed subset (time budgets)
# Caches/logs: tools/datagen/cache/ (not committed); rerunning resumes from them.
# Requires psi4 1.3.2 + python3-ase (tools/install_deps.sh --with-psi4).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
G=tools/datagen/datagen.py
W=${WORKERS:-2}
mkdir -p tools/datagen/cache/logs
# NH3 minimum + Hessian (1 process) overlaps with the LiH scan (cached after the first run)
$PY $G nh3 --modes-only > tools/datagen/cache/logs/nh3_modes.stdout 2>&1 &
MODES_PID=$!
$PY $G lih   --n "${N_LIH:-134}"  --workers "$W"
$PY $G h2o   --n "${N_H2O:-1000}" --workers "$W" ${H2O_DEADLINE:+--deadline "$H2O_DEADLINE"}
wait "$MODES_PID"
$PY $G nh3   --n "${N_NH3:-500}"  --workers "$W" ${NH3_DEADLINE:+--deadline "$NH3_DEADLINE"}
$PY $G dimer --n "${N_DIMER:-800}" --workers "$W" ${DIMER_DEADLINE:+--deadline "$DIMER_DEADLINE"}
echo "generate_all: done"
