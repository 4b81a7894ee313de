#include "sim/observable.h"

namespace qmlff {

CompiledObservable::CompiledObservable(const std::vector<PauliTerm>& terms, int n_qubits)
    : n_qubits_(n_qubits) {
  for (const PauliTerm& t : terms) {
    Term c{t.coeff, 0, 0, 1.0};
    for (const auto& [q, p] : t.ops) {
      const std::uint64_t bit = std::uint64_t{1} << q;
      if (p == 'X' || p == 'Y') c.xmask |= bit;
      if (p == 'Y' || p == 'Z') c.zmask |= bit;
      if (p == 'Y') c.phase *= cplx(0.0, 1.0);
    }
    terms_.push_back(c);
  }
}

void CompiledObservable::apply(const cplx* psi, cplx* out) const {
  const std::uint64_t dim = std::uint64_t{1} << n_qubits_;
  for (std::uint64_t i = 0; i < dim; ++i) out[i] = 0.0;
  for (const Term& t : terms_) {
    const cplx c = t.coeff * t.phase;
    for (std::uint64_t i = 0; i < dim; ++i) {
      // P|i> = phase * (-1)^{popcount(i & zmask)} |i ^ xmask>
      const double sign = (__builtin_popcountll(i & t.zmask) & 1) ? -1.0 : 1.0;
      out[i ^ t.xmask] += sign * c * psi[i];
    }
  }
}

}  // namespace qmlff
