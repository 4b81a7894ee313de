#include "interface/full_neighbour_list.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace qmlff {

void FullNeighbourList::build(int n_centres, int n_all, const double* x, const int* species, double reach) {
  QMLFF_REQUIRE(reach > 0.0, "neighbour list: the reach must be > 0");
  QMLFF_REQUIRE(n_centres >= 0 && n_centres <= n_all, "neighbour list: more centres than atoms");
  n_centres_ = n_centres;
  reach_ = reach;
  offset_.assign(n_centres + 1, 0);
  index_.clear();
  if (n_centres == 0) return;

  // Bounding box of the listed atoms; bins at least `reach` wide, so a centre's neighbours
  // lie in its own bin and the 26 around it. Sparse systems get wider bins (at most about
  // 8 bins per atom), which keeps memory O(N) for any extent.
  double lo[3] = {0, 0, 0}, hi[3] = {0, 0, 0};
  bool first = true;
  for (int k = 0; k < n_all; ++k) {
    if (species[k] < 0) continue;
    for (int c = 0; c < 3; ++c) {
      lo[c] = first ? x[3 * k + c] : std::min(lo[c], x[3 * k + c]);
      hi[c] = first ? x[3 * k + c] : std::max(hi[c], x[3 * k + c]);
    }
    first = false;
  }
  if (first) return;  // no listed atoms
  double width = reach;
  long nb[3];
  const double max_bins = 8.0 * n_all + 27.0;
  for (;;) {
    for (int c = 0; c < 3; ++c) nb[c] = std::max(1L, static_cast<long>((hi[c] - lo[c]) / width));
    if (static_cast<double>(nb[0]) * nb[1] * nb[2] <= max_bins) break;
    width *= 1.5;
  }
  const double bw[3] = {std::max((hi[0] - lo[0]) / nb[0], width), std::max((hi[1] - lo[1]) / nb[1], width),
                        std::max((hi[2] - lo[2]) / nb[2], width)};
  auto cell = [&](int k, int c) {
    return std::min(nb[c] - 1, static_cast<long>((x[3 * k + c] - lo[c]) / bw[c]));
  };
  const long n_bins = nb[0] * nb[1] * nb[2];
  bin_of_.assign(n_all, -1);
  bin_start_.assign(n_bins + 1, 0);
  for (int k = 0; k < n_all; ++k) {
    if (species[k] < 0) continue;
    bin_of_[k] = static_cast<int>((cell(k, 2) * nb[1] + cell(k, 1)) * nb[0] + cell(k, 0));
    ++bin_start_[bin_of_[k] + 1];
  }
  for (long b = 0; b < n_bins; ++b) bin_start_[b + 1] += bin_start_[b];
  bin_atoms_.resize(bin_start_[n_bins]);
  fill_.assign(bin_start_.begin(), bin_start_.end() - 1);
  for (int k = 0; k < n_all; ++k)
    if (bin_of_[k] >= 0) bin_atoms_[fill_[bin_of_[k]]++] = k;

  const double r2max = reach * reach;
  for (int i = 0; i < n_centres; ++i) {
    if (species[i] >= 0) {
      const long ci[3] = {cell(i, 0), cell(i, 1), cell(i, 2)};
      for (long bz = std::max(0L, ci[2] - 1); bz <= std::min(nb[2] - 1, ci[2] + 1); ++bz)
        for (long by = std::max(0L, ci[1] - 1); by <= std::min(nb[1] - 1, ci[1] + 1); ++by)
          for (long bx = std::max(0L, ci[0] - 1); bx <= std::min(nb[0] - 1, ci[0] + 1); ++bx) {
            const long b = (bz * nb[1] + by) * nb[0] + bx;
            for (int s = bin_start_[b]; s < bin_start_[b + 1]; ++s) {
              const int j = bin_atoms_[s];
              if (j == i) continue;
              double r2 = 0.0;
              for (int c = 0; c < 3; ++c) r2 += (x[3 * j + c] - x[3 * i + c]) * (x[3 * j + c] - x[3 * i + c]);
              if (r2 < r2max) index_.push_back(j);
            }
          }
    }
    offset_[i + 1] = static_cast<int>(index_.size());
  }
}

}  // namespace qmlff
