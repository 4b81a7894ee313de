// Runs of commuting reflection encodings: one record and one contraction point per run
// (see CircuitEvaluator::plan_refl_runs in evaluator.h).
#include <cstdint>
#include <vector>

#include "sim/evaluator.h"
#include "sim/kernels.h"

namespace qmlff {

void CircuitEvaluator::plan_refl_runs() {
  const int n_gates = static_cast<int>(circuit_.gates.size());
  refl_run_first_.assign(n_gates, -1);
  refl_run_last_.assign(n_gates, -1);
  // A run's gates must be steps of their own in both sweeps (never inside a fused run).
  std::vector<char> own_step(n_gates, 0);
  for (const Step& st : steps_fused_)
    if (st.fused < 0) own_step[st.gate] = 1;
  for (const Step& st : steps_plain_)
    if (st.fused < 0) own_step[st.gate] += 1;
  auto candidate = [&](int g) {
    const int slot = gate_slot_[g];
    return own_step[g] == 2 && slots_[slot].kernel == Kernel::Refl && slot_needed_[slot];
  };
  for (int g = 0; g < n_gates;) {
    int h = g;
    if (candidate(g)) {
      // Extend while the gates share the ancilla and act on distinct qubits (they commute).
      std::uint32_t qubits = 1u << circuit_.gates[g].qubits[0];
      const int anc = circuit_.gates[g].qubits[1];
      while (h + 1 < n_gates && candidate(h + 1) && circuit_.gates[h + 1].qubits[1] == anc &&
             !(qubits & (1u << circuit_.gates[h + 1].qubits[0]))) {
        qubits |= 1u << circuit_.gates[h + 1].qubits[0];
        ++h;
      }
    }
    if (h > g)
      for (int k = g; k <= h; ++k) {
        refl_run_first_[k] = g;
        refl_run_last_[k] = h;
      }
    g = h + 1;
  }
}

int CircuitEvaluator::n_refl_runs() const {
  int n = 0;
  for (std::size_t g = 0; g < refl_run_last_.size(); ++g) n += refl_run_last_[g] == static_cast<int>(g);
  return n;
}

void CircuitEvaluator::contract_refl_run(int last, const cplx* lam_pair, const cplx* rec, bool want_md) {
  const std::size_t dim = psi0_.size();
  const int n = circuit_.n_qubits;
  const cplx* phi = record_md_ ? rec + dim : rec;
  for (int g = refl_run_first_[last]; g <= last; ++g) {
    const GateSlot& s = slots_[gate_slot_[g]];
    const int q = circuit_.gates[g].qubits[0], anc = circuit_.gates[g].qubits[1];
    cplx a[4], m_after[8] = {};
    const cplx c = refl_parts(store_.data() + s.u, false, a);
    kernels::contract_refl_add(lam_pair, phi, n, q, anc, m_after);
    kernels::refl_contraction_before_add(m_after, c, a, acc_.data() + s.m);
    if (!want_md) continue;
    // Tangent: d/dt (M' conj(U)) = Mdot' conj(U) + M' conj(Udot), Mdot' from the pairs.
    cplx md_after[8] = {};
    kernels::contract_refl_add(lam_pair, rec, n + 1, q, anc, md_after);
    kernels::refl_contraction_before_add(md_after, c, a, acc_.data() + s.md);
    if (s.moving) {
      cplx ad[4];
      const cplx cd = refl_parts(store_.data() + s.udot, false, ad);
      kernels::refl_contraction_before_add(m_after, cd, ad, acc_.data() + s.md);
    }
  }
}

}  // namespace qmlff
