"""Shared helpers of the tools/validate scripts: systems, binaries, extxyz frames, runs.

Binaries: `--bin DIR` or $QMLFF_BIN (default: <repo>/build) holding `qmlff` and `lmp_qml`.
Outputs: small JSON summaries and PNGs in docs/validation/<system>/ (committed), scratch
files (eval CSVs, LAMMPS logs, split files) in runs/validate/<system>/ (gitignored).
"""
import argparse
import csv
import hashlib
import json
import math
import os
import subprocess
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PY = "/usr/bin/python3"

SYSTEMS = {
    "lih": {"species": ["Li", "H"], "label": "LiH", "bonds": [(1, 2)]},
    "h2o": {"species": ["O", "H"], "label": "H2O", "bonds": [(1, 2), (1, 3)]},
    "nh3": {"species": ["N", "H"], "label": "NH3", "bonds": [(1, 2), (1, 3), (1, 4)]},
    "water_dimer": {"species": ["O", "H"], "label": "(H2O)2", "bonds": [(1, 2), (1, 3), (4, 5), (4, 6)]},
    # other model kinds for the same molecules: their own potential, config and training
    # folder; the molecule's example inputs and psi4 references
    "graph_lih": {"species": ["Li", "H"], "label": "LiH (graph QML)", "bonds": [(1, 2)], "molecule": "lih"},
    "graph_nh3": {"species": ["N", "H"], "label": "NH3 (graph QML)", "bonds": [(1, 2), (1, 3), (1, 4)],
                  "molecule": "nh3"},
}
for _k, _v in SYSTEMS.items():
    _v.setdefault("molecule", _k)
    _v["potential"] = os.path.join(REPO, "potentials", _k + ".json")
    _v["example"] = os.path.join(REPO, "examples", _v["molecule"])
    _v["train_config"] = os.path.join(REPO, "examples", "train", _k + ".json")
    _v["training_dir"] = os.path.join(REPO, "potentials", "training", _k)


def add_rmax(system, text):
    """Adds a thermo column v_rmax (longest covalent bond, A; atom IDs of the example inputs)
    to the (last) `thermo_style custom` line of a LAMMPS input text."""
    defs = ["variable       r%d equal sqrt((x[%d]-x[%d])^2+(y[%d]-y[%d])^2+(z[%d]-z[%d])^2)" % (k, i, j, i, j, i, j)
            for k, (i, j) in enumerate(SYSTEMS[system]["bonds"])]
    expr = "v_r0"
    for k in range(1, len(defs)):      # no max()/ternary() in LAMMPS 2021: max(a,b) = (a+b+|a-b|)/2
        expr = "0.5*((%s)+v_r%d+abs((%s)-v_r%d))" % (expr, k, expr, k)
    defs.append("variable       rmax equal %s" % expr)
    lines = text.split("\n")
    k = max(i for i, l in enumerate(lines) if l.startswith("thermo_style"))
    lines[k] = "%s\n%s v_rmax" % ("\n".join(defs), lines[k].split("#")[0].rstrip())
    return "\n".join(lines)


class Missing(Exception):
    """A potential or input is absent: the caller skips the system with this message."""


def parser(doc, steps=True):
    ap = argparse.ArgumentParser(description=doc.strip().split("\n")[0])
    ap.add_argument("system", choices=sorted(SYSTEMS))
    ap.add_argument("--potential", help="potential file (default potentials/<system>.json)")
    ap.add_argument("--out", help="folder for the JSON summary and PNGs (default docs/validation/<system>)")
    ap.add_argument("--work", help="scratch folder (default runs/validate/<system>)")
    ap.add_argument("--bin", default=os.environ.get("QMLFF_BIN", os.path.join(REPO, "build")),
                    help="folder with qmlff and lmp_qml (default $QMLFF_BIN or build/)")
    return ap


def setup(a):
    """Resolve defaults; returns (system dict, potential path, out dir, work dir)."""
    s = SYSTEMS[a.system]
    a.molecule = s["molecule"]   # lih for graph_lih: example inputs and psi4 references
    pot = os.path.abspath(a.potential or s["potential"])
    if not os.path.exists(pot):
        raise Missing("%s: potential %s does not exist" % (a.system, os.path.relpath(pot, REPO)))
    out = os.path.abspath(a.out or os.path.join(REPO, "docs", "validation", a.system))
    work = os.path.abspath(a.work or os.path.join(REPO, "runs", "validate", a.system))
    os.makedirs(out, exist_ok=True)
    os.makedirs(work, exist_ok=True)
    a.bin = os.path.abspath(a.bin)
    return s, pot, out, work


