#pragma once
// Metrics of a trained model on one split, and the post-correction of seed 000
// (quadratic fit E_ref ~ p(E_pred), linear fit F_ref ~ k F_pred + b, both fitted on the
// training split and reported beside the raw metrics, never instead of them).
#include <vector>

#include <nlohmann/json.hpp>

#include "io/metrics.h"
#include "sim/types.h"

namespace qmlff::train {

struct PostCorrection {
  bool valid = false;
  // E_corr = c0 + c1 x + c2 x^2 with x = (E_pred - center) / unit.
  double center = 0, unit = 1, c0 = 0, c1 = 1, c2 = 0;
  bool has_forces = false;
  double slope = 1, intercept = 0;  // F_corr = slope F_pred + intercept

  double energy(double e) const {
    const double x = (e - center) / unit;
    return c0 + c1 * x + c2 * x * x;
  }
  double force(double f) const { return slope * f + intercept; }
};

// Fits on training predictions (forces flattened component-wise; may be empty).
PostCorrection fit_post_correction(const std::vector<double>& e_ref, const std::vector<double>& e_pred,
                                   const std::vector<double>& f_ref, const std::vector<double>& f_pred);

nlohmann::json metrics_to_json(const Metrics& m);
nlohmann::json post_correction_to_json(const PostCorrection& p);

// Flattens per-frame force vectors (n_atoms x 3) into one component list.
std::vector<double> flatten_forces(const std::vector<std::vector<Vec3>>& f);

}  // namespace qmlff::train
