#!/usr/bin/env bash
# Pair style qml throughput on water boxes, next to LAMMPS's classical flexible water
# (SPC/Fw-like: harmonic bonds and angles + lj/cut/coul/cut 10 A), same timestep (0.25 fs).
#
#   bench/lammps/run_bench.sh [BUILD_DIR] [POTENTIAL]
#     BUILD_DIR  build tree with lmp_qml (default: build-lammps)
#     POTENTIAL  water potential file (default: potentials/h2o.json, else a random-parameter
#                model of the same architecture from make_test_potentials)
#   Environment: SIZES="1000 8000", RANKS="1 2", QSTEPS_1000=20, QSTEPS_8000=4, CSTEPS=200
#   Liquid water with the many-body expansion: MBE="R_S R_C" POT2=dimer_interaction.json
#   (pair_style qml mbe R_S R_C; POTENTIAL is then E1, POT2 the two-body E2), e.g.
#     MBE="4.5 5.5" POT2=potentials/water_dimer_interaction.json SIZES="512 4096" \
#       QSTEPS_512=20 QSTEPS_4096=4 bench/lammps/run_bench.sh build
#
# Reports per size and rank count: µs per fragment per step (wall), ns/day, the share of the
# pair style's time not spent in model evaluations (target <= 10%), the share of the whole
# step outside model evaluations, classical ns/day and the cost ratio qml/classical, and
# the 2-rank speedup (target >= 1.8). CPU-us/frag = loop time x ranks x LAMMPS's "CPU use"
# per fragment-step: the cost when the machine is shared (CPU use < 100%).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build-lammps}
BUILD=$(cd "$BUILD" && pwd)
LMP="$BUILD/lmp_qml"
[ -x "$LMP" ] || { echo "no $LMP: build with -DQMLFF_WITH_LAMMPS=ON" >&2; exit 1; }
SIZES=${SIZES:-"1000 8000"}
RANKS=${RANKS:-"1 2"}
CSTEPS=${CSTEPS:-200}
OUT=${OUT:-$BUILD/bench-lammps}
mkdir -p "$OUT"
POT=${2:-$ROOT/potentials/h2o.json}
[ -f "$POT" ] && POT=$(cd "$(dirname "$POT")" && pwd)/$(basename "$POT")
if [ -n "${MBE:-}" ]; then
  [ -f "${POT2:-}" ] || { echo "MBE is set: POT2 must name the two-body potential file" >&2; exit 1; }
  POT2=$(cd "$(dirname "$POT2")" && pwd)/$(basename "$POT2")
fi
cd "$OUT"

if [ ! -f "$POT" ]; then
  "$BUILD/tests/lammps/make_test_potentials" "$OUT" >/dev/null
  POT="$OUT/h2o.json"
  echo "note: $ROOT/potentials/h2o.json not found; using a random-parameter model ($POT)"
fi
MPI=(mpiexec)
[ "$(id -u)" = 0 ] && MPI+=(--allow-run-as-root)
mpiexec --version 2>/dev/null | grep -q "Open MPI" && MPI+=(--oversubscribe)

cat > in.qml <<'EOF2'
units          metal
atom_style     full
read_data      ${data}
pair_style     qml
pair_coeff     * * ${pot} O H
compute        pq all pair qml
velocity       all create 300.0 4928459 mom yes rot yes
timestep       0.00025
fix            1 all nve
thermo_style   custom step pe etotal c_pq[1] c_pq[2] c_pq[3]
thermo_modify  format float %.10g
thermo         ${steps}
run            ${steps}
EOF2
if [ -n "${MBE:-}" ]; then  # liquid water: one- and two-body terms
  sed -i -e "s|^pair_style     qml\$|pair_style     qml mbe $MBE|" \
         -e "s|^pair_coeff     \* \* \${pot} O H|pair_coeff     * * \${pot} $POT2 O H|" in.qml
  grep -q "qml mbe" in.qml || { echo "run_bench.sh: could not switch in.qml to mbe" >&2; exit 1; }
