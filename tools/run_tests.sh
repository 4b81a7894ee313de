#!/usr/bin/env bash
# Fresh machine to green tests: install packages, build, run every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 1500
