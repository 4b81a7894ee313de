#pragma once
// Loops and scalar complex products shared by the kernel files (internal to src/sim).
#include <cstddef>

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


}  // namespace qmlff::kernels::detail
