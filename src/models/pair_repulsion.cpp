#include "models/pair_repulsion.h"

#include <cmath>

#include "core/error.h"

namespace qmlff {

const PairRepulsion::Term* PairRepulsion::find(const std::string& a, const std::string& b) const {
  for (const Term& t : terms)
    if ((t.species_a == a && t.species_b == b) || (t.species_a == b && t.species_b == a)) return &t;
  return nullptr;
}

void PairRepulsion::validate(const std::vector<std::string>& species) const {
  QMLFF_REQUIRE(groups.size() == species.size(), "repulsion: 'groups' has " + std::to_string(groups.size()) +
                                                     " entries, expected one per atom (" +
                                                     std::to_string(species.size()) + ")");
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
  double e = 0.0;
  const std::size_t n = species.size();
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a + 1; b < n; ++b) {
      if (groups[a] == groups[b]) continue;
      const Term* t = find(species[a], species[b]);
      const Vec3 d{r[a][0] - r[b][0], r[a][1] - r[b][1], r[a][2] - r[b][2]};
      const double dist = std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
      const double pair = t->A * std::exp(-dist / t->rho);
      e += pair;
      if (!forces) continue;
      // F_a = -dE/dr_a = (pair / rho) d / |d|; F_b = -F_a.
      const double g = pair / (t->rho * dist);
      for (int x = 0; x < 3; ++x) {
        forces[a][x] += g * d[x];
        forces[b][x] -= g * d[x];
      }
    }
  return e;
}

std::vector<int> PairRepulsion::default_groups(const std::string& kind, int n_atoms) {
  std::vector<int> g(n_atoms);
  const bool two_molecules = kind == "sivqlm_ab2_dimer" && n_atoms % 2 == 0;
  for (int a = 0; a < n_atoms; ++a) g[a] = two_molecules ? a / (n_atoms / 2) : a;
  return g;
}

}  // namespace qmlff
