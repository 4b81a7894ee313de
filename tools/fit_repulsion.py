#!/usr/bin/python3
"""Fit the fixed baseline of a two-molecule (dimer) potential: Born-Mayer repulsion, optionally with damped Coulomb.

Usage: tools/fit_repulsion.py DATA.extxyz [MORE.extxyz ...] [--force-weight 0.3]
                              [--rho 0.15:0.45:0.025] [--coulomb-sigma 0.3:1.5:0.1]
                              [--max-frames N] [--config CONFIG.json]

A circuit's energy s<O> + c is bounded, so a dimer model cannot represent the steep wall
two molecules meet at close contact. qmlff adds a fixed repulsion (models/pair_repulsion.h)

    E_rep = sum over intermolecular atom pairs a, b of A_ab exp(-r_ab / rho_ab)

and, with --coulomb-sigma, the electrostatics of the two molecules (models/pair_coulomb.h)

    E_coul = k_e sum over intermolecular atom pairs a, b of q_a q_b erf(r_ab / sigma) / r_ab

with q_H = q, q_O = -2q (neutral molecules), so E_coul = q^2 C_sigma(geometry) is linear in
q^2. The circuit is trained on E_int - E_rep - E_coul. This script chooses the parameters
from the psi4 interaction energies and forces (keys interaction_energy /
interaction_forces): for each rho triple (and sigma) on the grids it solves the linear
least-squares problem

    min  sum_frames (E_int - c - E_base)^2 + w sum_components (F_int - F_base)^2 / 3N
    over A_ab >= 0, q^2 >= 0 and a free constant c

(non-negative least squares), and keeps the combination with the smallest loss. The
constant c is not part of the model (the circuit's offset takes it). Each combination is
solved from the Gram matrix of precomputed columns (c projected out by centring the
energies), so the joint grid of rho triples and sigmas (13^3 x 13 for the documented grids)
takes seconds; a joint grid of more than --max-joint combinations is scanned in two passes
instead: the rho triples without Coulomb first, then sigma with each rho fixed at its
first-pass value. The best combination is refitted on the full system.

Prints the fit, RMSE and R^2 of the baseline alone (plus c) against the interaction
energies and forces, on all frames and on those with d_OO < 3.2 A, the residual range and
the wall along an O-O approach. With --config it writes model.repulsion and, with
--coulomb-sigma, model.coulomb into that training config (without --coulomb-sigma an
existing model.coulomb is removed, since the repulsion was fitted without it; the file must
exist; the previous version is kept as CONFIG.bak).
"""
import argparse
import itertools
import json
import os
import shutil

import ase.io
import numpy as np
from scipy.linalg import solve_triangular
from scipy.optimize import nnls
from scipy.special import erf

PAIRS = (("O", "O"), ("H", "O"), ("H", "H"))
K_E = 14.399645           # eV A / e^2, as PairCoulomb::kCoulombConstant
CHARGE = {"O": -2.0, "H": 1.0}  # in units of q
CLOSE_OO = 3.2            # A: the first shell, reported apart


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


class Pairs:
    """The nine intermolecular pairs (a in 0-2, b in 3-5) of every frame, as arrays."""

    def __init__(self, frames):
        self.ab = [(a, b) for a in range(3) for b in range(3, 6)]
        pos = np.array([f["pos"] for f in frames])                      # (nf, 6, 3)
        self.d = np.stack([pos[:, a] - pos[:, b] for a, b in self.ab], 1)  # (nf, 9, 3)
        self.r = np.linalg.norm(self.d, axis=2)                         # (nf, 9)
        self.type = np.array([[type_of(f["species"][a], f["species"][b]) for a, b in self.ab] for f in frames])
        self.qq = np.array([[CHARGE[f["species"][a]] * CHARGE[f["species"][b]] for a, b in self.ab] for f in frames])
        self.e = np.array([f["e"] for f in frames])
        self.f = np.array([f["f"] for f in frames])                     # (nf, 6, 3)
        self.d_oo = np.array([np.linalg.norm(f["pos"][[k for k in range(3) if f["species"][k] == "O"][0]] -
                                             f["pos"][[k for k in range(3, 6) if f["species"][k] == "O"][0]])
                              for f in frames])

    def term(self, e_pair, g_pair):
        """Energy (nf,) and forces (nf, 6, 3) of a pair term with pair energies e_pair and
        g = -(dE/dr)/r (F_a = g d, F_b = -g d), both (nf, 9)."""
        forces = np.zeros((len(self.e), 6, 3))
        for k, (a, b) in enumerate(self.ab):
            gd = g_pair[:, k, None] * self.d[:, k]
            forces[:, a] += gd
            forces[:, b] -= gd
        return e_pair.sum(1), forces

    def repulsion(self, t, rho):
        """Born-Mayer column of pair type t per unit A."""
        e = np.where(self.type == t, np.exp(-self.r / rho), 0.0)
        return self.term(e, e / (rho * self.r))

    def coulomb(self, sigma):
        """Damped Coulomb column per unit q^2 (the data never come near r = 0)."""
        x = self.r / sigma
        h = erf(x) / x
        p = (h - 2.0 / np.sqrt(np.pi) * np.exp(-x * x)) / (x * x)
        return self.term(K_E * self.qq * h / sigma, K_E * self.qq * p / sigma ** 3)


