#include "sim/evaluator.h"

#include <algorithm>
#include <cstring>

#include "core/error.h"
#include "sim/arg_source_eval.h"
#include "sim/circuit_pruning.h"
#include "sim/gates.h"
#include "sim/initial_state.h"
#include "sim/kernels.h"

namespace qmlff {

CircuitEvaluator::CircuitEvaluator(Circuit circuit, EvaluatorOptions options)
    : circuit_(std::move(circuit)), options_(options) {
  circuit_.validate();
  if (options_.prune) circuit_ = prune_circuit(circuit_);
  observable_ = CompiledObservable(circuit_.observable, circuit_.n_qubits);
  const std::vector<cplx> psi0 = prepare_initial_state(circuit_.initial, circuit_.n_qubits);
  psi0_.assign(psi0.begin(), psi0.end());
  std::size_t store_size = 0, acc_size = 0;
  build_slots(circuit_, options_.share_slots, slots_, gate_slot_, store_size, acc_size);
  store_.assign(store_size, cplx{});
  acc_.assign(acc_size, cplx{});
  slot_needed_.assign(slots_.size(), 0);
  refl_run_first_.assign(circuit_.gates.size(), -1);
  refl_run_last_.assign(circuit_.gates.size(), -1);
  plan_fusion();
  scratch_du_.assign(3 * kMaxGateEntries, cplx{});
  scratch_d2_.assign(3 * kMaxGateEntries, cplx{});
  cached_theta_.assign(circuit_.n_params, 0.0);
  const std::size_t dim = psi0_.size();
  for (auto* v : {&fwd_pair_, &lam_pair_, &phi_pair_}) v->assign(2 * dim, 0.0);
  tmp_.assign(2 * dim, 0.0);  // (a diagonal run's product and its tangent)
}

void CircuitEvaluator::apply(int gate, const cplx* m, cplx* psi, bool adjoint, bool pair) const {
  const GateRecord& gr = circuit_.gates[gate];
  const int n = circuit_.n_qubits + (pair ? 1 : 0);
  const int q0 = gr.qubits[0], q1 = gr.qubits[1];
  auto cj = [adjoint](cplx z) { return adjoint ? std::conj(z) : z; };
  switch (slots_[gate_slot_[gate]].kernel) {
    case Kernel::PartialSwap:  // symmetric partial swap: the adjoint conjugates the entries
      kernels::apply_partial_swap(psi, n, q0, q1, cj(m[0]), cj(m[5]), cj(m[6]));
      return;
    case Kernel::Diag1:
      kernels::apply_diag_1q(psi, n, q0, cj(m[0]), cj(m[3]));
      return;
    case Kernel::Diag2: {
      const cplx d[4] = {cj(m[0]), cj(m[5]), cj(m[10]), cj(m[15])};
      kernels::apply_diag_2q(psi, n, q0, q1, d);
      return;
    }
    case Kernel::Refl: {
      cplx a[4];
      const cplx c = refl_parts(m, adjoint, a);
      kernels::apply_refl(psi, n, q0, q1, c, a);
      return;
    }
    case Kernel::Dense1:
      adjoint ? kernels::apply_1q_adjoint(psi, n, q0, m) : kernels::apply_1q(psi, n, q0, m);
      return;
    case Kernel::Dense2:
      adjoint ? kernels::apply_2q_adjoint(psi, n, q0, q1, m) : kernels::apply_2q(psi, n, q0, q1, m);
      return;
    case Kernel::Exchange3: {  // symmetric matrix: the adjoint conjugates alpha and beta
      cplx alpha, beta;
      kernels::exchange3_parts(m, alpha, beta);
      kernels::apply_exchange3(psi, n, gr.qubits.data(), cj(alpha), cj(beta));
      return;
    }
    case Kernel::Dense3:
      adjoint ? kernels::apply_3q_adjoint(psi, n, gr.qubits.data(), m)
              : kernels::apply_3q(psi, n, gr.qubits.data(), m);
      return;
  }
}

void CircuitEvaluator::apply_step(const Step& st, cplx* psi, bool adjoint, bool pair) const {
  if (st.fused >= 0 && pair) {  // fused operators act on dim amplitudes
    const FusedRun& f = fused_[st.fused];
    if (f.weight_blocks) {  // both halves in one pass over the blocks
      kernels::apply_blocks2(psi, psi + psi0_.size(), weight_order_.data(), weight_start_.data(), circuit_.n_qubits + 1,
                             fused_blocks_.data() + (adjoint ? f.blocks_adj : f.blocks));
      return;
    }
    apply_step(st, psi, adjoint, false);
    apply_step(st, psi + psi0_.size(), adjoint, false);
    return;
  }
  if (st.fused >= 0) {
    const FusedRun& f = fused_[st.fused];
    if (f.diagonal) {
      kernels::apply_diag(psi, psi0_.size(), reinterpret_cast<const cplx*>(fused_store_.data() + f.ab), adjoint);
      return;
    }
    if (f.weight_blocks) {
      kernels::apply_blocks(psi, weight_order_.data(), weight_start_.data(), circuit_.n_qubits + 1,
                            fused_blocks_.data() + (adjoint ? f.blocks_adj : f.blocks));
      return;
    }
    kernels::apply_dense_ab(psi, static_cast<int>(psi0_.size()), fused_store_.data() + (adjoint ? f.ab_adj : f.ab));
    return;
  }
  apply(st.gate, store_.data() + slots_[gate_slot_[st.gate]].u, psi, adjoint, pair);
}

void CircuitEvaluator::apply_tangent(int gate, cplx* psi, cplx* psid, bool adjoint) {
  const GateSlot& s = slots_[gate_slot_[gate]];
  const cplx* um = store_.data() + s.u;
  const cplx* ud = store_.data() + s.udot;
  const GateRecord& gr = circuit_.gates[gate];
  if (s.kernel == Kernel::Refl) {
    cplx a[4], ad[4];
    const cplx c = refl_parts(um, adjoint, a), cd = refl_parts(ud, adjoint, ad);
    if (kernels::apply_refl_tangent(psi, psid, circuit_.n_qubits, gr.qubits[0], gr.qubits[1], c, a, cd, ad)) return;
  }
  if (s.kernel == Kernel::Dense1 || s.kernel == Kernel::Diag1) {  // (2x2 matrices in store_)
    cplx ua[4], uda[4];
    if (adjoint) {
      kernels::adjoint_1q(um, ua);
      kernels::adjoint_1q(ud, uda);
    }
    kernels::apply_1q_tangent(psi, psid, circuit_.n_qubits, gr.qubits[0], adjoint ? ua : um, adjoint ? uda : ud);
    return;
  }
  const std::size_t dim = psi0_.size();
  std::copy(psi, psi + dim, tmp_.data());
  apply(gate, ud, tmp_.data(), adjoint);
  apply(gate, um, psid, adjoint);
  for (std::size_t i = 0; i < dim; ++i) psid[i] += tmp_[i];
  apply(gate, um, psi, adjoint);
}

void CircuitEvaluator::contract(int gate, const cplx* lam, const cplx* phi, cplx* m, bool pair) const {
  const GateRecord& gr = circuit_.gates[gate];
  const int n = circuit_.n_qubits + (pair ? 1 : 0);
  switch (slots_[gate_slot_[gate]].kernel) {
    case Kernel::PartialSwap:
    case Kernel::Diag1:  // contracted in generator form by generator_step only
      QMLFF_REQUIRE(false, "internal: a generator-form gate reached the generic contraction");
      return;
    case Kernel::Refl:
      kernels::contract_refl_add(lam, phi, n, gr.qubits[0], gr.qubits[1], m);
      return;
    case Kernel::Dense1:
      kernels::contract_1q_add(lam, phi, n, gr.qubits[0], m);
      return;
    case Kernel::Dense2:
      kernels::contract_2q_add(lam, phi, n, gr.qubits[0], gr.qubits[1], m);
      return;
    case Kernel::Diag2:  // derivatives of diagonal gates are diagonal (off-diagonal M stays 0)
      kernels::contract_diag_2q_add(lam, phi, n, gr.qubits[0], gr.qubits[1], m);
      return;
    case Kernel::Exchange3:
      kernels::contract_exchange3_add(lam, phi, n, gr.qubits.data(), m);
      return;
    case Kernel::Dense3:
      kernels::contract_3q_add(lam, phi, n, gr.qubits.data(), m);
      return;
  }
}

void CircuitEvaluator::contract_tangent(int gate, const cplx* lam_pair, const cplx* phi_pair) {
  const GateSlot& s = slots_[gate_slot_[gate]];
  contract(gate, lam_pair, phi_pair + psi0_.size(), acc_.data() + s.m, false);  // lam with phi
  // conj(lam) phid + conj(lamd) phi: one contraction over both halves of the pairs
  contract(gate, lam_pair, phi_pair, acc_.data() + s.md, true);
}

// One generator-form step with the gate matrix u: undo U on lam (and lamd) unless undo is
// false (they are lam_k-1 already), then add the sums to m (and md).
void CircuitEvaluator::generator_step(int gate, const cplx* u, bool undo, cplx* lam, cplx* lamd, const cplx* phi,
                                      const cplx* phid, cplx* m, cplx* md) const {
  const GateRecord& gr = circuit_.gates[gate];
  const int n = circuit_.n_qubits;
  if (slots_[gate_slot_[gate]].kernel == Kernel::PartialSwap) {  // U^dag as (d, a, b) of apply_partial_swap
    const cplx dab[3] = {std::conj(u[0]), std::conj(u[5]), std::conj(u[6])};
    const cplx* step = undo ? dab : nullptr;
    if (lamd) {
      kernels::exchange_step_tangent(lam, lamd, phi, phid, n, gr.qubits[0], gr.qubits[1], step, m, md);
    } else {
      kernels::exchange_step(lam, phi, n, gr.qubits[0], gr.qubits[1], step, m);
    }
    return;
  }
  const cplx d[2] = {std::conj(u[0]), std::conj(u[3])};  // RZ: U^dag's diagonal
  const cplx* step = undo ? d : nullptr;
  if (lamd) {
    kernels::rz_step_tangent(lam, lamd, phi, phid, n, gr.qubits[0], step, m, md);
  } else {
    kernels::rz_step(lam, phi, n, gr.qubits[0], step, m);
  }
}

void CircuitEvaluator::generator_backward(int gate, cplx* lam, const cplx* phi, const cplx* phi_pair, bool tangent,
                                          bool want_md) {
  const GateSlot& s = slots_[gate_slot_[gate]];
  const std::size_t dim = psi0_.size();
  const cplx* u = store_.data() + s.u;
  bool undo = true;
  if (tangent && (s.moving || !want_md)) {  // lam and lamd undone here, the sums below
    if (s.moving) {
      apply_tangent(gate, lam, lam + dim, true);
    } else {
      apply(gate, u, lam, true, true);
    }
    undo = false;
  }
  cplx* m = acc_.data() + s.m;
  if (want_md) {
    generator_step(gate, u, undo, lam, lam + dim, phi_pair + dim, phi_pair, m, acc_.data() + s.md);
  } else {
    generator_step(gate, u, undo, lam, nullptr, phi, nullptr, m, nullptr);
  }
}

void CircuitEvaluator::contract_apply_1q(int gate, cplx* lam, const cplx* phi, bool tangent) {
  const GateSlot& s = slots_[gate_slot_[gate]];
  const int q = circuit_.gates[gate].qubits[0];
  cplx v[4], vd[4];
  kernels::adjoint_1q(store_.data() + s.u, v);
  if (!tangent) {
    kernels::contract_apply_1q(lam, phi, circuit_.n_qubits, q, v, acc_.data() + s.m);
    return;
  }
  if (s.moving) kernels::adjoint_1q(store_.data() + s.udot, vd);
  const std::size_t dim = psi0_.size();
  kernels::contract_apply_1q_tangent(lam, lam + dim, phi + dim, phi, circuit_.n_qubits, q, v, s.moving ? vd : nullptr,
                                     acc_.data() + s.m, acc_.data() + s.md);
}

double CircuitEvaluator::trace_term(const GateSlot& s, const cplx* a, const cplx* m) {
  // Generator form: dU/dJ = -i (2 SWAP - I) U and dU/dt = -i (Z/2) U (kernels::exchange_step, rz_step).
  if (s.kernel == Kernel::PartialSwap) return 4.0 * m[0].imag();
  if (s.kernel == Kernel::Diag1) return m[0].imag();
  if (s.kernel == Kernel::Exchange3) {  // see kernels::contract_exchange3_add
    cplx alpha, beta;
    kernels::exchange3_parts(a, alpha, beta);
    return 2.0 * (alpha * m[0] + beta * m[1]).real();
  }
  if (s.kernel == Kernel::Refl) {  // see kernels::contract_refl_add
    const cplx c = a[0], A[4] = {a[1], a[3], a[9], a[11]};
    cplx t{};
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) {
        const cplx cd = i == j ? c : cplx{};
        t += (cd + A[2 * i + j]) * m[2 * i + j] + (cd - A[2 * i + j]) * m[4 + 2 * i + j];
      }
    return t.real();  // 2 Re (t / 2)
  }
  return 2.0 * kernels::trace_product(a, m, 1 << gate_info(s.kind).n_qubits).real();
}