def binary(a, name):
    p = os.path.join(a.bin, name)
    if not os.access(p, os.X_OK):
        sys.exit("%s not found in %s: build it (cmake --build %s --target %s) or pass --bin / QMLFF_BIN"
                 % (name, a.bin, a.bin, name))
    return p


def run(cmd, cwd=None, log=None, check=True):
    """Run a command, print it (relative to the repo), return CompletedProcess."""
    print("+", " ".join(os.path.relpath(c, REPO) if os.path.isabs(c) and c.startswith(REPO) else c for c in cmd),
          flush=True)
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if log:
        with open(log, "w") as f:
            f.write(p.stdout)
    if check and p.returncode != 0:
        sys.exit("command failed (exit %d):\n%s" % (p.returncode, p.stdout[-3000:]))
    return p


def sha256(path):
    with open(path, "rb") as f:
        return "sha256:" + hashlib.sha256(f.read()).hexdigest()


def rel(path):
    return os.path.relpath(path, REPO)


def load_potential(pot):
    with open(pot) as f:
        return json.load(f)


def read_frames(path):
    """Raw extended-XYZ frames: list of (first line number (1-based), [lines])."""
    with open(path) as f:
        lines = f.read().splitlines()
    frames, i = [], 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        n = int(lines[i].split()[0])
        frames.append((i + 1, lines[i:i + 2 + n]))
        i += 2 + n
    return frames


def write_frames(path, frames):
    with open(path, "w") as f:
        for _, fr in frames:
            f.write("\n".join(fr) + "\n")


def write_xyz(path, symbols, geoms):
    """Unlabelled extended XYZ (positions only), one frame per geometry (Angstrom)."""
    with open(path, "w") as f:
        for g in geoms:
            f.write("%d\nProperties=species:S:1:pos:R:3 pbc=\"F F F\"\n" % len(symbols))
            for s, p in zip(symbols, g):
                f.write("%s %.12f %.12f %.12f\n" % (s, p[0], p[1], p[2]))


def load_json(path):
    with open(path) as f:
        return json.load(f)


def save_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, sort_keys=False)
        f.write("\n")
    print("wrote", rel(path))


def metrics(pairs):
    """MSE, MAE, RMSE, R2 and largest |error| of (reference, prediction) pairs."""
    ref = [r for r, _ in pairs]
    err = [p - r for r, p in pairs]
    n = len(err)
    mse = sum(e * e for e in err) / n
    mean = sum(ref) / n
    sst = sum((r - mean) ** 2 for r in ref)
    return {"n": n, "mse": mse, "mae": sum(abs(e) for e in err) / n, "rmse": math.sqrt(mse),
            "r2": 1 - sum(e * e for e in err) / sst if sst > 0 else float("nan"),
            "max_abs": max(abs(e) for e in err)}


def read_predictions(path, n_atoms):
    """Predicted energies (frames) and forces (frames x n_atoms x 3) from `qmlff eval --csv`."""
    import numpy as np
    with open(path) as f:
        rows = list(csv.DictReader(f))
    n = sum(r["quantity"] == "energy" for r in rows)
    E, F = np.zeros(n), np.zeros((n, n_atoms, 3))
    for r in rows:
        k = int(r["frame"]) - 1
        if r["quantity"] == "energy":
            E[k] = float(r["pred"])
        else:
            F[k, int(r["atom"]) - 1, "xyz".index(r["component"])] = float(r["pred"])
    return E, F


def training_split(a, cfg, work):
    """{frame: "train"|"test"|"val"} of a resolved training config (data paths absolute):
    `qmlff train` with steps = 0 writes the split of every frame (it depends only on the
    frame count, the fractions and the seed). Frames are numbered from 0 over data.file,
    then data.extra_files."""
    cfg = json.loads(json.dumps(cfg))
    cfg["steps"] = 0
    cfg["loss"] = {"type": "energy"}
    cfg.setdefault("cv", {})["folds"] = 0
    cfg["output"] = {k: v for k, v in cfg.get("output", {}).items() if k == "name"}
    cpath = os.path.join(work, "split_config.json")
    save_json(cpath, cfg)
    sdir = os.path.join(work, "split")
    run([binary(a, "qmlff"), "train", cpath, "-o", sdir, "--force", "--threads", "1"],
        log=os.path.join(work, "split.log"))
    split = {}
    with open(os.path.join(sdir, "parity_energy.csv")) as f:
        for r in csv.DictReader(f):
            split[int(r["frame"])] = r["split"]
    return split


def main_wrapper(fn):
    try:
        fn()
    except Missing as e:
        print("SKIP:", e, file=sys.stderr)
        sys.exit(3)
