#!/usr/bin/env bash
# Build current LAMMPS (MOLECULE + PLUGIN, MPI, shared) from the trimmed source tarball in
# ../shared/lammps/ and install it into a cache outside the clone, keyed by the tarball's
# sha256, so later runs (and fresh clones on the same machine) reuse it. About 14 minutes on
# 2 idle cores the first time (26 on a busy machine), instant afterwards; an interrupted build
# resumes. Prints the install prefix as the last line.
# The CMake line is the verified one of ../shared/lammps/README.md plus LAMMPS_INSTALL_RPATH:
# the installed `lmp` must load its own liblammps.so.0, not Debian's of the same name.
#
# Usage: tools/build_lammps.sh
#   QMLFF_LAMMPS_TARBALL  the tarball (default: ../shared/lammps/lammps-*-src*.tar.xz)
#   QMLFF_CACHE           the cache folder (default: ${XDG_CACHE_HOME:-~/.cache}/qmlff)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tarball=${QMLFF_LAMMPS_TARBALL:-}
if [[ -z $tarball ]]; then
  tarball=$(ls "$root"/../shared/lammps/lammps-*-src*.tar.xz 2>/dev/null | head -n1 || true)
fi
if [[ -z $tarball || ! -f $tarball ]]; then
  echo "build_lammps: no LAMMPS source tarball; expected ../shared/lammps/lammps-*-src*.tar.xz" \
       "next to the clone, or set QMLFF_LAMMPS_TARBALL" >&2
  exit 2
fi
sum=$(sha256sum "$tarball" | cut -c1-64)
cache=${QMLFF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/qmlff}
dir=$cache/lammps-${sum:0:16}
prefix=$dir/prefix
mkdir -p "$cache"

# One build at a time per tarball: a second caller waits for the first and then reuses it.
exec 9>"$dir.lock"
flock 9
if [[ -f $dir/complete ]]; then echo "$prefix"; exit 0; fi

echo "build_lammps: building LAMMPS from $(basename "$tarball") (sha256 ${sum:0:16}...) in $dir;" \
     "log in $dir/build.log" >&2
start=$SECONDS
step() {  # step COMMAND...: run it, logging; on failure show the log's end and stop
  "$@" >> "$dir/build.log" 2>&1 && return 0
  tail -n 40 "$dir/build.log" >&2
  echo "build_lammps: failed: $*; full log $dir/build.log" >&2
  exit 1
}
mkdir -p "$dir"
# an interrupted build resumes: the unpacked source and the build folder are kept until done
if [[ ! -f $dir/src/.unpacked ]]; then
  rm -rf "$dir/src" "$dir/build"; mkdir -p "$dir/src"
  step tar xJf "$tarball" -C "$dir/src" --strip-components=1
  touch "$dir/src/.unpacked"
fi
step cmake -S "$dir/src/cmake" -B "$dir/build" \
  -D PKG_MOLECULE=on -D PKG_PLUGIN=on -D BUILD_SHARED_LIBS=on -D BUILD_MPI=on \
  -D CMAKE_BUILD_TYPE=Release -D DOWNLOAD_POTENTIALS=off -D BUILD_OMP=off \
  -D WITH_JPEG=off -D WITH_PNG=off -D WITH_FFMPEG=off -D WITH_CURL=off \
  -D BUILD_TOOLS=off -D BUILD_LAMMPS_GUI=off -D ENABLE_TESTING=off -D LAMMPS_INSTALL_RPATH=on \
  -D CMAKE_INSTALL_PREFIX="$prefix"
step cmake --build "$dir/build" -j"$(nproc)"
step cmake --install "$dir/build"
[[ -x $prefix/bin/lmp ]] || { echo "build_lammps: no $prefix/bin/lmp after install" >&2; exit 1; }
rm -rf "$dir/src" "$dir/build"   # keep only the install
echo "$sum $(basename "$tarball") built in $((SECONDS - start)) s" > "$dir/complete"
echo "build_lammps: done in $((SECONDS - start)) s" >&2
echo "$prefix"
