#!/usr/bin/env bash
# Liquid water with pair style qml mbe: NVE (energy drift), NVT at 300 K (O-O g(r)) and NPT
# (density) for a periodic box, then plots and a summary. Results: runs/water_box/N/.
#   examples/water_box/run_all.sh [--n 64] [--np 1] [--bin DIR] [--nve-steps 20000]
#                                 [--nvt-steps 16000] [--npt-steps 16000] [--equil 4000] [--pot2 FILE]
#                                 [--out DIR]   (default runs/water_box/N)
# Defaults: 64 H2O, 0.5 fs, 10 ps NVE, 2 + 8 ps NVT and NPT; E1 potentials/h2o.json and E2
# potentials/water_dimer_interaction.json (override with --pot2). Prints the elapsed time and
# the last thermo step of the running stage every 60 s (PROGRESS_EVERY=<seconds> to change).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
n=64 np=1 bin="$repo/build" nve=20000 nvt=16000 npt=16000 equil=4000 out=
pot1="$repo/potentials/h2o.json" pot2="$repo/potentials/water_dimer_interaction.json"
while (($#)); do
  case $1 in
    --n) n=$2; shift 2 ;;
    --np) np=$2; shift 2 ;;
    --bin) bin=$(cd "$2" && pwd); shift 2 ;;
    --nve-steps) nve=$2; shift 2 ;;
    --nvt-steps) nvt=$2; shift 2 ;;
    --npt-steps) npt=$2; shift 2 ;;
    --equil) equil=$2; shift 2 ;;
    --pot2) pot2=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "run_all.sh: unknown argument '$1' (see the header of this script)" >&2; exit 2 ;;
  esac
done
lmp="$bin/lmp_qml"
[[ -x $lmp ]] || { echo "run_all.sh: $lmp not found; build first (tools/build.sh) or pass --bin DIR" >&2; exit 1; }
[[ -f $pot2 ]] || { echo "run_all.sh: two-body potential $pot2 not found; pass --pot2 FILE (a dimer model trained on interaction energies)" >&2; exit 1; }
launch=("$lmp")
if ((np > 1)); then
  launch=(mpiexec -np "$np")
  [[ $(id -u) -eq 0 ]] && launch+=(--allow-run-as-root --oversubscribe)
  launch+=("$lmp")
fi
out=${out:-$repo/runs/water_box/$n}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$out"
common=(-var here "$here" -var n "$n" -var pot1 "$pot1" -var pot2 "$pot2" -var gen "$repo/examples/lammps/make_water_box.py")
failed=0
progress_every=${PROGRESS_EVERY:-60}  # seconds between progress lines
run() {  # run NAME INPUT PLAN STEPS-VARIABLES...; a stopped run is reported, the others still run
  local name=$1 input=$2 plan=$3; shift 3
  echo "== $name ($n H2O, $np rank(s), $plan) -> $out/log.$name"
  rm -f "log.$name"
  "${launch[@]}" -in "$here/$input" -log "log.$name" -screen none "${common[@]}" "$@" > "out.$name" 2>&1 &
  local pid=$! start=$SECONDS
  # LAMMPS writes only to its log (-screen none): report its last thermo step meanwhile
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if (( (SECONDS - start) % progress_every == 0 )) && kill -0 "$pid" 2>/dev/null; then
      local step
      step=$(grep -E '^ +[0-9]+ ' "log.$name" 2>/dev/null | tail -1 | awk '{print $1}' || true)
      printf '   %s: %d min %02d s, last thermo step %s\n' "$name" $(( (SECONDS - start) / 60 )) \
             $(( (SECONDS - start) % 60 )) "${step:-(minimising)}"
    fi
  done
  if ! wait "$pid"; then
    failed=1
    echo "   STOPPED: $(grep -m1 -E '^ERROR' "log.$name" || tail -1 "out.$name")"
  fi
  grep -E "NVE energy drift|NPT mean density|Loop time" "log.$name" || true
}
run nve in.nve "$nve steps" -var steps "$nve"
run nvt in.nvt "$equil equilibration + $nvt steps" -var steps "$nvt" -var equil "$equil"
run npt in.npt "$equil equilibration + $npt steps" -var steps "$npt" -var equil "$equil"
/usr/bin/python3 "$repo/tools/plot_water_box.py" "$out" --n "$n"   # plots whatever the runs wrote
exit $failed
