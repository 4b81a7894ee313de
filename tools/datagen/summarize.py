#!/usr/bin/python3
"""Print the per-dataset numbers used in examples/data/README.md (markdown) from
checks/readback.json, checks/forces_*.json and the generation logs/caches.

    /usr/bin/python3 tools/datagen/summarize.py
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, "cache")


def main():
    rb = json.load(open(os.path.join(HERE, "checks", "readback.json")))
    for k in ("lih", "h2o", "nh3", "dimer", "dimer_close"):
        if k not in rb:
            continue
        s = rb[k]
        print("## %s  (%s)" % (k, s["file"]))
        for key, v in s.items():
            if isinstance(v, float):
                v = "%.6g" % v
            print("- %s: %s" % (key, v))
        jl = os.path.join(CACHE, "%s.jsonl" % k)
        if os.path.exists(jl):
            secs = [json.loads(l)["seconds"] for l in open(jl) if l.strip()]
            timed = [t for t in secs if t == t]   # recovered results carry no time (NaN)
            print("- worker seconds per point (%d computed of %d cached): mean %.2f, median %.2f"
                  % (len(timed), len(secs), np.mean(timed), np.median(timed)))
        gj = os.path.join(CACHE, "%s_geoms.json" % k)
        if os.path.exists(gj):
            g = json.load(open(gj))
            print("- sampled: n=%d seed=%d rejected=%d" % (g["n"], g["seed"], g.get("rejected", 0)))
        fc = os.path.join(HERE, "checks", "forces_%s.json" % k)
        if os.path.exists(fc):
            f = json.load(open(fc))
            print("- force check (step %.4f A): max dev %.2e eV/A; frames %s"
                  % (f["step_angstrom"], f["max_abs_dev_eV_per_A"],
                     ", ".join("%d: max|F| %.3f dev %.2e rms %.2e" % (r["frame"], r["max_abs_force"],
                                                                      r["max_abs_dev"], r["rms_dev"])
                               for r in f["frames"])))
        print()


if __name__ == "__main__":
    main()
