#pragma once
// Shared helpers for model tests: random rotations, geometries and parameters.
#include <array>
#include <cmath>
#include <random>
#include <vector>

#include "models/builders.h"
#include "models/fragment_evaluator.h"

namespace qmlff::testing {

using Mat3 = std::array<std::array<double, 3>, 3>;

inline Mat3 random_rotation(std::mt19937& rng) {
  std::normal_distribution<double> nd;
  double q[4] = {nd(rng), nd(rng), nd(rng), nd(rng)};
  const double n = std::sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
  const double a = q[0] / n, b = q[1] / n, c = q[2] / n, d = q[3] / n;
  return {{{a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
           {2 * (b * c + a * d), a * a - b * b + c * c - d * d, 2 * (c * d - a * b)},
           {2 * (b * d - a * c), 2 * (c * d + a * b), a * a - b * b - c * c + d * d}}};
}

inline Vec3 rotate_vec(const Mat3& R, const Vec3& v) {
  Vec3 r{};
  for (int i = 0; i < 3; ++i) r[i] = R[i][0] * v[0] + R[i][1] * v[1] + R[i][2] * v[2];
  return r;
}

inline std::vector<Vec3> rotate(const Mat3& R, const std::vector<Vec3>& x) {
  std::vector<Vec3> out;
  for (const auto& v : x) out.push_back(rotate_vec(R, v));
  return out;
}

inline double distance(const Vec3& a, const Vec3& b) {
  return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
}

// A plausible geometry for each kind (Å), slightly distorted at random.
inline std::vector<Vec3> sample_geometry(const std::string& kind, std::mt19937& rng, int n_atoms = 0) {
  std::uniform_real_distribution<double> jitter(-0.08, 0.08);
  std::vector<Vec3> x;
  if (kind == "sivqlm_ab") {
    x = {{0.1, 0.2, -0.1}, {1.0, 0.9, 0.6}};
  } else if (kind == "sivqlm_ab2") {
    x = {{0.0, 0.0, 0.1}, {0.76, 0.59, 0.0}, {-0.76, 0.59, 0.05}};
  } else if (kind == "sivqlm_ab3" || (kind == "graph" && n_atoms == 0)) {
    x = {{0.0, 0.0, 0.0}, {0.94, 0.0, -0.38}, {-0.47, 0.81, -0.38}, {-0.47, -0.81, -0.38}};
  } else if (kind == "sivqlm_ab2_dimer") {
    x = {{-1.45, 0.0, 0.1},  {-0.5, 0.1, 0.0},  {-1.75, 0.9, 0.0},
         {1.45, 0.0, -0.05}, {1.8, 0.5, 0.75}, {1.8, 0.5, -0.75}};
  } else {
    for (int i = 0; i < n_atoms; ++i) x.push_back({1.1 * std::cos(2.1 * i), 1.1 * std::sin(2.1 * i), 0.3 * i});
  }
  for (auto& v : x)
    for (double& c : v) c += jitter(rng);
  return x;
}

// A model with random parameters (so that every gate matters) and a non-trivial scale.
inline FragmentModel random_model(const std::string& kind, BuilderOptions opt, std::mt19937& rng) {
  if (kind == "graph" && opt.species.empty()) opt.species = {"N", "H", "H", "H"};
  FragmentModel m = build_model(kind, opt);
  std::uniform_real_distribution<double> d(-0.6, 0.6);
  for (std::size_t i = 0; i < m.parameters.size(); ++i) {
    const bool is_scale = is_encoding_scale_label(m.parameter_labels[i]);
    m.parameters[i] = is_scale ? 1.0 + 0.5 * d(rng) : d(rng);
  }
  m.scale = 0.7;
  m.offset = -3.0;
  return m;
}

}  // namespace qmlff::testing
