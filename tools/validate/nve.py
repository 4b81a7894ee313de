#!/usr/bin/python3
"""NVE energy conservation of a potential in LAMMPS (examples/<system>/in.nve).

Usage: tools/validate/nve.py SYSTEM [--potential P] [--steps N] [--every K] [--out DIR] [--bin DIR]

Runs lmp_qml on a copy of examples/<system>/in.nve in which only the thermo output is
changed (every K steps, 15 significant digits: the example's own thermo_modify
comes before its thermo_style, which resets it, so its log has 8 digits); the input itself minimises the structure
with the model, draws 300 K velocities and integrates N steps of 0.25 fs (velocity Verlet).
Writes OUT/nve.json (drift = slope of a linear fit of E_tot/atom vs time, in eV/atom/ns;
largest |E_tot(t) - E_tot(0)|/atom; mean T; wall time per step) and OUT/nve_energy.png.
"""
import os
import re

import common as C


def parse_log(text, column="v_drift", complete=True):
    """Last thermo block with the given column: list of dicts (complete=False: also a block
    cut short by an error)."""
    blocks, cur, head = [], None, None
    for line in text.splitlines():
        w = line.split()
        if w and w[0] == "Step":
            head, cur = w, []
            blocks.append((head, cur))
            continue
        if cur is not None:
            if w and len(w) == len(head) and re.match(r"^-?\d", w[0]):
                try:
                    cur.append(dict(zip(head, map(float, w))))
                except ValueError:
                    cur = None
            elif w and w[0] in ("Loop", "ERROR", "ERROR:"):
                cur = None
    blocks = [b for b in blocks if column in b[0] and b[1]]
    if not blocks:
        raise SystemExit("no thermo block with %s in the LAMMPS log" % column)
    return blocks[-1][1]


def run_md(a, s, pot, work, name, column, precise=False):
    """Runs a copy of examples/<system>/<name> (thermo every a.every steps, plus the longest
    bond v_rmax; precise: 15 digits) for a.steps steps. A run that LAMMPS stops with an
    error (e.g. a molecule beyond the fragment cutoff) is kept up to the error.
    Returns (thermo rows, log text, the ERROR line or None, timestep in ps)."""
    src = os.path.join(s["example"], name)
    with open(src) as f:
        new, n1 = re.subn(r"(?m)^thermo\s+\d+", "thermo         %d" % a.every, f.read())
    n2 = 1
    if precise:   # thermo_style resets thermo_modify, so the format goes after the thermo_style line
        new, n2 = re.subn(r"(?m)^(thermo_style\s+custom.*)$", r"\1\nthermo_modify  format float %.15g", new)
    if n1 != 1 or n2 != 1:
        raise SystemExit("%s: expected one 'thermo N' and one 'thermo_style custom' line" % C.rel(src))
    new = C.add_rmax(a.system, new)
    inp, log = os.path.join(work, name), os.path.join(work, "log." + name[3:])
    with open(inp, "w") as f:
        f.write("# copy of %s: thermo every %d steps, longest bond (tools/validate)\n" % (C.rel(src), a.every) + new)
    p = C.run([C.binary(a, "lmp_qml"), "-in", inp, "-var", "pot", pot, "-var", "mode", "file", "-var", "steps", str(a.steps),
               "-log", log, "-screen", "none"], cwd=work, check=False)
    with open(log) as f:
        text = f.read()
    err = re.search(r"(?m)^ERROR.*$", text)
    if p.returncode != 0 and not err:
        raise SystemExit("lmp_qml failed (exit %d):\n%s" % (p.returncode, p.stdout[-2000:]))
    rows = parse_log(text, column, complete=False)
    dt_ps = float(re.search(r"(?m)^timestep\s+([0-9.eE+-]+)", new).group(1))
    return rows, text, (err.group(0) if err else None), dt_ps


def md_setup(doc, every):
    """Command line of the MD scripts: common options plus --steps and --every."""
    ap = C.parser(doc)
    ap.add_argument("--steps", type=int, default=20000, help="MD steps of 0.25 fs (default 20000 = 5 ps)")
    ap.add_argument("--every", type=int, default=every, help="thermo output interval (steps)")
    a = ap.parse_args()
    return (a,) + C.setup(a)


