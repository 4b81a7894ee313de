#pragma once
// Shared check for model tests: analytic forces against central differences of the
// energy (relative 1e-7) and their sum against zero (1e-12).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "models/fragment_evaluator.h"

namespace qmlff::testing {

inline void expect_forces_match_finite_differences(FragmentEvaluator& ev, const std::vector<Vec3>& x,
                                                   const std::vector<Vec3>& f) {
  const double h = 1e-5;
  Vec3 sum{0, 0, 0};
  for (std::size_t a = 0; a < x.size(); ++a)
    for (int k = 0; k < 3; ++k) {
      auto p = x, m = x;
      p[a][k] += h;
      m[a][k] -= h;
      const double fd = -(ev.energy(p.data()) - ev.energy(m.data())) / (2 * h);
      EXPECT_NEAR(f[a][k], fd, 1e-7 * std::max(1.0, std::abs(fd))) << "atom " << a << " comp " << k;
      sum[k] += f[a][k];
    }
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(sum[k], 0.0, 1e-12);
}

}  // namespace qmlff::testing
