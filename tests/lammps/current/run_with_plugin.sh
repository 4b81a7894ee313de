#!/usr/bin/env bash
# Run an input deck in a LAMMPS with the PLUGIN package after `plugin load PLUGIN` (PLUGIN
# "-": no plugin, for a LAMMPS with the style compiled in), and pass
# if its output matches EXPECT (an extended regex) and LAMMPS ended normally or with a
# LAMMPS error (exit status 0 or 1): never a crash, whatever the deck asks for.
#   run_with_plugin.sh LMP PLUGIN NP DECK EXPECT [lmp arguments...]
# Environment: QML_MPIEXEC (mpiexec), QML_MPI_FLAGS (e.g. --allow-run-as-root --oversubscribe).
set -uo pipefail
lmp=$1 plugin=$2 np=$3 deck=$4 expect=$5
shift 5
name=$(basename "$deck" .in)
wrapper="plugin_${name}_$$.in"   # unique: tests run in parallel in one folder
if [[ $plugin == - ]]; then : > "$wrapper"; else printf 'plugin load %s\n' "$plugin" > "$wrapper"; fi
printf 'include %s\n' "$deck" >> "$wrapper"
# shellcheck disable=SC2086
out=$(${QML_MPIEXEC:-mpiexec} -n "$np" ${QML_MPI_FLAGS:-} "$lmp" -in "$wrapper" -log none "$@" 2>&1)
rc=$?
rm -f "$wrapper"
printf '%s\n' "$out"
echo "-- $lmp -in $wrapper on $np rank(s): exit status $rc"
if ((rc != 0 && rc != 1)) || grep -qE "Segmentation fault|Signal: |signal [0-9]+|core dumped" <<< "$out"; then
  echo "FAIL: LAMMPS crashed (exit status $rc); it must end with a LAMMPS error instead"
  exit 1
fi
if ! grep -qE -- "$expect" <<< "$out"; then
  echo "FAIL: the output does not match: $expect"
  exit 1
fi
echo "PASS: output matches: $expect"
