#pragma once
// An atom-centred model on the atoms of one cell, periodic along any of its three vectors
// (ASE's Atoms; LAMMPS-free): every periodic image of every atom within the model cutoff of
// an atom becomes a ghost neighbour, so cells smaller than twice the cutoff are exact too.
// The arithmetic is AtomicAssembler's (the pair style's), with the ghosts' forces summed
// back into their atoms.
#include <array>
#include <vector>

#include "interface/atomic_assembler.h"

namespace qmlff {

struct AtomicCellResult {
  double energy = 0.0;
  std::vector<Vec3> forces;           // per atom (eV/Å)
  std::vector<double> atom_energies;  // E_i (eV)
  std::array<double, 6> virial{};     // W = sum r (x) F over all images, LAMMPS order xx yy zz xy xz yz (eV)
};

// cell: rows a, b, c (Å); pbc[k]: periodic along vector k (a non-periodic direction has no
// images). species: the model's species index
// per atom. Throws qmlff::Error for a degenerate periodic cell or coinciding atoms.
AtomicCellResult evaluate_atomic_cell(AtomicAssembler& assembler, const std::vector<Vec3>& positions,
                                      const std::vector<int>& species, const std::array<Vec3, 3>& cell,
                                      const std::array<bool, 3>& pbc);

}  // namespace qmlff
