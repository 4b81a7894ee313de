#include "io/metrics.h"

#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "core/error.h"

namespace qmlff {

Metrics compute_metrics(const std::vector<double>& ref, const std::vector<double>& pred) {
  if (ref.size() != pred.size())
    throw Error("compute_metrics: " + std::to_string(ref.size()) + " reference values but " +
                std::to_string(pred.size()) + " predictions");
  Metrics m;
  m.n = ref.size();
  if (m.n == 0) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    m.mse = m.mae = m.rmse = m.r2 = m.max_abs = nan;
    return m;
  }
  double sum_ref = 0.0;
  for (double r : ref) sum_ref += r;
  const double mean = sum_ref / static_cast<double>(m.n);
  double ss_res = 0.0, ss_tot = 0.0, sum_abs = 0.0;
  for (std::size_t i = 0; i < m.n; ++i) {
    const double d = pred[i] - ref[i];
    ss_res += d * d;
    sum_abs += std::abs(d);
    if (std::isnan(d) || std::abs(d) > m.max_abs) m.max_abs = std::abs(d);  // a NaN stays
    const double t = ref[i] - mean;
    ss_tot += t * t;
  }
  m.mse = ss_res / static_cast<double>(m.n);
  m.mae = sum_abs / static_cast<double>(m.n);
  m.rmse = std::sqrt(m.mse);
  m.r2 = ss_tot > 0.0 ? 1.0 - ss_res / ss_tot : std::numeric_limits<double>::quiet_NaN();
  return m;
}

std::string metric_text(double value, const char* spec) {
  if (std::isnan(value)) return "n/a";
  return fmt::format(fmt::runtime(spec), value);
}

}  // namespace qmlff
