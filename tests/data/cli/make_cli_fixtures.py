#!/usr/bin/python3
"""Regenerates the datasets used by tests/cli (run with Debian's python3-ase 3.22.1).

lih.extxyz: two LiH frames, H listed first in the second frame (species matching).
dimer.extxyz: a water dimer with interaction_energy / interaction_forces labels, atoms
ordered O O H H H H (the model's order is O H H O H H).
The potential files (lih_d0.json and the bad_*.json variants) were written by
`qmlff build sivqlm_ab --depth 1 --name lih-test --scale 0.5 --offset -7.8` and edited.
"""
import os

import numpy as np
from ase import Atoms
from ase.calculators.singlepoint import SinglePointCalculator
from ase.io import write

here = os.path.dirname(os.path.abspath(__file__))

a = Atoms("LiH", positions=[[0.0, 0.0, 0.0], [0.1, 0.2, 1.6]])
a.calc = SinglePointCalculator(a, energy=-7.86, forces=np.array([[0.0, 0.01, 0.05], [0.0, -0.01, -0.05]]))
b = Atoms("HLi", positions=[[0.0, 0.0, 1.5], [0.0, 0.0, 0.0]])
b.calc = SinglePointCalculator(b, energy=-7.85, forces=np.array([[0.0, 0.0, -0.02], [0.0, 0.0, 0.02]]))
write(os.path.join(here, "lih.extxyz"), [a, b], format="extxyz")

d = Atoms("O2H4", positions=[[0.0, 0.0, 0.0], [2.9, 0.1, 0.0], [0.6, 0.75, 0.0], [0.6, -0.75, 0.0],
                             [3.3, 0.2, 0.8], [3.4, 0.0, -0.7]])
d.info["interaction_energy"] = -0.21
d.arrays["interaction_forces"] = np.array([[0.1, 0, 0], [-0.1, 0, 0], [0, 0.01, 0], [0, -0.01, 0],
                                           [0, 0, 0.02], [0, 0, -0.02]])
d.calc = SinglePointCalculator(d, energy=-4160.5, forces=np.zeros((6, 3)))
write(os.path.join(here, "dimer.extxyz"), [d], format="extxyz")
