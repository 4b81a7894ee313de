#!/usr/bin/python3
"""Analytic vs central finite-difference forces of a potential on its test frames.

Usage: tools/validate/check_forces.py SYSTEM [--potential P] [--step H] [--out DIR] [--bin DIR]

Runs `qmlff check-forces POTENTIAL runs/validate/<system>/test.extxyz` (the test frames
written by test_split.py; run that first) and writes OUT/check_forces.json: per frame the
largest |F - F_fd| over atoms and components, and over the frames its maximum and RMS, the
largest scaled deviation and |sum F|, and the tool's PASS/FAIL at its default tolerance.
"""
import os

import common as C


def main():
    ap = C.parser(__doc__)
    ap.add_argument("--step", default="1e-5", help="finite-difference step in A (qmlff default 1e-5)")
    a = ap.parse_args()
    s, pot, out, work = C.setup(a)
    data = os.path.join(work, "test.extxyz")
    if not os.path.exists(data):
        raise C.Missing("%s missing: run tools/validate/test_split.py %s first" % (C.rel(data), a.system))
    p = C.run([C.binary(a, "qmlff"), "check-forces", pot, data, "--step", a.step],
              log=os.path.join(work, "check_forces.log"), check=False)
    if p.returncode not in (0, 1):
        raise SystemExit("qmlff check-forces failed:\n" + p.stdout[-2000:])
    rows = []
    for line in p.stdout.splitlines():
        w = line.split()
        if len(w) == 8 and w[0].isdigit():
            rows.append({"frame": int(w[0]), "dev": float(w[2]), "max_f": float(w[5]), "scaled": float(w[6]),
                         "sum_f": float(w[7])})
    if not rows:
        raise SystemExit("could not parse the check-forces output:\n" + p.stdout[-2000:])
    dev = [r["dev"] for r in rows]
    res = {"potential": C.rel(pot), "potential_sha256": C.sha256(pot), "data": C.rel(data), "step_A": float(a.step),
           "frames": len(rows),
           "max_dev_eV_A": max(dev), "rms_of_frame_max_dev_eV_A": (sum(d * d for d in dev) / len(dev)) ** 0.5,
           "max_scaled_dev": max(r["scaled"] for r in rows), "max_abs_force_eV_A": max(r["max_f"] for r in rows),
           "max_abs_sum_f_eV_A": max(r["sum_f"] for r in rows),
           "result": "PASS" if p.returncode == 0 else "FAIL", "summary": p.stdout.strip().splitlines()[-1]}
    C.save_json(os.path.join(out, "check_forces.json"), res)
    print(res["summary"])


if __name__ == "__main__":
    C.main_wrapper(main)
