#include "interface/periodic_images.h"

#include <cmath>

#include "core/error.h"

namespace qmlff {

namespace {

Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

}  // namespace

void PeriodicImages::build(const Vec3* positions, int n, const Cell& cell, double reach) {
  n_owned_ = n;
  x_.assign(positions, positions + n);
  owner_.resize(n);
  tag_.resize(n);
  for (int k = 0; k < n; ++k) {
    owner_[k] = k;
    tag_[k] = k + 1;
  }
  std::vector<std::array<int, 3>> shifts{{0, 0, 0}};
  std::array<Vec3, 3> recip{};  // a_i . b_k = delta_ik
  std::array<double, 3> margin{};
  if (cell.periodic()) {
    const auto& a = cell.vectors;
    const double vol = dot(a[0], cross(a[1], a[2]));
    const double scale = std::sqrt(dot(a[0], a[0]) * dot(a[1], a[1]) * dot(a[2], a[2]));
    QMLFF_REQUIRE(std::abs(vol) > 1e-10 * scale && scale > 0.0,
                  "periodic cell: the cell vectors are (nearly) linearly dependent (volume " + std::to_string(vol) +
                      " A^3); give three independent lattice vectors");
    for (int k = 0; k < 3; ++k) {
      const Vec3 c = cross(a[(k + 1) % 3], a[(k + 2) % 3]);
      for (int d = 0; d < 3; ++d) recip[k][d] = c[d] / vol;
    }
    std::array<int, 3> range{};
    for (int k = 0; k < 3; ++k) {
      if (!cell.pbc[k]) continue;
      margin[k] = reach * std::sqrt(dot(recip[k], recip[k]));  // reach in fractional units
      range[k] = static_cast<int>(std::ceil(margin[k]));
    }
    for (int i = 0; i < n; ++i)  // wrap into [0, 1) along periodic directions
      for (int k = 0; k < 3; ++k) {
        if (!cell.pbc[k]) continue;
        const double f = std::floor(dot(x_[i], recip[k]));
        if (f != 0.0)
          for (int d = 0; d < 3; ++d) x_[i][d] -= f * a[k][d];
      }
    shifts.clear();
    for (int s0 = -range[0]; s0 <= range[0]; ++s0)
      for (int s1 = -range[1]; s1 <= range[1]; ++s1)
        for (int s2 = -range[2]; s2 <= range[2]; ++s2) shifts.push_back({s0, s1, s2});
  }
  std::vector<std::vector<int>> copies(n);
  for (int i = 0; i < n; ++i) copies[i].push_back(i);
  for (const auto& s : shifts) {
    if (s[0] == 0 && s[1] == 0 && s[2] == 0) continue;
    for (int i = 0; i < n; ++i) {
      Vec3 y = x_[i];
      for (int k = 0; k < 3; ++k)
        for (int d = 0; d < 3; ++d) y[d] += s[k] * cell.vectors[k][d];
      bool inside = true;
      for (int k = 0; k < 3 && inside; ++k) {
        if (!cell.pbc[k]) continue;
        const double f = dot(y, recip[k]);
        inside = f >= -margin[k] && f <= 1.0 + margin[k];
      }
      if (!inside) continue;
      copies[i].push_back(static_cast<int>(x_.size()));
      x_.push_back(y);
      owner_.push_back(i);
      tag_.push_back(i + 1);
    }
  }
  copy_start_.assign(1, 0);
  copies_.clear();
  for (int i = 0; i < n; ++i) {
    copies_.insert(copies_.end(), copies[i].begin(), copies[i].end());
    copy_start_.push_back(static_cast<int>(copies_.size()));
  }
}

int PeriodicImages::map(std::int64_t tag) const {
  return tag >= 1 && tag <= n_owned_ ? static_cast<int>(tag - 1) : -1;
}

int PeriodicImages::closest_image(int i, int j) const {
  const int o = owner_[j];
  int best = j;
  double best_r2 = -1.0;
  for (int c = copy_start_[o]; c < copy_start_[o + 1]; ++c) {
    const int k = copies_[c];
    double r2 = 0.0;
    for (int d = 0; d < 3; ++d) r2 += (x_[k][d] - x_[i][d]) * (x_[k][d] - x_[i][d]);
    if (best_r2 < 0.0 || r2 < best_r2) {
      best_r2 = r2;
      best = k;
    }
  }
  return best;
}

}  // namespace qmlff