def main():
    a, s, pot, out, work = md_setup(__doc__, every=4)
    rows, text, err, dt_ps = run_md(a, s, pot, work, "in.nve", "v_drift", precise=True)
    natoms = int(re.search(r"Loop time of .* with (\d+) atoms", text).group(1))   # the minimisation's
    loop = [float(x) for x in re.findall(r"Loop time of ([0-9.eE+-]+) on \d+ procs for %d steps" % a.steps, text)]
    t = [r["Step"] * dt_ps for r in rows]
    e = [r["TotEng"] / natoms for r in rows]
    de = [x - e[0] for x in e]
    n = len(t)
    tm, em = sum(t) / n, sum(de) / n
    slope = sum((x - tm) * (y - em) for x, y in zip(t, de)) / sum((x - tm) ** 2 for x in t)   # eV/atom/ps
    res = {"potential": C.rel(pot), "potential_sha256": C.sha256(pot), "input": "examples/%s/in.nve" % a.molecule,
           "atoms": natoms, "completed": err is None, "error": err[:400] if err else None,
           "timestep_fs": dt_ps * 1000, "steps": a.steps, "time_ps": t[-1],
           "drift_eV_per_atom_per_ns": slope * 1000,
           "max_abs_dE_eV_per_atom": max(abs(x) for x in de),
           "final_dE_eV_per_atom": de[-1],
           "std_dE_eV_per_atom": (sum((x - em) ** 2 for x in de) / n) ** 0.5,
           "mean_T_K": sum(r["Temp"] for r in rows) / n,
           "max_bond_A": max(r["v_rmax"] for r in rows),
           "mean_Ekin_eV_per_atom": sum(r["KinEng"] for r in rows) / n / natoms,
           "wall_s_per_step": loop[-1] / a.steps if loop else None,
           "command": "lmp_qml -in in.nve -var pot %s -var steps %d (thermo every %d)" % (C.rel(pot), a.steps, a.every)}
    C.save_json(os.path.join(out, "nve.json"), res)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(6.4, 5.2))
    k = [i for i, x in enumerate(t) if x <= 0.25]           # the first 0.25 ps, oscillations resolved
    ax1.plot([t[i] for i in k], [(rows[i]["PotEng"] - rows[0]["PotEng"]) / natoms * 1e3 for i in k], lw=0.8,
             label="potential")
    ax1.plot([t[i] for i in k], [(rows[i]["KinEng"] - rows[0]["KinEng"]) / natoms * 1e3 for i in k], lw=0.8,
             label="kinetic")
    ax1.plot([t[i] for i in k], [x * 1e3 for x in de[:len(k)]], lw=0.8, color="k", label="total")
    ax1.set_ylabel("E - E(0) [meV/atom]")
    ax1.set_xlabel("time [ps] (first 0.25 ps)")
    ax1.legend(fontsize=8, loc="upper right")
    ax2.plot(t, [x * 1e6 for x in de], lw=0.4, color="0.6", label="every %d steps" % a.every)
    w = max(1, int(round(0.1 / (dt_ps * a.every))))          # 0.1 ps running mean
    if n > w:
        run_t = [sum(t[i:i + w]) / w for i in range(0, n - w + 1, max(1, w // 4))]
        run_e = [sum(de[i:i + w]) / w * 1e6 for i in range(0, n - w + 1, max(1, w // 4))]
        ax2.plot(run_t, run_e, lw=1.0, color="k", label="0.1 ps running mean")
    ax2.plot(t, [(em + slope * (x - tm)) * 1e6 for x in t], "r--", lw=0.8,
             label="linear fit: %.2e eV/atom/ns" % (slope * 1000))
    ax2.set_ylabel("E$_{tot}$ - E$_{tot}$(0) [µeV/atom]")
    ax2.set_xlabel("time [ps]")
    ax2.legend(fontsize=8)
    if err:
        ax2.set_title("run stopped at %.2f ps: %s" % (t[-1], err[:70]), fontsize=7, color="r")
    fig.suptitle("%s NVE, %d atoms, dt = %.2f fs, T$_0$ = 300 K (%s)" % (s["label"], natoms, dt_ps * 1000,
                                                                       os.path.basename(pot)), fontsize=9)
    fig.tight_layout()
    png = os.path.join(out, "nve_energy.png")
    fig.savefig(png, dpi=110)
    print("wrote", C.rel(png))
    print("%s NVE: drift %.3e eV/atom/ns, max|dE| %.3e eV/atom over %.2f ps%s" % (
        a.system, res["drift_eV_per_atom_per_ns"], res["max_abs_dE_eV_per_atom"], t[-1],
        "; STOPPED: " + err if err else ""))


if __name__ == "__main__":
    C.main_wrapper(main)
