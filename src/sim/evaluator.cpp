#include "sim/evaluator.h"

#include <algorithm>
#include <cstring>

#include "sim/arg_source_eval.h"
#include "sim/gates.h"
#include "sim/initial_state.h"
#include "sim/kernels.h"

namespace qmlff {

CircuitEvaluator::CircuitEvaluator(Circuit circuit) : circuit_(std::move(circuit)) {
  circuit_.validate();
  observable_ = CompiledObservable(circuit_.observable, circuit_.n_qubits);
  psi0_ = prepare_initial_state(circuit_.initial, circuit_.n_qubits);
  cache_.resize(circuit_.gates.size());
  std::size_t off = 0;
  for (std::size_t k = 0; k < circuit_.gates.size(); ++k) {
    const GateRecord& gr = circuit_.gates[k];
    const GateInfo& info = gate_info(gr.kind);
    GateCache& c = cache_[k];
    c.dim2 = 1 << (2 * info.n_qubits);
    c.theta_only = true;
    for (int a = 0; a < info.n_args; ++a) c.theta_only = c.theta_only && !gr.args[a].depends_on_inputs();
    c.u = off;
    off += c.dim2;
    c.udot = off;
    if (!c.theta_only) off += c.dim2;
    c.du = off;
    if (c.theta_only && info.n_args == 1) off += c.dim2;
  }
  store_.assign(off, cplx{});
  scratch_du_.assign(3 * kMaxGateEntries, cplx{});
  scratch_d2_.assign(3 * kMaxGateEntries, cplx{});
  scratch_m_.assign(kMaxGateEntries, cplx{});
  scratch_md_.assign(kMaxGateEntries, cplx{});
  cached_theta_.assign(circuit_.n_params, 0.0);
  const std::size_t dim = psi0_.size();
  for (auto* v : {&psi_, &lam_, &phi_, &tmp_, &psid_, &lamd_, &phid_}) v->assign(dim, 0.0);
}

void CircuitEvaluator::apply(const GateRecord& gr, const cplx* m, cplx* psi, bool adjoint) const {
  const int n = circuit_.n_qubits;
  const int q0 = gr.qubits[0], q1 = gr.qubits[1];
  auto cj = [adjoint](cplx z) { return adjoint ? std::conj(z) : z; };
  switch (gr.kind) {
    case GateKind::Heisenberg:  // symmetric partial swap: the adjoint conjugates the entries
      kernels::apply_partial_swap(psi, n, q0, q1, cj(m[0]), cj(m[5]), cj(m[6]));
      return;
    case GateKind::RZ:
      kernels::apply_diag_1q(psi, n, q0, cj(m[0]), cj(m[3]));
      return;
    case GateKind::ZZ:
    case GateKind::CZ: {
      const cplx d[4] = {cj(m[0]), cj(m[5]), cj(m[10]), cj(m[15])};
      kernels::apply_diag_2q(psi, n, q0, q1, d);
      return;
    }
    default:
      break;
  }
  switch (gate_info(gr.kind).n_qubits) {
    case 1:
      adjoint ? kernels::apply_1q_adjoint(psi, n, q0, m) : kernels::apply_1q(psi, n, q0, m);
      return;
    case 2:
      adjoint ? kernels::apply_2q_adjoint(psi, n, q0, q1, m) : kernels::apply_2q(psi, n, q0, q1, m);
      return;
    default:
      adjoint ? kernels::apply_3q_adjoint(psi, n, gr.qubits.data(), m)
              : kernels::apply_3q(psi, n, gr.qubits.data(), m);
  }
}

void CircuitEvaluator::contract(const GateRecord& gr, const cplx* lam, const cplx* phi, cplx* m,
                                bool add) const {
  const int n = circuit_.n_qubits;
  const int nq = gate_info(gr.kind).n_qubits;
  if (!add) std::fill(m, m + (1 << (2 * nq)), cplx{});
  if (nq == 1) kernels::contract_1q_add(lam, phi, n, gr.qubits[0], m);
  if (nq == 2) kernels::contract_2q_add(lam, phi, n, gr.qubits[0], gr.qubits[1], m);
  if (nq == 3) kernels::contract_3q_add(lam, phi, n, gr.qubits.data(), m);
}

void CircuitEvaluator::gate_contraction(const GateRecord& gr, const cplx* lam, const cplx* phi,
                                        cplx* m, bool add) const {
  if (gr.kind == GateKind::Heisenberg) {
    cplx t[6];
    kernels::contract_partial_swap(lam, phi, circuit_.n_qubits, gr.qubits[0], gr.qubits[1], t);
    for (int i = 0; i < 6; ++i) m[i] = add ? m[i] + t[i] : t[i];
    return;
  }
  contract(gr, lam, phi, m, add);
}

double CircuitEvaluator::trace_term(const GateRecord& gr, const cplx* a, const cplx* m) const {
  if (gr.kind == GateKind::Heisenberg) {  // entries (00,00) (01,01) (01,10) (10,01) (10,10) (11,11)
    const cplx t = a[0] * m[0] + a[5] * m[1] + a[6] * m[2] + a[9] * m[3] + a[10] * m[4] + a[15] * m[5];
    return 2.0 * t.real();
  }
  return 2.0 * kernels::trace_product(a, m, 1 << gate_info(gr.kind).n_qubits).real();
}

// Forward sweep: psi_ = M psi0. With a direction w, also psid_ = d psi / d eps along
// u + eps w (tangent state), using U' = sum_a dU/dg_a * gdot_a.
void CircuitEvaluator::forward(const double* theta, const Vec3* u, const Vec3* w) {
  const int np = circuit_.n_params;
  const bool reuse = theta_cache_valid_ &&
                     (np == 0 || std::memcmp(cached_theta_.data(), theta, np * sizeof(double)) == 0);
  std::copy(psi0_.begin(), psi0_.end(), psi_.begin());
  if (w) std::fill(psid_.begin(), psid_.end(), cplx{});
  const std::size_t dim = psi_.size();
  for (std::size_t k = 0; k < circuit_.gates.size(); ++k) {
    const GateRecord& gr = circuit_.gates[k];
    GateCache& c = cache_[k];
    const int na = gate_info(gr.kind).n_args;
    cplx* um = store_.data() + c.u;
    c.moving = false;
    if (!(c.theta_only && reuse)) {
      for (int a = 0; a < na; ++a) c.g[a] = arg_value(gr.args[a], theta, u);
      gate_matrix(gr.kind, c.g, um);
      if (c.theta_only && na == 1) gate_matrix_d1(gr.kind, c.g, store_.data() + c.du);
    }
    if (w && !c.theta_only) {
      for (int a = 0; a < na; ++a) {
        c.gdot[a] = 0.0;
        if (gr.args[a].depends_on_inputs())
          c.gdot[a] = gr.args[a].coeff * arg_param_factor(gr.args[a], theta) * arg_feature_dir(gr.args[a], u, w);
        c.moving = c.moving || c.gdot[a] != 0.0;
      }
    }
    if (c.moving) {
      cplx* du = scratch_du_.data();
      cplx* ud = store_.data() + c.udot;
      gate_matrix_d1(gr.kind, c.g, du);
      std::fill(ud, ud + c.dim2, cplx{});
      for (int a = 0; a < na; ++a)
        for (int i = 0; i < c.dim2; ++i) ud[i] += c.gdot[a] * du[kMaxGateEntries * a + i];
      // psid <- U psid + U' psi (psi before the gate)
      std::copy(psi_.begin(), psi_.end(), tmp_.begin());
      apply(gr, ud, tmp_.data(), false);
      apply(gr, um, psid_.data(), false);
      for (std::size_t i = 0; i < dim; ++i) psid_[i] += tmp_[i];
    } else if (w) {
      apply(gr, um, psid_.data(), false);
    }
    apply(gr, um, psi_.data(), false);
  }
  std::copy(theta, theta + np, cached_theta_.begin());
  theta_cache_valid_ = true;
}

double CircuitEvaluator::value(const double* theta, const Vec3* u) {
  forward(theta, u, nullptr);
  observable_.apply(psi_.data(), lam_.data());
  return kernels::inner(psi_.data(), lam_.data(), psi_.size()).real();
}

double CircuitEvaluator::gradient(const double* theta, const Vec3* u, double* d_theta, Vec3* d_u) {
  forward(theta, u, nullptr);
  return backward(theta, u, nullptr, d_theta, d_u, nullptr, nullptr);
}

double CircuitEvaluator::mixed(const double* theta, const Vec3* u, const Vec3* w, double* d_theta,
                               Vec3* d_u, double* dir, double* dd_theta) {
  forward(theta, u, w);
  return backward(theta, u, w, d_theta, d_u, dir, dd_theta);
}

// Adjoint sweep. lam_k = U_{k+1}^dag ... O psi, phi_{k-1} = U_k^dag phi_k, and
// dE/dg_a = 2 Re <lam_k| dU_k/dg_a |phi_{k-1}> = 2 Re tr(dU/dg_a M) with M the
// contraction of lam_k and phi_{k-1} on the gate's qubits. With a direction, every
// quantity carries its tangent (lamd_, phid_) and the chain rule adds the second
// derivatives of the gate matrices and of the argument sources.
double CircuitEvaluator::backward(const double* theta, const Vec3* u, const Vec3* w,
                                  double* d_theta, Vec3* d_u, double* dir, double* dd_theta) {
  const std::size_t dim = psi_.size();
  if (d_theta) std::fill(d_theta, d_theta + circuit_.n_params, 0.0);
  if (d_u) std::fill(d_u, d_u + circuit_.n_inputs, Vec3{0.0, 0.0, 0.0});
  if (dd_theta) std::fill(dd_theta, dd_theta + circuit_.n_params, 0.0);

  observable_.apply(psi_.data(), lam_.data());
  const double value = kernels::inner(psi_.data(), lam_.data(), dim).real();
  std::copy(psi_.begin(), psi_.end(), phi_.begin());
  if (w) {
    observable_.apply(psid_.data(), lamd_.data());
    if (dir) *dir = 2.0 * kernels::inner(lam_.data(), psid_.data(), dim).real();
    std::copy(psid_.begin(), psid_.end(), phid_.begin());
  }

  for (std::size_t kk = circuit_.gates.size(); kk-- > 0;) {
    const GateRecord& gr = circuit_.gates[kk];
    const GateCache& c = cache_[kk];
    const int na = gate_info(gr.kind).n_args;
    const cplx* um = store_.data() + c.u;
    const cplx* ud = store_.data() + c.udot;

    // phi_{k-1} (and its tangent: U^dag phid + U'^dag phi)
    if (c.moving) {
      std::copy(phi_.begin(), phi_.end(), tmp_.begin());
      apply(gr, ud, tmp_.data(), true);
      apply(gr, um, phid_.data(), true);
      for (std::size_t i = 0; i < dim; ++i) phid_[i] += tmp_[i];
    } else if (w) {
      apply(gr, um, phid_.data(), true);
    }
    apply(gr, um, phi_.data(), true);

    bool needed = false;
    for (int a = 0; a < na; ++a)
      needed = needed || (gr.args[a].param >= 0 && (d_theta || dd_theta)) ||
               (d_u && gr.args[a].depends_on_inputs());
    if (needed) {
      cplx* d2 = scratch_d2_.data();
      const cplx* du = store_.data() + c.du;
      if (!(c.theta_only && na == 1)) {
        gate_matrix_d1(gr.kind, c.g, scratch_du_.data());
        du = scratch_du_.data();
      }
      if (c.moving) gate_matrix_d2_dir(gr.kind, c.g, c.gdot, d2);
      cplx* m = scratch_m_.data();
      cplx* md = scratch_md_.data();
      gate_contraction(gr, lam_.data(), phi_.data(), m, false);
      if (w && dd_theta) {
        gate_contraction(gr, lamd_.data(), phi_.data(), md, false);
        gate_contraction(gr, lam_.data(), phid_.data(), md, true);
      }
      for (int a = 0; a < na; ++a) {
        const ArgSource& src = gr.args[a];
        const cplx* da = du + kMaxGateEntries * a;
        const double dEdg = trace_term(gr, da, m);
        const double pf = arg_param_factor(src, theta);
        if (src.param >= 0 && d_theta) d_theta[src.param] += dEdg * src.coeff * arg_feature(src, u);
        if (d_u && src.depends_on_inputs()) arg_feature_grad_add(src, u, dEdg * src.coeff * pf, d_u);
        if (w && src.param >= 0 && dd_theta) {
          double dEdg_dot = trace_term(gr, da, md);
          if (c.moving) dEdg_dot += trace_term(gr, d2 + kMaxGateEntries * a, m);
          dd_theta[src.param] += dEdg_dot * src.coeff * arg_feature(src, u);
          if (src.depends_on_inputs()) dd_theta[src.param] += dEdg * src.coeff * arg_feature_dir(src, u, w);
        }
      }
    }

    // lam_{k-1} (and its tangent)
    if (c.moving) {
      std::copy(lam_.begin(), lam_.end(), tmp_.begin());
      apply(gr, ud, tmp_.data(), true);
      apply(gr, um, lamd_.data(), true);
      for (std::size_t i = 0; i < dim; ++i) lamd_[i] += tmp_[i];
    } else if (w) {
      apply(gr, um, lamd_.data(), true);
    }
    apply(gr, um, lam_.data(), true);
  }
  return value;
}

}  // namespace qmlff
