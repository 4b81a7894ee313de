#!/usr/bin/python3
"""PNG plots of a `qmlff train` output folder: learning curve and parity plots.

Usage:
    tools/plot_training.py OUTDIR [--out PREFIX] [--splits train,test]

Reads OUTDIR/learning_curve.csv, OUTDIR/parity_energy.csv and OUTDIR/parity_forces.csv
(written by `qmlff train`) and writes
    PREFIX_learning_curve.png   training loss (and its E / F parts) and validation MSE vs step
    PREFIX_parity_energy.png    predicted vs reference energies (eV), one colour per split
    PREFIX_parity_forces.png    predicted vs reference force components (eV/Angstrom)
PREFIX defaults to OUTDIR/plot. Needs python3-matplotlib (Debian package); no numpy.
"""
import argparse
import csv
import math
import os
import sys

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator
except ImportError:  # pragma: no cover
    sys.exit("plot_training.py: needs matplotlib (apt-get install python3-matplotlib)")

COLOURS = {"train": "tab:blue", "val": "tab:orange", "test": "tab:green"}


def read_csv(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def num(s):
    return float(s) if s not in ("", None) else math.nan


def learning_curve(rows, out):
    steps = [int(r["step"]) for r in rows]
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for key, label in (("train_loss", "train loss"), ("train_mse_e", "train MSE(E) [eV$^2$]"),
                       ("train_mse_f", "train MSE(F) [eV$^2$/Å$^2$]"), ("val_mse_e", "val MSE(E)"),
                       ("val_mse_f", "val MSE(F)")):
        pts = [(s, num(r[key])) for s, r in zip(steps, rows) if key in r and not math.isnan(num(r[key]))]
        if not pts or (key == "train_mse_e" and all(r["train_mse_f"] == "" for r in rows)):
            continue  # energy-only runs: the loss is MSE(E), plot it once
        xs, ys = zip(*pts)
        style = "o-" if key.startswith("val") else "-"
        ax.plot(xs, ys, style, ms=3, lw=1, label=label)
    ax.set_yscale("log")
    ax.set_xlabel("Adam step")
    ax.set_ylabel("loss / MSE")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def parity_figure(rows, ref_key, pred_key, unit, title, splits, relative=False):
    """The parity plot as a figure. relative: plot value - E0 with E0 a round reference value
    named in the axis labels, so that tick labels stay short (absolute energies such as
    -2079.183 eV made the labels of neighbouring ticks overlap)."""
    fig, ax = plt.subplots(figsize=(4.8, 4.6))
    refs = [float(r[ref_key]) for r in rows if r["split"] in splits]
    e0 = 0.0
    if relative and refs:
        span = max(refs) - min(refs)
        digits = max(0, -int(math.floor(math.log10(span)))) if span > 0 else 2
        e0 = round(sum(refs) / len(refs), digits)
    lo, hi = math.inf, -math.inf
    for split in splits:
        pts = [(float(r[ref_key]) - e0, float(r[pred_key]) - e0) for r in rows if r["split"] == split]
        if not pts:
            continue
        xs, ys = zip(*pts)
        rmse = math.sqrt(sum((y - x) ** 2 for x, y in pts) / len(pts))
        ax.scatter(xs, ys, s=6, alpha=0.7, color=COLOURS.get(split), label=f"{split} (RMSE {rmse:.2e} {unit})")
        lo, hi = min(lo, *xs, *ys), max(hi, *xs, *ys)
    if lo < hi:
        pad = 0.03 * (hi - lo)
        ax.plot([lo - pad, hi + pad], [lo - pad, hi + pad], "k--", lw=0.8)
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(lo - pad, hi + pad)
    shift = f" − ({e0:g} {unit})" if e0 != 0.0 else ""
    ax.set_xlabel(f"reference{shift} [{unit}]")
    ax.set_ylabel(f"predicted{shift} [{unit}]")
    ax.set_title(title)
    ax.ticklabel_format(useOffset=False)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


def parity(rows, ref_key, pred_key, unit, title, out, splits, relative=False):
    fig = parity_figure(rows, ref_key, pred_key, unit, title, splits, relative)
    fig.savefig(out, dpi=120)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--out", help="prefix of the PNG files (default OUTDIR/plot)")
    ap.add_argument("--splits", default="train,val,test")
    a = ap.parse_args()
    prefix = a.out or os.path.join(a.outdir, "plot")
    splits = [s for s in a.splits.split(",") if s]
    written = []
    p = os.path.join(a.outdir, "learning_curve.csv")
    if os.path.exists(p):
        learning_curve(read_csv(p), prefix + "_learning_curve.png")
        written.append(prefix + "_learning_curve.png")
    p = os.path.join(a.outdir, "parity_energy.csv")
    if os.path.exists(p):
        parity(read_csv(p), "e_ref", "e_pred", "eV", "energies", prefix + "_parity_energy.png", splits, relative=True)
        written.append(prefix + "_parity_energy.png")
    p = os.path.join(a.outdir, "parity_forces.csv")
    if os.path.exists(p):
        rows = read_csv(p)
        if rows:
            parity(rows, "f_ref", "f_pred", "eV/Å", "force components", prefix + "_parity_forces.png", splits)
            written.append(prefix + "_parity_forces.png")
    if not written:
        sys.exit(f"plot_training.py: no learning_curve.csv / parity_*.csv in {a.outdir}")
    for w in written:
        print(w)


if __name__ == "__main__":
    main()
