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

#include "sim/aligned.h"
#include "sim/circuit.h"
#include "sim/gate_slots.h"
#include "sim/observable.h"

namespace qmlff {

// All on by default; all off gives the plain gate-by-gate reference (tests compare the two).
struct EvaluatorOptions {
  bool share_slots = true;  // one matrix per distinct (kind, arguments), see gate_slots.h
  // Products of theta-only runs: dense on circuits of <= 4 qubits, else runs of diagonal
  // gates (the symmetry-breaking RZ layers) as one diagonal.
  bool fuse = true;
  // The forward sweep records the states the adjoint sweep contracts with (while they
  // fit in kMaxRecordBytes) instead of the adjoint sweep undoing every gate.
  bool record = true;
  // Gates that cannot change the value are dropped (see circuit_pruning.h).
  bool prune = true;
};

class CircuitEvaluator {
 public:
  explicit CircuitEvaluator(Circuit circuit, EvaluatorOptions options = EvaluatorOptions());

  const Circuit& circuit() const { return circuit_; }  // as evaluated (pruned)
  // Distinct gate matrices and fused runs (tests check that the fast paths are taken).
  int n_slots() const { return static_cast<int>(slots_.size()); }
  int n_fused_runs() const { return static_cast<int>(fused_.size()); }
  int n_block_runs() const;  // fused runs kept only as weight blocks
  int n_live_runs() const;   // diagonal runs that move with the inputs
  int n_refl_runs() const;   // reflection runs of the last derivative request (plan_refl_runs)

  double value(const double* theta, const Vec3* u);
  // d_theta (n_params) and d_u (n_inputs) are overwritten; either may be null.
  double gradient(const double* theta, const Vec3* u, double* d_theta, Vec3* d_u);
  // Two input gradients with one theta (NH3's inversion average): values[i] = E(u_i) and
  // d_u_i = dE/du at u_i. The theta-only operators move both states in one pass, which
  // halves the reads of the fused weight blocks (kernels::apply_blocks2). Circuits with
  // live diagonal runs, or whose records would not fit, take two gradient() calls.
  void gradient2(const double* theta, const Vec3* u0, const Vec3* u1, double* values, Vec3* d_u0, Vec3* d_u1);
  // As gradient(), plus *dir = grad_u E . w, dd_theta[p] = d/dtheta_p (grad_u E . w) and
  // dd_u = d/du (grad_u E . w) (the input Hessian times w: models whose trainable
  // parameters act on the inputs before the circuit need it for force losses).
  double mixed(const double* theta, const Vec3* u, const Vec3* w, double* d_theta, Vec3* d_u,
               double* dir, double* dd_theta, Vec3* dd_u = nullptr);

 private:
  // One step of a sweep: a gate, or a fused run of theta-only gates (fused >= 0).
  struct Step {
    int gate = -1;
    int fused = -1;
  };
  // Gates [first, last) multiplied into one operator W: dense, stored in the ab layout
  // of kernels::apply_dense_ab at offsets ab (W) and ab_adj (W^dag) of fused_store_; or,
  // when every gate is diagonal, the diagonal of W (dim complex numbers at offset ab).
  // A dense W that conserves the number of 1 bits (exchange gates and diagonals do) is
  // also kept as its blocks of equal Hamming weight (blocks, at offset `blocks`).
  // On 5 and 6 qubits a run of weight-conserving gates (exchanges, diagonals) is kept
  // only as its blocks (dense = false): 924 entries on 6 qubits instead of 4096.
  struct FusedRun {
    int first = 0, last = 0;
    bool diagonal = false;
    bool dense = false;          // the ab layouts are stored
    bool weight_blocks = false;  // apply by blocks (dense runs: set when W is built)
    // A run of diagonal gates that depend on the inputs (the bond encoding's RZ layers):
    // its diagonal is rebuilt in every forward sweep, and the adjoint sweep takes all its
    // gates' contractions from one product conj(lam) D phi (see contract_diagonal_run).
    bool live = false;
    // A run of theta-only diagonal gates in the plain sweeps (the symmetry-breaking RZ
    // layers), contracted like a live run; rebuilt in every plain forward sweep.
    bool plain_only = false;
    bool contracted = false;  // run_needed() for the planned derivative request
    int groups_begin = 0, groups_end = 0;  // diagonal runs: their RZ gates by slot (rz_groups_)
    std::size_t ab = 0, ab_adj = 0, blocks = 0, blocks_adj = 0;
  };

