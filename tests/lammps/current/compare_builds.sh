#!/usr/bin/env bash
# Run one input deck twice, with lmp_qml (pair style compiled in, Debian's LAMMPS) and with a
# LAMMPS that loads qmlplugin.so (PLUGIN "-": a LAMMPS with the style compiled in), and require bitwise-equal results: every thermo value and
# every dump value (17 significant digits, so equal text means equal doubles).
#   compare_builds.sh NP DECK LMP_QML LMP PLUGIN [lmp arguments...]
# The deck writes atoms.dump; output in ./qml and ./plugin (log.lammps, atoms.dump, and the
# compared numbers: thermo.txt, atoms.txt).
# Environment: QML_MPIEXEC, QML_MPI_FLAGS as for run_with_plugin.sh.
set -euo pipefail
np=$1 deck=$2 lmp_qml=$3 lmp=$4 plugin=$5
shift 5
run() {  # run DIR LMP DECK ARGS...: LAMMPS in DIR, then the thermo block(s) of its log
  local dir=$1 bin=$2 input=$3; shift 3
  rm -rf "$dir"; mkdir -p "$dir"
  # shellcheck disable=SC2086
  if ! (cd "$dir" && ${QML_MPIEXEC:-mpiexec} -n "$np" ${QML_MPI_FLAGS:-} "$bin" -in "$input" -log log.lammps \
          -screen none "$@"); then
    echo "FAIL: $bin -in $input on $np rank(s) stopped:"; grep -m3 -E "^ERROR|WARNING" "$dir/log.lammps" || true
    exit 1
  fi
  # the numbers only, whitespace normalised (headers and box lines are formatted differently
  # by different LAMMPS versions): thermo rows between "Step ..." and "Loop time", and the
  # dump's timesteps and atom rows
  awk '/^ *Step /{on=1; next} /^Loop time/{on=0} on && /^ *[0-9]/{$1=$1; print}' "$dir/log.lammps" > "$dir/thermo.txt"
  awk '/^ITEM: TIMESTEP/{getline; print "step " $1; next} /^ITEM: ATOMS/{on=1; next} /^ITEM:/{on=0}
       on{$1=$1; print}' "$dir/atoms.dump" > "$dir/atoms.txt"
}
run qml "$lmp_qml" "$deck" "$@"
if [[ $plugin == - ]]; then : > plugin_deck.in; else printf 'plugin load %s\n' "$plugin" > plugin_deck.in; fi
printf 'include %s\n' "$deck" >> plugin_deck.in
run plugin "$lmp" "$PWD/plugin_deck.in" "$@"

status=0
for f in thermo.txt atoms.txt; do
  if ! cmp -s "qml/$f" "plugin/$f"; then
    echo "FAIL: $f differs between $lmp_qml and $lmp; first differences:"
    diff "qml/$f" "plugin/$f" | head -n 6
    status=1
  fi
done
rows=$(wc -l < qml/thermo.txt)
atoms=$(grep -vc '^step' qml/atoms.txt || true)
values=$(awk '!/^step/{n+=NF} END{print n+0}' qml/atoms.txt)
# id type x y z vx vy vz fx fy fz pe s1..s6: rows with a force, an energy and a virial
nonzero=$(awk '!/^step/ && $9!=0 && $12!=0 && $13!=0{n++} END{print n+0}' qml/atoms.txt)
if ((rows < 2 || atoms == 0 || nonzero == 0)); then
  echo "FAIL: nothing to compare ($rows thermo rows, $atoms atom rows, $nonzero with force, energy or virial)"
  status=1
fi
((status == 0)) && echo "PASS: bitwise equal on $np rank(s): $rows thermo rows and $values per-atom values" \
                       "($atoms atom rows: positions, velocities, forces, energies, virials)"
exit $status
