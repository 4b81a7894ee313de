"""Reference molecules, levels of theory and the sampling checks of the organic sets
(issue 20: ethanol, malonaldehyde, methanol at the rMD17 level of theory).

Start geometries are rough (Angstrom); psi4 optimises them before the normal modes are
taken, so only their bonding topology matters. Atom orders follow rMD17.
"""
import numpy as np

# rMD17's level of theory (PBE/def2-SVP), with psi4's default DFT grid stated explicitly
# so that a change of psi4's defaults cannot silently change the data.
PBE_SVP_OPTIONS = {
    "basis": "def2-svp", "scf_type": "df", "dft_radial_points": 75,
    "dft_spherical_points": 302, "e_convergence": 1e-8, "d_convergence": 1e-8,
}

ORGANICS = {
    # C C O H H H H H H: methyl C, methylene C, O; H on the methyl (3), methylene (2), hydroxyl
    "ethanol": {
        "symbols": ["C", "C", "O", "H", "H", "H", "H", "H", "H"],
        "pos": [[1.1879, -0.3829, 0.0], [0.0, 0.5526, 0.0], [-1.2193, -0.1923, 0.0],
                [2.1164, 0.1904, 0.0], [1.1617, -1.0250, 0.8834], [1.1617, -1.0250, -0.8834],
                [0.0451, 1.2020, 0.8804], [0.0451, 1.2020, -0.8804], [-1.9605, 0.4279, 0.0]],
    },
    # enol form, intramolecular O-H...O=C bond: C C C O O H H H H
    # C1 carbonyl C, C2 central, C3 enol C; O1 carbonyl O, O2 hydroxyl O;
    # H on C1, C2, C3, then the hydroxyl H
    "malonaldehyde": {
        "symbols": ["C", "C", "C", "O", "O", "H", "H", "H", "H"],
        "pos": [[-1.25, 0.50, 0.0], [0.0, 1.22, 0.0], [1.20, 0.58, 0.0],
                [-1.30, -0.72, 0.0], [1.28, -0.74, 0.0],
                [-2.18, 1.08, 0.0], [0.0, 2.31, 0.0], [2.14, 1.13, 0.0], [0.35, -1.05, 0.0]],
    },
    # C O H H H H: hydroxyl H first, then the methyl H
    "methanol": {
        "symbols": ["C", "O", "H", "H", "H", "H"],
        "pos": [[-0.0466, 0.6631, 0.0], [-0.0466, -0.7571, 0.0], [0.8650, -1.0798, 0.0],
                [-1.0883, 0.9737, 0.0], [0.4366, 1.0824, 0.8880], [0.4366, 1.0824, -0.8880]],
    },
}

# covalent radii (Angstrom, Cordero et al. 2008) for the bonding topology
COVALENT_RADIUS = {"H": 0.31, "C": 0.76, "N": 0.71, "O": 0.66, "Li": 1.28}
BOND_FACTOR = 1.25          # a pair is bonded when r < 1.25 (R_a + R_b)


def bond_graph(symbols, pos):
    """Set of bonded atom pairs (i < j) by the covalent-radius rule."""
    pos = np.asarray(pos)
    bonds = set()
    for i in range(len(symbols)):
        for j in range(i + 1, len(symbols)):
            lim = BOND_FACTOR * (COVALENT_RADIUS[symbols[i]] + COVALENT_RADIUS[symbols[j]])
            if np.linalg.norm(pos[i] - pos[j]) < lim:
                bonds.add((i, j))
    return bonds


def same_topology(symbols, pos, reference_bonds):
    """A sampled geometry is kept only if its bonds are exactly those of the minimum:
    no bond broken, and no new close contact (which would appear as a new 'bond')."""
    return bond_graph(symbols, pos) == reference_bonds
