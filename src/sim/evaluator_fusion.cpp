// Fusion of theta-only runs: on 4 qubits a dense 16x16 product costs less than a dozen
// structured gates with their dispatch; on larger circuits a run of diagonal gates is
// one pass over the state instead of one per gate. While theta is unchanged (MD) the
// products are built once.
#include <algorithm>

#include "sim/evaluator.h"
#include "sim/kernels.h"

namespace qmlff {

namespace {
// Diagonal fusion stores dim amplitudes per run; beyond this the state is large enough
// that per-gate overhead does not matter.
constexpr int kMaxDiagonalFusionQubits = 14;
}  // namespace

void CircuitEvaluator::plan_fusion() {
  const int n_gates = static_cast<int>(circuit_.gates.size());
  const int dim = 1 << circuit_.n_qubits;
  const bool dense = options_.fuse && dim <= kernels::kMaxDenseDim;
  const bool diag = options_.fuse && !dense && circuit_.n_qubits <= kMaxDiagonalFusionQubits;
  auto fusable = [&](int k) {
    const GateSlot& s = slots_[gate_slot_[k]];
    return s.theta_only && (dense || (diag && (s.kernel == Kernel::Diag1 || s.kernel == Kernel::Diag2)));
  };
  const std::size_t ab_size = dense ? 4 * static_cast<std::size_t>(dim) * dim : 2 * static_cast<std::size_t>(dim);
  std::size_t off = 0;
  steps_fused_.clear();
  steps_plain_.clear();
  fused_.clear();
  for (int k = 0; k < n_gates; ++k) steps_plain_.push_back({k, -1});
  for (int k = 0; k < n_gates;) {
    int end = k;
    while (end < n_gates && fusable(end)) ++end;
    if (end - k >= 2) {
      FusedRun f;
      f.first = k;
      f.last = end;
      f.diagonal = !dense;
      f.ab = off;
      f.ab_adj = dense ? off + ab_size : off;
      fused_.push_back(f);
      off += dense ? 2 * ab_size : ab_size;
      steps_fused_.push_back({-1, static_cast<int>(fused_.size()) - 1});
      k = end;
    } else {
      steps_fused_.push_back({k, -1});
      ++k;
    }
  }
  fused_store_.assign(off, 0.0);
  weight_order_.clear();
  weight_start_.assign(1, 0);
  std::size_t block_entries = 0;
  if (dense) {
    for (int wgt = 0; wgt <= circuit_.n_qubits; ++wgt) {
      int m = 0;
      for (int i = 0; i < dim; ++i)
        if (__builtin_popcount(i) == wgt) {
          weight_order_.push_back(i);
          ++m;
        }
      weight_start_.push_back(weight_start_.back() + m);
      block_entries += static_cast<std::size_t>(m) * m;
    }
  }
  // Per run: the blocks of W, then those of W^dag (each column-major).
  for (std::size_t r = 0; r < fused_.size(); ++r) {
    fused_[r].blocks = 2 * r * block_entries;
    fused_[r].blocks_adj = fused_[r].blocks + block_entries;
  }
  fused_blocks_.assign(2 * fused_.size() * block_entries, cplx{});
  fused_scratch_.assign(fused_.empty() || !dense ? 0 : 2 * static_cast<std::size_t>(dim) * dim, cplx{});
}

// Exact zeros outside the blocks come from the gates' structure, not from rounding.
void CircuitEvaluator::store_weight_blocks(FusedRun& f, const cplx* w) {
  const int dim = 1 << circuit_.n_qubits;
  f.weight_blocks = true;
  for (int r = 0; r < dim && f.weight_blocks; ++r)
    for (int c = 0; c < dim; ++c)
      if (__builtin_popcount(r) != __builtin_popcount(c) && w[r * dim + c] != cplx{}) {
        f.weight_blocks = false;
        break;
      }
  if (!f.weight_blocks) return;
  cplx* out = fused_blocks_.data() + f.blocks;
  cplx* out_adj = fused_blocks_.data() + f.blocks_adj;
  for (int b = 0; b <= circuit_.n_qubits; ++b) {
    const int* idx = weight_order_.data() + weight_start_[b];
    const int m = weight_start_[b + 1] - weight_start_[b];
    for (int c = 0; c < m; ++c)
      for (int r = 0; r < m; ++r) {
        *out++ = w[idx[r] * dim + idx[c]];
        *out_adj++ = std::conj(w[idx[c] * dim + idx[r]]);
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
    if (f.diagonal) {  // W applied to the all-ones vector is its diagonal
      cplx* d = reinterpret_cast<cplx*>(fused_store_.data() + f.ab);
      std::fill_n(d, dim, cplx{1.0, 0.0});
      for (int k = f.first; k < f.last; ++k) apply(k, store_.data() + slots_[gate_slot_[k]].u, d, false);
      continue;
    }
    std::fill_n(cols, dim * dim, cplx{});
    for (int c = 0; c < dim; ++c) {
      cplx* col = cols + c * dim;
      col[c] = 1.0;
      for (int k = f.first; k < f.last; ++k) apply(k, store_.data() + slots_[gate_slot_[k]].u, col, false);
      for (int r = 0; r < dim; ++r) w[r * dim + c] = col[r];
    }
    kernels::dense_to_ab(w, dim, false, fused_store_.data() + f.ab);
    store_weight_blocks(f, w);
    kernels::dense_to_ab(w, dim, true, fused_store_.data() + f.ab_adj);
  }
}

}  // namespace qmlff
