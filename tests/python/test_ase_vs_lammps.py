"""The ASE calculator against lmp_qml (pair_style qml): a periodic box of 8 waters with the
many-body expansion (energy, forces, per-atom energies, stress), and NVE of one water."""
import os
import re
import subprocess
import tempfile
import unittest

import numpy as np
from ase import Atoms, units
from ase.md.velocitydistribution import MaxwellBoltzmannDistribution, Stationary, ZeroRotation
from ase.md.verlet import VelocityVerlet
from ase.optimize import BFGS

from qmlff.ase import QMLCalculator
from qmlff_test_env import DIMER, H2O, LMP, read_water_box, water_box_data

NKTV2P_METAL = 1.6021765e6  # LAMMPS: bar per eV/A^3
MASSES = {"O": 15.9994, "H": 1.008}


def run_lammps(tmp, body):
    path = os.path.join(tmp, "in.test")
    with open(path, "w") as fh:
        fh.write(body)
    run = subprocess.run([LMP, "-in", path, "-log", os.path.join(tmp, "log.lammps"), "-screen", "none"], cwd=tmp,
                         capture_output=True, text=True)
    with open(os.path.join(tmp, "log.lammps")) as fh:
        log = fh.read()
    if run.returncode != 0:
        raise AssertionError("lmp_qml failed:\n" + log[-2000:] + run.stderr)
    return log


def thermo_rows(log, first_column):
    """Rows of numbers under each thermo header that starts with first_column."""
    rows, on = [], False
    for line in log.splitlines():
        if line.split()[:1] == [first_column]:
            on = True
            continue
        if on and re.match(r"^\s*-?\d", line):
            rows.append([float(v) for v in line.split()])
        else:
            on = False
    return np.array(rows)


