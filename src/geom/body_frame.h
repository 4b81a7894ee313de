#pragma once
// Body-fixed frame for models that are invariant only under rotations about z
// (symmetry-breaking RZ layers). The frame's z axis is e_z = v/|v| with
// v = sum_k z_coeff[k] u_k, a combination of the inputs chosen to be invariant under the
// fragment's permutations; x is the lab axis least aligned with e_z, orthogonalised.
// Because such a model is invariant under rotations about z, the choice of x does not
// change the energy; only e_z matters. All inputs are expressed in (e_x, e_y, e_z).
#include <vector>

#include "sim/types.h"

namespace qmlff {

class BodyFrame {
 public:
  BodyFrame() = default;
  explicit BodyFrame(std::vector<double> z_coeff) : z_coeff_(std::move(z_coeff)) {}
  const std::vector<double>& z_coeff() const { return z_coeff_; }

  // out[k] = R u[k]; jac (if non-null) receives d out / d u as a (3n x 3n) row-major matrix.
  // Throws qmlff::Error when the axis vector vanishes (e.g. a linear H2O).
  void transform(const std::vector<Vec3>& u, std::vector<Vec3>& out, std::vector<double>* jac) const;

 private:
  std::vector<double> z_coeff_;
};

}  // namespace qmlff
