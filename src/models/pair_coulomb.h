#pragma once
// A fixed, damped Coulomb term that a fragment model adds to its output (Delta-learning,
// like PairRepulsion: the circuit learns E_ref - E_coul):
//
//   E_coul = k_e * sum over atom pairs a < b in different groups of  q_a q_b erf(r_ab / sigma) / r_ab
//
// with one fixed charge per species (units of e) and k_e = 14.399645 eV Å / e². Why: the
// interaction of two water molecules is largely electrostatic and depends strongly on
// their relative orientation; a fixed point-charge term carries that long-ranged,
// orientation-dependent part, so the bounded circuit only learns the remainder. The erf
// damping keeps each pair finite at r -> 0 (limit 2 / (sigma sqrt(pi))), so an unlike-charge
// attraction can never beat the Born-Mayer wall at contact. The parameters are fixed
// before training (tools/fit_repulsion.py --coulomb-sigma) and stored in the potential
// file; they are not trained. Only distances enter: the term is invariant under
// translations, rotations, inversion and permutations that respect the groups.
#include <string>
#include <vector>

#include "sim/types.h"

namespace qmlff {

struct PairCoulomb {
  struct Charge {
    std::string species;
    double q = 0.0;  // e
  };
  static constexpr double kCoulombConstant = 14.399645;  // eV Å / e²
  // Group (molecule) of each atom in model order; pairs inside one group are skipped.
  // Defaults as for the repulsion (PairRepulsion::default_groups).
  std::vector<int> groups;
  std::vector<Charge> charges;  // one per species of the model
  double sigma = 1.0;           // damping length, Å (> 0)

  // Throws qmlff::Error naming the problem (sizes, non-finite charges, sigma, a species
  // without a charge, a duplicated or unknown species).
  void validate(const std::vector<std::string>& species) const;
  // Energy (eV); when forces is given, adds -dE_coul/dr_a to forces[a] (eV/Å).
  double evaluate(const std::vector<std::string>& species, const Vec3* positions, Vec3* forces) const;

 private:
  const Charge* find(const std::string& species) const;
};

}  // namespace qmlff
