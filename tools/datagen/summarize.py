#!/usr/bin/python3
"""Print the per-dataset numbers used in examples/data/README.md (markdown) from
checks/readback.json, checks/forces_*.json and the generation logs/caches.

    /usr/bin/python3 tools/datagen/summarize.py [SET ...] [--checks-dir DIR]

Run tools/datagen/check_readback.py first (it writes checks/readback.json). Sampling
records (n, seed, rejections) come from samples/<set>_geoms.json for the sets whose
samples are committed (ethanol, malonaldehyde, methanol, trimer) and from
cache/<set>_geoms.json otherwise; the organic sets' minimum energy and harmonic
wavenumbers from samples/<set>_modes.json; worker times from cache/<set>.jsonl
(QMLFF_DATAGEN_CACHE moves the cache, as for datagen.py).
"""
import argparse
import json
import os
import sys

import numpy as np
from ase.units import Hartree

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from datagen import CACHE, COMMITTED_SAMPLES, SAMPLES  # noqa: E402  (no psi4 needed)

SETS = ("lih", "h2o", "nh3", "dimer", "dimer_close", "ethanol", "malonaldehyde", "methanol", "trimer")


def fmt(v):
    return "%.6g" % v if isinstance(v, float) else v


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sets", nargs="*", metavar="SET", help="default: every set in readback.json")
    ap.add_argument("--checks-dir", default=os.path.join(HERE, "checks"),
                    help="folder of readback.json and forces_<SET>.json (default tools/datagen/checks)")
    a = ap.parse_args()
    with open(os.path.join(a.checks_dir, "readback.json")) as f:
        rb = json.load(f)
    for k in a.sets or SETS:
        if k not in rb:
            print("## %s: not in %s (run check_readback.py %s first)\n" % (k, a.checks_dir, k))
            continue
        s = rb[k]
        print("## %s  (%s)" % (k, s["file"]))
        for key, v in s.items():
            print("- %s: %s" % (key, fmt(v)))
        jl = os.path.join(CACHE, "%s.jsonl" % k)
        if os.path.exists(jl):
            with open(jl) as f:
                secs = [json.loads(line)["seconds"] for line in f if line.strip()]
            timed = [t for t in secs if t == t]   # recovered results carry no time (NaN)
            if timed:
                print("- worker seconds per point (%d computed of %d cached): mean %.2f, median %.2f"
                      % (len(timed), len(secs), np.mean(timed), np.median(timed)))
        where = SAMPLES if k in COMMITTED_SAMPLES else CACHE
        gj = os.path.join(where, "%s_geoms.json" % k)
        if os.path.exists(gj):
            with open(gj) as f:
                g = json.load(f)
            print("- sampled: n=%d seed=%d rejected=%d (%s)" % (g["n"], g["seed"], g.get("rejected", 0),
                                                               os.path.relpath(gj, os.path.dirname(HERE))))
        mj = os.path.join(SAMPLES, "%s_modes.json" % k)
        if k in COMMITTED_SAMPLES and os.path.exists(mj):
            with open(mj) as f:
                m = json.load(f)
            print("- minimum: E = %.9f Ha = %.4f eV, max|gradient| %.1e Ha/bohr; wavenumbers %s cm-1"
                  % (m["energy"], m["energy"] * Hartree, m["grad_at_min_max"],
                     ", ".join("%.1f" % w for w in m.get("wavenumbers_cm-1", []))))
        fc = os.path.join(a.checks_dir, "forces_%s.json" % k)
        if os.path.exists(fc):
            with open(fc) as f:
                fr = json.load(f)
            print("- force check (step %.4f A): max dev %.2e eV/A; frames %s"
                  % (fr["step_angstrom"], fr["max_abs_dev_eV_per_A"],
                     ", ".join("%d: max|F| %.3f dev %.2e rms %.2e" % (r["frame"], r["max_abs_force"],
                                                                      r["max_abs_dev"], r["rms_dev"])
                               for r in fr["frames"])))
        print()


if __name__ == "__main__":
    main()
