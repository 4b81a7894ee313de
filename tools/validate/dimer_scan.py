#!/usr/bin/python3
"""Two-body (interaction-energy) model along an O-O approach, next to the psi4 reference.

Usage: tools/validate/dimer_scan.py [--potential potentials/water_dimer_interaction.json]
                                    [--out docs/validation/water_box] [--bin DIR]

Takes the most strongly bound frame of examples/data/water_dimer.extxyz (a hydrogen-bonded
pair), translates molecule 2 rigidly along the O-O vector to d_OO = 1.8 ... 5.0 A and
evaluates the model (`qmlff eval`), next to psi4 along the same approach
(examples/data/reference_dimer_scan.json, made by tools/validate/reference_dimer_scan.py;
without it, only at the frame's own d_OO). The datasets' range of d_OO is shaded. A water model must rise steeply
below ~2.5 A (Pauli repulsion); a model whose output is a bounded observable times a
MinMax scale cannot rise above its training maximum. Writes OUT/dimer_scan.json and .png.
"""
import argparse
import os

import numpy as np

import common as C
from frequencies import Model


def main():
    ap = argparse.ArgumentParser(description=__doc__.strip().split("\n")[0])
    ap.add_argument("--potential", default=os.path.join(C.REPO, "potentials", "water_dimer_interaction.json"))
    ap.add_argument("--out", default=os.path.join(C.REPO, "docs", "validation", "water_box"))
    ap.add_argument("--work", default=os.path.join(C.REPO, "runs", "validate", "water_box"))
    ap.add_argument("--bin", default=os.environ.get("QMLFF_BIN", os.path.join(C.REPO, "build")))
    a = ap.parse_args()
    a.bin = os.path.abspath(a.bin)
    pot = os.path.abspath(a.potential)
    if not os.path.exists(pot):
        raise C.Missing("two-body potential %s does not exist" % C.rel(pot))
    os.makedirs(a.out, exist_ok=True)
    os.makedirs(a.work, exist_ok=True)
    import ase.io
    data = os.path.join(C.REPO, "examples", "data")
    frames = ase.io.read(os.path.join(data, "water_dimer.extxyz"), index=":")
    close = os.path.join(data, "water_dimer_close.extxyz")
    if os.path.exists(close):
        frames += ase.io.read(close, index=":")
    ref_scan_path = os.path.join(data, "reference_dimer_scan.json")
    ref_scan = C.load_json(ref_scan_path) if os.path.exists(ref_scan_path) else None
    if ref_scan:   # the psi4 scan's own geometry (the dataset may have grown since)
        sym, x = ref_scan["symbols"], np.array(ref_scan["positions_angstrom"])
        e_ref, i_ref = ref_scan["reference_interaction_energy_eV"], ref_scan["reference_frame_index"]
    else:
        ref = min(frames, key=lambda f: f.info["interaction_energy"])
        sym, x = ref.get_chemical_symbols(), ref.get_positions()
        e_ref, i_ref = float(ref.info["interaction_energy"]), int(ref.info.get("index", -1))
    u = x[3] - x[0]
    d0 = float(np.linalg.norm(u))
    u /= d0
    def approach(d):   # molecule 2 moved rigidly along the O-O vector to d_OO = d
        g = x.copy()
        g[3:] += (d - d0) * u
        return g

    ds = np.round(np.arange(1.8, 5.001, 0.1), 3)
    d_psi4 = ref_scan["d_OO_A"] if ref_scan else []
    # one model evaluation for the grid and the psi4 points
    E_all, _ = Model(a, pot, sym, a.work)([approach(d) for d in list(ds) + list(d_psi4)])
    E, Ep = E_all[:len(ds)], E_all[len(ds):]
    dset = [f.info["d_OO"] for f in frames]
    res = {"potential": C.rel(pot), "potential_sha256": C.sha256(pot),
           "reference_frame_index": i_ref, "reference_d_OO_A": d0,
           "reference_interaction_energy_eV": e_ref,
           "dataset_d_OO_range_A": [float(min(dset)), float(max(dset))],
           "d_OO_A": ds.tolist(), "model_energy_eV": [float(e) for e in E],
           "model_min_eV": float(E.min()), "model_min_at_A": float(ds[int(np.argmin(E))]),
           "model_at_2.0_A_eV": float(E[int(np.argmin(np.abs(ds - 2.0)))])}
    if ref_scan:   # model at the psi4 scan points, and the deviation there
        res["psi4_d_OO_A"] = ref_scan["d_OO_A"]
        res["psi4_interaction_energy_eV"] = ref_scan["interaction_energy_eV"]
        res["model_at_psi4_points_eV"] = [float(e) for e in Ep]
        res["max_abs_deviation_eV"] = float(np.max(np.abs(Ep - np.array(ref_scan["interaction_energy_eV"]))))
    C.save_json(os.path.join(a.out, "dimer_scan.json"), res)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.axvspan(min(dset), max(dset), color="0.9", label="dataset d_OO range")
    ax.plot(ds, E, "-", label="model E2 (rigid approach)")
    if ref_scan:
        ax.plot(ref_scan["d_OO_A"], ref_scan["interaction_energy_eV"], "ko", ms=4,
                label="psi4 B3LYP/6-31G* (same rigid approach)")
    else:
        ax.plot([d0], [e_ref], "ko", label="psi4 B3LYP/6-31G* at this geometry")
    ax.axhline(0, color="grey", lw=0.5)
    ax.set_xlabel("d_OO (A)")
    ax.set_ylabel("interaction energy (eV)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(a.out, "dimer_scan.png"), dpi=120)
    print("dimer scan: model minimum %.3f eV at %.2f A; %.3f eV at 2.0 A; psi4 %.3f eV at %.2f A%s"
          % (res["model_min_eV"], res["model_min_at_A"], res["model_at_2.0_A_eV"], e_ref, d0,
             "; largest |model - psi4| on the scan %.3f eV" % res["max_abs_deviation_eV"] if ref_scan else ""))


if __name__ == "__main__":
    C.main_wrapper(main)
