"""Paths and helpers shared by the Python tests (set by tests/python/CMakeLists.txt)."""
import csv
import os
import subprocess
import sys

SRC = os.environ["QMLFF_SOURCE_DIR"]
CLI = os.environ["QMLFF_CLI"]
LMP = os.environ.get("LMP_QML", "")
H2O = os.path.join(SRC, "potentials", "h2o.json")
DIMER = os.path.join(SRC, "potentials", "water_dimer_interaction.json")
H2O_DATA = os.path.join(SRC, "examples", "data", "h2o.extxyz")
DIMER_DATA = os.path.join(SRC, "examples", "data", "water_dimer.extxyz")


def cli_eval_csv(potential, data, tmpdir, *extra):
    """`qmlff eval --csv`: {frame: (energy, [(atom, component, force)...])} and stdout."""
    out = os.path.join(tmpdir, "pred.csv")
    run = subprocess.run([CLI, "eval", potential, data, "--csv", out, "--force", "-q", *extra],
                         capture_output=True, text=True, check=True)
    energy, forces = {}, {}
    with open(out) as fh:
        for row in csv.DictReader(fh):
            k = int(row["frame"]) - 1
            if row["quantity"] == "energy":
                energy[k] = float(row["pred"])
            else:
                forces.setdefault(k, []).append(float(row["pred"]))
    return energy, forces, run.stdout


def water_box_data(tmpdir, n=8):
    """A periodic box of n waters (examples/lammps/make_water_box.py, fixed seed)."""
    path = os.path.join(tmpdir, f"water{n}.data")
    subprocess.run([sys.executable, os.path.join(SRC, "examples", "lammps", "make_water_box.py"), "-n", str(n),
                    "-o", path], check=True, capture_output=True)
    return path


def read_water_box(path):
    import ase.io
    return ase.io.read(path, format="lammps-data", Z_of_type={1: 8, 2: 1}, style="full", units="metal")