fi
cat > in.classical <<'EOF2'
units          real
atom_style     full
read_data      ${data}
pair_style     lj/cut/coul/cut 10.0
pair_coeff     1 1 0.1554253 3.165492
pair_coeff     * 2 0.0 1.0
bond_style     harmonic
bond_coeff     1 529.581 1.012
angle_style    harmonic
angle_coeff    1 37.95 113.24
velocity       all create 300.0 4928459 mom yes rot yes
timestep       0.25
fix            1 all nve
thermo         ${steps}
run            ${steps}
EOF2

loop_time() { sed -n 's/^Loop time of \([0-9.e+-]*\) on.*/\1/p' "$1" | tail -1; }
ns_day() { sed -n 's/^Performance: \([0-9.e+-]*\) ns\/day.*/\1/p' "$1" | tail -1; }
cpu_use() { sed -n 's/^\([0-9.]*\)% CPU use.*/\1/p' "$1" | tail -1; }

printf "%-6s %-3s %14s %13s %10s %10s %10s %12s %10s %8s %7s\n" molecules np "us/frag/step" "CPU-us/frag" "ns/day" "pair-ovh%" "step-ovh%" "classic ns/d" "qml/class" "speedup" "CPU%"
declare -A T1
for N in $SIZES; do
  [ -f water$N.data ] || python3 "$ROOT/examples/lammps/make_water_box.py" -n "$N" -o water$N.data
  [ -f spcfw$N.data ] || python3 "$ROOT/examples/lammps/make_water_box.py" -n "$N" --classical -o spcfw$N.data
  qvar="QSTEPS_$N"; QSTEPS=${!qvar:-$(( N >= 8000 ? 4 : 20 ))}
  for np in $RANKS; do
    log=qml_${N}_np$np.log
    "${MPI[@]}" -np "$np" "$LMP" -in in.qml -var data water$N.data -var pot "$POT" -var steps "$QSTEPS" -log none -screen "$log" >/dev/null
    clog=classical_${N}_np$np.log
    "${MPI[@]}" -np "$np" "$LMP" -in in.classical -var data spcfw$N.data -var steps "$CSTEPS" -log none -screen "$clog" >/dev/null
    lt=$(loop_time "$log"); nd=$(ns_day "$log"); cpu=$(cpu_use "$log")
    # compute pair qml is cumulative since setup: subtract the step-0 row (setup is not in the loop time)
    read -r ev comp nfrag < <(awk -v s="$QSTEPS" '$1=="0" && NF==6 {e0=$4; c0=$5; n0=$6} $1==s && NF==6 {e=$4; c=$5; n=$6} END {print e-e0, c-c0, n-n0}' "$log")
    clt=$(loop_time "$clog"); cnd=$(ns_day "$clog")
    [ "$np" = 1 ] && T1[$N]=$lt
    python3 - "$N" "$np" "$QSTEPS" "$lt" "$nd" "$ev" "$comp" "$CSTEPS" "$clt" "$cnd" "${T1[$N]:-}" "$cpu" <<'EOF2'
import sys
N, np_, qs, lt, nd, ev, comp, cs, clt, cnd, t1, cpu = sys.argv[1:]
N, np_, qs, cs = int(N), int(np_), int(qs), int(cs)
lt, nd, ev, comp, clt, cnd = map(float, (lt, nd, ev, comp, clt, cnd))
us = lt / qs / N * 1e6
us_cpu = lt * np_ * float(cpu) / 100 / qs / N * 1e6
pair_ovh = 100 * (1 - ev / comp)
step_ovh = 100 * (1 - ev / (np_ * lt))
ratio = (lt / qs) / (clt / cs)
speed = f"{float(t1) / lt:.2f}" if t1 and np_ > 1 else "-"
print(f"{N:<6d} {np_:<3d} {us:14.2f} {us_cpu:13.2f} {nd:10.5f} {pair_ovh:10.2f} {step_ovh:10.2f} {cnd:12.3f} {ratio:10.1f} {speed:>8s} {cpu:>7s}")
EOF2
  done
done
echo "(logs in $OUT; us/frag/step = loop wall time / steps / molecules; overheads from 'compute pair qml')"
