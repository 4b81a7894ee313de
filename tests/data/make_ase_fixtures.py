#!/usr/bin/python3
"""Regenerates the ASE-written extended XYZ fixtures of tests/unit/test_extxyz.cpp.

Run with Debian's python3-ase (3.22.1): /usr/bin/python3 tests/data/make_ase_fixtures.py
The files are committed; the tests do not need ASE.
"""
import os

import numpy as np
from ase import Atoms
from ase.calculators.singlepoint import SinglePointCalculator
from ase.io import write

here = os.path.dirname(os.path.abspath(__file__))

# Two water frames: the first plain, the second periodic with extra keys and columns.
a = Atoms("OH2", positions=[[0.0, 0.0, 0.1173], [0.0, 0.7572, -0.4692], [0.0, -0.7572, -0.4692]])
a.calc = SinglePointCalculator(a, energy=-2080.123456789,
                               forces=np.array([[0.0, 0.0, 0.1], [0.0, 0.05, -0.05], [0.0, -0.05, -0.05]]))
b = Atoms("HOH", positions=[[0.0, 0.76, -0.47], [0.0, 0.0, 0.12], [0.0, -0.76, -0.47]],
          cell=[10.0, 11.0, 12.5], pbc=True)
b.info["interaction_energy"] = 0.5
b.info["note"] = "hello world"
b.info["flag"] = True
b.arrays["charges"] = np.array([0.4, -0.8, 0.4])
b.arrays["tags3"] = np.arange(9, dtype=float).reshape(3, 3)
b.calc = SinglePointCalculator(b, energy=-2080.25,
                               forces=np.array([[0.0, -0.01, 0.02], [0.0, 0.0, -0.04], [0.0, 0.01, 0.02]]))
write(os.path.join(here, "ase_h2o.extxyz"), [a, b], format="extxyz")
