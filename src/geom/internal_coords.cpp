#include "geom/internal_coords.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace qmlff {

namespace {

double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Vec3 sub(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

double checked_norm(const Vec3& v) {
  const double n = std::sqrt(dot(v, v));
  QMLFF_REQUIRE(n > 1e-10, "internal coordinates: a bond vector has zero length");
  return n;
}

}  // namespace

std::string InternalCoord::type_name(Type t) {
  switch (t) {
    case Type::Norm: return "norm";
    case Type::Distance: return "distance";
    case Type::Angle: return "angle";
  }
  return "";
}

InternalCoord::Type InternalCoord::parse_type(const std::string& name) {
  if (name == "norm") return Type::Norm;
  if (name == "distance") return Type::Distance;
  if (name == "angle") return Type::Angle;
  throw Error("unknown internal coordinate '" + name + "' (norm, distance, angle)");
}

void InternalCoords::validate(int n) const {
  for (std::size_t j = 0; j < coords_.size(); ++j) {
    const InternalCoord& c = coords_[j];
    const std::string where = "internal coordinate " + std::to_string(j) + " (" + InternalCoord::type_name(c.type) + ")";
    QMLFF_REQUIRE(c.a >= 0 && c.a < n, where + ": input index out of range");
    if (c.type != InternalCoord::Type::Norm)
      QMLFF_REQUIRE(c.b >= 0 && c.b < n && c.b != c.a, where + ": needs a second, different input");
  }
}

void InternalCoords::transform(const std::vector<Vec3>& u, std::vector<Vec3>& out, std::vector<double>* jac) const {
  const std::size_t m = coords_.size(), cols = 3 * u.size();
  out.assign(m, Vec3{0, 0, 0});
  if (jac) jac->assign(3 * m * cols, 0.0);
  // Row 3j of the Jacobian holds dq_j/du (rows 3j+1, 3j+2 stay zero).
  auto grad = [&](std::size_t j, int k, const Vec3& g) {
    if (!jac)
      return;
    for (int x = 0; x < 3; ++x) (*jac)[3 * j * cols + 3 * k + x] += g[x];
  };
  for (std::size_t j = 0; j < m; ++j) {
    const InternalCoord& c = coords_[j];
    switch (c.type) {
      case InternalCoord::Type::Norm: {
        const Vec3& v = u[c.a];
        const double r = checked_norm(v);
        out[j][0] = r;
        grad(j, c.a, {v[0] / r, v[1] / r, v[2] / r});
        break;
      }
      case InternalCoord::Type::Distance: {
        const Vec3 v = sub(u[c.a], u[c.b]);
        const double r = checked_norm(v);
        out[j][0] = r;
        grad(j, c.a, {v[0] / r, v[1] / r, v[2] / r});
        grad(j, c.b, {-v[0] / r, -v[1] / r, -v[2] / r});
        break;
      }
      case InternalCoord::Type::Angle: {
        const Vec3 &p = u[c.a], &q = u[c.b];
        const double np = checked_norm(p), nq = checked_norm(q);
        const double cr = std::sqrt(dot(cross(p, q), cross(p, q)));
        // atan2 is accurate at every angle; the gradient below divides by sin(theta).
        const double theta = std::atan2(cr, dot(p, q));
        const double s = cr / (np * nq), co = dot(p, q) / (np * nq);
        QMLFF_REQUIRE(s > 1e-8, "internal coordinates: angle between collinear vectors (0 or 180 degrees) "
                                "has no derivative");
        out[j][0] = theta;
        // d theta/dp = (cos theta p^ - q^) / (|p| sin theta), and symmetrically for q.
        Vec3 gp, gq;
        for (int x = 0; x < 3; ++x) {
          gp[x] = (co * p[x] / np - q[x] / nq) / (np * s);
          gq[x] = (co * q[x] / nq - p[x] / np) / (nq * s);
        }
        grad(j, c.a, gp);
        grad(j, c.b, gq);
        break;
      }
    }
  }
}

}  // namespace qmlff
