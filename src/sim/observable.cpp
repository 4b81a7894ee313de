#include "sim/observable.h"

#include "sim/kernel_loops.h"

namespace qmlff {

namespace {
// Diagonals of dim entries per distinct flip pattern: kept up to 4,096 amplitudes (the
// models' circuits); larger states apply term by term.
constexpr int kMaxGroupedQubits = 12;

double pauli_sign(std::uint64_t i, std::uint64_t zmask) {  // (-1)^{popcount(i & zmask)}
  return (__builtin_popcountll(i & zmask) & 1) ? -1.0 : 1.0;
}
}  // namespace

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
  if (n_qubits > kMaxGroupedQubits) return;
  const std::uint64_t dim = std::uint64_t{1} << n_qubits;
  for (const Term& t : terms_) {
    FlipGroup* g = nullptr;
    for (FlipGroup& h : groups_)
      if (h.xmask == t.xmask) g = &h;
    if (!g) {
      groups_.push_back({t.xmask, std::vector<cplx>(dim, cplx{})});
      g = &groups_.back();
    }
    const cplx c = t.coeff * t.phase;
    for (std::uint64_t i = 0; i < dim; ++i) g->diagonal[i] += pauli_sign(i, t.zmask) * c;
  }
}

void CompiledObservable::apply(const cplx* psi, cplx* out) const {
  using kernels::detail::mul;
  const std::uint64_t dim = std::uint64_t{1} << n_qubits_;
  for (std::uint64_t i = 0; i < dim; ++i) out[i] = 0.0;
  if (!groups_.empty() || terms_.empty()) {
    for (const FlipGroup& g : groups_) {
      const cplx* d = g.diagonal.data();
      for (std::uint64_t i = 0; i < dim; ++i) out[i ^ g.xmask] += mul(d[i], psi[i]);
    }
    return;
  }
  for (const Term& t : terms_) {
    const cplx c = t.coeff * t.phase;
    // P|i> = phase * (-1)^{popcount(i & zmask)} |i ^ xmask>
    for (std::uint64_t i = 0; i < dim; ++i) out[i ^ t.xmask] += pauli_sign(i, t.zmask) * mul(c, psi[i]);
  }
}

}  // namespace qmlff
