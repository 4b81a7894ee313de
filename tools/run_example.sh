#!/usr/bin/env bash
# Fresh machine to LAMMPS MD: install packages, build, and run the main example
# (NVE molecular dynamics of water with the shipped H2O potential, through lmp_qml).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh
cd examples/h2o
../../build/lmp_qml -in in.nve
