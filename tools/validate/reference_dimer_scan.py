#!/usr/bin/python3
"""psi4 interaction energies of a water dimer along a rigid O-O approach, for
tools/validate/dimer_scan.py: writes examples/data/reference_dimer_scan.json.

Usage (from the repository root; psi4 1.3.2, 1 thread, a few minutes):
    /usr/bin/python3 tools/validate/reference_dimer_scan.py [--out FILE]

Geometry: the most strongly bound frame of examples/data/water_dimer.extxyz (a hydrogen-
bonded pair); molecule 2 is translated rigidly along the O-O vector to each d_OO in D.
Energies: B3LYP/6-31G* single points with the datasets' options (datagen.B3LYP_OPTIONS);
the interaction energy is E(dimer) - E(monomer 1) - E(monomer 2), without counterpoise
correction, as in the datasets. The monomers are rigid, so their energies are computed
once. The reference geometry is stored, so the scan stays valid if the dataset grows.
"""
import argparse
import datetime
import json
import os

import numpy as np

from reference_frequencies import REPO, psi4_session

D = [1.8, 2.0, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7, 2.8, 2.9, 3.0, 3.2, 3.4, 3.7, 4.0, 4.5, 5.0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(REPO, "examples", "data", "reference_dimer_scan.json"))
    a = ap.parse_args()
    a.out = os.path.abspath(a.out)   # psi4_session changes the working directory
    import ase.io
    from ase.units import Hartree
    frames = ase.io.read(os.path.join(REPO, "examples", "data", "water_dimer.extxyz"), index=":")
    ref = min(frames, key=lambda f: f.info["interaction_energy"])
    sym, x = ref.get_chemical_symbols(), ref.get_positions()
    u = x[3] - x[0]
    d0 = float(np.linalg.norm(u))
    u /= d0
    datagen = psi4_session("dimer_scan_ref")

    def energy(s, p):
        return datagen.psi4_energy_gradient("b3lyp", datagen.B3LYP_OPTIONS, s, p, want_grad=False)["energy"] * Hartree

    e_mono = energy(sym[:3], x[:3]) + energy(sym[3:], x[3:])
    ds, es = [], []
    for d in sorted(set(D + [round(d0, 4)])):
        g = x.copy()
        g[3:] += (d - d0) * u
        try:
            e = energy(sym, g) - e_mono
        except Exception as exc:   # SCF convergence failure: leave the point out, say so
            print("d_OO = %.3f A: no SCF convergence (%s), point left out" % (d, type(exc).__name__))
            continue
        ds.append(d)
        es.append(e)
        print("d_OO = %.3f A  E_int = %.6f eV" % (d, e), flush=True)
    out = {"description": "psi4 B3LYP/6-31G* interaction energies (no counterpoise) along a rigid O-O "
                          "approach of the most strongly bound frame of water_dimer.extxyz "
                          "(tools/validate/dimer_scan.py)",
           "command": "/usr/bin/python3 tools/validate/reference_dimer_scan.py",
           "date": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
           "reference_frame_index": int(ref.info.get("index", -1)),
           "reference_d_OO_A": d0, "reference_interaction_energy_eV": float(ref.info["interaction_energy"]),
           "symbols": sym, "positions_angstrom": x.tolist(),
           "d_OO_A": ds, "interaction_energy_eV": es}
    tmp = a.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    os.replace(tmp, a.out)
    print("wrote", a.out)


if __name__ == "__main__":
    main()
