#!/usr/bin/python3
"""Total energies and forces of the water dimer from the shipped many-body expansion.

Usage: tools/validate/dimer_mbe.py [--e1 potentials/h2o.json]
                                   [--e2 potentials/water_dimer_interaction.json]
                                   [--rs 4.5 --rc 5.5] [--out docs/validation/water_dimer_mbe] [--bin DIR]

qmlff ships no single total-energy dimer file; the dimer's total energy in LAMMPS is what
`pair_style qml mbe R_S R_C` computes for two molecules:
    E = E1(monomer 1) + E1(monomer 2) + s(d_OO) E2(dimer),
with s the C2 switch of src/interface/many_body.h. This script evaluates exactly that on
every frame of examples/data/water_dimer.extxyz (psi4 total energies and forces), from
`qmlff eval` of E1 on the 1600 monomers and of E2 on the 800 dimers, and reports the
metrics on all frames and on E2's held-out test frames (its training split, recovered
from the provenance like tools/validate/test_split.py does; E1 never saw these monomers).
Also without the switch (the plain two-body sum). Writes OUT/summary.json and
OUT/parity.png (test frames).
"""
import argparse
import json
import os

import numpy as np

import common as C

DATA = os.path.join(C.REPO, "examples", "data", "water_dimer.extxyz")


def switch(r, rs, rc):
    """s(r) and ds/dr of SmoothSwitch (many_body.h)."""
    t = np.clip((r - rs) / (rc - rs), 0.0, 1.0)
    s = 1.0 - (10 * t**3 - 15 * t**4 + 6 * t**5)
    ds = -(30 * t**2 - 60 * t**3 + 30 * t**4) / (rc - rs)
    ds = np.where((r > rs) & (r < rc), ds, 0.0)
    return s, ds


def e2_test_frames(a, e2, work):
    """Indices (0-based, within water_dimer.extxyz) of E2's test frames."""
    prov = C.load_potential(e2)["provenance"]
    cfg = json.loads(json.dumps(prov["config"]))
    base = os.path.join(C.REPO, "examples", "train")   # data paths are relative to the config's folder
    d = cfg["data"]
    d["file"] = os.path.normpath(os.path.join(base, d["file"]))
    d["extra_files"] = [os.path.normpath(os.path.join(base, x)) for x in d.get("extra_files", [])]
    if C.sha256(d["file"]) != prov["datasets"][0]["checksum"]:
        raise C.Missing("%s changed since E2 was trained: its split cannot be recovered" % C.rel(d["file"]))
    split = C.training_split(a, cfg, work)
    n_main = d.get("max_frames") or 10**9
    return {k for k, v in split.items() if v == "test" and k < n_main}


def pair_metrics(ref, pred):
    return C.metrics(list(zip(ref.ravel().tolist(), pred.ravel().tolist())))


