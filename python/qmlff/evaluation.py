"""qmlff.evaluate: `qmlff eval` from Python (predictions and error metrics)."""
import os

import numpy as np

from . import _core


def _as_potential(potential):
    return potential if isinstance(potential, _core.Potential) else _core.Potential(os.fspath(potential))


def _frames_from_atoms(frames, energy_key, forces_key):
    """ASE Atoms -> the dicts read_extxyz gives; labels from info/arrays or the attached
    single-point calculator (what ase.io.read makes of extxyz energy and forces)."""
    out = []
    for atoms in frames:
        energy = atoms.info.get(energy_key)
        forces = atoms.arrays.get(forces_key)
        calc = atoms.calc
        if calc is not None and hasattr(calc, "results"):
            if energy is None and energy_key == "energy":
                energy = calc.results.get("energy")
            if forces is None and forces_key == "forces":
                forces = calc.results.get("forces")
        out.append({"species": atoms.get_chemical_symbols(), "positions": atoms.get_positions(),
                    "energy": None if energy is None else float(energy),
                    "forces": None if forces is None else np.asarray(forces, dtype=float)})
    return out


def evaluate(potential, frames, energy_key="energy", forces_key="forces"):
    """Predictions of one potential on labelled frames and the metrics of `qmlff eval`.

    potential: a qmlff.Potential or a potential file. frames: an extended XYZ file (read by
    the library, as `qmlff eval` reads it) or a list of ase.Atoms (labels from
    atoms.info[energy_key] / atoms.arrays[forces_key] or an attached calculator's results).
    Each frame is matched to the model's species order as `qmlff eval` does.

    Returns {"energy": metrics, "forces": metrics, "n_frames": n, "pred_energy": array (n,),
    "pred_forces": list of (n_atoms, 3) arrays in the frames' atom order}; metrics are dicts
    with n, mse, mae, rmse, r2, max_abs (eV and eV/angstrom), over the labelled values.
    """
    pot = _as_potential(potential)
    if isinstance(frames, (str, os.PathLike)):
        frames, _checksum = _core.read_extxyz(os.fspath(frames), energy_key, forces_key)
    else:
        frames = _frames_from_atoms(frames, energy_key, forces_key)
    if not frames:
        raise _core.Error("evaluate: no frames given")
    e_ref, e_pred, f_ref, f_pred, pred_e, pred_f = [], [], [], [], [], []
    for k, fr in enumerate(frames):
        try:
            e, f, _ = pot.energy_forces(fr["positions"], fr["species"])
        except _core.Error as err:
            raise _core.Error(f"frame {k + 1}: {err}") from None
        pred_e.append(e)
        pred_f.append(f)
        if fr["energy"] is not None:
            e_ref.append(fr["energy"])
            e_pred.append(e)
        if fr["forces"] is not None:
            f_ref.extend(np.ravel(fr["forces"]))
            f_pred.extend(np.ravel(f))
    return {"energy": _core.metrics(e_ref, e_pred), "forces": _core.metrics(f_ref, f_pred),
            "n_frames": len(frames), "pred_energy": np.array(pred_e), "pred_forces": pred_f}
