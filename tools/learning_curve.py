#!/usr/bin/python3
"""Learning curves: test errors of several models against the number of training frames.

    /usr/bin/python3 tools/learning_curve.py STUDY.json -o OUTDIR [--bin build] [--threads 2]

STUDY.json (paths relative to it):
    {"title": "...",
     "data": ["../data/h2o.extxyz", "../data/water_dimer.extxyz"],   # the pool of frames
     "test_frames": 300,             # fixed test set, drawn first
     "sizes": [50, 100, 200, 500],   # nested training sets (the first n of the rest)
     "seed": 0,
     "common": {...},                # training config shared by all models (qmlff train keys)
     "models": [{"label": "QNN", "config": {...}}, ...],
     "transfer": ["../data/methanol.extxyz"]}   # optional: frames no model trains on, evaluated
                                                # with `qmlff eval` after each run (any composition
                                                # of the model's species: atom-centred models)

The frames of all files are shuffled once (numpy default_rng(seed)); the first
`test_frames` are the test set for every size and model, and the training set of size n
is the first n of the remaining frames, so a larger set contains every smaller one. Each
(model, size) is one `qmlff train` run in OUTDIR/<label>/n<size>/ (skipped when its
metrics.json exists: the study resumes). Writes OUTDIR/learning_curve.csv,
OUTDIR/learning_curve.md (a table) and OUTDIR/learning_curve.png.
"""
import argparse
import copy
import csv
import json
import os
import subprocess
import sys

import numpy as np

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def merge(into, src):
    for k, v in src.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            merge(into[k], v)
        else:
            into[k] = copy.deepcopy(v)
    return into


def split_frames(study, base, work):
    """Writes work/test.extxyz and work/train_<n>.extxyz; returns {n: path}, test path."""
    import ase.io
    frames = []
    for p in study["data"]:
        frames += ase.io.read(os.path.join(base, p), index=":")
    order = np.random.default_rng(study.get("seed", 0)).permutation(len(frames))
    n_test = int(study["test_frames"])
    if n_test + max(study["sizes"]) > len(frames):
        sys.exit("learning_curve: %d test + %d training frames requested, the data has %d"
                 % (n_test, max(study["sizes"]), len(frames)))
    test = [frames[i] for i in order[:n_test]]
    pool = [frames[i] for i in order[n_test:]]
    os.makedirs(work, exist_ok=True)
    test_path = os.path.join(work, "test.extxyz")
    ase.io.write(test_path, test, format="extxyz")
    paths = {}
    for n in study["sizes"]:
        paths[n] = os.path.join(work, "train_%d.extxyz" % n)
        ase.io.write(paths[n], pool[:n], format="extxyz")
    return paths, test_path


def run_one(qmlff, cfg, out, threads, log):
    metrics = os.path.join(out, "metrics.json")
    if os.path.exists(metrics):
        return json.load(open(metrics))
    os.makedirs(out, exist_ok=True)
    cfg_path = os.path.join(out, "config.study.json")
    json.dump(cfg, open(cfg_path, "w"), indent=1)
    cmd = [qmlff, "train", cfg_path, "-o", out, "--threads", str(threads), "--force"]
    with open(os.path.join(out, "train.log"), "w") as fh:
        r = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        sys.exit("learning_curve: %s failed (exit %d); see %s" % (" ".join(cmd), r.returncode,
                                                                  os.path.join(out, "train.log")))
    log("  %s done" % out)
    return json.load(open(metrics))


