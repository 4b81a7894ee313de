#!/usr/bin/python3
"""Langevin NVT run of a potential in LAMMPS (examples/<system>/in.nvt): temperature vs time.

Usage: tools/validate/nvt.py SYSTEM [--potential P] [--steps N] [--every K] [--out DIR] [--bin DIR]

Runs lmp_qml on examples/<system>/in.nvt (thermo every K steps in a copy of the input) and
writes OUT/nvt.json (mean temperature vs the 300 K target) and OUT/nvt_temperature.png.
"""
import os
import re

import common as C
from nve import md_setup, run_md


def main():
    a, s, pot, out, work = md_setup(__doc__, every=20)
    rows, text, err, dt_ps = run_md(a, s, pot, work, "in.nvt", "TotEng")
    t = [r["Step"] * dt_ps for r in rows]
    T = [r["Temp"] for r in rows]
    m = re.search(r"NVT mean temperature ([0-9.]+) K", text)
    res = {"potential": C.rel(pot), "input": "examples/%s/in.nvt" % a.molecule, "steps": a.steps, "time_ps": t[-1],
           "mean_T_K_lammps": float(m.group(1)) if m else None, "mean_T_K_thermo_samples": sum(T) / len(T),
           "target_T_K": 300.0, "max_bond_A": max(r["v_rmax"] for r in rows),
           "error": err[:400] if err else None,
           "completed": err is None}
    C.save_json(os.path.join(out, "nvt.json"), res)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(6.4, 5.0), sharex=True)
    ax.plot(t, T, lw=0.5, color="0.5", label="instantaneous (every %d steps)" % a.every)
    cum = [sum(T[:i + 1]) / (i + 1) for i in range(len(T))]
    ax.plot(t, cum, color="k", lw=1.2, label="running average")
    ax.axhline(300.0, color="r", ls="--", lw=0.8, label="target 300 K")
    ax.set_ylabel("T [K]")
    ax2.plot(t, [r["v_rmax"] for r in rows], lw=0.6, color="tab:blue")
    ax2.set_ylabel("longest bond [Å]")
    ax2.set_xlabel("time [ps]")
    if err:
        ax2.set_title("run stopped at %.2f ps: %s" % (t[-1], err[:70]), fontsize=7, color="r")
    ax.set_title("%s Langevin NVT (damping 0.1 ps), %s" % (s["label"], os.path.basename(pot)), fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    png = os.path.join(out, "nvt_temperature.png")
    fig.savefig(png, dpi=110)
    print("wrote", C.rel(png))
    print("%s NVT: mean T %.1f K (target 300 K) over %.2f ps%s" % (a.system, res["mean_T_K_thermo_samples"], t[-1],
                                                                 "; STOPPED: " + err if err else ""))


if __name__ == "__main__":
    C.main_wrapper(main)
