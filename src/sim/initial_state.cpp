#include "sim/initial_state.h"

#include <cmath>

namespace qmlff {

std::vector<cplx> prepare_initial_state(const InitialState& init, int n_qubits) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  std::vector<cplx> psi(dim, 0.0);
  if (init.type == InitialState::Type::Plus) {
    const double a = 1.0 / std::sqrt(static_cast<double>(dim));
    for (auto& x : psi) x = a;
    return psi;
  }
  // Product of singlets (|01> - |10>)/sqrt2 on the listed pairs, |0> elsewhere:
  // the amplitude of |i> is the product of the pair factors.
  const double r = 1.0 / std::sqrt(2.0);
  std::size_t paired = 0;
  for (const auto& p : init.pairs) paired |= (std::size_t{1} << p[0]) | (std::size_t{1} << p[1]);
  for (std::size_t i = 0; i < dim; ++i) {
    if (i & ~paired) continue;  // unpaired qubits must be 0
    double amp = 1.0;
    for (const auto& p : init.pairs) {
      const int b0 = (i >> p[0]) & 1, b1 = (i >> p[1]) & 1;
      if (b0 == b1) {
        amp = 0.0;
        break;
      }
      amp *= b0 == 0 ? r : -r;
    }
    psi[i] = amp;
  }
  return psi;
}

}  // namespace qmlff
