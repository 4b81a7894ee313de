// Fusion of theta-only runs: on 4 qubits a dense 16x16 product costs less than a dozen
// structured gates with their dispatch; on 5 and 6 qubits a run of exchange gates is
// applied by its blocks of equal Hamming weight (the exchanges conserve the number of 1
// bits); on larger circuits a run of diagonal gates is one pass over the state instead
// of one per gate. While theta is unchanged (MD) the products are built once.
#include <algorithm>

#include "core/error.h"
#include "sim/evaluator.h"
#include "sim/kernel_loops.h"
#include "sim/kernels.h"

namespace qmlff {

namespace {
// Diagonal fusion stores dim amplitudes per run; beyond this the state is large enough
// that per-gate overhead does not matter.
constexpr int kMaxDiagonalFusionQubits = 14;
// Weight blocks of 7 qubits (up to 35 x 35) cost more than the few exchanges of a layer.
constexpr int kMaxWeightFusionQubits = 6;
// A block product on 6 qubits (924 entries) pays off from about four structured gates.
constexpr int kMinWeightRunGates = 4;

bool is_diagonal(Kernel k) { return k == Kernel::Diag1 || k == Kernel::Diag2; }
bool conserves_weight(Kernel k) { return is_diagonal(k) || k == Kernel::PartialSwap || k == Kernel::Exchange3; }
}  // namespace

bool CircuitEvaluator::run_needed(const FusedRun& f) const {
  for (int k = f.first; k < f.last; ++k)
    if (slot_needed_[gate_slot_[k]]) return true;
  return false;
}

// The diagonal of W: the RZ gates' factors per qubit, expanded as a Kronecker product by
// doubling (dim products instead of one pass per gate, the forward sweep of every live
// run pays this), then the ZZ gates applied to it.
void CircuitEvaluator::build_diagonal(const FusedRun& f) {
  cplx* d = reinterpret_cast<cplx*>(fused_store_.data() + f.ab);
  const int n = circuit_.n_qubits;
  cplx factor[2 * kMaxQubits];  // (bit 0, bit 1) per qubit
  std::fill_n(factor, 2 * n, cplx{1.0, 0.0});
  using kernels::detail::mul;
  bool any_rz = false;
  for (int k = f.first; k < f.last; ++k) {
    const GateSlot& s = slots_[gate_slot_[k]];
    if (s.kernel != Kernel::Diag1) continue;
    any_rz = true;
    const cplx* u = store_.data() + s.u;
    cplx* fq = factor + 2 * circuit_.gates[k].qubits[0];
    fq[0] = mul(fq[0], u[0]);
    fq[1] = mul(fq[1], u[3]);
  }
  if (any_rz) {
    d[0] = 1.0;
    for (std::size_t q = 0, size = 1; q < static_cast<std::size_t>(n); ++q, size *= 2)
      for (std::size_t i = 0; i < size; ++i) {
        d[i + size] = mul(d[i], factor[2 * q + 1]);
        d[i] = mul(d[i], factor[2 * q]);
      }
  } else {
    std::fill_n(d, psi0_.size(), cplx{1.0, 0.0});  // (only ZZ gates)
  }
  for (int k = f.first; k < f.last; ++k)
    if (slots_[gate_slot_[k]].kernel != Kernel::Diag1) apply(k, store_.data() + slots_[gate_slot_[k]].u, d, false);
}

// The gates of a diagonal run commute, so with v_i = conj(lam_i) D_i phi_i (lam after the
// run, phi before it) conj(lam_k-1,i) phi_k-1,i = v_i for every gate k of the run: an RZ's
// generator-form sum <lam_k-1|Z|phi_k-1> (kernels::rz_step) is the Z-weighted sum of v
// (one weighted sum per slot, plan_rz_groups), and a ZZ's contraction entry for the bits
// b on its qubits is conj(U_k[b,b]) times the sum of v_i over those i.
void CircuitEvaluator::contract_diagonal_run(const FusedRun& f, const cplx* lam, const cplx* phi, bool phi_is_after,
                                             const cplx* lamd, const cplx* phid) {
  const std::size_t dim = psi0_.size();
  const cplx* d = phi_is_after ? nullptr : reinterpret_cast<const cplx*>(fused_store_.data() + f.ab);
  // v = conj(lam) D phi (and its tangent vd), once: every gate's sum is a weighted sum of v.
  cplx* v = tmp_.data();
  cplx* vd = v + dim;
  kernels::diagonal_products(lam, phi, d, dim, v, lamd, phid, lamd ? vd : nullptr);
  for (int g = f.groups_begin; g < f.groups_end; ++g) {  // the RZ gates, one sum per slot
    const RzGroup& lg = rz_groups_[g];
    if (!slot_needed_[lg.slot]) continue;
    const GateSlot& s = slots_[lg.slot];
    const double* w = rz_weights_.data() + lg.weights;
    acc_[s.m] += kernels::real_weighted_sum(v, w, dim);
    if (lamd) acc_[s.md] += kernels::real_weighted_sum(vd, w, dim);  // (D does not move)
  }
  // ZZ gates: entries l = 2 b(q0) + b(q1) of sums of v, as contract_diag_2q_add
  using kernels::detail::cmul;
  for (int k = f.first; k < f.last; ++k) {
    const GateSlot& s = slots_[gate_slot_[k]];
    if (s.kernel != Kernel::Diag2 || !slot_needed_[gate_slot_[k]]) continue;
    const GateRecord& gr = circuit_.gates[k];
    const cplx* u = store_.data() + s.u;
    const std::size_t b0 = std::size_t{1} << gr.qubits[0], b1 = std::size_t{1} << gr.qubits[1];
    for (int t = 0; t < (lamd ? 2 : 1); ++t) {
      const cplx* x = t == 0 ? v : vd;
      cplx* m = acc_.data() + (t == 0 ? s.m : s.md);
      cplx sum[4] = {};
      for (std::size_t i = 0; i < dim; ++i) sum[2 * ((i & b0) ? 1 : 0) + ((i & b1) ? 1 : 0)] += x[i];
      for (int l = 0; l < 4; ++l) m[5 * l] += cmul(u[5 * l], sum[l]);
    }
  }
}

// The generator-form sums of a diagonal run's RZ gates that share a slot add up to one
// weighted sum of v: weights sum over those gates of Z on their qubit (+1 or -1).
void CircuitEvaluator::plan_rz_groups(FusedRun& f) {
  const std::size_t dim = psi0_.size();
  f.groups_begin = static_cast<int>(rz_groups_.size());
  for (int k = f.first; k < f.last; ++k) {
    if (slots_[gate_slot_[k]].kernel != Kernel::Diag1) continue;
    int g = f.groups_begin;
    while (g < static_cast<int>(rz_groups_.size()) && rz_groups_[g].slot != gate_slot_[k]) ++g;
    if (g == static_cast<int>(rz_groups_.size())) {
      rz_groups_.push_back({gate_slot_[k], rz_weights_.size()});
      rz_weights_.resize(rz_weights_.size() + dim, 0.0);
    }
    double* wz = rz_weights_.data() + rz_groups_[g].weights;
    const std::size_t bit = std::size_t{1} << circuit_.gates[k].qubits[0];
    for (std::size_t i = 0; i < dim; ++i) wz[i] += (i & bit) ? -1.0 : 1.0;
  }
  f.groups_end = static_cast<int>(rz_groups_.size());
}

int CircuitEvaluator::n_live_runs() const {
  return static_cast<int>(std::count_if(fused_.begin(), fused_.end(), [](const FusedRun& f) { return f.live; }));
}

int CircuitEvaluator::n_block_runs() const {
  return static_cast<int>(std::count_if(fused_.begin(), fused_.end(),
                                        [](const FusedRun& f) { return !f.dense && !f.diagonal; }));
}

void CircuitEvaluator::plan_fusion() {
  const int n_gates = static_cast<int>(circuit_.gates.size());
  const int nq = circuit_.n_qubits;
  const int dim = 1 << nq;
  const bool dense = options_.fuse && dim <= kernels::kMaxDenseDim;
  const bool weight = options_.fuse && !dense && nq <= kMaxWeightFusionQubits;
  const bool diag = options_.fuse && !dense && nq <= kMaxDiagonalFusionQubits;
  auto kernel = [&](int k) { return slots_[gate_slot_[k]].kernel; };
  auto fusable = [&](int k) {
    const Kernel kk = kernel(k);
    return slots_[gate_slot_[k]].theta_only &&
           (dense || (weight && conserves_weight(kk)) || (diag && is_diagonal(kk)));
  };
  const std::size_t ab_size = 4 * static_cast<std::size_t>(dim) * dim;
  std::size_t off = 0;
  steps_fused_.clear();
  steps_plain_.clear();
  fused_.clear();
  rz_groups_.clear();
  rz_weights_.clear();
  // A diagonal run contracted by contract_diagonal_run (live, or plain_only); its index.
  auto add_diagonal_run = [&](int first, int last, bool live) {
    FusedRun f;
    f.first = first;
    f.last = last;
    f.diagonal = true;
    f.live = live;
    f.plain_only = !live;
    f.ab = f.ab_adj = off;
    off += 2 * static_cast<std::size_t>(dim);
    plan_rz_groups(f);
    fused_.push_back(f);
    return static_cast<int>(fused_.size()) - 1;
  };
  for (int k = 0; k < n_gates;) {
    int end = k;
    while (end < n_gates && fusable(end)) ++end;
    bool all_diagonal = true;
    for (int j = k; j < end; ++j) all_diagonal = all_diagonal && is_diagonal(kernel(j));
    const bool take = dense ? end - k >= 2 : all_diagonal ? end - k >= 2 : end - k >= kMinWeightRunGates;
    int live_end = k;  // else: diagonal gates, some moving with the inputs
    while (options_.fuse && live_end < n_gates && is_diagonal(kernel(live_end))) ++live_end;
    if (!(end > k && take) && live_end - k >= 2) {
      steps_fused_.push_back({-1, add_diagonal_run(k, live_end, true)});
      k = live_end;
    } else if (end > k && take) {
      FusedRun f;
      f.first = k;
      f.last = end;
      f.dense = dense;
      f.diagonal = !dense && all_diagonal;
      f.weight_blocks = !dense && !all_diagonal;
      f.ab = off;
      if (f.dense) {
        f.ab_adj = off + ab_size;
        off += 2 * ab_size;
      } else if (f.diagonal) {
        f.ab_adj = off;
        off += 2 * static_cast<std::size_t>(dim);
      }
      fused_.push_back(f);
      steps_fused_.push_back({-1, static_cast<int>(fused_.size()) - 1});
      k = end;
    } else {
      steps_fused_.push_back({k, -1});
      ++k;
    }
  }
  // Plain sweeps (theta derivatives, tangents) visit every gate, except runs of theta-only
  // diagonal gates (the symmetry-breaking RZ layers): one diagonal and one weighted sum per
  // slot (contract_diagonal_run) instead of a pass per gate.
  for (int k = 0; k < n_gates;) {
    int end = k;
    while (options_.fuse && end < n_gates && is_diagonal(kernel(end)) && slots_[gate_slot_[end]].theta_only) ++end;
    if (end - k < 2) {
      steps_plain_.push_back({k, -1});
      ++k;
      continue;
    }
    steps_plain_.push_back({-1, add_diagonal_run(k, end, false)});
    k = end;
  }
  fused_store_.assign(off, 0.0);
  weight_order_.clear();
  weight_start_.assign(1, 0);
  std::size_t block_entries = 0;
  if (dense || weight) {
    for (int wgt = 0; wgt <= nq; ++wgt) {
      int m = 0;
      for (int i = 0; i < dim; ++i)
        if (__builtin_popcount(i) == wgt) {
          weight_order_.push_back(i);
          ++m;
        }
      weight_start_.push_back(weight_start_.back() + m);
      block_entries += static_cast<std::size_t>(kernels::block_stride(m)) * kernels::block_stride(m);
    }
  }
  // Per run with a matrix (diagonal runs never have blocks): the blocks of W, then those
  // of W^dag (each column-major, padded).
  std::size_t n_blocks = 0;
  for (FusedRun& f : fused_) {
    if (f.diagonal) continue;
    f.blocks = n_blocks;
    f.blocks_adj = n_blocks + block_entries;
    n_blocks += 2 * block_entries;
  }
  fused_blocks_.assign(n_blocks, cplx{});
  const bool any_matrix = std::any_of(fused_.begin(), fused_.end(), [](const FusedRun& f) { return !f.diagonal; });
  fused_scratch_.assign(any_matrix ? 2 * static_cast<std::size_t>(dim) * dim : 0, cplx{});
}

// Exact zeros outside the blocks come from the gates' structure, not from rounding: a
// dense run whose W mixes weights keeps only its ab layout.
void CircuitEvaluator::store_weight_blocks(FusedRun& f, const cplx* w) {
  const int dim = 1 << circuit_.n_qubits;
  bool blocks = true;
  for (int r = 0; r < dim && blocks; ++r)
    for (int c = 0; c < dim; ++c)
      if (__builtin_popcount(r) != __builtin_popcount(c) && w[r * dim + c] != cplx{}) {
        blocks = false;
        break;
      }
  QMLFF_REQUIRE(blocks || f.dense, "internal: a weight-block run mixes Hamming weights");
  f.weight_blocks = blocks;
  if (!blocks) return;
  cplx* out = fused_blocks_.data() + f.blocks;
  cplx* out_adj = fused_blocks_.data() + f.blocks_adj;
  for (int b = 0; b <= circuit_.n_qubits; ++b) {
    const int* idx = weight_order_.data() + weight_start_[b];
    const int m = weight_start_[b + 1] - weight_start_[b];
    const int ld = kernels::block_stride(m);
    for (int c = 0; c < ld; ++c)
      for (int r = 0; r < ld; ++r) {
        const bool inside = r < m && c < m;
        *out++ = inside ? w[idx[r] * dim + idx[c]] : cplx{};
        *out_adj++ = inside ? std::conj(w[idx[c] * dim + idx[r]]) : cplx{};
      }
  }
}

// W = U_last ... U_first, column by column with the same kernels as the plain sweep.
void CircuitEvaluator::build_fused() {
  if (fused_.empty()) return;
  const int dim = 1 << circuit_.n_qubits;
  cplx* cols = fused_scratch_.data();
  cplx* w = cols + dim * dim;
  for (FusedRun& f : fused_) {
    if (f.live) continue;  // rebuilt by every forward sweep
    if (f.diagonal) {
      build_diagonal(f);
      continue;
    }
    std::fill_n(cols, dim * dim, cplx{});
    for (int c = 0; c < dim; ++c) {
      cplx* col = cols + c * dim;
      col[c] = 1.0;
      for (int k = f.first; k < f.last; ++k) apply(k, store_.data() + slots_[gate_slot_[k]].u, col, false);
      for (int r = 0; r < dim; ++r) w[r * dim + c] = col[r];
    }
    if (f.dense) {
      kernels::dense_to_ab(w, dim, false, fused_store_.data() + f.ab);
      kernels::dense_to_ab(w, dim, true, fused_store_.data() + f.ab_adj);
    }
    store_weight_blocks(f, w);
  }
}

}  // namespace qmlff
