#!/usr/bin/python3
"""Test-split metrics, parity plots and learning curve of a potential.

Usage: tools/validate/test_split.py SYSTEM [--potential P] [--learning-curve CSV] [--out DIR] [--bin DIR]

1. Recovers the potential's train/test split: its provenance holds the resolved training
   config (dataset, fractions, seed); `qmlff train` with that config and `steps=0` writes
   parity_energy.csv with the split of every frame (the split depends only on the frame
   count, the fractions and the seed). The dataset's SHA-256 is checked against the
   provenance.
2. `qmlff eval` of the potential on the train and test frames (CSV).
3. Writes parity_energy.csv / parity_forces.csv in `qmlff train`'s format plus the
   learning curve (default potentials/training/<system>/learning_curve.csv) into the work
   folder and runs tools/plot_training.py on it: OUT/plot_{learning_curve,parity_energy,
   parity_forces}.png.
4. OUT/test_split.json: test and train metrics (MSE, MAE, RMSE, R2, max) from the eval, the
   metrics stored in the provenance (they must agree) and the split sizes.
"""
import csv
import json
import os
import shutil

import common as C


def recover_split(a, pot, prov, work):
    cfg = prov["config"]
    data = cfg["data"]
    base = os.path.join(C.REPO, "examples", "train")   # data paths are relative to the config's folder
    if data.get("test") or data.get("train"):
        raise C.Missing("explicit train/test files in the provenance are not supported by this script")
    dfile = os.path.normpath(os.path.join(base, data["file"]))
    if not os.path.exists(dfile):
        raise C.Missing("dataset %s of the provenance not found" % dfile)
    want = prov["datasets"][0]["checksum"]
    have = C.sha256(dfile)
    warn = None
    if want != have:
        warn = ("dataset %s changed since training (%s, trained on %s): the recovered split is that of the "
                "current file" % (C.rel(dfile), have[:19], want[:19]))
        print("WARNING:", warn)
    cfg = json.loads(json.dumps(cfg))
    cfg["data"]["file"] = dfile
    split = C.training_split(a, cfg, work)
    return dfile, split, data.get("energy_key", "energy"), data.get("forces_key", "forces"), warn


def main():
    ap = C.parser(__doc__)
    ap.add_argument("--learning-curve", help="learning_curve.csv (default potentials/training/<system>/)")
    a = ap.parse_args()
    s, pot, out, work = C.setup(a)
    prov = C.load_potential(pot).get("provenance")
    if not prov:
        raise C.Missing("%s has no training provenance" % C.rel(pot))
    dfile, split, ekey, fkey, warn = recover_split(a, pot, prov, work)
    frames = C.read_frames(dfile)
    res = {"potential": C.rel(pot), "potential_sha256": C.sha256(pot), "dataset": C.rel(dfile),
           "energy_key": ekey, "forces_key": fkey, "warning": warn, "splits": {}}
    pdir = os.path.join(work, "plots")
    os.makedirs(pdir, exist_ok=True)
    pe = open(os.path.join(pdir, "parity_energy.csv"), "w")
    pf = open(os.path.join(pdir, "parity_forces.csv"), "w")
    pe.write("split,frame,line,e_ref,e_pred\n")
    pf.write("split,frame,atom,component,f_ref,f_pred\n")
    for name in ("train", "test"):
        idx = sorted(i for i, sp in split.items() if sp == name)
        if not idx:
            continue
        sub = [frames[i] for i in idx]
        xyz = os.path.join(work, name + ".extxyz")
        C.write_frames(xyz, sub)
        ecsv = os.path.join(work, name + "_eval.csv")
        C.run([C.binary(a, "qmlff"), "eval", pot, xyz, "--csv", ecsv, "--force", "-q",
               "--energy-key", ekey, "--forces-key", fkey], log=os.path.join(work, name + "_eval.log"))
        E, F = [], []
        with open(ecsv) as f:
            for r in csv.DictReader(f):
                if r["ref"] == "":
                    continue
                k = idx[int(r["frame"]) - 1]
                if r["quantity"] == "energy":
                    E.append((float(r["ref"]), float(r["pred"])))
                    pe.write("%s,%d,%s,%s,%s\n" % (name, k, r["line"], r["ref"], r["pred"]))
                else:
                    F.append((float(r["ref"]), float(r["pred"])))
                    pf.write("%s,%d,%s,%s,%s,%s\n" % (name, k, r["atom"], r["component"], r["ref"], r["pred"]))
        res["splits"][name] = {"frames": len(idx), "energy": C.metrics(E), "forces": C.metrics(F) if F else None}
    pe.close()
    pf.close()
    # the metrics written at training time must be reproduced by the eval of the file
    pm = prov.get("metrics", {})
    res["provenance_metrics"] = {sp: {q: pm.get(sp, {}).get(q) for q in ("energy", "forces")}
                                 for sp in ("train", "test") if sp in pm}
    diffs = []
    for sp in res["provenance_metrics"]:
        for q in ("energy", "forces"):
            m0, m1 = res["provenance_metrics"][sp][q], (res["splits"].get(sp) or {}).get(q)
            if m0 and m1:
                diffs.append(abs(m1["mse"] - m0["mse"]) / max(m0["mse"], 1e-300))
    res["max_rel_diff_mse_vs_provenance"] = max(diffs) if diffs else None
    if diffs and max(diffs) > 1e-6:
        print("WARNING: eval metrics differ from the provenance by up to %.2e (relative)" % max(diffs))
    lc = a.learning_curve or os.path.join(s["training_dir"], "learning_curve.csv")
    if os.path.exists(lc):
        shutil.copy(lc, os.path.join(pdir, "learning_curve.csv"))
        res["learning_curve"] = C.rel(os.path.abspath(lc))
    else:
        print("no learning curve at %s: plotting parity only" % C.rel(os.path.abspath(lc)))
        res["learning_curve"] = None
    C.run([C.PY, os.path.join(C.REPO, "tools", "plot_training.py"), pdir, "--out", os.path.join(out, "plot"),
           "--splits", "train,test"])
    C.save_json(os.path.join(out, "test_split.json"), res)
    t = res["splits"]["test"]
    print("%s test: MSE(E) %.3e eV2  MSE(F) %s eV2/A2" % (a.system, t["energy"]["mse"],
                                                        "%.3e" % t["forces"]["mse"] if t["forces"] else "-"))


if __name__ == "__main__":
    C.main_wrapper(main)
