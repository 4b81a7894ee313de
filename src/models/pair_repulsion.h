#pragma once
// A fixed classical short-range repulsion that a fragment model adds to its output
// (Delta-learning: the circuit learns E_ref - E_rep):
//
//   E_rep = sum over atom pairs a < b in different groups of  A_ab exp(-r_ab / rho_ab)
//
// (Born-Mayer form, one (A, rho) per unordered species pair). Why: a circuit's energy
// s<O> + c is bounded by the observable's spectrum, so it cannot represent the steep wall
// two molecules meet at close contact; without the wall, MD of a liquid collapses once a
// collision drives two molecules below the shortest distance in the training data.
// The parameters are fixed before training (tools/fit_repulsion.py) and stored in the
// potential file; they are not trained. Only distances enter: the term is invariant under
// translations, rotations, inversion and permutations that respect the groups.
#include <string>
#include <vector>

#include "sim/types.h"

namespace qmlff {

struct PairRepulsion {
  struct Term {
    std::string species_a, species_b;  // unordered pair
    double A = 0.0;                    // eV, >= 0
    double rho = 1.0;                  // Å, > 0
  };
  // Group (molecule) of each atom in model order; pairs inside one group are skipped.
  std::vector<int> groups;
  std::vector<Term> terms;

  // Throws qmlff::Error naming the problem (sizes, signs, a species pair without a term).
  void validate(const std::vector<std::string>& species) const;
  // Energy (eV); when forces is given, adds -dE_rep/dr_a to forces[a] (eV/Å).
  double evaluate(const std::vector<std::string>& species, const Vec3* positions, Vec3* forces) const;
  // Default groups: the atoms of each molecule of the fragment (model kinds that hold
  // two molecules), otherwise one group per atom (every pair repels).
  static std::vector<int> default_groups(const std::string& kind, int n_atoms);
  // Throws qmlff::Error unless groups has one entry per atom; term names the block ("repulsion").
  static void check_groups(const std::vector<int>& groups, std::size_t n_atoms, const std::string& term);

 private:
  const Term* find(const std::string& a, const std::string& b) const;
};

}  // namespace qmlff
