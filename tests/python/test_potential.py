"""qmlff.Potential, qmlff.evaluate and qmlff.train against the qmlff command line."""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import numpy as np

import qmlff
from qmlff_test_env import CLI, DIMER, DIMER_DATA, H2O, H2O_DATA, SRC, cli_eval_csv


class PotentialTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.pot = qmlff.Potential(H2O)

    def tearDown(self):
        self.tmp.cleanup()

    def test_evaluate_file_equals_qmlff_eval(self):
        e_cli, f_cli, out = cli_eval_csv(H2O, H2O_DATA, self.tmp.name)
        r = qmlff.evaluate(self.pot, H2O_DATA)
        self.assertEqual(r["n_frames"], len(e_cli))
        de = max(abs(r["pred_energy"][k] - e) for k, e in e_cli.items())
        df = max(np.abs(np.ravel(r["pred_forces"][k]) - f).max() for k, f in f_cli.items())
        print(f"\nevaluate vs qmlff eval, {len(e_cli)} frames: max|dE| {de:.3e} eV, max|dF| {df:.3e} eV/A")
        self.assertLessEqual(de, 1e-12)
        self.assertLessEqual(df, 1e-12)
        # the metrics line of the command: "energy  n  1000  MSE 1.234e-06 (eV)^2 ..."
        for what in ("energy", "forces"):
            m = re.search(what + r"\s+n\s+(\d+)\s+MSE (\S+) .*MAE (\S+) .*RMSE (\S+) .*R2 (\S+)", out)
            self.assertIsNotNone(m, out)
            self.assertEqual(r[what]["n"], int(m.group(1)))
            for key, g in (("mse", 2), ("mae", 3), ("rmse", 4), ("r2", 5)):
                self.assertAlmostEqual(r[what][key] / float(m.group(g)), 1.0, delta=1e-6)

    def test_two_body_file_equals_qmlff_eval(self):
        pot = qmlff.Potential(DIMER)
        self.assertTrue(pot.kind.endswith("_dimer"))
        self.assertEqual(pot.species, ["O", "H", "H", "O", "H", "H"])
        e_cli, f_cli, _ = cli_eval_csv(DIMER, DIMER_DATA, self.tmp.name, "--energy-key", "interaction_energy",
                                       "--forces-key", "interaction_forces")
        r = qmlff.evaluate(pot, DIMER_DATA, energy_key="interaction_energy", forces_key="interaction_forces")
        self.assertLessEqual(max(abs(r["pred_energy"][k] - e) for k, e in e_cli.items()), 1e-12)
        self.assertLessEqual(max(np.abs(np.ravel(r["pred_forces"][k]) - f).max() for k, f in f_cli.items()), 1e-12)

    def test_atom_order_and_virial(self):
        x = np.array([[0.0, 0.0, 0.0], [0.9572, 0.0, 0.0], [-0.24, 0.93, 0.05]])
        e, f, w = self.pot.energy_forces(x, ["O", "H", "H"])
        perm = [1, 0, 2]  # the hydrogens keep their order: the same evaluation, bit for bit
        e2, f2, w2 = self.pot.energy_forces(x[perm], ["H", "O", "H"])
        self.assertEqual(e, e2)
        np.testing.assert_array_equal(f2, f[perm])
        np.testing.assert_array_equal(w2, w)
        perm = [2, 0, 1]  # hydrogens swapped: equal up to rounding (permutation invariance)
        e3, f3, _ = self.pot.energy_forces(x[perm], ["H", "O", "H"])
        self.assertAlmostEqual(e3, e, delta=1e-12)
        np.testing.assert_allclose(f3, f[perm], rtol=0, atol=1e-13)
        np.testing.assert_allclose(w, x.T @ f, rtol=0, atol=1e-12)  # W_ij = sum_a r_a,i F_a,j
        np.testing.assert_allclose(f.sum(axis=0), 0.0, atol=1e-12)
        # a Fortran-ordered or float32 input is converted, not refused
        e4, _, _ = self.pot.energy_forces(np.asfortranarray(x).astype(np.float32).astype(np.float64), ["O", "H", "H"])
        e5, _, _ = self.pot.energy_forces(np.asfortranarray(x), ["O", "H", "H"])
        self.assertEqual(e, e5)
        self.assertAlmostEqual(e4, e, delta=1e-3)

    def test_errors_are_python_exceptions(self):
        with self.assertRaisesRegex(qmlff.Error, "nope.json: cannot open"):
            qmlff.Potential(os.path.join(self.tmp.name, "nope.json"))
        bad = os.path.join(self.tmp.name, "bad.json")
        with open(bad, "w") as fh:
            fh.write('{"format": "qmlff-potential", "version": 7}')
        with self.assertRaisesRegex(ValueError, "bad.json.*version"):
            qmlff.Potential(bad)
        with self.assertRaisesRegex(qmlff.Error, "composition OH .*does not match the model's composition OH2"):
            self.pot.energy_forces(np.zeros((2, 3)), ["O", "H"])
        with self.assertRaisesRegex(qmlff.Error, "3 positions but 2 species"):
            self.pot.energy_forces(np.zeros((3, 3)), ["O", "H"])
        with self.assertRaisesRegex(qmlff.Error, r"shape \(n, 3\)"):
            self.pot.energy_forces(np.zeros((3, 2)), ["O", "H", "H"])
        with self.assertRaisesRegex(qmlff.Error, "frame 1: .*does not match"):
            qmlff.evaluate(self.pot, DIMER_DATA)


