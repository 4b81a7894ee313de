#!/usr/bin/python3
"""Fit the fixed Morse bonds of a one-centre molecule's potential (AB, AB2, AB3: LiH, H2O, NH3).

Usage: tools/fit_morse.py [--data examples/data/h2o.extxyz]
                          [--scan examples/data/reference_scans.json] [--force-weight 0.01]
                          [--config CONFIG.json]

A circuit's energy s<O> + c is bounded, so a monomer model trained on normal-mode samples
(O-H 0.88-1.06 A) has no restoring force beyond them: in MD a bond that gains more than
the training span (0.23 eV for H2O) comes apart, which a liquid of 64 molecules does
within picoseconds. qmlff can add fixed Morse terms (models/morse_bonds.h)

    E_bonds = sum_k M_AB(r_0k) + sum_{j<k} M_BB(r_jk),   M(r) = D (1 - exp(-alpha (r - r0)))^2

(atom 0 is the centre A; all A-B terms equal and all B-B terms equal, so permutations of
the B atoms stay symmetries; the B-B terms are Urey-Bradley bends), and trains the circuit
on E - E_bonds. This script fits the Morse parameters and a free constant c by nonlinear
least squares (scipy.optimize.least_squares) to

  * the psi4 X-H stretch scan of examples/data/reference_scans.json for H2O and NH3
    (0.7-2.5 A: the part the dataset does not cover; LiH's dataset is itself a scan), and
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
SCAN_SYSTEM = {("O", "H", "H"): "h2o", ("N", "H", "H", "H"): "nh3"}
PAIRS = []   # (i, j, kind): kind 0 = A-B, 1 = B-B; set in main() from the atom count


def morse(p, r):
    D, a, r0 = p
    x = np.exp(-a * (r - r0))
    return D * (1 - x) ** 2, 2 * D * a * (1 - x) * x        # energy, dE/dr


def params(q):
    return [(q[3 * kind], q[3 * kind + 1], q[3 * kind + 2]) for _, _, kind in PAIRS]


def energy_forces(q, pos):
    e, f = 0.0, np.zeros_like(pos)
    for (i, j, _), p in zip(PAIRS, params(q)):
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
    species = tuple(frames[0].get_chemical_symbols())
    nb = len(species) - 1
    if nb < 1 or nb > 3 or len(set(species[1:])) != 1 or species[0] == species[1]:
        raise SystemExit("%s: atoms %s are not a centre A and 1-3 equal B atoms (A B, A B B, A B B B)"
                         % (a.data, " ".join(species)))
    for k, at in enumerate(frames):
        if tuple(at.get_chemical_symbols()) != species:
            raise SystemExit("%s: frame %d has atoms %s, frame 0 %s" % (a.data, k, at.get_chemical_symbols(), species))
    PAIRS[:] = [(0, k, 0) for k in range(1, nb + 1)] + [(j, k, 1) for j in range(1, nb + 1) for k in range(j + 1, nb + 1)]
    pos = [at.get_positions() for at in frames]
    E = np.array([at.get_potential_energy() for at in frames])
    F = [at.get_forces() for at in frames]
    scan_pos, scan_E, scan_r = [], np.zeros(0), []
    if species in SCAN_SYSTEM:
        with open(a.scan) as fh:
            scan = json.load(fh)["systems"][SCAN_SYSTEM[species]]
        p0 = np.array(scan["minimum_positions_angstrom"])
        u = (p0[1] - p0[0]) / np.linalg.norm(p0[1] - p0[0])
        scan_E, scan_r = np.array(scan["energy_eV"]), scan["r_angstrom"]
        for r in scan_r:
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

    def median_dist(kind):   # at the lowest-energy frame (a scan's frames are not centred on r_e)
        p = pos[int(np.argmin(E))]
        return float(np.median([np.linalg.norm(p[i] - p[j]) for i, j, k in PAIRS if k == kind]))

    r_ab = median_dist(0)
    q0, lo, hi = [5.0, 2.2, r_ab], [0.1, 0.3, 0.7 * r_ab], [20.0, 6.0, 1.3 * r_ab]
    if nb >= 2:
        r_bb = median_dist(1)
        q0, lo, hi = q0 + [1.0, 1.5, r_bb], lo + [0.0, 0.3, 0.7 * r_bb], hi + [20.0, 6.0, 1.3 * r_bb]
    else:
        q0, lo, hi = q0 + [0.0, 1.0, 1.0], lo + [-1e-12, 1.0 - 1e-12, 1.0 - 1e-12], hi + [1e-12, 1.0 + 1e-12, 1.0 + 1e-12]
    q0, lo, hi = q0 + [E.min()], lo + [-np.inf], hi + [np.inf]
    fit = least_squares(residuals, q0, bounds=(lo, hi), x_scale="jac")
    q = fit.x
    eb = np.array([energy_forces(q, p)[0] for p in pos])
    resid = E - eb
    print("%d frames from %s, %d scan points%s" % (len(frames), a.data, len(scan_E),
                                                   " from " + a.scan if len(scan_E) else ""))
    A, B = species[0], species[1]
    print("  %s-%s Morse: D = %.5g eV, alpha = %.5g 1/A, r0 = %.5g A" % ((A, B) + tuple(q[:3])))
    if nb >= 2:
        print("  %s-%s Morse: D = %.5g eV, alpha = %.5g 1/A, r0 = %.5g A" % ((B, B) + tuple(q[3:6])))
    print("  constant c = %.6f eV (absorbed by the circuit's offset)" % q[6])
    print("  dataset: E span %.4f eV; E - E_bonds span %.4f eV (what the circuit must span)"
          % (E.max() - E.min(), resid.max() - resid.min()))
    print("  dataset RMSE(E) of bonds + c alone: %.4f eV; RMSE(F) %.4f eV/A"
          % (np.sqrt(np.mean((eb + q[6] - E) ** 2)),
             np.sqrt(np.mean([(energy_forces(q, p)[1] - f) ** 2 for p, f in zip(pos, F)]))))
    emin = scan_E.min() if len(scan_E) else 0.0
    for r, p, e in zip(scan_r, scan_pos, scan_E):
        print("  scan r = %.3f A: psi4 %.3f eV, bonds + c %.3f eV (relative to the psi4 minimum)"
              % (r, e - emin, energy_forces(q, p)[0] + q[6] - emin))
    if a.config:
        with open(a.config) as fh:
            cfg = json.load(fh)
        terms = [{"atoms": [i, j], "D": float("%.6g" % p[0]), "alpha": float("%.6g" % p[1]),
                  "r0": float("%.6g" % p[2])} for (i, j, _), p in zip(PAIRS, params(q))]
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
