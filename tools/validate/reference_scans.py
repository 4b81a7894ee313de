#!/usr/bin/python3
"""psi4 bond-stretch scans of H2O and NH3 for tools/validate/scan.py: writes
examples/data/reference_scans.json.

Usage (from the repository root; psi4 1.3.2, 1 thread, a few minutes):
    /usr/bin/python3 tools/validate/reference_scans.py [--out FILE]

Geometries: the psi4 B3LYP/6-31G* minimum of examples/data/reference_frequencies.json
with one X-H bond (atom 2) stretched along its own direction to each r in R, all other
atoms fixed. Energies: B3LYP/6-31G* single points with the datasets' options
(datagen.B3LYP_OPTIONS, restricted Kohn-Sham, as in the datasets). LiH needs no scan: its
dataset is the full FCI/STO-3G bond scan.
"""
import argparse
import datetime
import json
import os

import numpy as np

from reference_frequencies import REPO, psi4_session

R = [0.70, 0.80, 0.90, 1.10, 1.20, 1.35, 1.50, 1.75, 2.00, 2.50]   # RKS does not converge at 3 A (H2O)


def stretched(pos, r):
    pos = np.array(pos)
    u = pos[1] - pos[0]
    pos[1] = pos[0] + u / np.linalg.norm(u) * r
    return pos


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(REPO, "examples", "data", "reference_scans.json"))
    a = ap.parse_args()
    a.out = os.path.abspath(a.out)
    with open(os.path.join(REPO, "examples", "data", "reference_frequencies.json")) as f:
        ref = json.load(f)["systems"]
    datagen = psi4_session("scan_ref")
    from ase.units import Hartree
    out = {"description": "psi4 B3LYP/6-31G* energies along one X-H bond stretch from the psi4 minimum "
                          "(tools/validate/scan.py)",
           "command": "/usr/bin/python3 tools/validate/reference_scans.py",
           "date": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"), "systems": {}}
    for name in ("h2o", "nh3"):
        sym, pos0 = ref[name]["symbols"], ref[name]["minimum_positions_angstrom"]
        r0 = float(np.linalg.norm(np.subtract(pos0[1], pos0[0])))
        rs = sorted(R + [r0])
        es, done = [], []
        for r in rs:
            try:
                e = datagen.psi4_energy_gradient("b3lyp", datagen.B3LYP_OPTIONS, sym, stretched(pos0, r),
                                                 want_grad=False)["energy"]
            except Exception as exc:   # psi4 SCFConvergenceError: leave the point out, say so
                print(name, "r = %.4f A: no SCF convergence (%s), point left out" % (r, type(exc).__name__))
                continue
            es.append(e * Hartree)
            done.append(r)
            print(name, "r = %.4f A  E = %.8f eV" % (r, es[-1]), flush=True)
        rs = done
        out["systems"][name] = {
            "level_of_theory": ref[name]["level_of_theory"], "symbols": sym,
            "minimum_positions_angstrom": pos0, "stretched_atom": 2, "bond_from_atom": 1,
            "r_angstrom": rs, "energy_eV": es, "r_min_angstrom": r0,
            "note": "restricted Kohn-Sham: the energy at long r is above the true dissociation limit"}
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(a.out, REPO))


if __name__ == "__main__":
    main()
