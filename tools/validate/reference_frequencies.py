#!/usr/bin/python3
"""Reference harmonic frequencies (psi4) for the validation: writes
examples/data/reference_frequencies.json.

Usage (from the repository root):
    /usr/bin/python3 tools/validate/reference_frequencies.py [--no-psi4] [--out FILE]

* H2O, NH3 (B3LYP/6-31G*): copied from the generator's cache
  tools/datagen/cache/{h2o,nh3}_modes.json (gitignored; written by
  `tools/datagen/datagen.py h2o|nh3 --modes-only`): the psi4-optimised minimum and the
  wavenumbers of its Cartesian finite-difference Hessian, recomputed here with
  datagen.normal_modes() (same isotopic masses) and checked against the cached values.
* LiH (FCI/STO-3G): (a) from a fit to the 134-point FCI scan in examples/data/lih.extxyz
  (energies and the bond-direction forces, polynomial in r around the minimum), and
  (b) unless --no-psi4, from psi4 FCI/STO-3G energies on a 5-point stencil (h = 0.005 A)
  at the fitted minimum, with datagen.py's LiH options (1 thread, scratch under /tmp).
"""
import argparse
import datetime
import hashlib
import json
import math
import os
import sys
import tempfile

import numpy as np

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tools", "datagen"))

# cm^-1 from a force constant in eV/A^2 and a reduced mass in amu (same SI constants as datagen)
EV_J, ANG_M, AMU_KG, C_CM = 1.602176634e-19, 1e-10, 1.66053906660e-27, 2.99792458e10


def wavenumber(k_ev_a2, mu_amu):
    return math.sqrt(k_ev_a2 * EV_J / (ANG_M ** 2 * mu_amu * AMU_KG)) / (2 * math.pi * C_CM)


def sha256(path):
    with open(path, "rb") as f:
        return "sha256:" + hashlib.sha256(f.read()).hexdigest()


def b3lyp_entry(name, datagen):
    path = os.path.join(datagen.CACHE, "%s_modes.json" % name)
    if not os.path.exists(path):
        sys.exit("reference_frequencies.py: %s missing; run `/usr/bin/python3 tools/datagen/datagen.py %s "
                 "--modes-only` first (psi4)" % (os.path.relpath(path, REPO), name))
    with open(path) as f:
        modes = json.load(f)
    _, _, wn = datagen.normal_modes(modes)
    assert np.allclose(wn, modes["wavenumbers_cm-1"], atol=1e-6), "cache wavenumbers disagree with normal_modes()"
    pos = np.asarray(modes["pos"])
    d = lambda i, j: float(np.linalg.norm(pos[i] - pos[j]))  # noqa: E731
    v = pos[1:] - pos[0]
    ang = lambda a, b: math.degrees(math.acos(a @ b / np.linalg.norm(a) / np.linalg.norm(b)))  # noqa: E731
    return {
        "level_of_theory": "B3LYP/6-31G* (psi4 1.3.2, scf_type df, DFT grid (99,590), e/d_convergence 1e-8)",
        "method": "psi4.optimize('b3lyp') with g_convergence gau_verytight, then Cartesian Hessian by central "
                  "finite differences (+-0.005 bohr) of analytic B3LYP gradients, symmetrised; harmonic "
                  "wavenumbers of the mass-weighted Hessian, 6 lowest (translation/rotation) modes dropped",
        "masses_amu": {s: datagen.AMU[s] for s in sorted(set(modes["symbols"]))},
        "symbols": modes["symbols"],
        "minimum_positions_angstrom": pos.tolist(),
        "minimum_energy_hartree": modes["energy"],
        "max_gradient_at_minimum_hartree_bohr": modes["grad_at_min_max"],
        "bond_lengths_angstrom": [round(d(0, k), 6) for k in range(1, len(pos))],
        "hxh_angles_deg": [round(ang(v[i], v[j]), 4) for i in range(len(v)) for j in range(i + 1, len(v))],
        "wavenumbers_cm-1": [round(float(w), 2) for w in wn],
        "source": "tools/datagen/cache/%s_modes.json (written by `tools/datagen/datagen.py %s --modes-only`; "
                  "cache file %s)" % (name, name, sha256(path)),
    }


