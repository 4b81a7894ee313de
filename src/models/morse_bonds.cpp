#include "models/morse_bonds.h"

#include <cmath>

#include "core/error.h"

namespace qmlff {

void MorseBonds::validate(int n_atoms) const {
  for (std::size_t k = 0; k < bonds.size(); ++k) {
    const Bond& b = bonds[k];
    const std::string where = "bonds: term " + std::to_string(k) + " (atoms " + std::to_string(b.a) + ", " +
                              std::to_string(b.b) + ")";
    QMLFF_REQUIRE(b.a >= 0 && b.b >= 0 && b.a < n_atoms && b.b < n_atoms && b.a != b.b,
                  where + ": atom indices must be distinct and in [0, " + std::to_string(n_atoms) + ")");
    QMLFF_REQUIRE(std::isfinite(b.D) && b.D >= 0.0, where + ": D must be finite and >= 0");
    QMLFF_REQUIRE(std::isfinite(b.alpha) && b.alpha > 0.0, where + ": alpha must be finite and > 0");
    QMLFF_REQUIRE(std::isfinite(b.r0) && b.r0 > 0.0, where + ": r0 must be finite and > 0");
    for (std::size_t m = 0; m < k; ++m)
      QMLFF_REQUIRE(!((bonds[m].a == b.a && bonds[m].b == b.b) || (bonds[m].a == b.b && bonds[m].b == b.a)),
                    where + ": the pair is already term " + std::to_string(m));
  }
}

double MorseBonds::evaluate(const Vec3* r, Vec3* forces) const {
  double e = 0.0;
  for (const Bond& b : bonds) {
    const Vec3 d{r[b.a][0] - r[b.b][0], r[b.a][1] - r[b.b][1], r[b.a][2] - r[b.b][2]};
    const double dist = std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    const double x = std::exp(-b.alpha * (dist - b.r0));
    e += b.D * (1.0 - x) * (1.0 - x);
    if (!forces) continue;
    // dE/dr = 2 D alpha (1 - x) x; F_a = -dE/dr d/|d|, F_b = -F_a.
    const double g = -2.0 * b.D * b.alpha * (1.0 - x) * x / dist;
    for (int k = 0; k < 3; ++k) {
      forces[b.a][k] += g * d[k];
      forces[b.b][k] -= g * d[k];
    }
  }
  return e;
}

}  // namespace qmlff