void CircuitEvaluator::ensure_du(GateSlot& s) {
  if (s.du_valid) return;
  gate_matrix_d1(s.kind, s.g, scratch_du_.data());
  for (int a = 0; a < s.n_args; ++a)
    std::copy_n(scratch_du_.data() + kMaxGateEntries * a, s.dim2, store_.data() + s.du + a * s.dim2);
  s.du_valid = true;
}

// Matrices of every slot whose arguments changed; with a direction w also the tangent
// matrices U' = sum_a dU/dg_a * gdot_a of the slots that move along w.
void CircuitEvaluator::update_slots(const double* theta, const Vec3* u, const Vec3* w, bool reuse) {
  for (GateSlot& s : slots_) {
    if (!(s.theta_only && reuse)) {
      for (int a = 0; a < s.n_args; ++a) s.g[a] = arg_value(s.args[a], theta, u);
      gate_matrix(s.kind, s.g, store_.data() + s.u);
      s.du_valid = false;
    }
    s.moving = false;
    if (!w || s.theta_only) continue;
    for (int a = 0; a < s.n_args; ++a) {
      const ArgSource& src = s.args[a];
      s.gdot[a] = 0.0;
      if (src.depends_on_inputs()) s.gdot[a] = src.coeff * arg_param_factor(src, theta) * arg_feature_dir(src, u, w);
      s.moving = s.moving || s.gdot[a] != 0.0;
    }
    if (!s.moving) continue;
    ensure_du(s);
    cplx* ud = store_.data() + s.udot;
    std::fill(ud, ud + s.dim2, cplx{});
    for (int a = 0; a < s.n_args; ++a) {
      const cplx* da = store_.data() + s.du + a * s.dim2;
      for (int i = 0; i < s.dim2; ++i) ud[i] += s.gdot[a] * da[i];
    }
  }
}