def lih_scan_fit(path, datagen, window=0.2, degree=6):
    """Least-squares polynomial E(r) through the FCI energies and dE/dr = -F_H . r_hat."""
    import ase.io
    rs, es, ds = [], [], []
    for at in ase.io.read(path, ":"):
        p, f = at.get_positions(), at.get_forces()
        u = p[1] - p[0]
        r = float(np.linalg.norm(u))
        rs.append(r)
        es.append(at.get_potential_energy())
        ds.append(float(-f[1] @ u / r))   # dE/dr: H moves along +u
    rs, es, ds = map(np.asarray, (rs, es, ds))
    r0 = rs[np.argmin(es)]
    out = []
    for w in (window * 0.75, window, window * 1.5):
        for deg in (degree - 2, degree, degree + 2):
            sel = np.abs(rs - r0) <= w
            x, e, d = rs[sel] - r0, es[sel], ds[sel]
            # rows: energies, and derivatives (weighted by 0.1 A so both are in eV)
            A = np.vstack([np.vander(x, deg + 1, increasing=True),
                           0.1 * np.hstack([np.zeros((len(x), 1)),
                                            np.vander(x, deg, increasing=True) * np.arange(1, deg + 1)])])
            c = np.linalg.lstsq(A, np.concatenate([e, 0.1 * d]), rcond=None)[0]
            P = np.polynomial.Polynomial(c)
            roots = [z.real for z in P.deriv().roots() if abs(z.imag) < 1e-9 and abs(z.real) < w]
            xm = min(roots, key=lambda z: P(z))
            out.append({"window_A": round(w, 3), "degree": deg, "n_points": int(sel.sum()),
                        "r_e": r0 + xm, "k": float(P.deriv(2)(xm)), "E_min": float(P(xm))})
    mu = datagen.AMU["Li"] * datagen.AMU["H"] / (datagen.AMU["Li"] + datagen.AMU["H"])
    for o in out:
        o["wavenumber_cm-1"] = wavenumber(o["k"], mu)
    best = [o for o in out if o["window_A"] == round(window, 3) and o["degree"] == degree][0]
    spread = [o["wavenumber_cm-1"] for o in out]
    return best, (min(spread), max(spread)), out, mu


def psi4_session(tag):
    """datagen's psi4 worker set-up in this process (1 thread, scratch dir under /tmp);
    returns the reloaded datagen module, whose psi4_energy_gradient() is then usable."""
    scratch = tempfile.mkdtemp(prefix="qmlff_%s_" % tag)
    os.environ["QMLFF_DATAGEN_CACHE"] = scratch
    os.environ["OMP_NUM_THREADS"] = "1"
    import importlib
    import datagen
    datagen = importlib.reload(datagen)   # pick up the scratch cache dir
    os.makedirs(os.path.join(scratch, "logs"), exist_ok=True)
    datagen._worker_init(tag)             # chdirs into the scratch dir (psi4 writes into the cwd)
    return datagen


