#!/usr/bin/env bash
# Install a qmlff build into a fresh prefix and use it as a user would:
#  - the layout (programs, plugin, library, headers, CMake package, potentials, docs);
#  - find_package(qmlff) from a tiny outside project (consumer/), which evaluates the
#    installed H2O potential and checks its forces;
#  - bin/qmlff and bin/lmp_qml find an installed potential by its bare name, run from an
#    empty folder.
#   check_install.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
prefix=$work/prefix
rm -rf "$work"; mkdir -p "$work/empty"
cmake --install "$build" --prefix "$prefix" > "$work/install.log"
fail=0
for f in bin/qmlff bin/lmp_qml lib/lammps/plugins/qmlplugin.so lib/libqmlff.a include/qmlff/io/potential_file.h \
         lib/cmake/qmlff/qmlffConfig.cmake share/qmlff/potentials/h2o.json share/doc/qmlff/lammps.md \
         share/doc/qmlff/README.md; do
  [[ -e $prefix/$f ]] || { echo "FAIL: $prefix/$f not installed"; fail=1; }
done

cmake -S "$here/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release > "$work/consumer.log"
cmake --build "$work/consumer" >> "$work/consumer.log"
"$work/consumer/consumer" || fail=1

cd "$work/empty"
if "$prefix/bin/qmlff" info h2o.json > info.txt 2>&1 && grep -qF "$prefix/share/qmlff/potentials/h2o.json" info.txt; then
  echo "PASS: bin/qmlff info h2o.json found $prefix/share/qmlff/potentials/h2o.json"
else
  echo "FAIL: bin/qmlff info h2o.json:"; cat info.txt; fail=1
fi
cat > in.h2o <<'IN'
units metal
atom_style full
region box block -10 10 -10 10 -10 10
create_box 2 box
create_atoms 1 single 0.0 0.0 0.0
create_atoms 2 single 0.9572 0.0 0.0
create_atoms 2 single -0.24 0.9266 0.0
mass * 1.0
set atom 1*3 mol 1
pair_style qml
pair_coeff * * h2o.json O H
thermo_style custom step pe
run 0
IN
if env -u LAMMPS_POTENTIALS "$prefix/bin/lmp_qml" -in in.h2o -log none > lmp.txt 2>&1 && grep -q "Loop time" lmp.txt; then
  echo "PASS: bin/lmp_qml found h2o.json in $prefix/share/qmlff/potentials"
else
  echo "FAIL: bin/lmp_qml with pair_coeff * * h2o.json:"; tail -5 lmp.txt; fail=1
fi
exit $fail
