#!/usr/bin/env bash
# Install the Debian packages qmlff needs; idempotent, skips what is present.
# Usage: tools/install_deps.sh [--with-psi4]   (psi4 is only for regenerating datasets)
# pybind11 and python3-ase: the Python module and its ASE calculator (python/, docs/python.md)
set -euo pipefail
pkgs=(g++ cmake make libeigen3-dev nlohmann-json3-dev libcli11-dev libfmt-dev
      libssl-dev libgtest-dev libbenchmark-dev liblammps-dev lammps libopenmpi-dev openmpi-bin
      python3 python3-numpy python3-matplotlib python3-ase   # ase: tests of tools/*.py, qmlff.ase
      pybind11-dev python3-pybind11)                         # the Python module (python/)
if [[ "${1:-}" == "--with-psi4" ]]; then pkgs+=(psi4); fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then echo "install_deps: all packages present"; exit 0; fi
echo "install_deps: installing ${missing[*]}"
SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
