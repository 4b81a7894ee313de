#include "models/pair_repulsion.h"

#include <cmath>

#include "core/error.h"
#include "models/pair_sum.h"

namespace qmlff {

const PairRepulsion::Term* PairRepulsion::find(const std::string& a, const std::string& b) const {
  for (const Term& t : terms)
    if ((t.species_a == a && t.species_b == b) || (t.species_a == b && t.species_b == a)) return &t;
  return nullptr;
}

void PairRepulsion::validate(const std::vector<std::string>& species) const {
  check_groups(groups, species.size(), "repulsion");
  for (std::size_t k = 0; k < terms.size(); ++k) {
    const Term& t = terms[k];
    const std::string where = "repulsion: term " + std::to_string(k) + " (" + t.species_a + "-" + t.species_b + ")";
    QMLFF_REQUIRE(std::isfinite(t.A) && t.A >= 0.0, where + ": A must be finite and >= 0 (a repulsion)");
    QMLFF_REQUIRE(std::isfinite(t.rho) && t.rho > 0.0, where + ": rho must be finite and > 0");
    // find() returns the first match: a later term for the same pair would be ignored.
    QMLFF_REQUIRE(find(t.species_a, t.species_b) == &t, where + ": duplicate species pair");
  }
  for (std::size_t a = 0; a < species.size(); ++a)
    for (std::size_t b = a + 1; b < species.size(); ++b)
      if (groups[a] != groups[b])
        QMLFF_REQUIRE(find(species[a], species[b]) != nullptr,
                      "repulsion: no term for the species pair " + species[a] + "-" + species[b] + " (atoms " +
                          std::to_string(a) + " and " + std::to_string(b) +
                          "); give one, with A = 0 if the pair should not repel");
}

double PairRepulsion::evaluate(const std::vector<std::string>& species, const Vec3* r, Vec3* forces) const {
  return sum_over_group_pairs(groups, r, forces, [&](std::size_t a, std::size_t b, double dist) {
    const Term* t = find(species[a], species[b]);
    const double pair = t->A * std::exp(-dist / t->rho);
    // F_a = -dE/dr_a = (pair / rho) d / |d|; F_b = -F_a.
    return std::make_pair(pair, pair / (t->rho * dist));
  });
}

void PairRepulsion::check_groups(const std::vector<int>& groups, std::size_t n_atoms, const std::string& term) {
  QMLFF_REQUIRE(groups.size() == n_atoms, term + ": 'groups' has " + std::to_string(groups.size()) +
                                              " entries, expected one per atom (" + std::to_string(n_atoms) + ")");
}

std::vector<int> PairRepulsion::default_groups(const std::string& kind, int n_atoms) {
  std::vector<int> g(n_atoms);
  const bool two_molecules = kind == "sivqlm_ab2_dimer" && n_atoms % 2 == 0;
  for (int a = 0; a < n_atoms; ++a) g[a] = two_molecules ? a / (n_atoms / 2) : a;
  return g;
}

}  // namespace qmlff
