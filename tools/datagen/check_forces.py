#!/usr/bin/python3
"""Check stored forces against central finite differences of psi4 energies.

    /usr/bin/python3 tools/datagen/check_forces.py SET [--frames i j ...] [--step A] [--workers 2]
                                                   [--atoms a b ...] [--file F] [--json PATH]

For each selected frame of examples/data/<SET>.extxyz every Cartesian coordinate
is displaced by +-step (Angstrom) and the psi4 energy is recomputed at exactly
the level of theory of the dataset (datagen.py); F_fd = -(E+ - E-)/(2 step).
For LiH the stored forces are themselves 5-point finite differences of FCI
energies along psi4's internal coordinates (psi4 findif, 0.005 bohr); here they
are compared with a 3-point Cartesian difference with a different step
(default 0.002 A). B3LYP and PBE default step: 0.005 A.
Levels of theory: lih FCI/STO-3G; h2o, nh3, dimer, dimer_close, trimer B3LYP/6-31G*
(datagen.B3LYP_OPTIONS); ethanol, malonaldehyde, methanol PBE/def2-SVP
(molecules.PBE_SVP_OPTIONS, the rMD17 level). For the dimers and the trimer the check is
on the total forces (the `forces` column) of the whole cluster.
The deviations (eV/A) are printed and written to tools/datagen/checks/forces_<SET>.json
(or --json).
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import datagen  # noqa: E402  (sets 1 BLAS thread per process)
import numpy as np  # noqa: E402

FILES = {"lih": "lih.extxyz", "h2o": "h2o.extxyz", "nh3": "nh3.extxyz", "dimer": "water_dimer.extxyz",
         "dimer_close": "water_dimer_close.extxyz", "ethanol": "ethanol.extxyz",
         "malonaldehyde": "malonaldehyde.extxyz", "methanol": "methanol.extxyz",
         "trimer": "water_trimer.extxyz"}
INFO_KEYS = ("bond_length", "temperature", "d_OO", "d_OO_12", "d_OO_13", "d_OO_23", "hbonds")


def level(kind):
    """(psi4 method, options) of a dataset, as datagen.task_point computes it."""
    if kind == "lih":
        return "fci", datagen.LIH_OPTIONS
    if kind in datagen.ORGANICS:
        return "pbe", datagen.PBE_SVP_OPTIONS
    return "b3lyp", datagen.B3LYP_OPTIONS


def task_energy(args):
    kind, symbols, pos = args
    method, opts = level(kind)
    return datagen.psi4_energy_gradient(method, opts, symbols, pos, want_grad=False)["energy"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("set", choices=sorted(FILES))
    ap.add_argument("--frames", type=int, nargs="*", default=None,
                    help="frame numbers in the file (default: LiH first/middle/last, "
                         "others first and last; dimer, dimer_close, trimer: first)")
    ap.add_argument("--step", type=float, default=None, help="displacement in Angstrom")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--file", default=None,
                    help="extxyz file (default examples/data/<SET>.extxyz); frames are "
                         "identified by their 'index' info key in the JSON record")
    ap.add_argument("--atoms", type=int, nargs="*", default=None,
                    help="only displace these atoms (default: all); saves time for the dimer and trimer")
    ap.add_argument("--json", default=None,
                    help="results file (default tools/datagen/checks/forces_<SET>.json)")
    a = ap.parse_args()
    import ase.io
    from ase.units import Hartree
    path = a.file or os.path.join(datagen.REPO, "examples", "data", FILES[a.set])
    frames = ase.io.read(path, ":")
    nf = len(frames)
    if a.frames is None:
        idx = {"lih": [0, nf // 3, nf - 1], "dimer": [0], "dimer_close": [0], "trimer": [0]}.get(a.set, [0, nf - 1])
        idx = sorted(set(idx))            # a one-frame file has first == last
    else:
        idx = a.frames
    bad = [i for i in idx if not -nf <= i < nf]
    if bad:
        ap.error("--frames %s: %s has %d frames" % (" ".join(map(str, bad)), path, nf))
    step = a.step or (0.002 if a.set == "lih" else 0.005)
    os.makedirs(os.path.join(datagen.CACHE, "logs"), exist_ok=True)
    tasks, meta = [], []
    for i in idx:
        at = frames[i]
        sy = at.get_chemical_symbols()
        p0 = at.get_positions()
        for a_ in (a.atoms if a.atoms is not None else range(len(at))):
            for c in range(3):
                for sgn in (+1, -1):
                    p = p0.copy()
                    p[a_, c] += sgn * step
                    tasks.append((a.set, sy, p))
                    meta.append((i, a_, c, sgn))
    t0 = time.time()
    print("check_forces %s: %d frames %s, %d psi4 energies, step %.4f A"
          % (a.set, len(idx), idx, len(tasks), step), flush=True)
    with datagen.make_pool(a.workers, "check_" + a.set) as pool:
        energies = pool.map(task_energy, tasks, chunksize=1)
    per_frame = []
    all_dev = []
    for i in idx:
        at = frames[i]
        sel = list(a.atoms) if a.atoms is not None else list(range(len(at)))
        F = at.get_forces()
        Ffd = np.zeros_like(F)
        for (fi, a_, c, sgn), e in zip(meta, energies):
            if fi == i:
                Ffd[a_, c] += -sgn * e * Hartree / (2 * step)
        F, Ffd = F[sel], Ffd[sel]
        dev = np.abs(F - Ffd)
        all_dev.append(dev.max())
        rec = {"frame": int(i), "index": int(at.info.get("index", -1)), "atoms_checked": [int(x) for x in sel], "n_atoms": len(at), "max_abs_force": float(np.abs(F).max()),
               "max_abs_dev": float(dev.max()), "rms_dev": float(np.sqrt((dev ** 2).mean())),
               "max_rel_dev": float(dev.max() / np.abs(F).max())}
        for k in INFO_KEYS:
            if k in at.info:
                rec[k] = float(at.info[k])
        per_frame.append(rec)
        print("  frame %4d: max|F| %.4f eV/A, max|F - F_fd| %.2e eV/A, rms %.2e eV/A"
              % (i, rec["max_abs_force"], rec["max_abs_dev"], rec["rms_dev"]), flush=True)
    method, _ = level(a.set)
    res = {"set": a.set, "file": os.path.relpath(path, datagen.REPO), "method": method, "step_angstrom": step,
           "scheme": "3-point central Cartesian finite difference of psi4 energies",
           "frames": per_frame, "max_abs_dev_eV_per_A": float(max(all_dev)),
           "wall_seconds": time.time() - t0,
           "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    out = a.json or os.path.join(HERE, "checks", "forces_%s.json" % a.set)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as f:
        json.dump(res, f, indent=1)
    print("check_forces %s: max deviation %.2e eV/A (%.0f s)" % (a.set, res["max_abs_dev_eV_per_A"],
                                                                res["wall_seconds"]))


if __name__ == "__main__":
    main()
