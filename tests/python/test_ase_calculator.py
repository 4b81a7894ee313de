"""qmlff.ase.QMLCalculator: against `qmlff eval`, numerical forces and stress, periodic
cells, molecule grouping, errors."""
import json
import os
import tempfile
import unittest
import warnings

import ase.calculators.test
import ase.io
import numpy as np
from ase import Atoms
from ase.calculators.calculator import PropertyNotImplementedError

import qmlff
from qmlff.ase import QMLCalculator
from qmlff_test_env import DIMER, H2O, H2O_DATA, cli_eval_csv, read_water_box, water_box_data

MBE = (4.5, 5.5)


def water(shift=(0.0, 0.0, 0.0)):
    x = np.array([[0.0, 0.0, 0.0], [0.9572, 0.0, 0.0], [-0.24, 0.93, 0.05]]) + shift
    return Atoms("OH2", positions=x)


class CalculatorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.box = read_water_box(water_box_data(cls.tmp.name))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def box_with_calc(self, **kw):
        atoms = self.box.copy()
        atoms.calc = QMLCalculator([H2O, DIMER], mbe=MBE, **kw)
        return atoms

    def test_equals_qmlff_eval(self):
        e_cli, f_cli, _ = cli_eval_csv(H2O, H2O_DATA, self.tmp.name)
        frames = ase.io.read(H2O_DATA, index=":")
        calc = QMLCalculator(H2O, mol_ids=[1, 1, 1])
        de = df = 0.0
        for k, atoms in enumerate(frames):
            atoms.calc = calc
            de = max(de, abs(atoms.get_potential_energy() - e_cli[k]))
            df = max(df, np.abs(atoms.get_forces().ravel() - f_cli[k]).max())
        print(f"\ncalculator vs qmlff eval, {len(frames)} frames: max|dE| {de:.3e} eV, max|dF| {df:.3e} eV/A")
        self.assertEqual(len(frames), len(e_cli))
        self.assertLessEqual(de, 1e-12)
        self.assertLessEqual(df, 1e-12)
        # qmlff.evaluate on the ASE frames (labels from their single-point calculators)
        # equals qmlff.evaluate on the file
        from_atoms = qmlff.evaluate(H2O, ase.io.read(H2O_DATA, index=":"))
        from_file = qmlff.evaluate(H2O, H2O_DATA)
        self.assertEqual(from_atoms["energy"], from_file["energy"])
        self.assertEqual(from_atoms["forces"], from_file["forces"])
        self.assertEqual(from_atoms["forces"]["n"], 9 * len(frames))

    def test_numerical_forces_one_water(self):
        atoms = water()
        atoms.calc = QMLCalculator(H2O)
        f = atoms.get_forces()
        fd = atoms.calc.calculate_numerical_forces(atoms, d=1e-5)
        dev = np.abs(f - fd).max() / max(1.0, np.abs(f).max())
        print(f"\none water: max|F - F_fd| / max(1, max|F|) = {dev:.3e} (max|F| {np.abs(f).max():.3f} eV/A)")
        self.assertLess(dev, 1e-6)

    def test_numerical_forces_and_stress_water_box(self):
        atoms = self.box_with_calc()
        f = atoms.get_forces()
        idx = [0, 1, 5, 9, 13, 22]  # O and H atoms of several molecules
        fd = np.array([[ase.calculators.test.numeric_force(atoms, a, i, 1e-5) for i in range(3)] for a in idx])
        dev = np.abs(f[idx] - fd).max() / max(1.0, np.abs(f).max())
        s = atoms.get_stress()
        sd = atoms.calc.calculate_numerical_stress(atoms, d=1e-6)
        sdev = np.abs(s - sd).max() / np.abs(s).max()
        print(f"\n8 waters, mbe {MBE}: {atoms.calc.system.n_terms} terms; forces max dev {dev:.3e}; "
              f"stress max|s - s_fd| / max|s| = {sdev:.3e} (max|s| {np.abs(s).max():.3e} eV/A^3)")
        self.assertGreater(atoms.calc.system.n_terms, 8 + 28)  # pairs with several images in a 6.2 A box
        self.assertLess(dev, 1e-6)
        self.assertLess(sdev, 1e-6)
        e_atoms = atoms.get_potential_energies()
        self.assertAlmostEqual(e_atoms.sum(), atoms.get_potential_energy(), delta=1e-9)

    def test_cell_choice_and_images_do_not_matter(self):
        ref = self.box_with_calc()
        e, f, s = ref.get_potential_energy(), ref.get_forces(), ref.get_stress()
        # another basis of the same lattice (triclinic), and one molecule moved by a lattice vector
        other = self.box.copy()
        a, b, c = np.array(other.cell)
        other.set_cell([a, b + a, c - 2 * b], scale_atoms=False)
        other.positions[3:6] += c
        other.calc = QMLCalculator([H2O, DIMER], mbe=MBE)
        self.assertAlmostEqual(other.get_potential_energy(), e, delta=1e-9)
        np.testing.assert_allclose(other.get_forces(), f, rtol=0, atol=1e-9)
        np.testing.assert_allclose(other.get_stress(), s, rtol=0, atol=1e-11)

    def test_molecule_grouping(self):
        # 8 waters on a 3.1 A lattice (the random box has an intermolecular O-H contact of
        # 0.93 A, which covalent connectivity rightly calls a bond)
        lattice = Atoms(cell=[6.2, 6.2, 6.2], pbc=True)
        for shift in np.ndindex(2, 2, 2):
            lattice += water(np.array(shift) * 3.1 + 0.2)
        lattice.arrays["mol-id"] = np.repeat(np.arange(1, 9), 3)
        ref = lattice.copy()
        ref.calc = QMLCalculator([H2O, DIMER], mbe=MBE)  # the mol-id array
        e = ref.get_potential_energy()
        for mol_ids in ("connectivity", np.repeat(np.arange(10, 18), 3)):
            atoms = lattice.copy()
            atoms.calc = QMLCalculator([H2O, DIMER], mbe=MBE, mol_ids=mol_ids)
            self.assertEqual(atoms.get_potential_energy(), e)
        del lattice.arrays["mol-id"]
        lattice.calc = QMLCalculator([H2O, DIMER], mbe=MBE)  # connectivity
        self.assertEqual(lattice.get_potential_energy(), e)
        np.testing.assert_array_equal(lattice.calc.molecule_ids(lattice), np.repeat(np.arange(1, 9), 3))
        # without mbe the molecules do not interact: 8 one-body energies
        free = self.box.copy()
        free.calc = QMLCalculator(H2O)
        one = []
        for m in range(8):
            w = Atoms("OH2", positions=free.positions[3 * m:3 * m + 3], cell=free.cell, pbc=True)
            w.calc = QMLCalculator(H2O)
            one.append(w.get_potential_energy())
        self.assertAlmostEqual(free.get_potential_energy(), sum(one), delta=1e-9)

    def test_errors(self):
        with self.assertRaisesRegex(qmlff.Error, "many-body expansion needs a two-body model"):
            QMLCalculator(H2O, mbe=MBE)
        with self.assertRaisesRegex(qmlff.Error, "R_C = 9 A exceeds the fragment cutoff"):
            QMLCalculator([H2O, DIMER], mbe=(4.5, 9.0))
        with self.assertRaisesRegex(qmlff.Error, "need 0 <= r_s < r_c"):
            QMLCalculator([H2O, DIMER], mbe=(5.5, 4.5))
        with self.assertRaisesRegex(qmlff.Error, "describe the same composition"):
            QMLCalculator([H2O, H2O])
        # the two-body model's training target, from its provenance, as the pair style reads it
        with open(DIMER) as fh:
            doc = json.load(fh)
        doc["provenance"]["config"]["data"]["energy_key"] = "energy"
        total = os.path.join(self.tmp.name, "dimer_total.json")
        with open(total, "w") as fh:
            json.dump(doc, fh)
        with self.assertRaisesRegex(qmlff.Error, r"trained on total energies \(energy_key 'energy'\)"):
            QMLCalculator([H2O, total], mbe=MBE)
        del doc["provenance"]
        unknown = os.path.join(self.tmp.name, "dimer_unknown.json")
        with open(unknown, "w") as fh:
            json.dump(doc, fh)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            QMLCalculator([H2O, unknown], mbe=MBE)
        self.assertRegex(str(caught[0].message), "qmlff: mbe: the two-body model .* has no training provenance")
        atoms = water()
        atoms.calc = QMLCalculator(H2O)
        with self.assertRaises(PropertyNotImplementedError):
            atoms.get_stress()
        lih = water() + Atoms("Li", positions=[[5.0, 0.0, 0.0]])
        lih.calc = QMLCalculator(H2O)
        with self.assertRaisesRegex(qmlff.Error, "atom 3 is Li, which no loaded potential describes"):
            lih.get_potential_energy()
        oh = water()
        oh.calc = QMLCalculator(H2O, mol_ids=[1, 1, 2])
        with self.assertRaisesRegex(qmlff.Error, "molecule 1 contains OH .*matches no loaded model"):
            oh.get_potential_energy()
        apart = water()
        apart.calc = QMLCalculator(H2O, mol_ids=[1, 1, 1])
        apart.positions[2] += [6.0, 0.0, 0.0]
        with self.assertRaisesRegex(qmlff.Error, "beyond the fragment cutoff 4 A"):
            apart.get_potential_energy()
        bad = water()
        bad.calc = QMLCalculator(H2O, mol_ids=[1, 1])
        with self.assertRaisesRegex(qmlff.Error, "mol_ids needs one integer per atom"):
            bad.get_potential_energy()
        small = self.box.copy()
        small.set_cell(small.cell * 0.85, scale_atoms=True)  # 5.3 A < R_C
        small.calc = QMLCalculator([H2O, DIMER], mbe=MBE)
        with self.assertRaisesRegex(qmlff.Error, "own periodic image"):
            small.get_potential_energy()


if __name__ == "__main__":
    unittest.main()
