#!/usr/bin/env bash
# Configure qmlff against another LAMMPS the way a user does (-DLAMMPS_DIR) and build only
# its plugin and lmp_qml: the test fixture of the current-LAMMPS tests.
#   build_plugin.sh SOURCE_DIR BUILD_DIR LAMMPS_PREFIX [cmake -D options...]
set -euo pipefail
src=$1 build=$2 prefix=$3
shift 3
cmake -S "$src" -B "$build" -DLAMMPS_DIR="$prefix/lib/cmake/LAMMPS" -DCMAKE_BUILD_TYPE=Release \
      -DQMLFF_BUILD_TESTS=OFF -DQMLFF_BUILD_BENCH=OFF "$@"
cmake --build "$build" --target qmlplugin lmp_qml -j"$(nproc)"
readelf -d "$build/qmlplugin.so" | grep NEEDED
if readelf -d "$build/qmlplugin.so" | grep -q "mpi_cxx"; then
  echo "FAIL: qmlplugin.so needs the MPI C++ bindings library"; exit 1
fi