def column(energy, forces, sw):
    """One least-squares column: centred energies (the free constant projected out), then forces."""
    return np.concatenate([energy - energy.mean(), sw * forces.reshape(-1)])


class Scan:
    """Losses of column subsets from the Gram matrix of all candidate columns."""

    def __init__(self, cols, y):
        cols = np.array(cols)
        self.cols, self.y = cols, y
        self.gram, self.b, self.yy = cols @ cols.T, cols @ y, y @ y

    def solve(self, idx):
        g, b = self.gram[np.ix_(idx, idx)], self.b[idx]
        s = np.sqrt(np.diag(g))
        s[s == 0] = 1.0
        try:  # unit-norm columns keep the normal equations well scaled
            R = np.linalg.cholesky(g / np.outer(s, s)).T
        except np.linalg.LinAlgError:  # collinear columns: solve the full system
            coef, rn = nnls(self.cols[idx].T, self.y)
            return rn ** 2, coef
        z = solve_triangular(R.T, b / s, lower=True)
        coef, rn = nnls(R, z)
        return rn ** 2 + self.yy - z @ z, coef / s


def grid(text):
    lo, hi, step = map(float, text.split(":"))
    return np.arange(lo, hi + 0.5 * step, step)


def search(pairs, rho_grid, sigma_grid, force_weight, max_joint):
    """Best (rho indices, sigma index or None) by NNLS loss over the grids."""
    sw = np.sqrt(force_weight / 18.0)
    rep = [[column(*pairs.repulsion(t, rho), sw) for rho in rho_grid] for t in range(3)]
    coul = [column(*pairs.coulomb(s), sw) for s in sigma_grid]
    n = len(rho_grid)
    scan = Scan([c for t in range(3) for c in rep[t]] + coul, column(pairs.e, pairs.f, sw))
    idx = lambda rhos, s: [t * n + rhos[t] for t in range(3)] + ([] if s is None else [3 * n + s])

    def best(cands):
        return min(cands, key=lambda c: scan.solve(idx(*c))[0])

    triples = list(itertools.product(range(n), repeat=3))
    if not len(sigma_grid):
        return best([(r, None) for r in triples]), False
    if len(triples) * len(sigma_grid) <= max_joint:
        return best([(r, s) for r in triples for s in range(len(sigma_grid))]), False
    rhos, _ = best([(r, None) for r in triples])
    return best([(rhos, s) for s in range(len(sigma_grid))]), True


