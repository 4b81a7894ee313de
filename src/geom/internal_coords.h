#pragma once
// Internal coordinates of a fragment, computed from its lab inputs u_k (the rows of the
// input map, e.g. bond vectors r_H - r_O):
//   norm k        |u_k|                       (a bond length)
//   distance k l  |u_k - u_l|
//   angle k l     angle between u_k and u_l   (radians, in [0, pi])
// Models on internal coordinates (the generic VQLM of Kiss et al. 2022) see each
// coordinate q_j as one circuit input vector (q_j, 0, 0), i.e. gates read component 0
// of input j. All three are invariant under rotations and inversion, so such a model is
// E(3)-invariant whatever its circuit; forces follow through the exact Jacobian.
#include <string>
#include <vector>

#include "sim/types.h"

namespace qmlff {

struct InternalCoord {
  enum class Type { Norm, Distance, Angle };
  Type type = Type::Norm;
  int a = 0;
  int b = -1;  // second input (distance, angle)

  static std::string type_name(Type t);
  // Throws qmlff::Error for unknown names.
  static Type parse_type(const std::string& name);
};

class InternalCoords {
 public:
  InternalCoords() = default;
  explicit InternalCoords(std::vector<InternalCoord> coords) : coords_(std::move(coords)) {}
  const std::vector<InternalCoord>& coords() const { return coords_; }
  int size() const { return static_cast<int>(coords_.size()); }

  // Throws qmlff::Error when an index is out of [0, n_lab_inputs) or a pair repeats an input.
  void validate(int n_lab_inputs) const;

  // out[j] = (q_j(u), 0, 0), resized to size(); jac (if non-null) receives d out / d u as a
  // (3 size() x 3 u.size()) row-major matrix. Throws qmlff::Error where a coordinate is
  // not differentiable: a zero-length vector, or an angle of 0 or pi (collinear inputs).
  void transform(const std::vector<Vec3>& u, std::vector<Vec3>& out, std::vector<double>* jac) const;

 private:
  std::vector<InternalCoord> coords_;
};

}  // namespace qmlff
