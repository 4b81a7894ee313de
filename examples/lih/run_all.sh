#!/usr/bin/env bash
# The whole path for this example with the shipped potential potentials/lih.json (or --train:
# retrain from examples/train/lih.json into runs/lih/): model summary, test-set parity plots,
# analytic vs finite-difference forces, NVE and NVT MD in LAMMPS (in.nve, in.nvt), frequencies.
#   examples/lih/run_all.sh [--train] [--bin DIR] [--steps N]     # results: runs/lih/validation/
# Build first (tools/build.sh, or cmake; --bin DIR if the binaries are not in build/).
# The steps are in tools/validate/whole_path.sh.
exec "$(dirname "$0")/../../tools/validate/whole_path.sh" lih "$@"