def metrics(ref, pred):
    err = pred - ref
    return np.sqrt(np.mean(err ** 2)), 1.0 - np.sum(err ** 2) / np.sum((ref - ref.mean()) ** 2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.strip().split("\n")[0])
    ap.add_argument("data", nargs="+")
    ap.add_argument("--force-weight", type=float, default=0.3,
                    help="weight of the mean squared force error per frame (as loss.force_weight)")
    ap.add_argument("--rho", default="0.15:0.45:0.025", help="grid lo:hi:step for each rho (Angstrom)")
    ap.add_argument("--coulomb-sigma", metavar="GRID",
                    help="also fit a damped Coulomb term (q_H = q, q_O = -2q): grid lo:hi:step of sigma "
                         "(Angstrom), scanned jointly with the rho triples, or in two passes (rho triples "
                         "without Coulomb, then sigma at those rhos) when the joint grid exceeds --max-joint")
    ap.add_argument("--max-joint", type=int, default=200000,
                    help="largest joint grid (rho triples x sigmas) scanned in one pass")
    ap.add_argument("--config", help="training config whose model.repulsion (and model.coulomb) to set")
    ap.add_argument("--max-frames", type=int, default=0,
                    help="use only the first N frames of the first file (as data.max_frames)")
    a = ap.parse_args()
    pairs = Pairs(load(a.data, a.max_frames))
    rho_grid = grid(a.rho)
    sigma_grid = grid(a.coulomb_sigma) if a.coulomb_sigma else np.array([])
    (ri, si), two_pass = search(pairs, rho_grid, sigma_grid, a.force_weight, a.max_joint)
    rhos = [rho_grid[i] for i in ri]
    sigma = None if si is None else sigma_grid[si]

    # Refit the best combination on the full system, with the constant as c+ - c-.
    sw = np.sqrt(a.force_weight / 18.0)
    terms = [pairs.repulsion(t, rhos[t]) for t in range(3)] + ([pairs.coulomb(sigma)] if sigma is not None else [])
    nf = len(pairs.e)
    ones = np.concatenate([np.ones(nf), np.zeros(nf * 18)])
    M = np.column_stack([np.concatenate([e, sw * f.reshape(-1)]) for e, f in terms] + [ones, -ones])
    coef, _ = nnls(M, np.concatenate([pairs.e, sw * pairs.f.reshape(-1)]))
    c = coef[-2] - coef[-1]
    e_base = sum(k * e for k, (e, _) in zip(coef, terms))
    f_base = sum(k * f for k, (_, f) in zip(coef, terms))

    names = ["O-O", "H-O", "H-H"]
    print("%d frames from %s" % (nf, ", ".join(a.data)))
    for t in range(3):
        print("  %s: A = %.6g eV, rho = %.4g A" % (names[t], coef[t], rhos[t]))
    q = np.sqrt(coef[3]) if sigma is not None else 0.0
    if sigma is not None:
        print("  Coulomb: q_H = %.6g e, q_O = %.6g e, sigma = %.4g A%s" %
              (q, -2 * q, sigma, " (two-pass scan: sigma at the rhos fitted without Coulomb)" if two_pass else ""))
    print("  constant c = %.5f eV (absorbed by the circuit's offset)" % c)
    print("  E_int range  [%.4f, %.4f] eV" % (pairs.e.min(), pairs.e.max()))
    print("  E_base range [%.4f, %.4f] eV" % (e_base.min(), e_base.max()))
    resid = pairs.e - e_base
    print("  E_int - E_base range [%.4f, %.4f] eV (what the circuit must span)" % (resid.min(), resid.max()))
    print("  baseline + c alone against the interaction energies and forces:")
    print("    %-16s %6s %10s %7s %10s %7s" % ("frames", "n", "RMSE(E)", "R2(E)", "RMSE(F)", "R2(F)"))
    for label, sel in (("all", np.ones(nf, bool)), ("d_OO < %.1f A" % CLOSE_OO, pairs.d_oo < CLOSE_OO)):
        rmse_e, r2_e = metrics(pairs.e[sel], e_base[sel] + c)
        rmse_f, r2_f = metrics(pairs.f[sel].reshape(-1), f_base[sel].reshape(-1))
        print("    %-16s %6d %10.4f %7.3f %10.4f %7.3f" % (label, sel.sum(), rmse_e, r2_e, rmse_f, r2_f))
    # Repulsive wall along a linear O-H...O approach: the O-O term plus the nearest O-H term.
    for d in (1.8, 2.0, 2.2, 2.4, 2.6, 2.8):
        w = coef[0] * np.exp(-d / rhos[0]) + coef[1] * np.exp(-(d - 0.97) / rhos[1])
        print("  d_OO = %.1f A, linear H-bond: O-O + one O...H repulsion = %.4f eV" % (d, w))
    if a.config:
        with open(a.config) as fh:
            cfg = json.load(fh)
        model = cfg.setdefault("model", {})
        model["repulsion"] = {"groups": [], "terms": [
            {"species": list(PAIRS[t]), "A": float("%.6g" % coef[t]), "rho": float("%.4g" % rhos[t])}
            for t in range(3)]}
        if sigma is not None:
            qr = float("%.6g" % q)
            model["coulomb"] = {"charges": {"H": qr, "O": -2 * qr}, "groups": [], "sigma": float("%.4g" % sigma)}
        else:
            model.pop("coulomb", None)
        shutil.copyfile(a.config, a.config + ".bak")
        tmp = a.config + ".tmp"
        with open(tmp, "w") as fh:
            json.dump(cfg, fh, indent=2, sort_keys=True)
            fh.write("\n")
        os.replace(tmp, a.config)
        print("wrote model.repulsion%s into %s (previous version: %s.bak)" %
              (" and model.coulomb" if sigma is not None else "", a.config, a.config))


if __name__ == "__main__":
    main()
