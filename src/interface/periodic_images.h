#pragma once
// PeriodicImages: a whole system as one rank would see it in LAMMPS, without LAMMPS: the
// atoms themselves (owned, wrapped into the cell along periodic directions) followed by
// ghost copies shifted by lattice vectors out to a given reach beyond the cell. Implements
// LocalImages so that FragmentAssembler can group and order fragments for front ends other
// than the pair style (Python/ASE). Atom IDs (tags) are the input index + 1.
#include <array>
#include <cstdint>
#include <vector>

#include "interface/fragment_assembler.h"
#include "sim/types.h"

namespace qmlff {

// Rows are the lattice vectors a1, a2, a3 (Å). When any direction is periodic the three
// vectors must span space (give non-periodic directions any vector that completes the cell).
struct Cell {
  std::array<Vec3, 3> vectors{};
  std::array<bool, 3> pbc{false, false, false};
  bool periodic() const { return pbc[0] || pbc[1] || pbc[2]; }
};

class PeriodicImages final : public LocalImages {
 public:
  // Copies the n positions, wraps them and adds ghosts within `reach` Å of the cell along
  // its periodic directions. Throws qmlff::Error for a singular cell.
  void build(const Vec3* positions, int n, const Cell& cell, double reach);

  int n_owned() const { return n_owned_; }
  int n_all() const { return static_cast<int>(x_.size()); }
  const std::vector<Vec3>& x() const { return x_; }  // owned, then ghosts
  int owner(int local) const { return owner_[local]; }  // index of the atom it copies
  const std::vector<std::int64_t>& tags() const { return tag_; }

  int map(std::int64_t tag) const override;
  int closest_image(int i, int j) const override;

 private:
  int n_owned_ = 0;
  std::vector<Vec3> x_;
  std::vector<int> owner_;
  std::vector<std::int64_t> tag_;
  std::vector<int> copy_start_, copies_;  // copies of atom k: copies_[copy_start_[k] .. copy_start_[k+1])
};

}  // namespace qmlff
