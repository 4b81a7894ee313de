#include "sim/arg_source_eval.h"

#include <cmath>

namespace qmlff {

namespace {

struct RadialValue {
  double f, df, d2f;  // f(r), f'(r), f''(r)
};

RadialValue radial(const ArgSource& a, double r) {
  switch (a.radial) {
    case Radial::Identity:
      return {r, 1.0, 0.0};
    case Radial::Inverse:
      return {1.0 / r, -1.0 / (r * r), 2.0 / (r * r * r)};
    case Radial::Exp: {
      const double f = std::exp(-r / a.width);
      return {f, -f / a.width, f / (a.width * a.width)};
    }
    case Radial::Gaussian: {
      const double x = r / a.width, f = std::exp(-x * x);
      return {f, -2.0 * x / a.width * f, (4.0 * x * x - 2.0) / (a.width * a.width) * f};
    }
  }
  return {0.0, 0.0, 0.0};
}

double distance(const Vec3& p, const Vec3& q, Vec3& d) {
  for (int c = 0; c < 3; ++c) d[c] = p[c] - q[c];
  return std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
}

}  // namespace

double arg_feature(const ArgSource& a, const Vec3* u) {
  switch (a.feature) {
    case Feature::One:
      return 1.0;
    case Feature::Component:
      return u[a.input][a.component];
    case Feature::Distance: {
      Vec3 d;
      return radial(a, distance(u[a.input], u[a.input2], d)).f;
    }
  }
  return 0.0;
}

double arg_feature_dir(const ArgSource& a, const Vec3* u, const Vec3* w) {
  switch (a.feature) {
    case Feature::One:
      return 0.0;
    case Feature::Component:
      return w[a.input][a.component];
    case Feature::Distance: {
      Vec3 d;
      const double r = distance(u[a.input], u[a.input2], d);
      double dot = 0.0;
      for (int c = 0; c < 3; ++c) dot += d[c] * (w[a.input][c] - w[a.input2][c]);
      return radial(a, r).df * dot / r;
    }
  }
  return 0.0;
}

void arg_feature_grad_add(const ArgSource& a, const Vec3* u, double scale, Vec3* d_u) {
  switch (a.feature) {
    case Feature::One:
      return;
    case Feature::Component:
      d_u[a.input][a.component] += scale;
      return;
    case Feature::Distance: {
      Vec3 d;
      const double r = distance(u[a.input], u[a.input2], d);
      const double s = scale * radial(a, r).df / r;
      for (int c = 0; c < 3; ++c) {
        d_u[a.input][c] += s * d[c];
        d_u[a.input2][c] -= s * d[c];
      }
      return;
    }
  }
}

void arg_feature_hess_dir_add(const ArgSource& a, const Vec3* u, const Vec3* w, double scale, Vec3* dd_u) {
  if (a.feature != Feature::Distance) return;  // One and Component are linear in u
  // f(r), r = |d|, d = u_a - u_b: Hessian in d is f'' dhat dhat^T + (f'/r)(I - dhat dhat^T),
  // and d moves by wd = w_a - w_b; the result enters u_a with +, u_b with -.
  Vec3 d;
  const double r = distance(u[a.input], u[a.input2], d);
  const RadialValue rv = radial(a, r);
  double along = 0.0;  // dhat . wd
  Vec3 wd;
  for (int c = 0; c < 3; ++c) {
    wd[c] = w[a.input][c] - w[a.input2][c];
    along += d[c] / r * wd[c];
  }
  for (int c = 0; c < 3; ++c) {
    const double dh = d[c] / r;
    const double h = scale * (rv.d2f * dh * along + rv.df / r * (wd[c] - dh * along));
    dd_u[a.input][c] += h;
    dd_u[a.input2][c] -= h;
  }
}

}  // namespace qmlff
