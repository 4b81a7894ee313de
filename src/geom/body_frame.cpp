#include "geom/body_frame.h"

#include <cmath>

#include "core/error.h"

namespace qmlff {

namespace {

double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
Vec3 axpy(double s, const Vec3& x, const Vec3& y) { return {s * x[0] + y[0], s * x[1] + y[1], s * x[2] + y[2]}; }

struct Frame {
  Vec3 ex, ey, ez;
};

// Frame and, for a tangent vdot of the inputs, its tangent (forward mode).
struct FrameBuilder {
  Vec3 v, t;
  double nv = 0, nt = 0;
  Vec3 a{};  // the lab axis used for x
  Frame f;

  explicit FrameBuilder(const Vec3& v_in) : v(v_in) {
    nv = std::sqrt(dot(v, v));
    QMLFF_REQUIRE(nv > 1e-8, "body frame: the frame axis vanishes for this geometry (e.g. a linear "
                             "molecule); the model's frame is undefined here");
    f.ez = {v[0] / nv, v[1] / nv, v[2] / nv};
    int imin = 0;
    for (int i = 1; i < 3; ++i)
      if (std::abs(f.ez[i]) < std::abs(f.ez[imin])) imin = i;
    a[imin] = 1.0;
    t = axpy(-dot(a, f.ez), f.ez, a);
    nt = std::sqrt(dot(t, t));
    f.ex = {t[0] / nt, t[1] / nt, t[2] / nt};
    f.ey = cross(f.ez, f.ex);
  }

  Frame tangent(const Vec3& vdot) const {
    Frame d;
    d.ez = axpy(-dot(f.ez, vdot), f.ez, vdot);
    for (double& x : d.ez) x /= nv;
    const Vec3 tdot = axpy(-dot(a, d.ez), f.ez, Vec3{-dot(a, f.ez) * d.ez[0], -dot(a, f.ez) * d.ez[1],
                                                     -dot(a, f.ez) * d.ez[2]});
    d.ex = axpy(-dot(f.ex, tdot), f.ex, tdot);
    for (double& x : d.ex) x /= nt;
    const Vec3 c1 = cross(d.ez, f.ex), c2 = cross(f.ez, d.ex);
    d.ey = {c1[0] + c2[0], c1[1] + c2[1], c1[2] + c2[2]};
    return d;
  }
};

}  // namespace

void BodyFrame::transform(const std::vector<Vec3>& u, std::vector<Vec3>& out,
                          std::vector<double>* jac) const {
  const std::size_t n = u.size();
  QMLFF_REQUIRE(z_coeff_.size() == n, "body frame: axis has " + std::to_string(z_coeff_.size()) +
                                          " coefficients but the model has " + std::to_string(n) +
                                          " inputs");
  Vec3 v{0, 0, 0};
  for (std::size_t k = 0; k < n; ++k) v = axpy(z_coeff_[k], u[k], v);
  const FrameBuilder fb(v);
  out.resize(n);
  for (std::size_t k = 0; k < n; ++k) out[k] = {dot(fb.f.ex, u[k]), dot(fb.f.ey, u[k]), dot(fb.f.ez, u[k])};
  if (!jac) return;
  const std::size_t m = 3 * n;
  jac->assign(m * m, 0.0);
  // Column (j, c): d out / d u_j[c] = R e_c [k == j] + Rdot u_k.
  for (std::size_t j = 0; j < n; ++j)
    for (int c = 0; c < 3; ++c) {
      Vec3 vdot{0, 0, 0};
      vdot[c] = z_coeff_[j];
      const Frame d = fb.tangent(vdot);
      const std::size_t col = 3 * j + c;
      for (std::size_t k = 0; k < n; ++k) {
        const Vec3 r = {dot(d.ex, u[k]), dot(d.ey, u[k]), dot(d.ez, u[k])};
        for (int i = 0; i < 3; ++i) (*jac)[(3 * k + i) * m + col] = r[i];
      }
      (*jac)[(3 * j + 0) * m + col] += fb.f.ex[c];
      (*jac)[(3 * j + 1) * m + col] += fb.f.ey[c];
      (*jac)[(3 * j + 2) * m + col] += fb.f.ez[c];
    }
}

}  // namespace qmlff
