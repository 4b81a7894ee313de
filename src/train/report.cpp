#include "train/report.h"
// GCC 12 reports false maybe-uninitialized warnings inside its AVX-512 intrinsic headers
// when Eigen is compiled with -march=native (the tests target disables the same warning).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <Eigen/Dense>
#include <cmath>

namespace qmlff::train {

PostCorrection fit_post_correction(const std::vector<double>& e_ref, const std::vector<double>& e_pred,
                                   const std::vector<double>& f_ref, const std::vector<double>& f_pred) {
  PostCorrection p;
  const std::size_t n = e_ref.size();
  if (n < 3 || e_pred.size() != n) return p;
  double mean = 0, var = 0;
  for (double e : e_pred) mean += e;
  mean /= n;
  for (double e : e_pred) var += (e - mean) * (e - mean);
  p.center = mean;
  p.unit = var > 0 ? std::sqrt(var / n) : 1.0;
  Eigen::MatrixXd A(n, 3);
  Eigen::VectorXd b(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = (e_pred[i] - p.center) / p.unit;
    A(i, 0) = 1;
    A(i, 1) = x;
    A(i, 2) = x * x;
    b(i) = e_ref[i];
  }
  const Eigen::Vector3d c = A.colPivHouseholderQr().solve(b);
  p.c0 = c(0);
  p.c1 = c(1);
  p.c2 = c(2);
  p.valid = std::isfinite(p.c0) && std::isfinite(p.c1) && std::isfinite(p.c2);
  const std::size_t m = f_ref.size();
  if (m >= 2 && f_pred.size() == m) {
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < m; ++i) {
      sx += f_pred[i];
      sy += f_ref[i];
    }
    const double mx = sx / m, my = sy / m;
    for (std::size_t i = 0; i < m; ++i) {
      sxx += (f_pred[i] - mx) * (f_pred[i] - mx);
      sxy += (f_pred[i] - mx) * (f_ref[i] - my);
    }
    if (sxx > 0) {
      p.has_forces = true;
      p.slope = sxy / sxx;
      p.intercept = my - p.slope * mx;
    }
  }
  return p;
}

nlohmann::json metrics_to_json(const Metrics& m) {
  auto num = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); };
  return {{"n", m.n}, {"mse", num(m.mse)}, {"mae", num(m.mae)}, {"rmse", num(m.rmse)},
          {"r2", num(m.r2)}, {"max_abs", num(m.max_abs)}};
}

nlohmann::json post_correction_to_json(const PostCorrection& p) {
  nlohmann::json j;
  j["energy"] = {{"form", "E_ref ~ c0 + c1 x + c2 x^2, x = (E_pred - center)/unit"},
                 {"valid", p.valid}, {"center", p.center}, {"unit", p.unit},
                 {"c0", p.c0}, {"c1", p.c1}, {"c2", p.c2}};
  if (p.has_forces) j["forces"] = {{"form", "F_ref ~ slope F_pred + intercept"}, {"slope", p.slope}, {"intercept", p.intercept}};
  return j;
}

std::vector<double> flatten_forces(const std::vector<std::vector<Vec3>>& f) {
  std::vector<double> out;
  for (const auto& fr : f)
    for (const auto& v : fr) out.insert(out.end(), v.begin(), v.end());
  return out;
}

}  // namespace qmlff::train
