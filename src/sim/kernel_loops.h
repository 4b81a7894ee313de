#pragma once
// Loops and scalar complex products shared by the kernel files (internal to src/sim).
#include <cstddef>
#include <utility>

#include "sim/types.h"

namespace qmlff::kernels::detail {

// Complex multiply without the inf/nan recovery branch of the default operator*:
// amplitudes are always finite, and the branch costs a factor of several here.
inline cplx mul(cplx a, cplx b) {
  return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}
inline cplx cmul(cplx a, cplx b) {  // conj(a) * b
  return {a.real() * b.real() + a.imag() * b.imag(), a.real() * b.imag() - a.imag() * b.real()};
}

// Visits every basis index whose bits at positions lo < hi are zero.
template <typename F>
inline void for_each_pair_base(std::size_t dim, std::size_t lo_bit, std::size_t hi_bit, F&& f) {
  for (std::size_t i = 0; i < dim; i += 2 * hi_bit)
    for (std::size_t j = i; j < i + hi_bit; j += 2 * lo_bit)
      for (std::size_t k = j; k < j + lo_bit; ++k) f(k);
}

// Gates on qubit 0 and one higher qubit (bit hi): f(k) for even k with bit hi zero; the
// pair k, k+1 shares a register.
template <typename F>
inline void for_each_qubit0_base(std::size_t dim, std::size_t hi_bit, F&& f) {
  for (std::size_t i = 0; i < dim; i += 2 * hi_bit)
    for (std::size_t k = i; k < i + hi_bit; k += 2) f(k);
}

// The same with k stepping by 2 (lo >= 2): f handles amplitudes k and k+1 together.
template <typename F>
inline void for_each_pair_base2(std::size_t dim, std::size_t lo_bit, std::size_t hi_bit, F&& f) {
  for (std::size_t i = 0; i < dim; i += 2 * hi_bit)
    for (std::size_t j = i; j < i + hi_bit; j += 2 * lo_bit)
      for (std::size_t k = j; k < j + lo_bit; k += 2) f(k);
}

// Local indices (4*bit(q0) + 2*bit(q1) + bit(q2)) of the Hamming-weight-1 and -2 classes.
constexpr int kWeight1[3] = {1, 2, 4};
constexpr int kWeight2[3] = {3, 5, 6};

// Basis indices of the 8 local states of three qubits (bits b[0], b[1], b[2]) above base
// index k, local index 4*bit(q0) + 2*bit(q1) + bit(q2).
inline void local3(std::size_t k, const std::size_t* b, std::size_t* idx) {
  for (int l = 0; l < 8; ++l)
    idx[l] = k | ((l & 4) ? b[0] : 0) | ((l & 2) ? b[1] : 0) | ((l & 1) ? b[2] : 0);
}

// Visits every basis index whose three bits b[0..2] are zero: counts j over dim/8 and
// inserts a zero at each bit position in increasing order (no scan over all dim indices).
template <typename F>
inline void for_each_triple_base(std::size_t dim, const std::size_t* b, F&& f) {
  std::size_t s[3] = {b[0], b[1], b[2]};
  if (s[0] > s[1]) std::swap(s[0], s[1]);
  if (s[1] > s[2]) std::swap(s[1], s[2]);
  if (s[0] > s[1]) std::swap(s[0], s[1]);
  auto insert_zero = [](std::size_t x, std::size_t bit) { return ((x & ~(bit - 1)) << 1) | (x & (bit - 1)); };
  for (std::size_t j = 0; j < dim / 8; ++j) f(insert_zero(insert_zero(insert_zero(j, s[0]), s[1]), s[2]));
}

}  // namespace qmlff::kernels::detail