// Forward sweep: psi = M psi0. With a direction w, also psid = d psi / d eps along
// u + eps w (tangent state): psid <- U psid + U' psi.
void CircuitEvaluator::plan_derivatives(bool want_theta, bool want_u, bool want_md) {
  const int key = 1 + (want_theta ? 2 : 0) + (want_u ? 4 : 0) + (want_md ? 8 : 0);
  if (key == plan_key_) return;  // same request as the previous call (MD, training)
  plan_key_ = key;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const GateSlot& s = slots_[i];
    bool needed = false;
    for (int a = 0; a < s.n_args; ++a)
      needed = needed || (s.args[a].param >= 0 && want_theta) || (want_u && s.args[a].depends_on_inputs());
    slot_needed_[i] = needed;
  }
  for (FusedRun& f : fused_) f.contracted = run_needed(f);
  plan_refl_runs();
  std::size_t n_needed = 0;  // records: one per contracted gate, one per refl run
  for (std::size_t g = 0; g < gate_slot_.size(); ++g)
    n_needed += slot_needed_[gate_slot_[g]] && (refl_run_last_[g] < 0 || refl_run_last_[g] == static_cast<int>(g));
  const std::size_t size = n_needed * psi0_.size() * (want_md ? 2 : 1);
  record_ = options_.record && size * sizeof(cplx) <= kMaxRecordBytes;
  if (!record_) {  // runs only save records
    std::fill(refl_run_first_.begin(), refl_run_first_.end(), -1);
    std::fill(refl_run_last_.begin(), refl_run_last_.end(), -1);
  }
  record_md_ = want_md;
  if (record_ && records_.size() < size) records_.resize(size);
}

