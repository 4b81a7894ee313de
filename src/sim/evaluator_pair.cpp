// gradient2: two input gradients with one theta in one pair of sweeps. The states sit
// side by side in fwd_pair_ ([a; b]) and lam_pair_, so a theta-only gate is one call on
// n + 1 qubits and a fused weight-block run reads its blocks once for both states
// (apply_step on a pair).
#include <algorithm>

#include "sim/evaluator.h"
#include "sim/kernels.h"

namespace qmlff {

void CircuitEvaluator::apply_gate2(int gate, cplx* a, cplx* b, bool adjoint) const {
  const GateSlot& s = slots_[gate_slot_[gate]];
  if (s.theta_only) {  // b follows a: one call on n + 1 qubits
    apply(gate, store_.data() + s.u, a, adjoint, true);
    return;
  }
  apply(gate, store_.data() + s.u, a, adjoint);
  apply(gate, store_b_.data() + s.u, b, adjoint);
}

void CircuitEvaluator::gradient2(const double* theta, const Vec3* u0, const Vec3* u1, double* values, Vec3* d_u0,
                                 Vec3* d_u1) {
  plan_derivatives(false, true, false);
  const std::size_t dim = psi0_.size();
  std::size_t n_needed = 0;
  for (const Step& st : steps_fused_) n_needed += st.fused < 0 && slot_needed_[gate_slot_[st.gate]] ? 1 : 0;
  const std::size_t rec_size = 2 * n_needed * dim;
  if (n_live_runs() > 0 || !options_.record || rec_size * sizeof(cplx) > kMaxRecordBytes) {
    values[0] = gradient(theta, u0, nullptr, d_u0);
    values[1] = gradient(theta, u1, nullptr, d_u1);
    return;
  }
  if (records_.size() < rec_size) records_.resize(rec_size);

  // Matrices at u1 (kept in store_b_, arguments in g_b_), then at u0 in store_; the
  // theta-only ones are shared and built once.
  const bool reuse = theta_cached(theta);
  update_slots(theta, u1, nullptr, reuse);
  store_b_ = store_;
  g_b_.resize(3 * slots_.size());
  for (std::size_t i = 0; i < slots_.size(); ++i) std::copy_n(slots_[i].g, 3, g_b_.data() + 3 * i);
  update_slots(theta, u0, nullptr, true);
  sync_fused(theta, reuse, true);

  // Forward: psi_a, psi_b, recorded as a pair before every contracted gate.
  cplx* pa = fwd_pair_.data();
  cplx* pb = pa + dim;
  std::copy(psi0_.begin(), psi0_.end(), pa);
  std::copy(psi0_.begin(), psi0_.end(), pb);
  cplx* rec = records_.data();
  for (const Step& st : steps_fused_) {
    if (st.fused >= 0) {
      apply_step(st, pa, false, true);  // (pb follows pa)
      continue;
    }
    if (slot_needed_[gate_slot_[st.gate]]) rec = std::copy(pa, pa + 2 * dim, rec);
    apply_gate2(st.gate, pa, pb, false);
  }

  // Adjoint sweep on the pair, contractions of a into acc_ and of b into acc_b_.
  cplx* la = lam_pair_.data();
  cplx* lb = la + dim;
  observable_.apply(pa, la);
  observable_.apply(pb, lb);
  values[0] = kernels::inner(pa, la, dim).real();
  values[1] = kernels::inner(pb, lb, dim).real();
  std::fill(acc_.begin(), acc_.end(), cplx{});
  acc_b_.assign(acc_.size(), cplx{});
  for (std::size_t kk = steps_fused_.size(); kk-- > 0;) {
    const Step& st = steps_fused_[kk];
    if (st.fused >= 0) {  // theta-only: nothing to contract
      apply_step(st, la, true, true);  // (lb follows la)
      continue;
    }
    const GateSlot& s = slots_[gate_slot_[st.gate]];
    if (slot_needed_[gate_slot_[st.gate]]) {
      rec -= 2 * dim;
      if (generator_form(s.kernel)) {  // input-dependent exchange or RZ: undo, then the sum
        generator_step(st.gate, store_.data() + s.u, true, la, nullptr, rec, nullptr, acc_.data() + s.m, nullptr);
        generator_step(st.gate, store_b_.data() + s.u, true, lb, nullptr, rec + dim, nullptr, acc_b_.data() + s.m,
                       nullptr);
        continue;
      }
      if (s.kernel == Kernel::Dense1) {  // the encodings: contraction and step in one pass each
        const int q = circuit_.gates[st.gate].qubits[0];
        cplx v[4];
        kernels::adjoint_1q(store_.data() + s.u, v);
        kernels::contract_apply_1q(la, rec, circuit_.n_qubits, q, v, acc_.data() + s.m);
        kernels::adjoint_1q(store_b_.data() + s.u, v);
        kernels::contract_apply_1q(lb, rec + dim, circuit_.n_qubits, q, v, acc_b_.data() + s.m);
        continue;
      }
      contract(st.gate, la, rec, acc_.data() + s.m, false);
      contract(st.gate, lb, rec + dim, acc_b_.data() + s.m, false);
    }
    apply_gate2(st.gate, la, lb, true);
  }

  std::fill(d_u0, d_u0 + circuit_.n_inputs, Vec3{0.0, 0.0, 0.0});
  std::fill(d_u1, d_u1 + circuit_.n_inputs, Vec3{0.0, 0.0, 0.0});
  add_traces(theta, u0, nullptr, acc_.data(), nullptr, d_u0, nullptr, nullptr);
  // The derivative matrices at u1: the next call rebuilds every input-dependent slot.
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    GateSlot& s = slots_[i];
    if (s.theta_only) continue;
    std::copy_n(g_b_.data() + 3 * i, 3, s.g);
    s.du_valid = false;
  }
  add_traces(theta, u1, nullptr, acc_b_.data(), nullptr, d_u1, nullptr, nullptr);
}

}  // namespace qmlff
