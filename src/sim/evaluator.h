#pragma once
// Expectation value <psi0| M^dag O M |psi0> of a circuit and its exact derivatives.
//
//   value()     one forward sweep.
//   gradient()  value, dE/dtheta and dE/du in one forward and one adjoint sweep.
//   mixed()     additionally, for a direction w in input space, the directional
//               derivative grad_u E . w and d/dtheta (grad_u E . w): the adjoint sweep
//               run in forward-mode dual numbers (state and tangent side by side).
//               This is what a force loss needs: its gradient is sum_k d/dtheta(grad E . w_k)
//               with w the force residuals; the full matrix d2E/dtheta du is obtained
//               with unit directions.
// An evaluator owns its workspace: use one per thread.
#include <vector>

#include "sim/circuit.h"
#include "sim/observable.h"

namespace qmlff {

class CircuitEvaluator {
 public:
  explicit CircuitEvaluator(Circuit circuit);

  const Circuit& circuit() const { return circuit_; }

  double value(const double* theta, const Vec3* u);
  // d_theta (n_params) and d_u (n_inputs) are overwritten; either may be null.
  double gradient(const double* theta, const Vec3* u, double* d_theta, Vec3* d_u);
  // As gradient(), plus *dir = grad_u E . w and dd_theta[p] = d/dtheta_p (grad_u E . w).
  double mixed(const double* theta, const Vec3* u, const Vec3* w, double* d_theta, Vec3* d_u,
               double* dir, double* dd_theta);

 private:
  // Per-gate values of the current evaluation. Matrices live in store_ at the offsets
  // below; gates whose arguments depend only on theta keep their matrices (and, for
  // one-argument gates, dU/dg) across calls while theta is unchanged, which is the
  // common case in MD.
  struct GateCache {
    double g[3];
    double gdot[3];
    bool moving = false;       // gdot != 0 (argument depends on inputs along w)
    bool theta_only = false;   // no argument depends on the inputs
    int dim2 = 0;              // entries of the matrix (4, 16 or 64)
    std::size_t u = 0, udot = 0, du = 0;  // offsets into store_
  };

  void forward(const double* theta, const Vec3* u, const Vec3* w);
  void apply(const GateRecord& gr, const cplx* m, cplx* psi, bool adjoint) const;
  void contract(const GateRecord& gr, const cplx* lam, const cplx* phi, cplx* m, bool add) const;
  // M = contraction of lam and phi on the gate's qubits (for a Heisenberg gate only the
  // six partial-swap entries), added to m when add is true.
  void gate_contraction(const GateRecord& gr, const cplx* lam, const cplx* phi, cplx* m, bool add) const;
  // 2 Re tr(A M) for a derivative matrix A of the gate and its contraction M.
  double trace_term(const GateRecord& gr, const cplx* a, const cplx* m) const;
  double backward(const double* theta, const Vec3* u, const Vec3* w, double* d_theta, Vec3* d_u,
                  double* dir, double* dd_theta);

  Circuit circuit_;
  CompiledObservable observable_;
  std::vector<cplx> psi0_;
  std::vector<GateCache> cache_;
  std::vector<cplx> store_;
  // Scratch for derivative matrices and contractions (std::complex arrays on the stack
  // would be zero-filled on every gate).
  mutable std::vector<cplx> scratch_du_, scratch_d2_, scratch_m_, scratch_md_;
  std::vector<double> cached_theta_;
  bool theta_cache_valid_ = false;
  std::vector<cplx> psi_, lam_, phi_, tmp_;
  std::vector<cplx> psid_, lamd_, phid_;
};

}  // namespace qmlff
