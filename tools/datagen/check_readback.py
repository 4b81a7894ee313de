#!/usr/bin/python3
"""Read every dataset in examples/data back with ase.io.read and sanity-check it.

    /usr/bin/python3 tools/datagen/check_readback.py [SET ...]

Checks per file: it parses with ase.io.read (extxyz); every frame has an energy
and per-atom forces (finite); the Properties columns are species,pos,forces
(+ forces_mono, interaction_forces for the dimer); net force ~ 0 (translational
invariance of the ab initio energy); for the water dimer E_int = E - E1 - E2 and
interaction_forces = forces - forces_mono. Prints energy / force ranges (used in
examples/data/README.md) and writes them to tools/datagen/checks/readback.json.
Needs only python3-ase (no psi4). Exit status 1 on any failure.
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
FILES = {"lih": "lih.extxyz", "h2o": "h2o.extxyz", "nh3": "nh3.extxyz", "dimer": "water_dimer.extxyz",
         "dimer_close": "water_dimer_close.extxyz"}
COLS = {"lih": "species:S:1:pos:R:3:forces:R:3", "h2o": "species:S:1:pos:R:3:forces:R:3",
        "nh3": "species:S:1:pos:R:3:forces:R:3",
        "dimer": "species:S:1:pos:R:3:forces:R:3:forces_mono:R:3:interaction_forces:R:3"}
COLS["dimer_close"] = COLS["dimer"]


def check(kind):
    import ase.io
    path = os.path.join(REPO, "examples", "data", FILES[kind])
    if not os.path.exists(path):
        return None, ["missing " + path]
    errs = []
    with open(path) as f:
        f.readline()
        head = f.readline()
    if "Properties=" + COLS[kind] + " " not in head:
        errs.append("unexpected Properties line: " + head.strip()[:120])
    frames = ase.io.read(path, ":", format="extxyz")
    E = np.array([a.get_potential_energy() for a in frames])
    F = [a.get_forces() for a in frames]
    Fall = np.concatenate(F)
    nat = np.array([len(a) for a in frames])
    if not (np.isfinite(E).all() and np.isfinite(Fall).all()):
        errs.append("non-finite energy/force")
    net = max(np.abs(f.sum(axis=0)).max() for f in F)
    if net > 1e-3:
        errs.append("net force %.2e eV/A" % net)
    st = {"file": os.path.relpath(path, REPO), "frames": len(frames),
          "atoms_per_frame": sorted(set(nat.tolist())),
          "species": sorted(set(s for a in frames for s in a.get_chemical_symbols())),
          "energy_min_eV": float(E.min()), "energy_max_eV": float(E.max()),
          "energy_mean_eV": float(E.mean()), "energy_span_eV": float(E.max() - E.min()),
          "force_component_min_eV_A": float(Fall.min()), "force_component_max_eV_A": float(Fall.max()),
          "force_norm_max_eV_A": float(np.linalg.norm(Fall, axis=1).max()),
          "force_component_rms_eV_A": float(np.sqrt((Fall ** 2).mean())),
          "max_net_force_eV_A": float(net)}
    if kind == "lih":
        r = np.array([a.get_distance(0, 1) for a in frames])
        st["bond_length_min_A"], st["bond_length_max_A"] = float(r.min()), float(r.max())
        imin = int(E.argmin())
        st["energy_min_bond_length_A"] = float(r[imin])
    if kind in ("h2o", "nh3"):
        T = np.array([a.info["temperature"] for a in frames])
        st["temperature_min_K"], st["temperature_max_K"] = float(T.min()), float(T.max())
    if kind in ("h2o", "nh3", "dimer", "dimer_close"):
        dmin = min(np.min(a.get_all_distances()[np.triu_indices(len(a), 1)]) for a in frames)
        st["min_interatomic_distance_A"] = float(dmin)
    if kind in ("dimer", "dimer_close"):
        Eint = np.array([a.info["interaction_energy"] for a in frames])
        e1 = np.array([a.info["energy_mono1"] for a in frames])
        e2 = np.array([a.info["energy_mono2"] for a in frames])
        if np.abs(Eint - (E - e1 - e2)).max() > 1e-6:
            errs.append("interaction_energy != energy - energy_mono1 - energy_mono2")
        Fi = np.concatenate([a.arrays["interaction_forces"] for a in frames])
        Fm = np.concatenate([a.arrays["forces_mono"] for a in frames])
        if np.abs(Fi - (Fall - Fm)).max() > 1e-6:
            errs.append("interaction_forces != forces - forces_mono")
        dOO = np.array([a.get_distance(0, 3) for a in frames])
        syms = {tuple(a.get_chemical_symbols()) for a in frames}
        if syms != {("O", "H", "H", "O", "H", "H")}:
            errs.append("atom order is not O H H O H H")
        st.update({"interaction_energy_min_eV": float(Eint.min()),
                   "interaction_energy_max_eV": float(Eint.max()),
                   "interaction_energy_mean_eV": float(Eint.mean()),
                   "interaction_force_component_min_eV_A": float(Fi.min()),
                   "interaction_force_component_max_eV_A": float(Fi.max()),
                   "interaction_force_norm_max_eV_A": float(np.linalg.norm(Fi, axis=1).max()),
                   "d_OO_min_A": float(dOO.min()), "d_OO_max_A": float(dOO.max())})
    return st, errs


def main():
    kinds = sys.argv[1:] or list(FILES)
    out, bad = {}, False
    path = os.path.join(HERE, "checks", "readback.json")
    if os.path.exists(path):
        with open(path) as f:
            out = json.load(f)
    for k in kinds:
        st, errs = check(k)
        if st is not None:
            out[k] = st
        print("%-6s %s" % (k, "OK" if not errs else "FAIL: " + "; ".join(errs)))
        if st is not None:
            for key, v in st.items():
                print("    %-40s %s" % (key, v))
        bad |= bool(errs)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
