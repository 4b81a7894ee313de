#pragma once
// Shared check for model tests: analytic forces against central differences of the
// energy (relative 1e-7) and their sum against zero (1e-12).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "models/fragment_evaluator.h"

namespace qmlff::testing {

// energy(x) is any function of the positions whose forces f at x are checked (a model, or a
// baseline term alone).
inline void expect_forces_match_finite_differences(const std::function<double(const std::vector<Vec3>&)>& energy,
                                                   const std::vector<Vec3>& x, const std::vector<Vec3>& f,
                                                   double h = 1e-5) {
  Vec3 sum{0, 0, 0};
  for (std::size_t a = 0; a < x.size(); ++a)
    for (int k = 0; k < 3; ++k) {
      auto p = x, m = x;
      p[a][k] += h;
      m[a][k] -= h;
      const double fd = -(energy(p) - energy(m)) / (2 * h);
      EXPECT_NEAR(f[a][k], fd, 1e-7 * std::max(1.0, std::abs(fd))) << "atom " << a << " comp " << k;
      sum[k] += f[a][k];
    }
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(sum[k], 0.0, 1e-12);
}

inline void expect_forces_match_finite_differences(FragmentEvaluator& ev, const std::vector<Vec3>& x,
                                                   const std::vector<Vec3>& f) {
  expect_forces_match_finite_differences([&](const std::vector<Vec3>& y) { return ev.energy(y.data()); }, x, f);
}

}  // namespace qmlff::testing
