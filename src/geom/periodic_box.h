#pragma once
// Widths of a periodic cell: the distance between opposite faces, which bounds how far apart
// two atoms of one molecule may be for the closest periodic image to find the molecule
// (minimum image: every displacement shorter than half the width in each periodic direction).
#include <array>

namespace qmlff {

// Cell in LAMMPS's form h = {xprd, yprd, zprd, yz, xz, xy} (orthogonal: tilts 0), i.e. the
// vectors a = (xprd, 0, 0), b = (xy, yprd, 0), c = (xz, yz, zprd). Returns the widths
// perpendicular to the faces spanned by (b, c), (c, a) and (a, b).
std::array<double, 3> cell_face_widths(const std::array<double, 6>& h);

}  // namespace qmlff