bool CircuitEvaluator::theta_cached(const double* theta) const {
  const int np = circuit_.n_params;
  return theta_cache_valid_ && (np == 0 || std::memcmp(cached_theta_.data(), theta, np * sizeof(double)) == 0);
}

void CircuitEvaluator::sync_fused(const double* theta, bool reuse, bool build) {
  if (!reuse) fused_valid_ = plain_diagonals_valid_ = false;
  if (build && !fused_valid_) {
    build_fused();
    fused_valid_ = true;
  }
  std::copy(theta, theta + circuit_.n_params, cached_theta_.begin());
  theta_cache_valid_ = true;
}

void CircuitEvaluator::forward(const double* theta, const Vec3* u, const Vec3* w, bool record, bool plain) {
  const bool reuse = theta_cached(theta);
  update_slots(theta, u, w, reuse);
  sync_fused(theta, reuse, !plain);  // (training sweeps are plain: they never pay for W)
  const std::size_t dim = psi0_.size();
  cplx* pair = fwd_pair_.data();  // [psid; psi]
  cplx* psi = pair + dim;
  std::copy(psi0_.begin(), psi0_.end(), psi);
  if (w) std::fill_n(pair, dim, cplx{});
  cplx* rec = records_.data();
  auto record_state = [&] { rec = record_md_ ? std::copy(pair, pair + 2 * dim, rec) : std::copy(psi, psi + dim, rec); };
  for (const Step& st : plain ? steps_plain_ : steps_fused_) {
    const FusedRun* diag = st.fused >= 0 && (fused_[st.fused].live || fused_[st.fused].plain_only)
                               ? &fused_[st.fused] : nullptr;  // contracted by contract_diagonal_run
    if (diag && (diag->live || !plain_diagonals_valid_)) build_diagonal(*diag);
    const int run_last = st.fused < 0 ? refl_run_last_[st.gate] : -1;  // a refl run records after it
    if (record && run_last < 0 && (st.fused < 0 ? slot_needed_[gate_slot_[st.gate]] : diag && diag->contracted))
      record_state();
    if (st.fused < 0 && slots_[gate_slot_[st.gate]].moving) {
      apply_tangent(st.gate, psi, pair, false);
    } else {
      w ? apply_step(st, pair, false, true) : apply_step(st, psi, false, false);
    }
    if (record && run_last >= 0 && run_last == st.gate) record_state();
  }
  records_used_ = static_cast<std::size_t>(rec - records_.data());
  if (plain) plain_diagonals_valid_ = true;
}

