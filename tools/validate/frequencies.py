#!/usr/bin/python3
"""Harmonic frequencies of a potential at its own minimum vs the psi4 reference.

Usage: tools/validate/frequencies.py SYSTEM [--potential P] [--ref JSON] [--h H] [--out DIR] [--bin DIR]

* Reference: examples/data/reference_frequencies.json (psi4 at the dataset's level of
  theory; made by tools/validate/reference_frequencies.py).
* Minimum: Newton iterations from the psi4 minimum on the model's analytic forces (from
  `qmlff eval`), with the Hessian below, |eigenvalues| and the external (translation/
  rotation) directions projected out, until max|F| < 1e-6 eV/A.
* Hessian: central differences (step H, default 5e-4 A) of the model's *analytic* forces,
  symmetrised; mass-weighted with the reference's isotopic masses, translations and
  rotations projected out (Eckart), 3N-6 (LiH: 3N-5) wavenumbers. A validation-grade
  Hessian: the finite-difference error is O(H^2) (< 0.1 cm^-1 here, check with --h).
Writes OUT/frequencies.json and OUT/frequencies.png. No reference exists for the water
dimer (skipped).
"""
import math
import os

import numpy as np

import common as C
from reference_frequencies import wavenumber


class Model:
    def __init__(self, a, pot, symbols, work):
        self.cmd = [C.binary(a, "qmlff"), "eval", pot]
        self.symbols, self.work, self.calls = symbols, work, 0

    def __call__(self, geoms):
        """Energies (eV) and forces (eV/A) of a list of (N,3) geometries."""
        xyz = os.path.join(self.work, "freq_frames.extxyz")
        out = os.path.join(self.work, "freq_eval.csv")
        C.write_xyz(xyz, self.symbols, geoms)
        import subprocess
        p = subprocess.run(self.cmd + [xyz, "--csv", out, "--force", "-q"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        if p.returncode != 0:
            raise SystemExit("qmlff eval failed:\n" + p.stdout[-2000:])
        self.calls += 1
        return C.read_predictions(out, len(self.symbols))


def external_basis(x, m):
    """Orthonormal translations + rotations in mass-weighted coordinates (columns)."""
    n = len(m)
    sm = np.sqrt(np.repeat(m, 3))
    com = (m[:, None] * x).sum(0) / m.sum()
    vecs = []
    for k in range(3):
        t = np.zeros((n, 3))
        t[:, k] = 1.0
        vecs.append(t.ravel() * sm)
    for k in range(3):
        e = np.zeros(3)
        e[k] = 1.0
        vecs.append(np.cross(e, x - com).ravel() * sm)
    Q, R = np.linalg.qr(np.array(vecs).T)
    keep = np.abs(np.diag(R)) > 1e-6 * np.abs(np.diag(R)).max()
    return Q[:, keep]


def hessian(model, x, h):
    n = len(x)
    geoms = []
    for k in range(3 * n):
        for sgn in (1, -1):
            g = x.copy().ravel()
            g[k] += sgn * h
            geoms.append(g.reshape(n, 3))
    E, F = model([x] + geoms)
    H = np.zeros((3 * n, 3 * n))
    for k in range(3 * n):
        H[k] = -(F[1 + 2 * k] - F[2 + 2 * k]).ravel() / (2 * h)
    asym = np.abs(H - H.T).max()
    return 0.5 * (H + H.T), E[0], F[0], asym


def optimise(model, x, m, h, log):
    ones = np.ones_like(m)
    for it in range(40):
        H, e, f, _ = hessian(model, x, h)
        fmax = np.abs(f).max()
        log.append({"iter": it, "energy_eV": e, "max_abs_force_eV_A": fmax})
        print("  newton %2d  E = %.10f eV  max|F| = %.3e eV/A" % (it, e, fmax))
        if fmax < 1e-6:
            return x, H, e, f
        Q = external_basis(x, ones)        # plain Cartesian projector
        P = np.eye(len(H)) - Q @ Q.T
        w, V = np.linalg.eigh(P @ H @ P)
        internal = np.argsort(np.abs(w))[Q.shape[1]:]
        step = sum(V[:, i] * (V[:, i] @ f.ravel()) / abs(w[i]) for i in internal)
        scale = min(1.0, 0.1 / np.abs(step).max())
        # backtracking: a Newton step on |eigenvalues| can overshoot on a stiff, anharmonic
        # model surface and cycle between two points; accept only steps that lower E
        for _ in range(30):
            trial = x + scale * step.reshape(x.shape)
            if model([trial])[0][0] <= e or scale < 1e-9:
                break
            scale *= 0.5
        x = trial
    raise SystemExit("no convergence of the minimisation (max|F| = %.2e eV/A)" % fmax)


def frequencies(H, x, m, linear):
    sm = np.sqrt(np.repeat(m, 3))
    Hmw = H / np.outer(sm, sm)                 # eV / (A^2 amu)
    Q = external_basis(x, m)
    P = np.eye(len(H)) - Q @ Q.T
    w, V = np.linalg.eigh(P @ Hmw @ P)
    nvib = 3 * len(m) - (5 if linear else 6)
    order = np.argsort(np.abs(w))[-nvib:]
    vib = np.sort(w[order])
    wn = [math.copysign(wavenumber(abs(v), 1.0), v) for v in vib]   # negative = imaginary
    ext = Q.T @ Hmw @ Q                        # what the projection removed (0 for an invariant model)
    ext_wn = max(wavenumber(abs(v), 1.0) for v in np.linalg.eigvalsh(ext))
    return wn, ext_wn


def geometry(x):
    v = x[1:] - x[0]
    d = [float(np.linalg.norm(u)) for u in v]
    ang = [math.degrees(math.acos(v[i] @ v[j] / d[i] / d[j])) for i in range(len(v)) for j in range(i + 1, len(v))]
    return d, ang


def main():
    ap = C.parser(__doc__)
    ap.add_argument("--ref", default=os.path.join(C.REPO, "examples", "data", "reference_frequencies.json"))
    ap.add_argument("--h", type=float, default=5e-4, help="finite-difference step for the Hessian (A)")
    a = ap.parse_args()
    if C.SYSTEMS[a.system]["molecule"] == "water_dimer":
        raise C.Missing("water_dimer: no psi4 reference frequencies (not computed); frequencies skipped")
    s, pot, out, work = C.setup(a)
    import json
    with open(a.ref) as f:
        ref = json.load(f)["systems"][a.molecule]
    sym = ref["symbols"]
    m = np.array([ref["masses_amu"][t] for t in sym])
    if a.molecule == "lih":
        x0 = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, ref["bond_length_angstrom"]]])
        linear = True
    else:
        x0 = np.array(ref["minimum_positions_angstrom"])
        linear = False
    model = Model(a, pot, sym, work)
    log = []
    x, H, e, f = optimise(model, x0, m, a.h, log)
    wn, ext_wn = frequencies(H, x, m, linear)
    d, ang = geometry(x)
    d0, ang0 = geometry(x0)
    refwn = ref["wavenumbers_cm-1"]
    res = {"potential": C.rel(pot), "potential_sha256": C.sha256(pot), "reference": C.rel(a.ref),
           "level_of_theory": ref["level_of_theory"], "hessian_step_A": a.h,
           "method": "Newton minimisation on analytic model forces (qmlff eval); Hessian by central differences "
                     "of analytic forces, mass-weighted (reference isotopic masses), Eckart-projected",
           "model_minimum_positions_angstrom": x.tolist(), "model_minimum_energy_eV": e,
           "max_abs_force_at_minimum_eV_A": float(np.abs(f).max()),
           "model_bond_lengths_A": d, "ref_bond_lengths_A": d0, "model_angles_deg": ang, "ref_angles_deg": ang0,
           "model_wavenumbers_cm-1": wn, "ref_wavenumbers_cm-1": refwn,
           "diff_cm-1": [w - r for w, r in zip(wn, refwn)],
           "rel_diff": [(w - r) / r for w, r in zip(wn, refwn)],
           "largest_external_mode_before_projection_cm-1": ext_wn,
           "newton": log, "eval_calls": model.calls}
    C.save_json(os.path.join(out, "frequencies.json"), res)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    k = np.arange(len(refwn))
    fig, ax = plt.subplots(figsize=(1.6 + 0.9 * len(refwn), 3.8))
    ax.bar(k - 0.2, refwn, 0.4, label="psi4 (%s)" % ref["level_of_theory"].split(" ")[0], color="tab:gray")
    ax.bar(k + 0.2, wn, 0.4, label="model (%s)" % os.path.basename(pot), color="tab:blue")
    for i in k:
        ax.text(i + 0.2, max(wn[i], 0) + 40, "%+.0f" % (wn[i] - refwn[i]), ha="center", fontsize=7)
    ax.set_xticks(k)
    ax.set_xticklabels(["%d" % (i + 1) for i in k])
    ax.set_xlabel("mode")
    ax.set_ylabel("harmonic wavenumber [cm$^{-1}$]")
    ax.set_ylim(min(0, min(wn) * 1.1), max(max(wn), max(refwn)) * 1.15)
    ax.set_title("%s at each method's own minimum" % s["label"], fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    png = os.path.join(out, "frequencies.png")
    fig.savefig(png, dpi=110)
    print("wrote", C.rel(png))
    print("%s model %s vs psi4 %s cm-1" % (a.system, [round(w, 1) for w in wn], refwn))


if __name__ == "__main__":
    C.main_wrapper(main)
