#!/usr/bin/python3
"""tools/plot_training.py: the tick labels of the parity plots must not overlap (issue 23:
absolute H2O energies around -2079.18 eV gave labels that ran into each other).
Usage: test_plot_training.py SOURCE_DIR"""
import os
import random
import sys

sys.path.insert(0, os.path.join(sys.argv[1], "tools"))
import plot_training as pt  # noqa: E402


def overlapping_labels(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    bad = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in axis.get_ticklabels()
                     if t.get_visible() and t.get_text()]
            for (ta, a), (tb, b) in zip(boxes, boxes[1:]):
                if a.overlaps(b):
                    bad.append((ta, tb))
    return bad


def rows(centre, spread, n=200, seed=1):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        e = centre + spread * rng.random()
        out.append({"split": "train" if i % 2 else "test", "e_ref": str(e), "e_pred": str(e + 1e-3 * rng.gauss(0, 1))})
    return out


failures = 0
for centre, spread in ((-2079.3, 0.25), (-2079.3, 0.02), (-7.9, 0.9), (-4160.7, 0.6), (-56.5, 0.1)):
    fig = pt.parity_figure(rows(centre, spread), "e_ref", "e_pred", "eV", "energies", ["train", "test"], relative=True)
    bad = overlapping_labels(fig)
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    print(f"energies {centre} + [0, {spread}] eV: x tick labels {labels}, xlabel '{fig.axes[0].get_xlabel()}'"
          + (f": OVERLAP {bad}" if bad else ""))
    failures += bool(bad)
    pt.plt.close(fig)
print("overlapping tick labels in", failures, "case(s)")
sys.exit(1 if failures else 0)