double CircuitEvaluator::value(const double* theta, const Vec3* u) {
  forward(theta, u, nullptr, false, false);
  const std::size_t dim = psi0_.size();
  const cplx* psi = fwd_pair_.data() + dim;
  observable_.apply(psi, lam_pair_.data());
  return kernels::inner(psi, lam_pair_.data(), dim).real();
}

double CircuitEvaluator::gradient(const double* theta, const Vec3* u, double* d_theta, Vec3* d_u) {
  plan_derivatives(d_theta, d_u, false);
  forward(theta, u, nullptr, record_, d_theta);
  return backward(theta, u, nullptr, d_theta, d_u, nullptr, nullptr);
}

double CircuitEvaluator::mixed(const double* theta, const Vec3* u, const Vec3* w, double* d_theta,
                               Vec3* d_u, double* dir, double* dd_theta, Vec3* dd_u) {
  plan_derivatives(d_theta || dd_theta, d_u || dd_u, dd_theta || dd_u);
  forward(theta, u, w, record_, true);  // (the fused steps' live runs have no tangent path)
  return backward(theta, u, w, d_theta, d_u, dir, dd_theta, dd_u);
}

// Adjoint sweep. lam_k = U_{k+1}^dag ... O psi, phi_{k-1} = U_k^dag phi_k, and
// dE/dg_a = 2 Re <lam_k| dU_k/dg_a |phi_{k-1}> = 2 Re tr(dU/dg_a M) with M the
// contraction of lam_k and phi_{k-1} on the gate's qubits, summed over the gates of a
// slot. With a direction, every quantity carries its tangent (lamd, phid) and the
// chain rule adds the second derivatives of the gate matrices and of the argument sources.
double CircuitEvaluator::backward(const double* theta, const Vec3* u, const Vec3* w,
                                  double* d_theta, Vec3* d_u, double* dir, double* dd_theta, Vec3* dd_u) {
  const std::size_t dim = psi0_.size();
  if (d_theta) std::fill(d_theta, d_theta + circuit_.n_params, 0.0);
  if (d_u) std::fill(d_u, d_u + circuit_.n_inputs, Vec3{0.0, 0.0, 0.0});
  if (dd_theta) std::fill(dd_theta, dd_theta + circuit_.n_params, 0.0);
  if (dd_u) std::fill(dd_u, dd_u + circuit_.n_inputs, Vec3{0.0, 0.0, 0.0});
  const bool want_theta = d_theta || dd_theta;
  const bool want_md = w && (dd_theta || dd_u);
  std::fill(acc_.begin(), acc_.end(), cplx{});  // (one pass: per-slot fills cost 8 % on H2O)

  const cplx* psid = fwd_pair_.data();
  const cplx* psi = psid + dim;
  cplx* lam = lam_pair_.data();  // [lam; lamd]
  cplx* lamd = lam + dim;
  cplx* phid = phi_pair_.data();  // [phid; phi], as the forward pair and the records
  cplx* phi = phid + dim;
  observable_.apply(psi, lam);
  const double value = kernels::inner(psi, lam, dim).real();
  if (!record_) std::copy(psi, psi + dim, phi);
  if (w) {
    observable_.apply(psid, lamd);
    if (dir) *dir = 2.0 * kernels::inner(lam, psid, dim).real();
    if (!record_) std::copy(psid, psid + dim, phid);
  }
  const std::size_t rec_stride = record_md_ ? 2 * dim : dim;
  const cplx* rec = records_.data() + (record_ ? records_used_ : 0);

  // Fused runs contract only live diagonal gates: usable unless theta derivatives (or
  // tangents, which mixed() always runs plain) are wanted.
  const std::vector<Step>& steps = want_theta || w ? steps_plain_ : steps_fused_;
  for (std::size_t kk = steps.size(); kk-- > 0;) {
    const Step& st = steps[kk];
    const GateSlot* s = st.fused < 0 ? &slots_[gate_slot_[st.gate]] : nullptr;
    if (st.fused >= 0 && (fused_[st.fused].live || fused_[st.fused].plain_only)) {
      const FusedRun& f = fused_[st.fused];
      const bool needed = f.contracted;
      if (record_) {
        if (needed) {
          rec -= rec_stride;
          // records [phid; phi] when record_md_
          contract_diagonal_run(f, lam, record_md_ ? rec + dim : rec, false, want_md ? lamd : nullptr,
                                want_md ? rec : nullptr);
        }
      } else {
        if (needed) contract_diagonal_run(f, lam, phi, true, want_md ? lamd : nullptr, want_md ? phid : nullptr);
        w ? apply_step(st, phid, true, true) : apply_step(st, phi, true, false);
      }
      w ? apply_step(st, lam, true, true) : apply_step(st, lam, true, false);
      continue;
    }

    if (record_ && s && refl_run_last_[st.gate] >= 0) {  // contracted at the run's end, then undone
      if (refl_run_last_[st.gate] == st.gate) {
        rec -= rec_stride;
        contract_refl_run(st.gate, lam, rec, want_md);
      }
      if (s->moving) {
        apply_tangent(st.gate, lam, lamd, true);
      } else {
        w ? apply_step(st, lam, true, true) : apply_step(st, lam, true, false);
      }
      continue;
    }

    // phi_{k-1} (and its tangent: U^dag phid + U'^dag phi), recorded or undone
    const cplx* phi_k = phi;
    const cplx* phi_pair_k = phid;
    const bool needed = s && slot_needed_[gate_slot_[st.gate]];
    if (record_) {
      if (needed) {
        rec -= rec_stride;
        phi_pair_k = rec;
        phi_k = record_md_ ? rec + dim : rec;
      }
    } else if (s && s->moving) {
      apply_tangent(st.gate, phi, phid, true);
    } else {
      w ? apply_step(st, phid, true, true) : apply_step(st, phi, true, false);
    }

    if (needed && generator_form(s->kernel)) {
      generator_backward(st.gate, lam, phi_k, phi_pair_k, w != nullptr, want_md);
      continue;
    }
    if (needed && s->kernel == Kernel::Dense1 && (!w || want_md)) {  // (the encodings)
      contract_apply_1q(st.gate, lam, want_md ? phi_pair_k : phi_k, want_md);
      continue;
    }
    if (needed) {
      if (want_md) {
        contract_tangent(st.gate, lam, phi_pair_k);
      } else {
        contract(st.gate, lam, phi_k, acc_.data() + s->m, false);
      }
    }

    // lam_{k-1} (and its tangent)
    if (s && s->moving) {
      apply_tangent(st.gate, lam, lamd, true);
    } else {
      w ? apply_step(st, lam, true, true) : apply_step(st, lam, true, false);
    }
  }

  add_traces(theta, u, w, acc_.data(), d_theta, d_u, dd_theta, dd_u);
  return value;
}

