"""qmlff from Python: quantum-learned fragment potentials (docs/python.md).

    import qmlff
    pot = qmlff.Potential("potentials/h2o.json")
    energy, forces, virial = pot.energy_forces(positions, ["O", "H", "H"])
    metrics = qmlff.evaluate(pot, "examples/data/h2o.extxyz")
    run = qmlff.train("examples/train/h2o.json", out_dir="run-h2o")

    from qmlff.ase import QMLCalculator          # needs ASE
    atoms.calc = QMLCalculator("potentials/h2o.json")

Errors in the input raise qmlff.Error (a ValueError) with the library's message.
"""
from ._core import Error, Potential, System, __version__
from .evaluation import evaluate
from .training import train

Error.__module__ = "qmlff"  # shown as qmlff.Error in tracebacks

__all__ = ["Error", "Potential", "System", "evaluate", "train", "__version__"]