def transfer_metrics(qmlff, potential, data):
    """MAE of energy (eV) and force components (eV/A) of `qmlff eval` on frames no model saw."""
    r = subprocess.run([qmlff, "eval", potential, data, "-q"], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("learning_curve: qmlff eval %s %s failed: %s" % (potential, data, r.stderr.strip()))
    mae = {}
    for line in r.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] in ("energy", "forces") and "MAE" in parts:
            mae["e" if parts[0] == "energy" else "f"] = float(parts[parts.index("MAE") + 1])
    return mae


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("study")
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--bin", default=os.path.join(REPO, "build"))
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    study = json.load(open(a.study))
    base = os.path.dirname(os.path.abspath(a.study))
    out = os.path.abspath(a.out)
    qmlff = os.path.join(a.bin, "qmlff")
    paths, test_path = split_frames(study, base, os.path.join(out, "splits"))
    rows = []
    for m in study["models"]:
        for n in study["sizes"]:
            cfg = merge(merge({}, study.get("common", {})), m["config"])
            cfg.setdefault("data", {})
            cfg["data"].update({"train": paths[n], "test": test_path, "file": "", "val_fraction": 0.0})
            met = run_one(qmlff, cfg, os.path.join(out, m["label"].replace(" ", "_"), "n%d" % n), a.threads,
                          lambda s: print(s, flush=True))
            t = met["test"]
            run_dir = os.path.join(out, m["label"].replace(" ", "_"), "n%d" % n)
            for k, tf in enumerate(study.get("transfer", [])):
                met["transfer%d" % k] = transfer_metrics(qmlff, os.path.join(run_dir, "potential.json"),
                                                         os.path.join(base, tf))
            rows.append({"model": m["label"], "n_train": n, "n_test": t["n_frames"],
                         "mae_e": t["energy"]["mae"], "rmse_e": t["energy"]["rmse"],
                         "mae_f": t.get("forces", {}).get("mae"), "rmse_f": t.get("forces", {}).get("rmse"),
                         "params": len(json.load(open(os.path.join(out, m["label"].replace(" ", "_"),
                                                                   "n%d" % n, "potential.json")))["parameters"]["values"]),
                         "seconds": met["timing"]["seconds_this_session"],
                         **{"transfer%d_mae_%s" % (k, q): met["transfer%d" % k][q]
                            for k in range(len(study.get("transfer", []))) for q in ("e", "f")}})
    with open(os.path.join(out, "learning_curve.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    transfer = study.get("transfer", [])
    lines = ["# %s" % study.get("title", "learning curve"), "",
             "Test set: %d frames, fixed; errors per structure (eV) and per force component (eV/Å)."
             % rows[0]["n_test"], "",
             "| model | parameters | training frames | MAE(E) meV | RMSE(E) meV | MAE(F) meV/Å | RMSE(F) meV/Å | train s |"
             + "".join(" %s MAE(E) meV | %s MAE(F) meV/Å |" % (os.path.basename(t), os.path.basename(t)) for t in transfer),
             "|---|---|---|---|---|---|---|---|" + "---|---|" * len(transfer)]
    for r in rows:
        f = lambda x: "—" if x is None else "%.1f" % (1e3 * x)
        extra = "".join(" %s | %s |" % (f(r.get("transfer%d_mae_e" % k)), f(r.get("transfer%d_mae_f" % k)))
                        for k in range(len(transfer)))
        lines.append("| %s | %d | %d | %s | %s | %s | %s | %.0f |%s" % (r["model"], r["params"], r["n_train"], f(r["mae_e"]),
                                                                     f(r["rmse_e"]), f(r["mae_f"]), f(r["rmse_f"]),
                                                                     r["seconds"], extra))
    open(os.path.join(out, "learning_curve.md"), "w").write("\n".join(lines) + "\n")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(1, 2, figsize=(10, 4))
    for m in study["models"]:
        rs = [r for r in rows if r["model"] == m["label"]]
        ax[0].loglog([r["n_train"] for r in rs], [1e3 * r["mae_e"] for r in rs], "o-", label=m["label"])
        if rs[0]["mae_f"] is not None:
            ax[1].loglog([r["n_train"] for r in rs], [1e3 * r["mae_f"] for r in rs], "o-", label=m["label"])
    ax[0].set(xlabel="training frames", ylabel="test MAE(E) / meV")
    ax[1].set(xlabel="training frames", ylabel="test MAE(F) / meV/Å")
    for x in ax:
        x.grid(True, which="both", alpha=0.3)
        x.legend()
    fig.suptitle(study.get("title", ""), fontsize=9)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "learning_curve.png"), dpi=120)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