// Traces of the slots' contraction sums acc with the derivative matrices, once per slot,
// added to d_theta, d_u, dd_theta through the chain rule of the argument sources.
void CircuitEvaluator::add_traces(const double* theta, const Vec3* u, const Vec3* w, const cplx* acc,
                                  double* d_theta, Vec3* d_u, double* dd_theta, Vec3* dd_u) {
  const bool want_md = w && (dd_theta || dd_u);
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (!slot_needed_[i]) continue;
    GateSlot& s = slots_[i];
    const bool generator = generator_form(s.kernel);  // (needs neither dU nor d2U)
    if (!generator) ensure_du(s);
    cplx* d2 = scratch_d2_.data();
    if (s.moving && want_md && !generator) gate_matrix_d2_dir(s.kind, s.g, s.gdot, d2);
    const cplx* m = acc + s.m;
    const cplx* md = acc + s.md;
    for (int a = 0; a < s.n_args; ++a) {
      const ArgSource& src = s.args[a];
      const cplx* da = store_.data() + s.du + a * s.dim2;
      const double dEdg = trace_term(s, da, m);
      const double pf = arg_param_factor(src, theta);
      if (src.param >= 0 && d_theta) d_theta[src.param] += dEdg * src.coeff * arg_feature(src, u);
      if (d_u && src.depends_on_inputs()) arg_feature_grad_add(src, u, dEdg * src.coeff * pf, d_u);
      const bool want_dd_theta = want_md && dd_theta && src.param >= 0;
      const bool want_dd_u = want_md && dd_u && src.depends_on_inputs();
      if (want_dd_theta || want_dd_u) {
        double dEdg_dot = trace_term(s, da, md);
        // (the generator form has no second-derivative term: lamd carries U's motion)
        if (s.moving && !generator_form(s.kernel)) dEdg_dot += trace_term(s, d2 + kMaxGateEntries * a, m);
        if (want_dd_theta) {
          dd_theta[src.param] += dEdg_dot * src.coeff * arg_feature(src, u);
          if (src.depends_on_inputs()) dd_theta[src.param] += dEdg * src.coeff * arg_feature_dir(src, u, w);
        }
        if (want_dd_u) {
          arg_feature_grad_add(src, u, dEdg_dot * src.coeff * pf, dd_u);
          arg_feature_hess_dir_add(src, u, w, dEdg * src.coeff * pf, dd_u);
        }
      }
    }
  }
}

}  // namespace qmlff
