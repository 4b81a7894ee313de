#!/usr/bin/env bash
# The whole path for this example with the shipped potential potentials/nh3.json (or --train:
# retrain from examples/train/nh3.json into runs/nh3/): model summary, test-set parity plots,
# analytic vs finite-difference forces, NVE and NVT MD in LAMMPS (in.nve, in.nvt), frequencies.
#   examples/nh3/run_all.sh [--train] [--bin DIR] [--steps N]     # results: runs/nh3/validation/
# Build first (tools/build.sh, or cmake; --bin DIR if the binaries are not in build/).
# The steps are in tools/validate/whole_path.sh.
exec "$(dirname "$0")/../../tools/validate/whole_path.sh" nh3 "$@"
