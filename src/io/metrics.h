#pragma once
// Error metrics of predictions against reference labels (energies in eV, force
// components in eV/Å). Used by `qmlff eval` and the trainer's reports.
#include <cstddef>
#include <string>
#include <vector>

namespace qmlff {

struct Metrics {
  double mse = 0.0;   // mean of (pred - ref)^2
  double mae = 0.0;   // mean of |pred - ref|
  double rmse = 0.0;  // sqrt(mse)
  double r2 = 0.0;    // 1 - sum (pred-ref)^2 / sum (ref - mean(ref))^2; NaN when n == 0 or
                      // all references are equal (the coefficient is undefined then)
  std::size_t n = 0;  // number of values compared
  double max_abs = 0.0;  // largest |pred - ref|
};

// ref and pred must have the same size (throws qmlff::Error otherwise). With n == 0 every
// metric is NaN. Sums are accumulated in index order, so results are reproducible.
// A NaN difference is never skipped: it makes every metric NaN, max_abs included.
Metrics compute_metrics(const std::vector<double>& ref, const std::vector<double>& pred);

// Console text of one metric with the fmt format `spec` (e.g. "{:.8f}"); "n/a" where the
// metric is undefined (NaN: R² of fewer than two distinct reference values, no labels).
std::string metric_text(double value, const char* spec);

}  // namespace qmlff
