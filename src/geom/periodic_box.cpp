#include "geom/periodic_box.h"

#include <cmath>

namespace qmlff {

std::array<double, 3> cell_face_widths(const std::array<double, 6>& h) {
  const double lx = h[0], ly = h[1], lz = h[2], yz = h[3], xz = h[4], xy = h[5];
  const double volume = lx * ly * lz;
  // |b x c|, |c x a|, |a x b| for the upper-triangular cell
  const double bc = std::sqrt(ly * lz * ly * lz + xy * lz * xy * lz + (xy * yz - ly * xz) * (xy * yz - ly * xz));
  const double ca = lx * std::sqrt(lz * lz + yz * yz);
  const double ab = lx * ly;
  return {volume / bc, volume / ca, volume / ab};
}

}  // namespace qmlff
