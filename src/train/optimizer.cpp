#include "train/optimizer.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace qmlff::train {

double scheduled_lr(const OptimizerConfig& c, int step, int total) {
  const ScheduleConfig& s = c.schedule;
  double lr = c.lr;
  if (s.type == "exponential") {
    lr = c.lr * std::pow(s.decay_rate, static_cast<double>(step) / s.decay_steps);
  } else if (s.type == "cosine") {
    const double x = total > 0 ? std::min(1.0, static_cast<double>(step) / total) : 0.0;
    lr = s.min_lr + 0.5 * (c.lr - s.min_lr) * (1.0 + std::cos(3.141592653589793 * x));
  } else if (s.type == "step") {
    lr = c.lr * std::pow(s.gamma, static_cast<double>(step / s.step_size));
  }
  if (s.warmup_steps > 0 && step < s.warmup_steps) lr *= static_cast<double>(step + 1) / s.warmup_steps;
  return lr;
}

void adam_update(const OptimizerConfig& c, double lr, const std::vector<double>& grad, AdamState& s,
                 std::vector<double>& theta) {
  const std::size_t n = theta.size();
  QMLFF_REQUIRE(grad.size() == n, "adam: gradient size mismatch");
  if (s.m.size() != n) s.m.assign(n, 0.0);
  if (s.v.size() != n) s.v.assign(n, 0.0);
  ++s.t;
  const double bc1 = 1.0 - std::pow(c.beta1, static_cast<double>(s.t));
  const double bc2 = 1.0 - std::pow(c.beta2, static_cast<double>(s.t));
  for (std::size_t k = 0; k < n; ++k) {
    s.m[k] = c.beta1 * s.m[k] + (1.0 - c.beta1) * grad[k];
    s.v[k] = c.beta2 * s.v[k] + (1.0 - c.beta2) * grad[k] * grad[k];
    const double mh = s.m[k] / bc1, vh = s.v[k] / bc2;
    theta[k] -= lr * mh / (std::sqrt(vh) + c.eps);
  }
}

}  // namespace qmlff::train
