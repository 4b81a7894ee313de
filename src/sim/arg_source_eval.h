#pragma once
// Values and derivatives of gate arguments with respect to parameters and inputs.
#include "sim/circuit.h"

namespace qmlff {

// feature(u) of an argument source (1 for Feature::One).
double arg_feature(const ArgSource& a, const Vec3* u);
// d feature / du . w
double arg_feature_dir(const ArgSource& a, const Vec3* u, const Vec3* w);
// d_u += scale * d feature / du
void arg_feature_grad_add(const ArgSource& a, const Vec3* u, double scale, Vec3* d_u);
// dd_u += scale * (d2 feature / du2) w   (zero for Component features, which are linear)
void arg_feature_hess_dir_add(const ArgSource& a, const Vec3* u, const Vec3* w, double scale, Vec3* dd_u);

inline double arg_param_factor(const ArgSource& a, const double* theta) {
  return a.param >= 0 ? theta[a.param] : 1.0;
}
inline double arg_value(const ArgSource& a, const double* theta, const Vec3* u) {
  return a.coeff * arg_param_factor(a, theta) * arg_feature(a, u);
}

}  // namespace qmlff