def lih_psi4(r_e, mu, h=0.005):
    """FCI/STO-3G energies at r_e + k h, k = -2..2, through datagen's psi4 worker code."""
    datagen = psi4_session("lih_ref")
    es = []
    for k in (-2, -1, 0, 1, 2):
        pos = [[0.0, 0.0, 0.0], [0.0, 0.0, r_e + k * h]]
        es.append(datagen.psi4_energy_gradient("fci", datagen.LIH_OPTIONS, ["Li", "H"], pos,
                                               want_grad=False)["energy"])
    from ase.units import Hartree
    e = np.asarray(es) * Hartree
    d1 = (e[0] - 8 * e[1] + 8 * e[3] - e[4]) / (12 * h)
    d2 = (-e[0] + 16 * e[1] - 30 * e[2] + 16 * e[3] - e[4]) / (12 * h * h)
    return {"r": r_e, "step_A": h, "energies_eV": e.tolist(), "dE_dr_eV_A": d1, "k_eV_A2": d2,
            "r_e_newton": r_e - d1 / d2, "wavenumber_cm-1": wavenumber(d2, mu)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(REPO, "examples", "data", "reference_frequencies.json"))
    ap.add_argument("--no-psi4", action="store_true", help="LiH from the scan fit only")
    a = ap.parse_args()
    a.out = os.path.abspath(a.out)
    import datagen
    ref = {"description": "psi4 harmonic reference frequencies for tools/validate/frequencies.py "
                          "(docs/VALIDATION.md)",
           "command": "/usr/bin/python3 tools/validate/reference_frequencies.py" + (" --no-psi4" if a.no_psi4 else ""),
           "date": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
           "systems": {}}
    for name in ("h2o", "nh3"):
        ref["systems"][name] = b3lyp_entry(name, datagen)
    lih = os.path.join(REPO, "examples", "data", "lih.extxyz")
    best, (lo, hi), fits, mu = lih_scan_fit(lih, datagen)
    entry = {
        "level_of_theory": "FCI/STO-3G, all electrons (psi4 1.3.2, scf_type pk, e/d_convergence 1e-10)",
        "method": "least-squares polynomial E(r) (degree %d, |r - r_min(scan)| <= %.2f A, %d points) through the "
                  "scan energies and dE/dr from the scan forces; minimum and curvature of the polynomial"
                  % (best["degree"], best["window_A"], best["n_points"]),
        "masses_amu": {"Li": datagen.AMU["Li"], "H": datagen.AMU["H"]},
        "reduced_mass_amu": mu,
        "symbols": ["Li", "H"],
        "bond_length_angstrom": round(best["r_e"], 5),
        "force_constant_eV_A2": round(best["k"], 4),
        "wavenumbers_cm-1": [round(best["wavenumber_cm-1"], 1)],
        "scan_fit_spread_cm-1": [round(lo, 1), round(hi, 1)],
        "scan_fits": [{k: (round(v, 6) if isinstance(v, float) else v) for k, v in f.items()} for f in fits],
        "source": "examples/data/lih.extxyz (%s)" % sha256(lih),
    }
    if not a.no_psi4:
        p = lih_psi4(best["r_e"], mu)
        entry["psi4_stencil"] = {
            "method": "psi4 FCI/STO-3G energies (datagen.LIH_OPTIONS, 1 thread) at r_e(fit) + k*%.3f A, "
                      "k = -2..2; 5-point first and second derivatives" % p["step_A"],
            "r_angstrom": round(p["r"], 6), "dE_dr_eV_A": p["dE_dr_eV_A"],
            "r_e_one_newton_step_angstrom": round(p["r_e_newton"], 6),
            "force_constant_eV_A2": round(p["k_eV_A2"], 4),
            "wavenumber_cm-1": round(p["wavenumber_cm-1"], 1)}
        entry["wavenumbers_cm-1"] = [round(p["wavenumber_cm-1"], 1)]
        entry["method"] += ("; the quoted wavenumber is psi4's 5-point stencil at that minimum "
                            "(psi4_stencil), the fit is the cross-check")
    ref["systems"]["lih"] = entry
    with open(a.out, "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")
    for k, v in ref["systems"].items():
        print(k, v["wavenumbers_cm-1"])
    if "psi4_stencil" in entry:
        print("lih scan fit", round(best["wavenumber_cm-1"], 1), "spread", entry["scan_fit_spread_cm-1"],
              "r_e", round(best["r_e"], 5), "psi4 r_e (one Newton step)", entry["psi4_stencil"]["r_e_one_newton_step_angstrom"])
    print("wrote", os.path.relpath(a.out, REPO))


if __name__ == "__main__":
    main()
