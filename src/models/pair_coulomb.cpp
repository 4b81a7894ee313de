#include "models/pair_coulomb.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "models/pair_repulsion.h"
#include "models/pair_sum.h"

namespace qmlff {

namespace {

// The radial factors of one pair at x = r / sigma: h = erf(x)/x (energy) and
// p = -h'(x)/x = (h - 2/sqrt(pi) exp(-x^2)) / x^2 (force). The closed form of p cancels as
// x -> 0, so small x uses the Taylor series erf(x)/x = 2/sqrt(pi) sum_n (-x^2)^n / (n! (2n+1)),
// which also gives the finite limits h(0) = 2/sqrt(pi), p(0) = 4/(3 sqrt(pi)).
void damped_factors(double x, double& h, double& p) {
  constexpr double two_over_sqrt_pi = 1.1283791670955126;
  if (x >= 0.2) {
    h = std::erf(x) / x;
    p = (h - two_over_sqrt_pi * std::exp(-x * x)) / (x * x);
    return;
  }
  // Terms up to n = 8: the first omitted one is < 1e-16 relative at x = 0.2.
  // t = (-x^2)^n / n! and tp = t / x^2, updated apart so that x = 0 works.
  double hs = 1.0, ps = 0.0, t = 1.0, tp = -1.0;
  for (int n = 1; n <= 8; ++n) {
    t *= -x * x / n;
    hs += t / (2 * n + 1);
    ps -= 2.0 * n * tp / (2 * n + 1);
    tp *= -x * x / (n + 1);
  }
  h = two_over_sqrt_pi * hs;
  p = two_over_sqrt_pi * ps;
}

}  // namespace

const PairCoulomb::Charge* PairCoulomb::find(const std::string& species) const {
  for (const Charge& c : charges)
    if (c.species == species) return &c;
  return nullptr;
}

void PairCoulomb::validate(const std::vector<std::string>& species) const {
  PairRepulsion::check_groups(groups, species.size(), "coulomb");
  QMLFF_REQUIRE(std::isfinite(sigma) && sigma > 0.0, "coulomb: sigma must be finite and > 0 (a damping length, Å)");
  for (std::size_t k = 0; k < charges.size(); ++k) {
    const Charge& c = charges[k];
    const std::string where = "coulomb: charge " + std::to_string(k) + " (" + c.species + ")";
    QMLFF_REQUIRE(std::isfinite(c.q), where + ": q must be finite");
    // find() returns the first match: a later entry for the same species would be ignored.
    QMLFF_REQUIRE(find(c.species) == &c, where + ": duplicate species");
    QMLFF_REQUIRE(std::find(species.begin(), species.end(), c.species) != species.end(),
                  where + ": the model has no atom of species " + c.species);
  }
  for (std::size_t a = 0; a < species.size(); ++a)
    QMLFF_REQUIRE(find(species[a]) != nullptr, "coulomb: no charge for species " + species[a] + " (atom " +
                                                   std::to_string(a) + "); give one, with q = 0 if it carries none");
}

double PairCoulomb::evaluate(const std::vector<std::string>& species, const Vec3* r, Vec3* forces) const {
  return sum_over_group_pairs(groups, r, forces, [&](std::size_t a, std::size_t b, double dist) {
    const double kqq = kCoulombConstant * find(species[a])->q * find(species[b])->q;
    double h, p;
    damped_factors(dist / sigma, h, p);
    // F_a = -dE/dr_a = kqq p(x) / sigma^3 * d; F_b = -F_a.
    return std::make_pair(kqq * h / sigma, kqq * p / (sigma * sigma * sigma));
  });
}

}  // namespace qmlff
