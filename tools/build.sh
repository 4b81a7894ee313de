#!/usr/bin/env bash
# Configure and build qmlff (Release) into ./build. Installs missing Debian packages first.
#   tools/build.sh [cmake -D options...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" > build.configure.log 2>&1 || { cat build.configure.log; exit 1; }
cmake --build build -j"$(nproc)"
