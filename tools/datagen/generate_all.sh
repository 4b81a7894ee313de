#!/usr/bin/env bash
# Generate all four qmlff reference datasets with psi4 (issue 6), resumably.
#   tools/datagen/generate_all.sh            # full run, ~2.5 h on 2 cores
# Env overrides: N_LIH N_H2O N_NH3 N_DIMER (counts), WORKERS (default 2),
# DIMER_DEADLINE=HH:MM (UTC; stop starting new dimer points after this time and
# write the completed subset). Caches/logs: tools/datagen/cache/ (not committed).
# Requires psi4 1.3.2 + python3-ase (tools/install_deps.sh --with-psi4).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
G=tools/datagen/datagen.py
W=${WORKERS:-2}
mkdir -p tools/datagen/cache/logs
# NH3 minimum + Hessian (1 process) overlaps with the LiH scan
$PY $G nh3 --modes-only > tools/datagen/cache/logs/nh3_modes.stdout 2>&1 &
MODES_PID=$!
$PY $G lih   --n "${N_LIH:-134}"  --workers "$W"
$PY $G h2o   --n "${N_H2O:-1000}" --workers "$W"
wait "$MODES_PID"
$PY $G nh3   --n "${N_NH3:-500}"  --workers "$W"
$PY $G dimer --n "${N_DIMER:-800}" --workers "$W" ${DIMER_DEADLINE:+--deadline "$DIMER_DEADLINE"}
echo "generate_all: done"
