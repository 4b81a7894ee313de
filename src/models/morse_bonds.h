#pragma once
// Fixed Morse bonds that a fragment model adds to its output (Delta-learning, like
// PairRepulsion):
//
//   E_bonds = sum over listed atom pairs (a, b) of  D (1 - exp(-alpha (r_ab - r0)))^2
//
// Why: a circuit's energy s<O> + c is bounded by the observable's spectrum, so a monomer
// model trained on normal-mode samples has no restoring force beyond the sampled bond
// lengths: in MD a bond that gains more than the training energy span (0.23 eV for H2O)
// comes apart. The Morse terms, fitted to a psi4 bond scan (tools/fit_morse.py), supply
// the stretch and (through the H-H distance, a Urey-Bradley term) the bend; the circuit
// learns E - E_bonds. Parameters are fixed, not trained. Only distances enter; the model
// keeps a declared permutation symmetry only if symmetry-equivalent pairs have equal
// parameters (tools/fit_morse.py writes them so; the model tests check H2O).
#include <string>
#include <vector>

#include "sim/types.h"

namespace qmlff {

struct MorseBonds {
  struct Bond {
    int a = 0, b = 0;    // atom indices in model order
    double D = 0.0;      // well depth, eV (>= 0)
    double alpha = 1.0;  // 1/Å (> 0)
    double r0 = 1.0;     // Å (> 0)
  };
  std::vector<Bond> bonds;

  // Throws qmlff::Error naming the bond (indices in range and distinct, D >= 0, alpha and
  // r0 > 0, no pair listed twice).
  void validate(int n_atoms) const;
  // Energy (eV); when forces is given, adds -dE/dr_a to forces[a] (eV/Å).
  double evaluate(const Vec3* positions, Vec3* forces) const;
};

}  // namespace qmlff
