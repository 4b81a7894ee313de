#pragma once
// Sanity checks of a fragment's geometry shared by every front end (`qmlff eval`,
// `check-forces`, training data, the LAMMPS pair style), so they refuse the same inputs:
// two atoms at one position make body frames and bond directions undefined (NaN forces),
// and atoms farther apart than the model's fragment cutoff are outside what it describes.
#include <cstdint>
#include <optional>
#include <string>

#include "sim/types.h"

namespace qmlff {

// Atoms closer than this coincide (Å): far below any physical distance, far above rounding.
constexpr double kCoincidentDistance = 1e-6;

struct AtomPairProblem {
  enum class Kind { Coincide, BeyondCutoff };
  Kind kind = Kind::Coincide;
  int a = 0, b = 0;  // 0-based positions in the array, a < b
  double distance = 0.0;
};

// The first coinciding pair if any, else (when cutoff > 0) the first pair farther apart
// than cutoff; nullopt when the geometry is fine. Non-finite positions count as coinciding.
std::optional<AtomPairProblem> find_atom_pair_problem(const Vec3* positions, int n, double cutoff);

// The largest distance between two of the atoms (a molecule's size); a, b receive the pair.
// With `group` (e.g. molecule IDs), only pairs of atoms of one group count.
double largest_atom_distance(const Vec3* positions, int n, int& a, int& b, const std::int64_t* group = nullptr);

// "atoms 2 and 3 coincide (0 A apart)" / "atoms 1 and 3 are 10.2 A apart, beyond the fragment
// cutoff 4 A of model 'h2o'", with the atoms named by the caller (frame numbers or atom IDs).
std::string describe_atom_pair_problem(const AtomPairProblem& p, const std::string& atom_a,
                                       const std::string& atom_b, double cutoff, const std::string& model);

}  // namespace qmlff
