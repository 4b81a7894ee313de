#pragma once
#include <array>
#include <complex>
#include <vector>

namespace qmlff {

using cplx = std::complex<double>;
using Vec3 = std::array<double, 3>;

// Gates act on at most 3 qubits; their matrices are dense row-major with up to 8x8 entries.
constexpr int kMaxGateQubits = 3;
constexpr int kMaxGateEntries = 64;

}  // namespace qmlff