  // A diagonal run's RZ gates of one slot: one weighted sum of the run's product (weights at
  // rz_weights_[weights], dim entries).
  struct RzGroup {
    int slot = 0;
    std::size_t weights = 0;
  };
  void plan_fusion();
  void plan_rz_groups(FusedRun& f);
  void build_fused();
  void store_weight_blocks(FusedRun& f, const cplx* w);
  void update_slots(const double* theta, const Vec3* u, const Vec3* w, bool reuse);
  // theta equals the cached one (theta-only matrices and fused runs are current).
  bool theta_cached(const double* theta) const;
  // After update_slots: drops fused runs built for another theta, builds them if a fused
  // sweep follows (build), and caches theta.
  void sync_fused(const double* theta, bool reuse, bool build);
  void ensure_du(GateSlot& s);
  // Which slots the adjoint sweep must contract (slot_needed_), and whether the forward
  // sweep records the states before their gates (record_) instead of the adjoint sweep
  // undoing the gates on a copy of the final state: cheaper, when the records fit.
  void plan_derivatives(bool want_theta, bool want_u, bool want_md);
  // With record, psi (and psid) before each needed gate go to records_; plain uses the
  // unfused steps (records inside fused runs, for theta derivatives).
  void forward(const double* theta, const Vec3* u, const Vec3* w, bool record, bool plain);
  // pair: psi holds a state and its tangent side by side (2 dim amplitudes, see fwd_pair_):
  // a gate on n + 1 qubits whose top qubit picks the half applies to both in one call.
  void apply(int gate, const cplx* m, cplx* psi, bool adjoint, bool pair = false) const;
  void apply_step(const Step& st, cplx* psi, bool adjoint, bool pair) const;
  bool run_needed(const FusedRun& f) const;  // some gate of f is contracted
  void build_diagonal(const FusedRun& f);
  // Adds the contractions of the needed gates of a live or plain-only diagonal run from
  // lam after it and phi before it (phi_is_after: phi is the state after the run); with
  // lamd and phid (tangents of lam and phi) also their tangents.
  void contract_diagonal_run(const FusedRun& f, const cplx* lam, const cplx* phi, bool phi_is_after,
                             const cplx* lamd = nullptr, const cplx* phid = nullptr);
  // A moving gate on a state and its tangent: psid <- U psid + U' psi, psi <- U psi.
  void apply_tangent(int gate, cplx* psi, cplx* psid, bool adjoint);
  // Adds the gate's contraction of lam and phi (entries as the slot's kernel needs) to m;
  // with pair, summed over both halves of the pairs lam and phi.
  void contract(int gate, const cplx* lam, const cplx* phi, cplx* m, bool pair) const;
  // The gate's contractions into m and (tangents) md from the pairs [lam; lamd] and [phid; phi].
  void contract_tangent(int gate, const cplx* lam_pair, const cplx* phi_pair);
  // Backward step of an exchange or RZ (generator_form): lam (and lamd) undone, then the
  // generator-form sum (kernels::exchange_step, rz_step); phi is phi_k-1, phi_pair
  // [phid; phi] when want_md.
  void generator_backward(int gate, cplx* lam, const cplx* phi, const cplx* phi_pair, bool tangent, bool want_md);
  void generator_step(int gate, const cplx* u, bool undo, cplx* lam, cplx* lamd, const cplx* phi, const cplx* phid,
                      cplx* m, cplx* md) const;
  // A one-qubit gate's backward step in one pass (kernels::contract_apply_1q): its
  // contraction, then lam <- U^dag lam; tangent: from the pairs [lam; lamd], [phid; phi].
  void contract_apply_1q(int gate, cplx* lam, const cplx* phi, bool tangent);
  // 2 Re <lam| A |phi> for a derivative matrix A of the slot's gate, from its contraction m.
  static double trace_term(const GateSlot& s, const cplx* a, const cplx* m);
  void add_traces(const double* theta, const Vec3* u, const Vec3* w, const cplx* acc, double* d_theta, Vec3* d_u,
                  double* dd_theta, Vec3* dd_u);
  // Runs of reflection encodings (evaluator_refl_runs.cpp). Consecutive refl gates on
  // distinct qubits with one ancilla commute (the dimer's encoding layers), so each gate's
  // contraction can be taken from the states after the whole run and moved back across
  // its own gate (kernels::refl_contraction_before_add): one record per run instead of
  // one per gate, which keeps the dimer's records in L2.
  // refl_run_last_[g]: the last gate of g's run (-1: g is in none), for the planned request.
  void plan_refl_runs();
  // At the run's last gate: the contractions of all its gates from lam (or the pair
  // [lam; lamd]) and the record after the run (phi, or [phid; phi]).
  void contract_refl_run(int last, const cplx* lam_pair, const cplx* rec, bool want_md);
  // gradient2's sweeps: one gate's step on both states (input-dependent gates: store_ on
  // the first, store_b_ on the second).
  void apply_gate2(int gate, cplx* a, cplx* b, bool adjoint) const;
  double backward(const double* theta, const Vec3* u, const Vec3* w, double* d_theta, Vec3* d_u,
                  double* dir, double* dd_theta, Vec3* dd_u = nullptr);