class TrainTest(unittest.TestCase):
    def test_train_equals_qmlff_train(self):
        cfg_path = os.path.join(SRC, "examples", "train", "h2o.json")
        sets = ["steps=4", "loss.energy_steps=2", "data.max_frames=20", "output.eval_every=2", "output.checkpoint_every=100"]
        with tempfile.TemporaryDirectory() as tmp:
            with open(cfg_path) as fh:
                cfg = json.load(fh)  # from a dict: relative data paths against base_dir
            run = qmlff.train(cfg, out_dir=os.path.join(tmp, "py"), overrides=sets, threads=1, quiet=True,
                              base_dir=os.path.dirname(cfg_path))
            subprocess.run([CLI, "train", cfg_path, "-o", os.path.join(tmp, "cli"), "--threads", "1"] +
                           [a for s in sets for a in ("--set", s)], check=True, capture_output=True)
            self.assertEqual(run["steps"], 4)
            self.assertEqual(run["potential"].species, ["O", "H", "H"])
            with open(os.path.join(tmp, "cli", "potential.json")) as fh:
                cli_params = json.load(fh)["parameters"]
            with open(os.path.join(tmp, "py", "potential.json")) as fh:
                py_params = json.load(fh)["parameters"]
            self.assertEqual(py_params, cli_params)  # bit for bit
            with open(os.path.join(tmp, "cli", "metrics.json")) as fh:
                cli_metrics = json.load(fh)
            self.assertEqual(json.dumps(run["metrics"]["test"], sort_keys=True),
                             json.dumps(cli_metrics["test"], sort_keys=True))
            # outputs are not overwritten without force=True
            with self.assertRaisesRegex(qmlff.Error, "exist"):
                qmlff.train(cfg, out_dir=os.path.join(tmp, "py"), overrides=sets, threads=1, quiet=True,
                            base_dir=os.path.dirname(cfg_path))
            with self.assertRaisesRegex(qmlff.Error, "optimizer.lrr"):
                qmlff.train(cfg_path, out_dir=os.path.join(tmp, "bad"), overrides=["optimizer.lrr=1"], quiet=True)

    def test_atom_centred_kind_trains_and_evaluates(self):
        cfg_path = os.path.join(SRC, "examples", "train", "water_atomic.json")
        sets = ["steps=2", "loss.energy_steps=1", "data.max_frames=10", "output.eval_every=1", "batch.size=4"]
        with tempfile.TemporaryDirectory() as tmp:
            run = qmlff.train(cfg_path, out_dir=os.path.join(tmp, "atomic"), overrides=sets, threads=1, quiet=True)
            self.assertEqual(run["steps"], 2)
            self.assertGreater(run["metrics"]["test"]["energy"]["n"], 0)
            pot = run["potential"]
            self.assertTrue(pot.atomic)
            # Any composition of its species (monomers and dimers), equal to `qmlff eval`.
            import ase.io
            from qmlff.ase import QMLCalculator
            for data in (H2O_DATA, DIMER_DATA):
                frames = ase.io.read(data, index=":3")
                path = os.path.join(tmp, "three.extxyz")
                ase.io.write(path, frames, format="extxyz")
                e_cli, f_cli, _ = cli_eval_csv(os.path.join(tmp, "atomic", "potential.json"), path, tmp)
                for k, at in enumerate(frames):
                    e, f, w, ea = pot.structure(at.positions, at.get_chemical_symbols())
                    self.assertEqual(e, e_cli[k])
                    self.assertLessEqual(np.abs(np.ravel(f) - f_cli[k]).max(), 1e-12)
                    self.assertAlmostEqual(float(np.sum(ea)), e, delta=1e-9)
                    at.calc = QMLCalculator(pot)
                    self.assertEqual(at.get_potential_energy(), e)
                    np.testing.assert_array_equal(at.get_forces(), f)
            # Periodic cells (every image within the cutoff): smaller than 2 r_c, checked by
            # invariances that fail if an image is missing or counted twice, and by ASE's
            # numerical forces and stress.
            from ase import Atoms
            rng = np.random.default_rng(4)
            water = np.array([[0.0, 0.0, 0.1173], [0.0, 0.7572, -0.4692], [0.0, -0.7572, -0.4692]])
            pos = np.vstack([water + c for c in ([0.5, 0.5, 0.5], [3.4, 0.6, 3.0], [0.7, 3.3, 2.6], [3.0, 3.1, 0.4])])
            pos += rng.normal(scale=0.05, size=pos.shape)
            cell = np.array([[6.0, 0.0, 0.0], [0.4, 5.8, 0.0], [-0.3, 0.5, 6.1]])
            box = Atoms("OHH" * 4, positions=pos, cell=cell, pbc=True)
            box.calc = QMLCalculator(pot)
            e0, f0 = box.get_potential_energy(), box.get_forces()
            moved = box.copy()  # one molecule moved by a lattice vector, the cell basis changed
            p2 = moved.get_positions()
            p2[3:6] += cell[0] - cell[2]
            moved.set_positions(p2)
            moved.set_cell(np.array([cell[0], cell[1] + cell[0], cell[2] - cell[1]]), scale_atoms=False)
            moved.calc = QMLCalculator(pot)
            self.assertAlmostEqual(moved.get_potential_energy(), e0, delta=1e-10)
            self.assertLessEqual(np.abs(moved.get_forces() - f0).max(), 1e-10)
            fnum = box.calc.calculate_numerical_forces(box, d=1e-5)
            self.assertLessEqual(np.abs(fnum - f0).max(), 1e-6)
            snum = box.calc.calculate_numerical_stress(box, d=1e-6)
            self.assertLessEqual(np.abs(snum - box.get_stress()).max(), 1e-6 * max(1.0, np.abs(snum).max()))
            # A cell far larger than the molecules plus r_c: the periodic result is the molecule's.
            e_mol, f_mol, _, _ = pot.structure(pos[:3], ["O", "H", "H"])
            e_big, f_big, _, _ = pot.structure(pos[:3], ["O", "H", "H"], 30.0 * np.eye(3), [True, True, True])
            self.assertAlmostEqual(e_big, e_mol, delta=1e-10)
            self.assertLessEqual(np.abs(f_big - f_mol).max(), 1e-10)
            with self.assertRaisesRegex(qmlff.Error, "atom 1 is Li, a species the model does not know"):
                pot.structure(np.zeros((2, 3)) + [[0, 0, 0], [1.6, 0, 0]], ["Li", "H"])

    def test_ctrl_c_stops_with_a_checkpoint(self):
        cfg_path = os.path.join(SRC, "examples", "train", "h2o.json")
        code = ("import qmlff\n"
                "try:\n"
                f"    qmlff.train({cfg_path!r}, out_dir='out', overrides=['steps=1000000', 'data.max_frames=20'],"
                " threads=1, quiet=True)\n"
                "except KeyboardInterrupt:\n"
                "    print('interrupted')\n")
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.Popen([sys.executable, "-c", code], cwd=tmp, stdout=subprocess.PIPE, text=True)
            curve = os.path.join(tmp, "out", "learning_curve.csv")
            for _ in range(600):  # training has started once the learning curve exists
                if os.path.exists(curve):
                    break
                time.sleep(0.05)
            time.sleep(0.5)
            proc.send_signal(signal.SIGINT)
            out, _ = proc.communicate(timeout=60)
            self.assertEqual(out.strip(), "interrupted")
            with open(os.path.join(tmp, "out", "checkpoint.json")) as fh:
                step = json.load(fh)["step"]
            self.assertTrue(0 < step < 1000000, step)


if __name__ == "__main__":
    unittest.main()
