"""qmlff.ase.QMLCalculator: qmlff potentials as an ASE calculator (docs/python.md).

    from qmlff.ase import QMLCalculator
    atoms.calc = QMLCalculator("potentials/h2o.json")
    water.calc = QMLCalculator(["potentials/h2o.json", "potentials/water_dimer_interaction.json"],
                               mbe=(4.5, 5.5))

Molecules are the fragments, as in pair_style qml (docs/lammps.md): each molecule gets the
energy of the loaded model of its composition; with mbe=(R_S, R_C), pairs of molecules add
the switched two-body term. The evaluation is the library's (qmlff._core.System), the same
code path as the LAMMPS pair style's grouping and many-body expansion.
"""
import os
import warnings

import numpy as np
from ase.calculators.calculator import Calculator, PropertyNotImplementedError, all_changes

from . import _core


def _load(p):
    return p if isinstance(p, _core.Potential) else _core.Potential(os.fspath(p))


def connectivity_mol_ids(atoms):
    """Molecule IDs 1..M from ASE's covalent connectivity (natural_cutoffs, periodic
    images included): atoms joined by bonds form one molecule; molecules are numbered by
    their first atom."""
    from ase.neighborlist import NeighborList, natural_cutoffs
    from scipy.sparse.csgraph import connected_components

    nl = NeighborList(natural_cutoffs(atoms), self_interaction=False, bothways=True)
    nl.update(atoms)
    _, labels = connected_components(nl.get_connectivity_matrix(sparse=True), directed=False)
    _, first = np.unique(labels, return_index=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(1, len(first) + 1)  # ordered by first atom
    return rank[labels]


class QMLCalculator(Calculator):
    """ASE calculator for qmlff potentials: energy, free_energy, forces, stress (cells
    periodic in all three directions), energies (per atom).

    potential: a potential file or qmlff.Potential, or a list of them (one-molecule models
    and at most one two-body model), like pair_coeff's files.
    mbe: (R_S, R_C) in angstrom for the many-body expansion, like `pair_style qml mbe R_S R_C`.
    allow_noninvariant: accept models that are not rotation invariant (pair_style keyword).
    mol_ids: how atoms are grouped into molecules: None (default) takes atoms.arrays["mol-id"]
    if present, else ASE's covalent connectivity; "connectivity" forces the latter; or an
    integer array with one ID per atom. Like a data file's molecule IDs, the grouping is
    made when the calculator first sees the atoms and kept while the atoms keep their
    numbers (it is not redone as bonds stretch; a dissociated molecule is an error).

    Per-atom energies split each term's energy equally over its atoms (as compute pe/atom).
    Errors in the input raise qmlff.Error (a ValueError).
    """

    implemented_properties = ["energy", "free_energy", "forces", "stress", "energies"]

    def __init__(self, potential, mbe=None, allow_noninvariant=False, mol_ids=None, **kwargs):
        super().__init__(**kwargs)
        pots = potential if isinstance(potential, (list, tuple)) else [potential]
        self.potentials = [_load(p) for p in pots]
        # An atom-centred model takes the whole structure: no molecules, no mbe.
        self.atomic = any(p.atomic for p in self.potentials)
        if self.atomic:
            if len(self.potentials) != 1 or mbe is not None:
                raise _core.Error("QMLCalculator: an atom-centred potential is used alone (no other files, no mbe)")
            return
        self.mbe = None if mbe is None else (float(mbe[0]), float(mbe[1]))
        self.system = _core.System(self.potentials, self.mbe, bool(allow_noninvariant))
        for w in self.system.warnings:
            warnings.warn("qmlff: " + w, stacklevel=2)
        self._mol_ids_arg = mol_ids
        self._grouped_numbers = None
        self._mol = None
        self._species = None

    def molecule_ids(self, atoms):
        """The molecule IDs in use for these atoms (computed if needed)."""
        numbers = atoms.get_atomic_numbers()
        if self._mol is None or self._grouped_numbers is None or not np.array_equal(numbers, self._grouped_numbers):
            self._mol = self._make_mol_ids(atoms)
            self._species = self.system.species_indices(atoms.get_chemical_symbols())
            self._grouped_numbers = numbers.copy()
        return self._mol

    def _make_mol_ids(self, atoms):
        arg = self._mol_ids_arg
        if arg is None and "mol-id" in atoms.arrays:
            arg = atoms.arrays["mol-id"]
        if arg is None or (isinstance(arg, str) and arg == "connectivity"):
            return connectivity_mol_ids(atoms)
        if isinstance(arg, str):
            raise _core.Error(f"QMLCalculator: mol_ids must be None, 'connectivity' or one integer per atom, got '{arg}'")
        ids = np.asarray(arg)
        if ids.shape != (len(atoms),) or not np.issubdtype(ids.dtype, np.integer):
            raise _core.Error(f"QMLCalculator: mol_ids needs one integer per atom ({len(atoms)}), got shape {ids.shape} "
                              f"of {ids.dtype}")
        _, inverse = np.unique(ids, return_inverse=True)
        return (inverse + 1).astype(np.int64)  # 1..M, any integers allowed on input

    def calculate(self, atoms=None, properties=("energy",), system_changes=all_changes):
        super().calculate(atoms, properties, system_changes)
        atoms = self.atoms
        if self.atomic:
            pbc = [bool(p) for p in atoms.pbc]
            args = (np.array(atoms.cell.complete(), dtype=float), pbc) if any(pbc) else ()
            energy, forces, w, energies = self.potentials[0].structure(atoms.positions, atoms.get_chemical_symbols(),
                                                                      *args)
            self.results.update(energy=energy, free_energy=energy, forces=forces, energies=energies)
            if all(pbc):
                # ASE: stress = -virial / volume, Voigt order xx yy zz yz xz xy
                self.results["stress"] = -np.array([w[0, 0], w[1, 1], w[2, 2], w[1, 2], w[0, 2], w[0, 1]]) \
                    / atoms.get_volume()
            elif "stress" in properties:
                raise PropertyNotImplementedError("QMLCalculator: stress needs a cell that is periodic in all three "
                                                  "directions (atoms.pbc = True)")
            return
        if "numbers" in system_changes:
            self._mol = None
        mol = self.molecule_ids(atoms)
        pbc = [bool(p) for p in atoms.pbc]
        cell = np.array(atoms.cell.complete() if any(pbc) else np.eye(3), dtype=float)
        energy, forces, virial, energies = self.system.compute(atoms.positions, self._species, mol, cell, pbc,
                                                               per_atom=True)
        self.results["energy"] = energy
        self.results["free_energy"] = energy
        self.results["forces"] = forces
        self.results["energies"] = energies
        if all(pbc):
            # ASE: stress = -virial / volume, Voigt order xx yy zz yz xz xy
            w = virial
            self.results["stress"] = -np.array([w[0], w[1], w[2], w[5], w[4], w[3]]) / atoms.get_volume()
        elif "stress" in properties:
            raise PropertyNotImplementedError("QMLCalculator: stress needs a cell that is periodic in all three "
                                              "directions (atoms.pbc = True)")
