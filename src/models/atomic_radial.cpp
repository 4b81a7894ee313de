#include "models/atomic_radial.h"

#include <cmath>

#include "core/error.h"

namespace qmlff {

void smooth_cutoff(double r, double cutoff, double& f, double& d1, double& d2) {
  if (r >= cutoff) {
    f = d1 = d2 = 0.0;
    return;
  }
  const double x = r / cutoff, x2 = x * x, x3 = x2 * x;
  f = 1.0 - 10.0 * x3 + 15.0 * x3 * x - 6.0 * x3 * x2;
  d1 = (-30.0 * x2 + 60.0 * x3 - 30.0 * x3 * x) / cutoff;
  d2 = (-60.0 * x + 180.0 * x2 - 120.0 * x3) / (cutoff * cutoff);
}

void RadialBasis::evaluate(double r, double* values, double* d1, double* d2) const {
  const int nb = size();
  double fc, fc1, fc2;
  smooth_cutoff(r, cutoff, fc, fc1, fc2);
  for (int b = 0; b < nb; ++b) {
    double g, g1, g2;
    if (type == Type::Linear) {
      g = r, g1 = 1.0, g2 = 0.0;
    } else {
      const double t = (r - centre(b)) / width;
      g = std::exp(-t * t);
      g1 = -2.0 * t / width * g;
      g2 = (4.0 * t * t - 2.0) / (width * width) * g;
    }
    if (values) values[b] = g * fc;
    if (d1) d1[b] = g1 * fc + g * fc1;
    if (d2) d2[b] = g2 * fc + 2.0 * g1 * fc1 + g * fc2;
  }
}

void RadialBasis::validate() const {
  if (type == Type::Gaussian && n < 1) throw Error("radial basis: n must be at least 1, got " + std::to_string(n));
  if (!(cutoff > 0.0)) throw Error("radial basis: cutoff must be positive");
  if (type == Type::Gaussian && !(width > 0.0)) throw Error("radial basis: width must be positive");
  if (type == Type::Gaussian && !(r_min >= 0.0 && r_min < cutoff))
    throw Error("radial basis: r_min must lie in [0, cutoff)");
}

RadialBasis::Type RadialBasis::parse_type(const std::string& s) {
  if (s == "gaussian") return Type::Gaussian;
  if (s == "linear") return Type::Linear;
  throw Error("unknown radial basis '" + s + "' (gaussian, linear)");
}

const char* RadialBasis::type_name(Type t) { return t == Type::Linear ? "linear" : "gaussian"; }

}  // namespace qmlff
