#pragma once
// The loop shared by the fixed pair terms (PairRepulsion, PairCoulomb): every atom pair
// a < b in different groups, and its forces along the pair vector.
#include <cmath>
#include <utility>
#include <vector>

#include "sim/types.h"

namespace qmlff {

// term(a, b, r) returns {E_ab, g} with g = -(dE_ab/dr) / r, so that F_a = g (r_a - r_b) = -F_b.
// Returns the sum of E_ab; when forces is given, adds the forces to it.
template <class Term>
double sum_over_group_pairs(const std::vector<int>& groups, const Vec3* r, Vec3* forces, Term term) {
  double e = 0.0;
  const std::size_t n = groups.size();
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a + 1; b < n; ++b) {
      if (groups[a] == groups[b]) continue;
      const Vec3 d{r[a][0] - r[b][0], r[a][1] - r[b][1], r[a][2] - r[b][2]};
      const double dist = std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
      const std::pair<double, double> pair = term(a, b, dist);
      e += pair.first;
      if (!forces) continue;
      for (int x = 0; x < 3; ++x) {
        forces[a][x] += pair.second * d[x];
        forces[b][x] -= pair.second * d[x];
      }
    }
  return e;
}

}  // namespace qmlff
