#pragma once
// Shared helpers for trainer tests: the message of an expected error, and the training
// loss gradient against central differences of the loss.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "train/loss.h"

namespace qmlff::testing {

inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

// dL/dtheta_k (force weight w) against (L(theta + h e_k) - L(theta - h e_k)) / 2h, relative 1e-6.
inline void expect_loss_gradient_matches_finite_differences(train::LossEvaluator& ev, const std::vector<double>& theta,
                                                            const std::vector<train::TrainFrame>& frames,
                                                            const std::vector<int>& idx, double w, double h,
                                                            const std::string& what) {
  const train::LossValue lv = ev.evaluate(theta, frames, idx, w, true);
  ASSERT_EQ(lv.grad.size(), theta.size());
  for (std::size_t k = 0; k < theta.size(); ++k) {
    std::vector<double> tp = theta, tm = theta;
    tp[k] += h;
    tm[k] -= h;
    const double fd = (ev.evaluate(tp, frames, idx, w, false).loss - ev.evaluate(tm, frames, idx, w, false).loss) / (2 * h);
    EXPECT_NEAR(lv.grad[k], fd, 1e-6 * std::max(1.0, std::abs(fd))) << what << " w=" << w << " param " << k;
  }
}

}  // namespace qmlff::testing