@unittest.skipUnless(LMP, "lmp_qml not built")
class VersusLammpsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def test_water_box_mbe(self):
        data = water_box_data(self.tmp.name)
        log = run_lammps(self.tmp.name, f"""
units metal
atom_style full
boundary p p p
read_data {data}
pair_style qml mbe 4.5 5.5
pair_coeff * * {H2O} {DIMER} O H
compute pv all pressure NULL virial
compute pea all pe/atom
thermo_style custom step pe c_pv[1] c_pv[2] c_pv[3] c_pv[4] c_pv[5] c_pv[6]
thermo_modify format float %.17g
dump d all custom 1 forces.dump id fx fy fz c_pea
dump_modify d format float %.17g sort id
run 0
""")
        row = thermo_rows(log, "Step")[0]
        e_lmp, p_lmp = row[1], row[2:8]  # pressure (virial only) xx yy zz xy xz yz, bar
        dump = np.loadtxt(os.path.join(self.tmp.name, "forces.dump"), skiprows=9)
        atoms = read_water_box(data)
        atoms.calc = QMLCalculator([H2O, DIMER], mbe=(4.5, 5.5))
        e = atoms.get_potential_energy()
        s = atoms.get_stress()  # xx yy zz yz xz xy, -virial/V
        s_lmp = -np.array([p_lmp[0], p_lmp[1], p_lmp[2], p_lmp[5], p_lmp[4], p_lmp[3]]) / NKTV2P_METAL
        de = abs(e - e_lmp)
        df = np.abs(atoms.get_forces() - dump[:, 1:4]).max()
        dea = np.abs(atoms.get_potential_energies() - dump[:, 4]).max()
        ds = np.abs(s - s_lmp).max() / np.abs(s_lmp).max()
        print(f"\n8 waters, mbe 4.5 5.5, {atoms.calc.system.n_terms} terms: E {e:.10f} eV; |dE| {de:.3e} eV, "
              f"max|dF| {df:.3e} eV/A, max|dE_atom| {dea:.3e} eV, stress max rel. diff {ds:.3e} "
              f"(max|s| {np.abs(s).max():.4e} eV/A^3)")
        self.assertLessEqual(de, 1e-12 * abs(e))
        self.assertLessEqual(df, 1e-10)
        self.assertLessEqual(dea, 1e-10)
        self.assertLessEqual(ds, 1e-9)  # the thermo output has 17 digits; LAMMPS' bar constant is exact here

    def test_nve_one_water(self):
        atoms = Atoms("OH2", positions=[[0.0, 0.0, 0.0], [0.9572, 0.0, 0.0], [-0.239987, 0.926627, 0.0]],
                      masses=[MASSES["O"], MASSES["H"], MASSES["H"]])
        atoms.calc = QMLCalculator(H2O)
        with BFGS(atoms, logfile=None) as opt:
            opt.run(fmax=1e-4)
        MaxwellBoltzmannDistribution(atoms, temperature_K=300, rng=np.random.default_rng(7))
        Stationary(atoms)
        ZeroRotation(atoms)
        atoms.positions += 10.0  # inside LAMMPS' 0..20 A box
        x0, v0 = atoms.get_positions(), atoms.get_velocities()
        steps, every, dt_fs = 4000, 10, 0.25

        # LAMMPS from the same positions and velocities
        data = os.path.join(self.tmp.name, "water.data")
        with open(data, "w") as fh:
            fh.write("one water\n\n3 atoms\n2 atom types\n\n0 20 xlo xhi\n0 20 ylo yhi\n0 20 zlo zhi\n\n")
            fh.write(f"Masses\n\n1 {MASSES['O']}\n2 {MASSES['H']}\n\nAtoms # full\n\n")
            for i, x in enumerate(x0):
                fh.write(f"{i + 1} 1 {1 if i == 0 else 2} 0.0 {x[0]!r} {x[1]!r} {x[2]!r}\n")
            fh.write("\nVelocities\n\n")
            for i, v in enumerate(v0 * units.fs * 1000.0):  # ASE velocity -> A/ps
                fh.write(f"{i + 1} {v[0]!r} {v[1]!r} {v[2]!r}\n")
        log = run_lammps(self.tmp.name, f"""
units metal
atom_style full
boundary p p p
read_data {data}
pair_style qml
pair_coeff * * {H2O} O H
timestep {dt_fs / 1000.0}
fix 1 all nve
thermo_style custom step pe ke etotal
thermo_modify format float %.15g
thermo {every}
run {steps}
""")
        e_lmp = thermo_rows(log, "Step")[:, 3]

        e_ase = []
        with VelocityVerlet(atoms, timestep=dt_fs * units.fs) as md:
            md.attach(lambda: e_ase.append(atoms.get_total_energy()), interval=every)
            md.run(steps)
        e_ase = np.array(e_ase)

        self.assertEqual(len(e_ase), len(e_lmp))
        n = len(atoms)
        dev_ase = np.abs(e_ase - e_ase[0]).max() / n
        dev_lmp = np.abs(e_lmp - e_lmp[0]).max() / n
        t = np.arange(len(e_ase)) * every * dt_fs / 1000.0  # ps
        drift_ase = np.polyfit(t, e_ase / n, 1)[0] * 1000.0  # eV/atom/ns
        drift_lmp = np.polyfit(t, e_lmp / n, 1)[0] * 1000.0
        print(f"\nNVE one water, {steps} x {dt_fs} fs from 300 K: max|E - E0| per atom ASE {dev_ase:.3e} eV, "
              f"LAMMPS {dev_lmp:.3e} eV; drift ASE {drift_ase:.3e}, LAMMPS {drift_lmp:.3e} eV/atom/ns")
        self.assertLess(dev_lmp, 1e-3)  # sound integration (1.5e-4 eV/atom: the O-H stretch at 0.25 fs)
        self.assertLessEqual(dev_ase, 1.1 * dev_lmp)
        self.assertLessEqual(abs(drift_ase), 1.1 * abs(drift_lmp) + 1e-4)


if __name__ == "__main__":
    unittest.main()
