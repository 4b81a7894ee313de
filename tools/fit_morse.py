#!/usr/bin/python3
"""Fit the fixed Morse bonds of a water-monomer (AB2) potential.

Usage: tools/fit_morse.py [--data examples/data/h2o.extxyz]
                          [--scan examples/data/reference_scans.json] [--force-weight 0.01]
                          [--config CONFIG.json]

A circuit's energy s<O> + c is bounded, so a monomer model trained on normal-mode samples
(O-H 0.88-1.06 A) has no restoring force beyond them: in MD a bond that gains more than
the training span (0.23 eV for H2O) comes apart, which a liquid of 64 molecules does
within picoseconds. qmlff can add fixed Morse terms (models/morse_bonds.h)

    E_bonds = M(r_01) + M(r_02) + M_HH(r_12),   M(r) = D (1 - exp(-alpha (r - r0)))^2

(equal O-H terms, so the H swap stays a symmetry; the H-H term is a Urey-Bradley bend),
and trains the circuit on E - E_bonds. This script fits the six Morse parameters and a
free constant c by nonlinear least squares (scipy.optimize.least_squares) to

  * the psi4 O-H stretch scan of examples/data/reference_scans.json (0.7-2.5 A: the part
    the dataset does not cover), and
  * the dataset's energies and forces (force term weighted like loss.force_weight: mean
    squared component error times w),

and prints the fit, the residual range the circuit must then span, and the scan. With
--config it writes the terms into that training config's model.bonds (the previous
version is kept as CONFIG.bak).
"""
import argparse
import json
import os
import shutil

import ase.io
import numpy as np
from scipy.optimize import least_squares

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
PAIRS = ((0, 1), (0, 2), (1, 2))


def morse(p, r):
    D, a, r0 = p
    x = np.exp(-a * (r - r0))
    return D * (1 - x) ** 2, 2 * D * a * (1 - x) * x        # energy, dE/dr


def params(q):
    return [(q[0], q[1], q[2]), (q[0], q[1], q[2]), (q[3], q[4], q[5])]


def energy_forces(q, pos):
    e, f = 0.0, np.zeros_like(pos)
    for (i, j), p in zip(PAIRS, params(q)):
        d = pos[i] - pos[j]
        r = np.linalg.norm(d)
        ei, de = morse(p, r)
        e += ei
        f[i] -= de * d / r
        f[j] += de * d / r
    return e, f


def main():
    ap = argparse.ArgumentParser(description=__doc__.strip().split("\n")[0])
    ap.add_argument("--data", default=os.path.join(REPO, "examples", "data", "h2o.extxyz"))
    ap.add_argument("--scan", default=os.path.join(REPO, "examples", "data", "reference_scans.json"))
    ap.add_argument("--force-weight", type=float, default=0.01)
    ap.add_argument("--config", help="training config whose model.bonds.terms to set")
    a = ap.parse_args()
    frames = ase.io.read(a.data, ":", format="extxyz")
    for k, at in enumerate(frames):
        if at.get_chemical_symbols() != ["O", "H", "H"]:
            raise SystemExit("%s: frame %d is not O H H (this fit is for water monomers)" % (a.data, k))
    pos = [at.get_positions() for at in frames]
    E = np.array([at.get_potential_energy() for at in frames])
    F = [at.get_forces() for at in frames]
    with open(a.scan) as fh:
        scan = json.load(fh)["systems"]["h2o"]
    p0 = np.array(scan["minimum_positions_angstrom"])
    u = (p0[1] - p0[0]) / np.linalg.norm(p0[1] - p0[0])
    scan_pos, scan_E = [], np.array(scan["energy_eV"])
    for r in scan["r_angstrom"]:
        g = p0.copy()
        g[1] = p0[0] + r * u
        scan_pos.append(g)
    sw = np.sqrt(a.force_weight / 9.0)

    def residuals(q):
        c = q[6]
        out = []
        for p, e, f in zip(pos, E, F):
            eb, fb = energy_forces(q, p)
            out.append(eb + c - e)
            out.extend(sw * (fb - f).ravel())
        for p, e in zip(scan_pos, scan_E):
            out.append(energy_forces(q, p)[0] + c - e)
        return np.array(out)

    q0 = [5.0, 2.2, 0.97, 1.0, 1.5, 1.52, E.min()]
    lo = [0.1, 0.3, 0.7, 0.0, 0.3, 1.0, -np.inf]
    hi = [20.0, 6.0, 1.3, 20.0, 6.0, 2.2, np.inf]
    fit = least_squares(residuals, q0, bounds=(lo, hi), x_scale="jac")
    q = fit.x
    eb = np.array([energy_forces(q, p)[0] for p in pos])
    resid = E - eb
    print("%d frames from %s, %d scan points from %s" % (len(frames), a.data, len(scan_E), a.scan))
    print("  O-H Morse: D = %.5g eV, alpha = %.5g 1/A, r0 = %.5g A" % tuple(q[:3]))
    print("  H-H Morse: D = %.5g eV, alpha = %.5g 1/A, r0 = %.5g A" % tuple(q[3:6]))
    print("  constant c = %.6f eV (absorbed by the circuit's offset)" % q[6])
    print("  dataset: E span %.4f eV; E - E_bonds span %.4f eV (what the circuit must span)"
          % (E.max() - E.min(), resid.max() - resid.min()))
    print("  dataset RMSE(E) of bonds + c alone: %.4f eV; RMSE(F) %.4f eV/A"
          % (np.sqrt(np.mean((eb + q[6] - E) ** 2)),
             np.sqrt(np.mean([(energy_forces(q, p)[1] - f) ** 2 for p, f in zip(pos, F)]))))
    emin = scan_E.min()
    for r, p, e in zip(scan["r_angstrom"], scan_pos, scan_E):
        print("  scan r = %.3f A: psi4 %.3f eV, bonds + c %.3f eV (relative to the psi4 minimum)"
              % (r, e - emin, energy_forces(q, p)[0] + q[6] - emin))
    if a.config:
        with open(a.config) as fh:
            cfg = json.load(fh)
        terms = [{"atoms": list(ij), "D": float("%.6g" % p[0]), "alpha": float("%.6g" % p[1]),
                  "r0": float("%.6g" % p[2])} for ij, p in zip(PAIRS, params(q))]
        cfg.setdefault("model", {})["bonds"] = {"terms": terms}
        shutil.copyfile(a.config, a.config + ".bak")
        tmp = a.config + ".tmp"
        with open(tmp, "w") as fh:
            json.dump(cfg, fh, indent=2)
            fh.write("\n")
        os.replace(tmp, a.config)
        print("wrote model.bonds into %s (previous version: %s.bak)" % (a.config, a.config))


if __name__ == "__main__":
    main()
