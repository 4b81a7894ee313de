#!/usr/bin/env python3
"""Write a LAMMPS data file (atom_style full, one molecule ID per molecule) of rigid-geometry
molecules at random orientations on a jittered cubic lattice, for pair style qml.

Examples:
  make_water_box.py -n 1000 -o water1000.data             # 1000 H2O at 1 g/cm^3
  make_water_box.py -n 8000 -o water8000.data
  make_water_box.py -n 64 --mix lih:16 -o mixed.data       # 64 H2O + 16 LiH
  make_water_box.py -n 1000 --classical -o spcfw1000.data  # + bonds, angles, charges

Atom types follow species order of first appearance (H2O: 1=O 2=H; with --mix lih: 3=Li).
Molecules are placed so that some cross the periodic boundaries; coordinates are wrapped
into the box and image flags written, so unwrapped molecules are whole.
"""
import argparse
import math
import random

# geometries (Angstrom), first atom at the origin
GEOM = {
    "h2o": [("O", (0.0, 0.0, 0.0)),
            ("H", (0.9572, 0.0, 0.0)),
            ("H", (0.9572 * math.cos(math.radians(104.52)), 0.9572 * math.sin(math.radians(104.52)), 0.0))],
    "lih": [("Li", (0.0, 0.0, 0.0)), ("H", (1.5957, 0.0, 0.0))],
    "nh3": [("N", (0.0, 0.0, 0.0)),
            ("H", (0.9377, 0.0, -0.3816)),
            ("H", (-0.4689, 0.8121, -0.3816)),
            ("H", (-0.4689, -0.8121, -0.3816))],
}
MASS = {"H": 1.008, "O": 15.9994, "Li": 6.941, "N": 14.0067}
CHARGE = {"O": -0.82, "H": 0.41}  # SPC/Fw (classical comparison only)
# volume per molecule (A^3): water at 1 g/cm^3; others roughly liquid-like
VOLUME = {"h2o": 29.9, "lih": 20.0, "nh3": 41.0}


def random_rotation(rng):
    q = [rng.gauss(0, 1) for _ in range(4)]
    n = math.sqrt(sum(c * c for c in q))
    a, b, c, d = (x / n for x in q)
    return [[a*a+b*b-c*c-d*d, 2*(b*c-a*d), 2*(b*d+a*c)],
            [2*(b*c+a*d), a*a-b*b+c*c-d*d, 2*(c*d-a*b)],
            [2*(b*d-a*c), 2*(c*d+a*b), a*a-b*b-c*c+d*d]]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", "--waters", type=int, default=1000, help="number of H2O molecules")
    p.add_argument("--mix", action="append", default=[], help="extra molecules KIND:COUNT (lih, nh3, h2o)")
    p.add_argument("--box", type=float, default=0.0, help="cubic box length (A); default from density")
    p.add_argument("--seed", type=int, default=12345)
    p.add_argument("--classical", action="store_true", help="write bonds, angles and SPC/Fw charges (water only)")
    p.add_argument("--jitter", type=float, default=0.3, help="random displacement of lattice sites (A)")
    p.add_argument("-o", "--output", required=True)
    a = p.parse_args()
    rng = random.Random(a.seed)

    mols = ["h2o"] * a.waters
    for spec in a.mix:
        kind, count = spec.split(":")
        mols += [kind] * int(count)
    if a.classical and any(m != "h2o" for m in mols):
        p.error("--classical supports water only")
    rng.shuffle(mols)
    nmol = len(mols)
    vol = sum(VOLUME[m] for m in mols)
    L = a.box if a.box > 0 else vol ** (1.0 / 3.0)
    nside = math.ceil(nmol ** (1.0 / 3.0) - 1e-9)
    sp = L / nside
    sites = [(i, j, k) for i in range(nside) for j in range(nside) for k in range(nside)]
    rng.shuffle(sites)
    shift = [rng.uniform(0, sp) for _ in range(3)]  # puts molecules across the boundaries

    species = []
    for m in ["h2o"] + sorted(set(mols) - {"h2o"}) if "h2o" in mols else sorted(set(mols)):
        for s, _ in GEOM[m]:
            if s not in species:
                species.append(s)
    atoms, bonds, angles = [], [], []
    for im, kind in enumerate(mols):
        site = sites[im]
        c = [(site[d] + 0.5) * sp + shift[d] + rng.uniform(-a.jitter, a.jitter) for d in range(3)]
        R = random_rotation(rng)
        first = len(atoms) + 1
        for s, r in GEOM[kind]:
            x = [c[d] + sum(R[d][e] * r[e] for e in range(3)) for d in range(3)]
            img = [math.floor(x[d] / L) for d in range(3)]
            xw = [x[d] - img[d] * L for d in range(3)]
            atoms.append((len(atoms) + 1, im + 1, species.index(s) + 1, CHARGE.get(s, 0.0) if a.classical else 0.0, xw, img))
        if a.classical:
            bonds += [(first, first + 1), (first, first + 2)]
            angles.append((first + 1, first, first + 2))

    with open(a.output, "w") as f:
        f.write(f"# {nmol} molecules ({', '.join(f'{mols.count(k)} {k}' for k in sorted(set(mols)))}) by make_water_box.py seed {a.seed}\n\n")
        f.write(f"{len(atoms)} atoms\n{len(species)} atom types\n")
        if a.classical:
            f.write(f"{len(bonds)} bonds\n1 bond types\n{len(angles)} angles\n1 angle types\n")
        f.write(f"\n0 {L:.10f} xlo xhi\n0 {L:.10f} ylo yhi\n0 {L:.10f} zlo zhi\n\nMasses\n\n")
        for t, s in enumerate(species):
            f.write(f"{t + 1} {MASS[s]}  # {s}\n")
        f.write("\nAtoms  # full\n\n")
        for (i, m, t, q, x, img) in atoms:
            f.write(f"{i} {m} {t} {q} {x[0]:.12f} {x[1]:.12f} {x[2]:.12f} {img[0]} {img[1]} {img[2]}\n")
        if a.classical:
            f.write("\nBonds\n\n")
            for k, (i, j) in enumerate(bonds):
                f.write(f"{k + 1} 1 {i} {j}\n")
            f.write("\nAngles\n\n")
            for k, (i, j, l) in enumerate(angles):
                f.write(f"{k + 1} 1 {i} {j} {l}\n")


if __name__ == "__main__":
    main()
