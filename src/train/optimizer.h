#pragma once
// Adam (Kingma & Ba) with bias correction, and learning-rate schedules.
#include <vector>

#include "train/config.h"

namespace qmlff::train {

// Learning rate at 0-based step `step` of `total` steps.
double scheduled_lr(const OptimizerConfig& c, int step, int total);

struct AdamState {
  std::vector<double> m, v;
  long long t = 0;  // number of updates done
};

// theta -= lr * mhat / (sqrt(vhat) + eps), elementwise in index order.
void adam_update(const OptimizerConfig& c, double lr, const std::vector<double>& grad, AdamState& s,
                 std::vector<double>& theta);

}  // namespace qmlff::train