def main():
    ap = argparse.ArgumentParser(description=__doc__.strip().split("\n")[0])
    ap.add_argument("--e1", default=os.path.join(C.REPO, "potentials", "h2o.json"))
    ap.add_argument("--e2", default=os.path.join(C.REPO, "potentials", "water_dimer_interaction.json"))
    ap.add_argument("--rs", type=float, default=4.5)
    ap.add_argument("--rc", type=float, default=5.5)
    ap.add_argument("--out", default=os.path.join(C.REPO, "docs", "validation", "water_dimer_mbe"))
    ap.add_argument("--work", default=os.path.join(C.REPO, "runs", "validate", "water_dimer_mbe"))
    ap.add_argument("--bin", default=os.environ.get("QMLFF_BIN", os.path.join(C.REPO, "build")))
    a = ap.parse_args()
    a.bin = os.path.abspath(a.bin)
    for d in (a.out, a.work):
        os.makedirs(d, exist_ok=True)
    from ase.io import read, write
    frames = read(DATA, ":")
    n = len(frames)
    monomers = []
    for fr in frames:
        for m, idx in enumerate(([0, 1, 2], [3, 4, 5])):
            mono = fr[idx]
            mono.arrays["forces"] = fr.arrays["forces_mono"][idx].copy()
            mono.info = {"energy": fr.info["energy_mono%d" % (m + 1)]}
            monomers.append(mono)
    mpath = os.path.join(a.work, "monomers.extxyz")
    write(mpath, monomers, format="extxyz")
    q = C.binary(a, "qmlff")
    C.run([q, "eval", a.e1, mpath, "--csv", os.path.join(a.work, "e1.csv"), "--force", "-q"])
    C.run([q, "eval", a.e2, DATA, "--energy-key", "interaction_energy", "--forces-key", "interaction_forces",
           "--csv", os.path.join(a.work, "e2.csv"), "--force", "-q"])
    e1, f1 = C.read_predictions(os.path.join(a.work, "e1.csv"), 3)
    e2, f2 = C.read_predictions(os.path.join(a.work, "e2.csv"), 6)
    pos = np.array([fr.positions for fr in frames])
    e_ref = np.array([fr.info["energy"] for fr in frames])
    f_ref = np.array([fr.arrays["forces"] for fr in frames])
    d = pos[:, 3] - pos[:, 0]
    r = np.linalg.norm(d, axis=1)
    s, ds = switch(r, a.rs, a.rc)
    f_mono = np.concatenate([f1[0::2], f1[1::2]], axis=1)        # monomer forces in dimer atom order
    e_sum = e1[0::2] + e1[1::2]
    pred = {"plain two-body sum": (e_sum + e2, f_mono + f2)}
    fs = f_mono + s[:, None, None] * f2
    g = (e2 * ds / r)[:, None] * d                                 # -dE/dx of s(r) E2 on O1; minus on O2
    fs[:, 0] += g
    fs[:, 3] -= g
    pred["mbe %g %g (as LAMMPS)" % (a.rs, a.rc)] = (e_sum + s * e2, fs)
    test = sorted(e2_test_frames(a, a.e2, a.work))
    out = {"e1": C.rel(a.e1), "e1_sha256": C.sha256(a.e1), "e2": C.rel(a.e2), "e2_sha256": C.sha256(a.e2),
           "data": C.rel(DATA), "frames": n, "e2_test_frames": len(test), "results": {}}
    for name, (ep, fp) in pred.items():
        out["results"][name] = {
            "all": {"energy": pair_metrics(e_ref, ep), "forces": pair_metrics(f_ref, fp)},
            "e2_test": {"energy": pair_metrics(e_ref[test], ep[test]), "forces": pair_metrics(f_ref[test], fp[test])}}
        t = out["results"][name]["e2_test"]
        print("%-28s E2-test frames: MSE(E) %.3e eV^2 R2 %.4f  MSE(F) %.3e eV^2/A^2 R2 %.4f"
              % (name, t["energy"]["mse"], t["energy"]["r2"], t["forces"]["mse"], t["forces"]["r2"]))
    C.save_json(os.path.join(a.out, "summary.json"), out)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    ep, fp = pred["mbe %g %g (as LAMMPS)" % (a.rs, a.rc)]
    fig, ax = plt.subplots(1, 2, figsize=(9, 4))
    e0 = e_ref[test].min()
    ax[0].plot(e_ref[test] - e0, ep[test] - e0, ".", ms=3)
    lim = [0, (e_ref[test] - e0).max()]
    ax[0].plot(lim, lim, "k-", lw=0.5)
    ax[0].set_xlabel("psi4 total energy - min (eV)")
    ax[0].set_ylabel("E1 + E1 + s E2 - same offset (eV)")
    ax[1].plot(f_ref[test].ravel(), fp[test].ravel(), ".", ms=1)
    lim = [f_ref[test].min(), f_ref[test].max()]
    ax[1].plot(lim, lim, "k-", lw=0.5)
    ax[1].set_xlabel("psi4 force component (eV/A)")
    ax[1].set_ylabel("MBE force component (eV/A)")
    fig.suptitle("Water dimer, total energy from the many-body expansion (E2 test frames, n=%d)" % len(test))
    fig.tight_layout()
    fig.savefig(os.path.join(a.out, "parity.png"), dpi=110)
    print("wrote", C.rel(os.path.join(a.out, "summary.json")), "and parity.png")


if __name__ == "__main__":
    C.main_wrapper(main)
