#include "geom/atom_distances.h"

#include <cmath>

#include <fmt/format.h>

namespace qmlff {

std::optional<AtomPairProblem> find_atom_pair_problem(const Vec3* positions, int n, double cutoff) {
  std::optional<AtomPairProblem> beyond;
  for (int a = 0; a < n; ++a)
    for (int b = a + 1; b < n; ++b) {
      const double dx = positions[a][0] - positions[b][0], dy = positions[a][1] - positions[b][1],
                   dz = positions[a][2] - positions[b][2];
      const double r = std::sqrt(dx * dx + dy * dy + dz * dz);
      if (!(r >= kCoincidentDistance)) return AtomPairProblem{AtomPairProblem::Kind::Coincide, a, b, r};
      if (cutoff > 0.0 && r > cutoff && !beyond) beyond = AtomPairProblem{AtomPairProblem::Kind::BeyondCutoff, a, b, r};
    }
  return beyond;
}

double largest_atom_distance(const Vec3* positions, int n, int& a, int& b, const std::int64_t* group) {
  double r2max = 0.0;
  a = b = 0;
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      if (group && group[i] != group[j]) continue;
      const double dx = positions[i][0] - positions[j][0], dy = positions[i][1] - positions[j][1],
                   dz = positions[i][2] - positions[j][2];
      const double r2 = dx * dx + dy * dy + dz * dz;
      if (r2 > r2max) r2max = r2, a = i, b = j;
    }
  return std::sqrt(r2max);
}

std::string describe_atom_pair_problem(const AtomPairProblem& p, const std::string& atom_a,
                                       const std::string& atom_b, double cutoff, const std::string& model) {
  if (p.kind == AtomPairProblem::Kind::Coincide)
    return fmt::format("atoms {} and {} coincide ({:.3g} A apart, closer than {:g} A): the model's frame and "
                       "bond directions are undefined there; fix the coordinates (a duplicated atom?)",
                       atom_a, atom_b, p.distance, kCoincidentDistance);
  return fmt::format("atoms {} and {} are {:.6g} A apart, beyond the fragment cutoff {:g} A of model '{}': "
                     "the model is not meant for this geometry (a dissociated molecule, or atoms of "
                     "different molecules in one frame)",
                     atom_a, atom_b, p.distance, cutoff, model);
}

}  // namespace qmlff