  Circuit circuit_;
  EvaluatorOptions options_;
  CompiledObservable observable_;
  AlignedVector<cplx> psi0_;
  std::vector<GateSlot> slots_;
  std::vector<int> gate_slot_;
  std::vector<char> slot_needed_;
  AlignedVector<cplx> store_;  // slot matrices (theta-only ones kept while theta is unchanged)
  AlignedVector<cplx> acc_;    // slot contraction sums of the current adjoint sweep
  // gradient2's second input set: slot matrices and arguments, contraction sums.
  AlignedVector<cplx> store_b_, acc_b_;
  std::vector<double> g_b_;
  std::vector<FusedRun> fused_;
  std::vector<RzGroup> rz_groups_;
  std::vector<double> rz_weights_;
  AlignedVector<double> fused_store_;
  std::vector<cplx> fused_scratch_;  // columns and product while building
  AlignedVector<cplx> fused_blocks_;
  std::vector<int> weight_order_, weight_start_;  // basis sorted by Hamming weight
  std::vector<Step> steps_fused_, steps_plain_;
  std::vector<int> refl_run_first_, refl_run_last_;  // per gate, see plan_refl_runs
  // Scratch for derivative matrices (std::complex arrays on the stack would be
  // zero-filled on every use).
  std::vector<cplx> scratch_du_, scratch_d2_;
  std::vector<double> cached_theta_;
  bool theta_cache_valid_ = false;
  bool fused_valid_ = false;  // fused runs built for cached_theta_ (only sweeps that use them build)
  bool plain_diagonals_valid_ = false;  // plain_only runs built for cached_theta_
  // Each state sits next to its tangent (mixed()) so that one kernel call on n + 1 qubits
  // moves both, and conj(lam) phid + conj(lamd) phi is one contraction of the pairs:
  // fwd_pair_ = [psid; psi] (records likewise), phi_pair_ = [phid; phi], lam_pair_ = [lam; lamd].
  AlignedVector<cplx> fwd_pair_, lam_pair_, phi_pair_, tmp_;
  bool record_ = false, record_md_ = false;
  int plan_key_ = 0;  // the derivative request slot_needed_ and record_ were planned for
  // Records are written once and read once, in order (prefetch-friendly), so they may
  // exceed the L2 cache; the bound only keeps memory modest for large circuits.
  static constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 23;
  AlignedVector<cplx> records_;  // psi (or [psid; psi]) before each contracted gate, in gate order
  std::size_t records_used_ = 0;
};

}  // namespace qmlff
