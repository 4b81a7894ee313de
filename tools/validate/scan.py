#!/usr/bin/python3
"""Bond-stretch energy curve of a potential next to the ab initio reference.

Usage: tools/validate/scan.py SYSTEM [--potential P] [--out DIR] [--bin DIR]

One X-H bond (atom 2) of the psi4 minimum is stretched from 0.6 to 3.9 A (inside the 4 A
fragment cutoff), the other atoms fixed; the model energies (`qmlff eval`) are compared
with the reference along the same cut, both relative to their value at the psi4 minimum:
LiH with the FCI/STO-3G scan of examples/data/lih.extxyz, H2O and NH3 with the B3LYP/6-31G*
points of examples/data/reference_scans.json (tools/validate/reference_scans.py). The
shaded band is the range of that bond length in the potential's dataset. Writes
OUT/scan.json and OUT/scan.png. Not for the water dimer.
"""
import json
import os

import numpy as np

import common as C
from frequencies import Model
from reference_scans import stretched


def main():
    ap = C.parser(__doc__)
    a = ap.parse_args()
    if C.SYSTEMS[a.system]["molecule"] == "water_dimer":
        raise C.Missing("water_dimer: no bond-stretch scan (intramolecular cuts are the H2O model's business)")
    s, pot, out, work = C.setup(a)
    data = os.path.join(C.REPO, "examples", "data")
    with open(os.path.join(data, "reference_frequencies.json")) as f:
        fref = json.load(f)["systems"][a.molecule]
    sym = fref["symbols"]
    # the X-H distances covered by the dataset (all X-H pairs with X = atom 1)
    frames = C.read_frames(os.path.join(data, a.molecule + ".extxyz"))
    dists = []
    for _, fr in frames:
        p = np.array([[float(v) for v in line.split()[1:4]] for line in fr[2:]])
        dists += [float(np.linalg.norm(p[k] - p[0])) for k in range(1, len(p))]
    if a.molecule == "lih":
        pos0 = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, fref["bond_length_angstrom"]]])
        ref_r, ref_e = [], []
        for _, fr in frames:
            info = fr[1]
            ref_r.append(float(info.split("bond_length=")[1].split()[0]))
            ref_e.append(float(info.split(" energy=")[1].split()[0]))
        ref_label = "psi4 FCI/STO-3G (dataset scan)"
    else:
        p = os.path.join(data, "reference_scans.json")
        if not os.path.exists(p):
            raise C.Missing("%s missing: run tools/validate/reference_scans.py (psi4)" % C.rel(p))
        with open(p) as f:
            sref = json.load(f)["systems"][a.molecule]
        pos0 = np.array(sref["minimum_positions_angstrom"])
        ref_r, ref_e = sref["r_angstrom"], sref["energy_eV"]
        ref_label = "psi4 B3LYP/6-31G* (restricted KS)"
    r0 = float(np.linalg.norm(pos0[1] - pos0[0]))
    grid = sorted(set(np.round(np.linspace(0.6, 3.9, 111), 4).tolist() + [r0]))
    E, _ = Model(a, pot, sym, work)([stretched(pos0, r) for r in grid])
    e0_model = float(E[grid.index(r0)])
    e0_ref = float(np.interp(r0, ref_r, ref_e)) if a.molecule == "lih" else float(ref_e[list(ref_r).index(r0)])
    pot_json = C.load_potential(pot)
    res = {"potential": C.rel(pot), "potential_sha256": C.sha256(pot), "r0_angstrom": r0,
           "dataset_bond_range_angstrom": [min(dists), max(dists)],
           "model_r": grid, "model_dE_eV": (E - e0_model).tolist(),
           "ref_r": list(ref_r), "ref_dE_eV": (np.array(ref_e) - e0_ref).tolist(), "reference": ref_label,
           "model_max_dE_on_grid_eV": float((E - e0_model).max())}
    # E = scale*<O> + offset with <O> inside the observable's spectrum: the model's energy range
    sc = (pot_json.get("provenance") or {}).get("metrics", {}).get("scaling", {})
    if pot_json.get("bonds") or pot_json.get("repulsion"):
        res["model_unbounded_by"] = "fixed Morse bonds" if pot_json.get("bonds") else "fixed repulsion"
    elif "observable_max" in sc:   # with a fixed baseline the circuit's range caps only the remainder
        o = pot_json["output"]
        lo, hi = sorted([o["offset"] + o["scale"] * sc["observable_min"], o["offset"] + o["scale"] * sc["observable_max"]])
        res["model_energy_range_eV"] = hi - lo
        res["model_ceiling_above_psi4_min_geometry_eV"] = hi - e0_model
    C.save_json(os.path.join(out, "scan.json"), res)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.0, 4.0))
    ax.axvspan(min(dists), max(dists), color="tab:green", alpha=0.15, label="bond lengths in the dataset")
    ax.plot(ref_r, np.array(ref_e) - e0_ref, "o" if a.molecule != "lih" else "-", ms=4, color="k", label=ref_label)
    ax.plot(grid, E - e0_model, "-", color="tab:blue", label="model (%s)" % os.path.basename(pot))
    if "model_ceiling_above_psi4_min_geometry_eV" in res:
        ax.axhline(res["model_ceiling_above_psi4_min_geometry_eV"], color="tab:blue", ls=":", lw=0.8,
                   label="highest energy the model can output")
    top = max(1.0, 1.3 * float((E - e0_model).max()))
    ax.set_ylim(-0.1 * top, min(top, 8.0))
    ax.set_xlabel("r(%s–%s) [Å], other atoms fixed at the psi4 minimum" % (sym[0], sym[1]))
    ax.set_ylabel("E − E(psi4 minimum geometry) [eV]")
    ax.set_title("%s bond stretch" % s["label"], fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    png = os.path.join(out, "scan.png")
    fig.savefig(png, dpi=110)
    print("wrote", C.rel(png))
    print("%s scan: dataset bond range %.3f-%.3f A; model dE at 3.9 A = %.3f eV, ceiling %s eV" % (
        a.system, min(dists), max(dists), float(E[-1] - e0_model), res.get("model_ceiling_above_psi4_min_geometry_eV")))


if __name__ == "__main__":
    C.main_wrapper(main)
