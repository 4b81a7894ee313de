#!/usr/bin/env bash
# Issue 20's organic sets at the rMD17 level of theory (PBE/def2-SVP), then issue 25's
# water trimers (B3LYP/6-31G*), resumably; each set's file is rewritten every
# WRITE_EVERY finished points so the growing file can be committed.
#   nohup nice -n 19 tools/datagen/generate_rmd17.sh &
# Env overrides: N_ETHANOL N_METHANOL N_MALONALDEHYDE N_TRIMER (default 1200/200/600/500),
#   WORKERS (default 2), WRITE_EVERY (default 20), SETS (default all four, in this order).
# Minima, modes and sampled geometries: tools/datagen/samples/ (committed);
# caches and logs: tools/datagen/cache/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
G=tools/datagen/datagen.py
W=${WORKERS:-2}
E=${WRITE_EVERY:-20}
mkdir -p tools/datagen/cache/logs
declare -A N=([ethanol]=${N_ETHANOL:-1200} [methanol]=${N_METHANOL:-200}
              [malonaldehyde]=${N_MALONALDEHYDE:-600} [trimer]=${N_TRIMER:-500})
for s in ${SETS:-ethanol methanol malonaldehyde trimer}; do
  $PY $G "$s" --n "${N[$s]}" --workers "$W" --write-every "$E"
done
echo "generate_rmd17: done"
