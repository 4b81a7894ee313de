#!/usr/bin/env python3
"""Plots and numbers for the water-box runs of examples/water_box (pair style qml mbe).

  tools/plot_water_box.py DIR [--n 64]

Reads from DIR (any of them may be missing): nve_N.dat, rdf_OO_N.dat, npt_N.dat; writes
nve_N.png, rdf_OO_N.png, npt_N.png and summary_N.json (NVE drift per atom per ns from a
linear fit, RDF first-peak position and height, mean NPT density).

Experimental reference for g_OO(r): L. B. Skinner, C. Huang, D. Schlesinger,
L. G. M. Pettersson, A. Nilsson, C. J. Benmore, J. Chem. Phys. 138, 074506 (2013),
doi:10.1063/1.4790861 -- first maximum at 2.80(1) A with height 2.57(5) (from the paper's
abstract). The full tabulated curve is in that paper's supplementary material, which is not
available offline here, so only the first maximum is drawn (with its error bars).
"""
import argparse
import json
import os

import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SKINNER_PEAK_R, SKINNER_PEAK_R_ERR = 2.80, 0.01
SKINNER_PEAK_G, SKINNER_PEAK_G_ERR = 2.57, 0.05
ATOMS_PER_MOLECULE = 3


def load(path):
    return np.loadtxt(path, comments="#") if os.path.exists(path) else None


def last_rdf_block(path):
    """Last block of a fix ave/time vector file: rows 'bin r g coord'."""
    blocks, cur = [], None
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            w = line.split()
            if len(w) == 2:          # "timestep nrows" header of a block
                cur = []
                blocks.append(cur)
            else:
                cur.append([float(x) for x in w[1:]])
    return np.array(blocks[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--n", type=int, default=64, help="number of molecules (file suffix)")
    a = ap.parse_args()
    d, n = a.dir, a.n
    summary = {"molecules": n}

    nve = load(os.path.join(d, "nve_%d.dat" % n))
    if nve is not None and nve.ndim == 2 and len(nve) > 2:
        t, et = nve[:, 0], nve[:, 1]
        slope = np.polyfit(t, et, 1)[0]          # eV/ps
        natoms = ATOMS_PER_MOLECULE * n
        summary["nve"] = {"time_ps": float(t[-1] - t[0]),
                          "drift_eV_per_atom_per_ns": float(slope * 1000 / natoms),
                          "etotal_std_eV_per_atom": float(et.std() / natoms),
                          "max_abs_dev_eV_per_atom": float(np.abs(et - et[0]).max() / natoms),
                          "mean_temperature_K": float(nve[:, 4].mean())}
        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.plot(t, (et - et[0]) / natoms * 1e3, lw=0.8, label="total energy")
        ax.plot(t, (nve[:, 2] - nve[0, 2]) / natoms * 1e3, lw=0.5, alpha=0.6, label="potential energy")
        ax.set_xlabel("time (ps)")
        ax.set_ylabel("E - E(0) (meV/atom)")
        ax.set_title("NVE, %d H2O, qml mbe: drift %.2e eV/atom/ns" % (n, summary["nve"]["drift_eV_per_atom_per_ns"]))
        ax.legend()
        fig.tight_layout()
        fig.savefig(os.path.join(d, "nve_%d.png" % n), dpi=120)

    rdf_path = os.path.join(d, "rdf_OO_%d.dat" % n)
    if os.path.exists(rdf_path):
        rdf = last_rdf_block(rdf_path)
        r, g = rdf[:, 0], rdf[:, 1]
        k = int(np.argmax(g))
        summary["rdf"] = {"first_peak_r_A": float(r[k]), "first_peak_g": float(g[k]),
                          "experiment_first_peak": [SKINNER_PEAK_R, SKINNER_PEAK_G],
                          "experiment_source": "Skinner et al., J. Chem. Phys. 138, 074506 (2013)"}
        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.plot(r, g, label="qml mbe, %d H2O, NVT 300 K" % n)
        ax.errorbar([SKINNER_PEAK_R], [SKINNER_PEAK_G], xerr=[SKINNER_PEAK_R_ERR], yerr=[SKINNER_PEAK_G_ERR],
                    fmt="o", color="k", label="experiment, first maximum (Skinner et al. 2013)")
        ax.axhline(1.0, color="grey", lw=0.5)
        ax.set_xlabel("r_OO (A)")
        ax.set_ylabel("g_OO(r)")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(os.path.join(d, "rdf_OO_%d.png" % n), dpi=120)

    npt = load(os.path.join(d, "npt_%d.dat" % n))
    if npt is not None and npt.ndim == 2 and len(npt) > 2:
        half = len(npt) - len(npt) // 2  # the last half of the rows, as in.npt's "NPT mean density"
        summary["npt"] = {"averaged_over": "second half of the NPT production run (after the equilibration), "
                                           "every 20 steps; the log's 'NPT mean density' is the same mean",
                          "mean_density_g_cm3": float(npt[half:, 1].mean()),
                          "std_density_g_cm3": float(npt[half:, 1].std()),
                          "mean_pressure_bar": float(npt[half:, 2].mean()),
                          "experiment_density_g_cm3": 0.997}
        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.plot(npt[:, 0], npt[:, 1], lw=0.8, label="qml mbe, NPT 300 K, 1 bar")
        ax.axhline(0.997, color="k", ls="--", lw=0.8, label="experiment 0.997 g/cm^3 (298 K)")
        ax.set_xlabel("time (ps)")
        ax.set_ylabel("density (g/cm^3)")
        ax.legend()
        fig.tight_layout()
        fig.savefig(os.path.join(d, "npt_%d.png" % n), dpi=120)

    out = os.path.join(d, "summary_%d.json" % n)
    with open(out + ".tmp", "w") as f:
        json.dump(summary, f, indent=2)
    os.replace(out + ".tmp", out)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
