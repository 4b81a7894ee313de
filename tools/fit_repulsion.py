#!/usr/bin/python3
"""Fit the fixed Born-Mayer repulsion of a two-molecule (dimer) potential.

Usage: tools/fit_repulsion.py DATA.extxyz [MORE.extxyz ...] [--force-weight 0.3]
                              [--rho 0.15:0.45:0.025] [--max-frames N] [--config CONFIG.json]

A circuit's energy s<O> + c is bounded, so a dimer model cannot represent the steep wall
two molecules meet at close contact. qmlff adds a fixed repulsion (models/pair_repulsion.h)

    E_rep = sum over intermolecular atom pairs a, b of A_ab exp(-r_ab / rho_ab)

and trains the circuit on E_int - E_rep. This script chooses A and rho from the psi4
interaction energies and forces (keys interaction_energy / interaction_forces): for each
rho triple on a grid it solves the linear least-squares problem

    min  sum_frames (E_int - c - E_rep)^2 + w sum_components (F_int - F_rep)^2 / 3N
    over A_ab >= 0 and a free constant c

(non-negative least squares; c = c+ - c-), and keeps the triple with the smallest loss.
The constant c is not part of the model (the circuit's offset takes it). Prints the fit,
its residual range and the wall it implies along an O-O approach; with --config it
writes the terms into that training config's model.repulsion (the file must exist; the
previous version is kept as CONFIG.bak).
"""
import argparse
import itertools
import json
import os
import shutil

import ase.io
import numpy as np
from scipy.optimize import nnls

PAIRS = (("O", "O"), ("H", "O"), ("H", "H"))


def type_of(a, b):
    s = {a, b}
    if s == {"O"}:
        return 0
    if s == {"H", "O"}:
        return 1
    if s == {"H"}:
        return 2
    raise ValueError("species pair %s-%s (water dimers only)" % (a, b))


def load(paths, max_frames=0):
    frames = []
    for k, p in enumerate(paths):
        sel = ":%d" % max_frames if k == 0 and max_frames > 0 else ":"
        for i, at in enumerate(ase.io.read(p, sel, format="extxyz")):
            if "interaction_energy" not in at.info or "interaction_forces" not in at.arrays:
                raise SystemExit("%s: frame %d has no interaction_energy / interaction_forces "
                                 "(make the file with tools/datagen/datagen.py dimer)" % (p, i))
            if len(at) != 6:
                raise SystemExit("%s: frame %d has %d atoms; a water dimer has 6" % (p, i, len(at)))
            frames.append({"pos": at.get_positions(), "species": at.get_chemical_symbols(),
                           "e": float(at.info["interaction_energy"]), "f": at.arrays["interaction_forces"]})
    return frames


def design(frames, rhos, force_weight):
    """Rows: one energy row per frame, then 18 force rows per frame (scaled by
    sqrt(w / 18)). Columns: the three pair types (A coefficients), then c+ and c-."""
    nf = len(frames)
    rows_e = np.zeros((nf, 5))
    rows_f = np.zeros((nf * 18, 5))
    y_e = np.zeros(nf)
    y_f = np.zeros(nf * 18)
    sw = np.sqrt(force_weight / 18.0)
    for i, f in enumerate(frames):
        x, sp = f["pos"], f["species"]
        y_e[i] = f["e"]
        y_f[18 * i:18 * i + 18] = sw * np.asarray(f["f"]).ravel()
        rows_e[i, 3], rows_e[i, 4] = 1.0, -1.0
        for a in range(3):
            for b in range(3, 6):
                t = type_of(sp[a], sp[b])
                d = x[a] - x[b]
                r = np.linalg.norm(d)
                e = np.exp(-r / rhos[t])
                rows_e[i, t] += e
                g = e / (rhos[t] * r) * d        # force on a per unit A; -g on b
                rows_f[18 * i + 3 * a:18 * i + 3 * a + 3, t] += sw * g
                rows_f[18 * i + 3 * b:18 * i + 3 * b + 3, t] -= sw * g
    return np.vstack([rows_e, rows_f]), np.concatenate([y_e, y_f]), nf


def main():
    ap = argparse.ArgumentParser(description=__doc__.strip().split("\n")[0])
    ap.add_argument("data", nargs="+")
    ap.add_argument("--force-weight", type=float, default=0.3,
                    help="weight of the mean squared force error per frame (as loss.force_weight)")
    ap.add_argument("--rho", default="0.15:0.45:0.025", help="grid lo:hi:step for each rho (Angstrom)")
    ap.add_argument("--config", help="training config whose model.repulsion.terms to set")
    ap.add_argument("--max-frames", type=int, default=0,
                    help="use only the first N frames of the first file (as data.max_frames)")
    a = ap.parse_args()
    frames = load(a.data, a.max_frames)
    lo, hi, step = map(float, a.rho.split(":"))
    grid = np.arange(lo, hi + 0.5 * step, step)
    best = None
    for rhos in itertools.product(grid, repeat=3):
        M, y, nf = design(frames, rhos, a.force_weight)
        coef, res = nnls(M, y)
        if best is None or res < best[0]:
            best = (res, rhos, coef)
    res, rhos, coef = best
    M, y, nf = design(frames, rhos, a.force_weight)
    pred = M @ coef
    e_int = y[:nf]
    e_rep = pred[:nf] - (coef[3] - coef[4])
    resid = e_int - e_rep
    names = ["O-O", "H-O", "H-H"]
    print("%d frames from %s" % (nf, ", ".join(a.data)))
    for t in range(3):
        print("  %s: A = %.6g eV, rho = %.4g A" % (names[t], coef[t], rhos[t]))
    print("  constant c = %.5f eV (absorbed by the circuit's offset)" % (coef[3] - coef[4]))
    print("  E_int range  [%.4f, %.4f] eV" % (e_int.min(), e_int.max()))
    print("  E_rep range  [%.4f, %.4f] eV" % (e_rep.min(), e_rep.max()))
    print("  E_int - E_rep range [%.4f, %.4f] eV (what the circuit must span)" % (resid.min(), resid.max()))
    rms_e = np.sqrt(np.mean((e_int - pred[:nf]) ** 2))
    print("  RMSE(E) of repulsion + c alone: %.4f eV (std of E_int %.4f)" % (rms_e, e_int.std()))
    # Wall along a linear O-H...O approach: the O-O term plus the nearest O-H term.
    for d in (1.8, 2.0, 2.2, 2.4, 2.6, 2.8):
        w = coef[0] * np.exp(-d / rhos[0]) + coef[1] * np.exp(-(d - 0.97) / rhos[1])
        print("  d_OO = %.1f A, linear H-bond: O-O + one O...H term = %.4f eV" % (d, w))
    if a.config:
        with open(a.config) as fh:
            cfg = json.load(fh)
        terms = [{"species": list(PAIRS[t]), "A": float("%.6g" % coef[t]), "rho": float("%.4g" % rhos[t])}
                 for t in range(3)]
        cfg.setdefault("model", {})["repulsion"] = {"terms": terms, "groups": []}
        shutil.copyfile(a.config, a.config + ".bak")
        tmp = a.config + ".tmp"
        with open(tmp, "w") as fh:
            json.dump(cfg, fh, indent=2, sort_keys=True)
            fh.write("\n")
        os.replace(tmp, a.config)
        print("wrote model.repulsion into %s (previous version: %s.bak)" % (a.config, a.config))


if __name__ == "__main__":
    main()
