#include "sim/evaluator.h"

#include <algorithm>

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
  const std::size_t dim = psi0_.size();
  for (auto* v : {&psi_, &lam_, &phi_, &tmp_, &psid_, &lamd_, &phid_}) v->assign(dim, 0.0);
}

void CircuitEvaluator::apply(const GateRecord& gr, const cplx* m, cplx* psi, bool adjoint) const {
  const int n = circuit_.n_qubits;
  const int nq = gate_info(gr.kind).n_qubits;
  if (nq == 3) {
    adjoint ? kernels::apply_3q_adjoint(psi, n, gr.qubits.data(), m)
            : kernels::apply_3q(psi, n, gr.qubits.data(), m);
  } else if (nq == 1) {
    adjoint ? kernels::apply_1q_adjoint(psi, n, gr.qubits[0], m)
            : kernels::apply_1q(psi, n, gr.qubits[0], m);
  } else {
    adjoint ? kernels::apply_2q_adjoint(psi, n, gr.qubits[0], gr.qubits[1], m)
            : kernels::apply_2q(psi, n, gr.qubits[0], gr.qubits[1], m);
  }
}

void CircuitEvaluator::contract(const GateRecord& gr, const cplx* lam, const cplx* phi, cplx* m,
                                bool add) const {
  const int n = circuit_.n_qubits;
  const int nq = gate_info(gr.kind).n_qubits;
  if (nq == 3) {
    if (!add) std::fill(m, m + 64, cplx{});
    kernels::contract_3q_add(lam, phi, n, gr.qubits.data(), m);
  } else if (nq == 1) {
    add ? kernels::contract_1q_add(lam, phi, n, gr.qubits[0], m)
        : kernels::contract_1q(lam, phi, n, gr.qubits[0], m);
  } else {
    add ? kernels::contract_2q_add(lam, phi, n, gr.qubits[0], gr.qubits[1], m)
        : kernels::contract_2q(lam, phi, n, gr.qubits[0], gr.qubits[1], m);
  }
}

// Forward sweep: psi_ = M psi0. With a direction w, also psid_ = d psi / d eps along
// u + eps w (tangent state), using U' = sum_a dU/dg_a * gdot_a.
void CircuitEvaluator::forward(const double* theta, const Vec3* u, const Vec3* w) {
  std::copy(psi0_.begin(), psi0_.end(), psi_.begin());
  if (w) std::fill(psid_.begin(), psid_.end(), cplx{});
  const std::size_t dim = psi_.size();
  for (std::size_t k = 0; k < circuit_.gates.size(); ++k) {
    const GateRecord& gr = circuit_.gates[k];
    GateCache& c = cache_[k];
    const int na = gate_info(gr.kind).n_args;
    c.moving = false;
    for (int a = 0; a < na; ++a) {
      c.g[a] = arg_value(gr.args[a], theta, u);
      c.gdot[a] = 0.0;
      if (w && gr.args[a].depends_on_inputs()) {
        c.gdot[a] = gr.args[a].coeff * arg_param_factor(gr.args[a], theta) *
                    arg_feature_dir(gr.args[a], u, w);
        c.moving = c.moving || c.gdot[a] != 0.0;
      }
    }
    gate_matrix(gr.kind, c.g, c.u);
    if (w && c.moving) {
      cplx du[3 * kMaxGateEntries];
      gate_matrix_d1(gr.kind, c.g, du);
      std::fill(c.udot, c.udot + kMaxGateEntries, cplx{});
      for (int a = 0; a < na; ++a)
        for (int i = 0; i < kMaxGateEntries; ++i) c.udot[i] += c.gdot[a] * du[kMaxGateEntries * a + i];
      // psid <- U psid + U' psi (psi before the gate)
      std::copy(psi_.begin(), psi_.end(), tmp_.begin());
      apply(gr, c.udot, tmp_.data(), false);
      apply(gr, c.u, psid_.data(), false);
      for (std::size_t i = 0; i < dim; ++i) psid_[i] += tmp_[i];
    } else if (w) {
      apply(gr, c.u, psid_.data(), false);
    }
    apply(gr, c.u, psi_.data(), false);
  }
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
// quantity carries its tangent (lamd_, phid_, Md) and the chain rule adds the
// second derivatives of the gate matrices and of the argument sources.
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

    // phi_{k-1} (and its tangent: U^dag phid + U'^dag phi)
    if (w && c.moving) {
      std::copy(phi_.begin(), phi_.end(), tmp_.begin());
      apply(gr, c.udot, tmp_.data(), true);
      apply(gr, c.u, phid_.data(), true);
      for (std::size_t i = 0; i < dim; ++i) phid_[i] += tmp_[i];
    } else if (w) {
      apply(gr, c.u, phid_.data(), true);
    }
    apply(gr, c.u, phi_.data(), true);

    bool needed = false;
    for (int a = 0; a < na; ++a)
      needed = needed || gr.args[a].param >= 0 || (d_u && gr.args[a].depends_on_inputs());
    if (needed) {
      cplx m[kMaxGateEntries], md[kMaxGateEntries], du[3 * kMaxGateEntries], d2[3 * kMaxGateEntries];
      contract(gr, lam_.data(), phi_.data(), m, false);
      gate_matrix_d1(gr.kind, c.g, du);
      const int dm = 1 << gate_info(gr.kind).n_qubits;
      if (w) {
        contract(gr, lamd_.data(), phi_.data(), md, false);
        contract(gr, lam_.data(), phid_.data(), md, true);
        if (c.moving) gate_matrix_d2_dir(gr.kind, c.g, c.gdot, d2);
      }
      for (int a = 0; a < na; ++a) {
        const ArgSource& src = gr.args[a];
        const double dEdg = 2.0 * kernels::trace_product(du + kMaxGateEntries * a, m, dm).real();
        const double pf = arg_param_factor(src, theta);
        if (src.param >= 0 && d_theta) d_theta[src.param] += dEdg * src.coeff * arg_feature(src, u);
        if (d_u && src.depends_on_inputs()) arg_feature_grad_add(src, u, dEdg * src.coeff * pf, d_u);
        if (w && src.param >= 0 && dd_theta) {
          double dEdg_dot = 2.0 * kernels::trace_product(du + kMaxGateEntries * a, md, dm).real();
          if (c.moving) dEdg_dot += 2.0 * kernels::trace_product(d2 + kMaxGateEntries * a, m, dm).real();
          dd_theta[src.param] += dEdg_dot * src.coeff * arg_feature(src, u);
          if (src.depends_on_inputs())
            dd_theta[src.param] += dEdg * src.coeff * arg_feature_dir(src, u, w);
        }
      }
    }

    // lam_{k-1} (and its tangent)
    if (w && c.moving) {
      std::copy(lam_.begin(), lam_.end(), tmp_.begin());
      apply(gr, c.udot, tmp_.data(), true);
      apply(gr, c.u, lamd_.data(), true);
      for (std::size_t i = 0; i < dim; ++i) lamd_[i] += tmp_[i];
    } else if (w) {
      apply(gr, c.u, lamd_.data(), true);
    }
    apply(gr, c.u, lam_.data(), true);
  }
  return value;
}

}  // namespace qmlff
