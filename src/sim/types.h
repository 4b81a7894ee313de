#pragma once
#include <array>
#include <complex>
#include <vector>

namespace qmlff {

using cplx = std::complex<double>;
using Vec3 = std::array<double, 3>;

// A 1- or 2-qubit operator as a dense row-major matrix (2x2 uses the first 4 entries).
using SmallMatrix = std::array<cplx, 16>;

}  // namespace qmlff
