#pragma once
// FullNeighbourList: for every centre atom (the atoms a rank owns), all atoms it sees
// (owned or ghost) within a distance, found by binning: O(N). No LAMMPS headers.
//
// Why it exists: an atom-centred model needs each owned atom's complete neighbourhood,
// i.e. a full list; Debian's LAMMPS (29 Sep 2021) does not install neigh_request.h, so a
// pair style cannot ask it for one, and its default half list with newton on holds each
// owned-ghost pair on one rank only. The pair style builds this list when LAMMPS
// reneighbours (cutoff + skin, the reach of the ghost atoms) and filters it by the model
// cutoff every step (docs/lammps.md, "Atom-centred models").
//
// Usage: build(n_centres, n_all, x, species, reach); then neighbours(i) for each centre.
// Atoms with species < 0 are neither centres' neighbours nor listed as centres' entries
// (a centre with species < 0 gets an empty list). An atom's periodic images (ghosts with
// other indices) are neighbours like any other atom; the centre itself is not.
#include <vector>

namespace qmlff {

class FullNeighbourList {
 public:
  // x: n_all positions, x[3 k + c]; centres are atoms [0, n_centres). reach > 0.
  void build(int n_centres, int n_all, const double* x, const int* species, double reach);

  int n_centres() const { return n_centres_; }
  int count(int i) const { return offset_[i + 1] - offset_[i]; }
  const int* neighbours(int i) const { return index_.data() + offset_[i]; }
  double reach() const { return reach_; }

 private:
  int n_centres_ = 0;
  double reach_ = 0.0;
  std::vector<int> offset_, index_;
  std::vector<int> bin_of_, bin_start_, bin_atoms_, fill_;  // scratch: atoms sorted by bin
};

}  // namespace qmlff
