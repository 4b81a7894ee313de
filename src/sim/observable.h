#pragma once
// Weighted sums of Pauli strings compiled to bit masks for fast application.
#include <cstdint>
#include <vector>

#include "sim/circuit.h"

namespace qmlff {

class CompiledObservable {
 public:
  CompiledObservable() = default;
  CompiledObservable(const std::vector<PauliTerm>& terms, int n_qubits);
  // out = O psi (out must not alias psi).
  void apply(const cplx* psi, cplx* out) const;

 private:
  struct Term {
    double coeff;
    std::uint64_t xmask;  // qubits flipped (X or Y)
    std::uint64_t zmask;  // qubits giving a sign (Y or Z)
    cplx phase;           // i^(number of Y)
  };
  // Terms that flip the same qubits act as one diagonal followed by the flip: a
  // Heisenberg coupling's XX and YY share one pass (O psi)[i ^ x] += d_x[i] psi[i].
  struct FlipGroup {
    std::uint64_t xmask;
    std::vector<cplx> diagonal;
  };
  std::vector<Term> terms_;
  std::vector<FlipGroup> groups_;  // when the state is small enough to keep the diagonals
  int n_qubits_ = 0;
};

}  // namespace qmlff
