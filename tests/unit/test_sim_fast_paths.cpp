// The evaluator's fast paths (shared gate matrices, fused dense and diagonal runs,
// the structured reflection kernel) against the plain gate-by-gate reference.
#include <gtest/gtest.h>

#include <random>

#include "models/builders.h"
#include "sim/circuit_pruning.h"
#include "sim/evaluator.h"
#include "sim/gates.h"
#include "sim/kernels.h"

using namespace qmlff;

namespace {

std::vector<cplx> random_state(std::size_t dim, std::mt19937& rng) {
  std::normal_distribution<double> nd;
  std::vector<cplx> v(dim);
  for (auto& z : v) z = {nd(rng), nd(rng)};
  return v;
}

double max_diff(const std::vector<cplx>& a, const std::vector<cplx>& b) {
  double m = 0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
  return m;
}

bool close13(double a, double b) { return std::abs(a - b) <= 1e-13 * std::max(1.0, std::abs(b)); }

// mixed() of the fast evaluator and the reference agree to 1e-13 in every output.
void expect_mixed_agree(CircuitEvaluator& fast, CircuitEvaluator& ref, const std::vector<double>& theta,
                        const std::vector<Vec3>& u, const std::vector<Vec3>& w) {
  const Circuit& c = ref.circuit();
  std::vector<double> dt_f(c.n_params), dt_r(c.n_params), dd_f(c.n_params), dd_r(c.n_params);
  std::vector<Vec3> du_f(c.n_inputs), du_r(c.n_inputs);
  double dir_f = 0, dir_r = 0;
  fast.mixed(theta.data(), u.data(), w.data(), dt_f.data(), du_f.data(), &dir_f, dd_f.data());
  ref.mixed(theta.data(), u.data(), w.data(), dt_r.data(), du_r.data(), &dir_r, dd_r.data());
  EXPECT_PRED2(close13, dir_f, dir_r);
  for (int p = 0; p < c.n_params; ++p) {
    EXPECT_PRED2(close13, dt_f[p], dt_r[p]) << "param " << p;
    EXPECT_PRED2(close13, dd_f[p], dd_r[p]) << "param " << p;
  }
  for (int k = 0; k < c.n_inputs; ++k)
    for (int x = 0; x < 3; ++x) EXPECT_PRED2(close13, du_f[k][x], du_r[k][x]);
}

}  // namespace

// Every refl_encode matrix and derivative is c I + A (x) X_anc; the structured kernels
// must reproduce the dense ones for all three.
TEST(FastKernels, ReflMatchesDenseTwoQubitKernel) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> ud(-1.2, 1.2);
  const int n = 5;
  for (const auto& qa : std::vector<std::pair<int, int>>{{0, 4}, {3, 1}, {2, 0}, {1, 2}, {0, 1}}) {
    const double g[3] = {ud(rng), ud(rng), ud(rng)}, gd[3] = {ud(rng), ud(rng), ud(rng)};
    cplx u[kMaxGateEntries], du[3 * kMaxGateEntries], d2[3 * kMaxGateEntries];
    gate_matrix(GateKind::ReflEncode, g, u);
    gate_matrix_d1(GateKind::ReflEncode, g, du);
    gate_matrix_d2_dir(GateKind::ReflEncode, g, gd, d2);
    for (const cplx* m : {u, du + kMaxGateEntries, d2 + 2 * kMaxGateEntries}) {
      for (bool adjoint : {false, true}) {
        std::vector<cplx> a = random_state(std::size_t{1} << n, rng), b = a;
        adjoint ? kernels::apply_2q_adjoint(a.data(), n, qa.first, qa.second, m)
                : kernels::apply_2q(a.data(), n, qa.first, qa.second, m);
        const cplx c = adjoint ? std::conj(m[0]) : m[0];
        const cplx A[4] = {adjoint ? std::conj(m[1]) : m[1], adjoint ? std::conj(m[9]) : m[3],
                           adjoint ? std::conj(m[3]) : m[9], adjoint ? std::conj(m[11]) : m[11]};
        kernels::apply_refl(b.data(), n, qa.first, qa.second, c, A);
        EXPECT_LT(max_diff(a, b), 1e-13);
      }
      // <lam|m|phi> from the dense contraction and from the sum/difference contraction.
      const std::vector<cplx> lam = random_state(std::size_t{1} << n, rng), phi = random_state(lam.size(), rng);
      cplx md[16], mr[8] = {};
      kernels::contract_2q(lam.data(), phi.data(), n, qa.first, qa.second, md);
      kernels::contract_refl_add(lam.data(), phi.data(), n, qa.first, qa.second, mr);
      const cplx ref = kernels::trace_product(m, md, 4);
      const cplx A[4] = {m[1], m[3], m[9], m[11]};
      cplx t{};
      for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) {
          const cplx cd = i == j ? m[0] : cplx{};
          t += 0.5 * ((cd + A[2 * i + j]) * mr[2 * i + j] + (cd - A[2 * i + j]) * mr[4 + 2 * i + j]);
        }
      EXPECT_LT(std::abs(t - ref), 1e-12 * std::max(1.0, std::abs(ref)));
    }
  }
}

// The vectorised kernels take different paths when qubit 0 is involved: every qubit pair.
TEST(FastKernels, PartialSwapDiagonalAndOneQubitContractionsMatchDense) {
  std::mt19937 rng(9);
  const int n = 4;
  const double t[1] = {0.41};
  cplx u[16];
  gate_matrix(GateKind::Heisenberg, t, u);
  for (int q0 = 0; q0 < n; ++q0) {
    for (int q1 = 0; q1 < n; ++q1) {
      if (q1 == q0) continue;
      std::vector<cplx> a = random_state(16, rng), b = a;
      kernels::apply_2q(a.data(), n, q0, q1, u);
      kernels::apply_partial_swap(b.data(), n, q0, q1, u[0], u[5], u[6]);
      EXPECT_LT(max_diff(a, b), 1e-14) << q0 << "," << q1;
      const std::vector<cplx> lam = random_state(16, rng), phi = random_state(16, rng);
      cplx md[16];
      kernels::contract_2q(lam.data(), phi.data(), n, q0, q1, md);
      cplx mdiag[16] = {};
      kernels::contract_diag_2q_add(lam.data(), phi.data(), n, q0, q1, mdiag);
      for (int i = 0; i < 16; ++i)
        EXPECT_LT(std::abs((i % 5 == 0 ? md[i] : cplx{}) - mdiag[i]), 1e-13) << q0 << "," << q1 << " diagonal entry " << i;
      // refl on (q0, q1) against the dense kernel, including q = 0 and anc = 0
      const double g[3] = {0.3, -0.7, 0.5};
      cplx r[16];
      gate_matrix(GateKind::ReflEncode, g, r);
      std::vector<cplx> c = random_state(16, rng), e = c;
      kernels::apply_2q(c.data(), n, q0, q1, r);
      const cplx A[4] = {r[1], r[3], r[9], r[11]};
      kernels::apply_refl(e.data(), n, q0, q1, r[0], A);
      EXPECT_LT(max_diff(c, e), 1e-14) << q0 << "," << q1;
    }
    const std::vector<cplx> lam = random_state(16, rng), phi = random_state(16, rng);
    cplx m[4] = {}, ref[4] = {};
    kernels::contract_1q_add(lam.data(), phi.data(), n, q0, m);
    for (std::size_t i = 0; i < 16; ++i) {
      const std::size_t bit = std::size_t{1} << q0;
      if (i & bit) continue;
      for (int x = 0; x < 2; ++x)
        for (int y = 0; y < 2; ++y) ref[2 * x + y] += std::conj(lam[i + x * bit]) * phi[i + y * bit];
    }
    for (int i = 0; i < 4; ++i) EXPECT_LT(std::abs(m[i] - ref[i]), 1e-13) << "qubit " << q0;
    std::vector<cplx> a = random_state(16, rng), b = a;
    const cplx d0{0.6, -0.8}, d1{-0.28, 0.96}, dm[4] = {d0, 0.0, 0.0, d1};
    kernels::apply_1q(a.data(), n, q0, dm);
    kernels::apply_diag_1q(b.data(), n, q0, d0, d1);
    EXPECT_LT(max_diff(a, b), 1e-14) << "qubit " << q0;
  }
}

// mixed() contracts a state pair and its tangents in one pass: m gets (lam, phi) and md
// gets (lam, phid) + (lamd, phi), which must equal three plain contractions; and the
// tangent apply must equal U on psi and U psid + Ud psi on the tangent. Every qubit and
// qubit pair of 4 (the kernels take other paths when qubit 0 is involved).
TEST(FastKernels, TangentContractionsAndApplyMatchPlainKernels) {
  std::mt19937 rng(21);
  const int n = 4;
  const cplx u[4] = {{0.6, 0.1}, {-0.3, 0.2}, {0.25, -0.5}, {0.7, 0.05}}, ud[4] = {{0.1, -0.4}, {0.9, 0.3}, {-0.2, 0.6}, {0.35, 0.15}};
  auto close = [](const cplx* a, const cplx* b, int k) {
    double d = 0;
    for (int i = 0; i < k; ++i) d = std::max(d, std::abs(a[i] - b[i]));
    return d;
  };
  for (int q0 = 0; q0 < n; ++q0) {
    const auto lam = random_state(16, rng), lamd = random_state(16, rng), phi = random_state(16, rng),
               phid = random_state(16, rng);
    // Exchanges in generator form: lam <- U^dag lam (dense reference), then <lam|SWAP|phi>
    // from the dense contraction's entries (00,00) (01,10) (10,01) (11,11).
    const double t[1] = {0.37};
    cplx ux[16], uxd[16];
    gate_matrix(GateKind::Heisenberg, t, ux);
    for (int r = 0; r < 4; ++r)
      for (int c = 0; c < 4; ++c) uxd[4 * r + c] = std::conj(ux[4 * c + r]);
    const cplx dab[3] = {uxd[0], uxd[5], uxd[6]};
    auto swap_sum = [&](const std::vector<cplx>& l, const std::vector<cplx>& p, int a, int b) {
      cplx mm[16];
      kernels::contract_2q(l.data(), p.data(), n, a, b, mm);
      return mm[0] + mm[6] + mm[9] + mm[15];
    };
    for (int q1 = 0; q1 < n; ++q1) {
      if (q1 == q0) continue;
      std::vector<cplx> l = lam, ld = lamd, rl = lam, rld = lamd;
      kernels::apply_2q(rl.data(), n, q0, q1, uxd);
      kernels::apply_2q(rld.data(), n, q0, q1, uxd);
      cplx m[1] = {}, md[1] = {};
      kernels::exchange_step_tangent(l.data(), ld.data(), phi.data(), phid.data(), n, q0, q1, dab, m, md);
      const cplx rm = swap_sum(rl, phi, q0, q1), rmd = swap_sum(rl, phid, q0, q1) + swap_sum(rld, phi, q0, q1);
      EXPECT_LT(max_diff(l, rl) + max_diff(ld, rld) + std::abs(m[0] - rm) + std::abs(md[0] - rmd), 1e-13)
          << q0 << "," << q1;
      cplx m1[1] = {};
      kernels::exchange_step(l.data(), phi.data(), n, q0, q1, nullptr, m1);  // no undo: lam unchanged
      EXPECT_LT(max_diff(l, rl) + std::abs(m1[0] - rm), 1e-13) << q0 << "," << q1;
      l = lam;
      cplx m2[1] = {};
      kernels::exchange_step(l.data(), phi.data(), n, q0, q1, dab, m2);
      EXPECT_LT(max_diff(l, rl) + std::abs(m2[0] - rm), 1e-13) << q0 << "," << q1;
    }
    cplx m[4] = {}, md[4] = {}, rm[4] = {}, rmd[4] = {};
    kernels::contract_1q_tangent_add(lam.data(), lamd.data(), phi.data(), phid.data(), n, q0, m, md);
    kernels::contract_1q_add(lam.data(), phi.data(), n, q0, rm);
    kernels::contract_1q_add(lam.data(), phid.data(), n, q0, rmd);
    kernels::contract_1q_add(lamd.data(), phi.data(), n, q0, rmd);
    EXPECT_LT(close(m, rm, 4) + close(md, rmd, 4), 1e-13) << "qubit " << q0;
    std::vector<cplx> psi = random_state(16, rng), psid = random_state(16, rng);
    std::vector<cplx> ref = psi, refd = psid, tmp = psi;
    kernels::apply_1q_tangent(psi.data(), psid.data(), n, q0, u, ud);
    kernels::apply_1q(ref.data(), n, q0, u);
    kernels::apply_1q(refd.data(), n, q0, u);
    kernels::apply_1q(tmp.data(), n, q0, ud);
    for (int i = 0; i < 16; ++i) refd[i] += tmp[i];
    EXPECT_LT(max_diff(psi, ref) + max_diff(psid, refd), 1e-14) << "qubit " << q0;
    // RZ in generator form: lam <- diag(d) lam, then <lam|Z|phi> (and the tangent sums).
    {
      const cplx d[2] = {{0.6, 0.8}, {0.28, -0.96}}, dd[4] = {d[0], 0.0, 0.0, d[1]};
      const cplx z[4] = {1.0, 0.0, 0.0, -1.0};
      std::vector<cplx> l = lam, ld = lamd, rl = lam, rld = lamd;
      kernels::apply_1q(rl.data(), n, q0, dd);
      kernels::apply_1q(rld.data(), n, q0, dd);
      auto z_sum = [&](const std::vector<cplx>& a, const std::vector<cplx>& b) {
        cplx mm[4] = {};
        kernels::contract_1q_add(a.data(), b.data(), n, q0, mm);
        return kernels::trace_product(z, mm, 2);
      };
      cplx m1[1] = {}, md1[1] = {};
      kernels::rz_step_tangent(l.data(), ld.data(), phi.data(), phid.data(), n, q0, d, m1, md1);
      EXPECT_LT(max_diff(l, rl) + max_diff(ld, rld) + std::abs(m1[0] - z_sum(rl, phi)) +
                    std::abs(md1[0] - z_sum(rl, phid) - z_sum(rld, phi)),
                1e-13)
          << "qubit " << q0;
      cplx m2[1] = {};
      kernels::rz_step(l.data(), phi.data(), n, q0, nullptr, m2);  // no undo
      EXPECT_LT(max_diff(l, rl) + std::abs(m2[0] - z_sum(rl, phi)), 1e-13) << "qubit " << q0;
    }
    // Backward steps in one pass: contraction, then lam <- v lam (and its tangent).
    std::vector<cplx> l1 = lam, l2 = lam, ld1 = lamd, ld2 = lamd;
    cplx c[4] = {}, cd[4] = {}, rc[4] = {}, rcd[4] = {};
    kernels::contract_apply_1q(l1.data(), phi.data(), n, q0, u, c);
    kernels::contract_1q_add(lam.data(), phi.data(), n, q0, rc);
    kernels::apply_1q(l2.data(), n, q0, u);
    EXPECT_LT(close(c, rc, 4) + max_diff(l1, l2), 1e-13) << "qubit " << q0;
    for (const cplx* vd : {ud, static_cast<const cplx*>(nullptr)}) {
      l1 = lam, l2 = lam, ld1 = lamd, ld2 = lamd;
      std::fill(c, c + 4, cplx{});
      std::fill(cd, cd + 4, cplx{});
      std::fill(rc, rc + 4, cplx{});
      std::fill(rcd, rcd + 4, cplx{});
      kernels::contract_apply_1q_tangent(l1.data(), ld1.data(), phi.data(), phid.data(), n, q0, u, vd, c, cd);
      kernels::contract_1q_tangent_add(lam.data(), lamd.data(), phi.data(), phid.data(), n, q0, rc, rcd);
      const cplx zero[4] = {};
      kernels::apply_1q_tangent(l2.data(), ld2.data(), n, q0, u, vd ? vd : zero);
      EXPECT_LT(close(c, rc, 4) + close(cd, rcd, 4) + max_diff(l1, l2) + max_diff(ld1, ld2), 1e-13)
          << "qubit " << q0 << (vd ? " moving" : " fixed");
    }
  }
}

// The S3-symmetric exchange kernel against the dense 3-qubit kernel, for the gate, its
// first and second derivatives (all alpha I + beta sum P), on ordered and unordered
// qubit triples of a 5-qubit state, including qubit 0 and the top qubit.
TEST(FastKernels, Exchange3MatchesDenseThreeQubitKernel) {
  std::mt19937 rng(12);
  const int n = 5;
  const double t[1] = {0.37}, dir[1] = {1.0};
  cplx u[kMaxGateEntries], du[kMaxGateEntries], d2[kMaxGateEntries];
  gate_matrix(GateKind::Heisenberg3, t, u);
  gate_matrix_d1(GateKind::Heisenberg3, t, du);
  gate_matrix_d2_dir(GateKind::Heisenberg3, t, dir, d2);
  const int triples[][3] = {{0, 1, 2}, {3, 0, 2}, {4, 2, 1}, {1, 4, 3}, {2, 3, 4}};
  for (const cplx* m : {u, du, d2}) {
    cplx alpha, beta;
    kernels::exchange3_parts(m, alpha, beta);
    for (int r = 0; r < 8; ++r)  // the matrix really has the form alpha I + beta sum P
      for (int c = 0; c < 8; ++c) {
        const int diff = r ^ c, weight = __builtin_popcount(r);
        cplx expect = 0.0;
        if (r == c) expect = alpha + (weight == 0 || weight == 3 ? 3.0 : 1.0) * beta;
        else if (__builtin_popcount(r) == __builtin_popcount(c) && __builtin_popcount(diff) == 2) expect = beta;
        EXPECT_LT(std::abs(m[8 * r + c] - expect), 1e-14) << r << "," << c;
      }
    for (const auto& q : triples) {
      std::vector<cplx> a = random_state(32, rng), b = a;
      kernels::apply_3q(a.data(), n, q, m);
      kernels::apply_exchange3(b.data(), n, q, alpha, beta);
      EXPECT_LT(max_diff(a, b), 1e-14) << q[0] << q[1] << q[2];
      const std::vector<cplx> lam = random_state(32, rng), phi = random_state(32, rng);
      cplx dense[64] = {}, fast[2] = {};
      kernels::contract_3q_add(lam.data(), phi.data(), n, q, dense);
      kernels::contract_exchange3_add(lam.data(), phi.data(), n, q, fast);
      const cplx via_dense = kernels::trace_product(m, dense, 8), via_fast = alpha * fast[0] + beta * fast[1];
      EXPECT_LT(std::abs(via_dense - via_fast), 1e-12) << q[0] << q[1] << q[2];
    }
  }
}

// The one-pass tangent kernel against the three-step form psid <- U psid + U' psi.
TEST(FastKernels, ReflTangentMatchesThreeSteps) {
  std::mt19937 rng(10);
  const int n = 5;
  const double g[3] = {0.4, -0.3, 0.8}, gd[3] = {0.2, 0.5, -0.1};
  cplx u[kMaxGateEntries], du[3 * kMaxGateEntries];
  gate_matrix(GateKind::ReflEncode, g, u);
  gate_matrix_d1(GateKind::ReflEncode, g, du);
  cplx ud[16];
  for (int i = 0; i < 16; ++i) ud[i] = gd[0] * du[i] + gd[1] * du[kMaxGateEntries + i] + gd[2] * du[2 * kMaxGateEntries + i];
  const cplx a[4] = {u[1], u[3], u[9], u[11]}, ad[4] = {ud[1], ud[3], ud[9], ud[11]};
  for (const auto& qa : std::vector<std::pair<int, int>>{{1, 4}, {3, 2}, {0, 4}, {0, 1}, {2, 0}}) {
    std::vector<cplx> psi = random_state(32, rng), psid = random_state(32, rng);
    std::vector<cplx> ref = psi, refd = psid, tmp = psi;
    kernels::apply_2q(tmp.data(), n, qa.first, qa.second, ud);
    kernels::apply_2q(refd.data(), n, qa.first, qa.second, u);
    for (int i = 0; i < 32; ++i) refd[i] += tmp[i];
    kernels::apply_2q(ref.data(), n, qa.first, qa.second, u);
    const bool done = kernels::apply_refl_tangent(psi.data(), psid.data(), n, qa.first, qa.second, u[0], a, ud[0], ad);
    EXPECT_EQ(done, qa.second != 0);  // an ancilla on qubit 0 is left to the caller
    if (!done) continue;
    EXPECT_LT(max_diff(psi, ref), 1e-14);
    EXPECT_LT(max_diff(psid, refd), 1e-14);
  }
}

// A diagonal run's products v = conj(lam) d phi (and tangents) and their weighted sums,
// against the plain formulas, with and without d, on 0 to 6 qubits.
TEST(FastKernels, DiagonalProductsAndWeightedSumsMatchScalarFormulas) {
  std::mt19937 rng(21);
  std::normal_distribution<double> nd;
  for (int n = 0; n <= 6; ++n) {
    const std::size_t dim = std::size_t{1} << n;
    const auto lam = random_state(dim, rng), phi = random_state(dim, rng), d = random_state(dim, rng);
    const auto lamd = random_state(dim, rng), phid = random_state(dim, rng);
    std::vector<double> w(dim);
    for (auto& x : w) x = nd(rng);
    for (const bool with_d : {false, true}) {
      std::vector<cplx> v(dim), vd(dim), rv(dim), rvd(dim);
      kernels::diagonal_products(lam.data(), phi.data(), with_d ? d.data() : nullptr, dim, v.data(), lamd.data(),
                                 phid.data(), vd.data());
      cplx sum{};
      for (std::size_t i = 0; i < dim; ++i) {
        const cplx di = with_d ? d[i] : cplx{1.0, 0.0};
        rv[i] = std::conj(lam[i]) * di * phi[i];
        rvd[i] = std::conj(lamd[i]) * di * phi[i] + std::conj(lam[i]) * di * phid[i];
        sum += w[i] * rv[i];
      }
      EXPECT_LT(max_diff(v, rv) + max_diff(vd, rvd), 1e-13) << n << " qubits";
      EXPECT_LT(std::abs(kernels::real_weighted_sum(v.data(), w.data(), dim) - sum), 1e-13) << n << " qubits";
    }
  }
}

TEST(FastKernels, DenseAbLayoutMatchesMatrixVectorProduct) {
  std::mt19937 rng(8);
  for (int dim : {2, 8, 16}) {
    const std::vector<cplx> w = random_state(static_cast<std::size_t>(dim) * dim, rng);
    std::vector<double> ab(4 * dim * dim), ab_adj(ab.size());
    kernels::dense_to_ab(w.data(), dim, false, ab.data());
    kernels::dense_to_ab(w.data(), dim, true, ab_adj.data());
    const std::vector<cplx> x = random_state(dim, rng);
    std::vector<cplx> y = x, y_adj = x, ref(dim), ref_adj(dim);
    for (int r = 0; r < dim; ++r)
      for (int c = 0; c < dim; ++c) {
        ref[r] += w[dim * r + c] * x[c];
        ref_adj[r] += std::conj(w[dim * c + r]) * x[c];
      }
    kernels::apply_dense_ab(y.data(), dim, ab.data());
    kernels::apply_dense_ab(y_adj.data(), dim, ab_adj.data());
    EXPECT_LT(max_diff(y, ref), 1e-13);
    EXPECT_LT(max_diff(y_adj, ref_adj), 1e-13);
  }
}

// Model circuits exercise every fast path: dense fusion (4 qubits), weight-block fusion
// (NH3, 6 qubits), diagonal fusion and the reflection kernel (dimer with symmetry
// breaking), three-qubit gates (NH3), diagonal two-qubit gates with distance features
// (graph).
class FastPaths : public ::testing::TestWithParam<std::string> {};

TEST_P(FastPaths, AgreeWithGateByGateReference) {
  const std::string param = GetParam();
  const bool bond = param == "sivqlm_ab_bond";  // LiH with RZ encodings: live diagonal runs
  const std::string kind = bond ? "sivqlm_ab" : param;
  BuilderOptions o = default_builder_options(kind);
  if (bond) o.encoding = "bond";
  o.symmetry_breaking = kind != "graph";
  if (kind == "graph") o.species = {"O", "H", "H", "C", "H"};
  o.depth = std::min(o.depth, 6);
  const FragmentModel m = build_model(kind, o);
  const Circuit& c = m.circuit;
  CircuitEvaluator fast(c), ref(c, EvaluatorOptions{false, false, false, false});
  EXPECT_EQ(ref.circuit().gates.size(), c.gates.size());
  // The last encoding layer reaches the observable on some qubits only (the dimer's
  // reflection encodings all touch the ancilla in O).
  if (kind != "graph" && kind != "sivqlm_ab2_dimer") {
    EXPECT_LT(fast.circuit().gates.size(), c.gates.size());
  }
  EXPECT_LT(fast.n_slots(), ref.n_slots());
  EXPECT_EQ(ref.n_fused_runs(), 0);
  if (kind != "graph") {
    EXPECT_GT(fast.n_fused_runs(), 0);
  }
  // NH3 (6 qubits): the exchange layers are applied by weight blocks, odd sizes padded.
  if (kind == "sivqlm_ab3") {
    EXPECT_GT(fast.n_block_runs(), 0);
  }
  if (bond) {
    EXPECT_GT(fast.n_live_runs(), 0);
  }
  if (kind == "sivqlm_ab2_dimer") {  // (planned by the first derivative request)
    fast.gradient(std::vector<double>(c.n_params, 0.1).data(), std::vector<Vec3>(c.n_inputs, Vec3{1, 0, 0}).data(),
                  nullptr, std::vector<Vec3>(c.n_inputs).data());
    EXPECT_EQ(fast.n_refl_runs(), o.depth + 1);  // one per encoding layer
  }
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> ud(-0.9, 0.9);
  std::vector<double> theta(c.n_params);
  std::vector<Vec3> u(c.n_inputs), w(c.n_inputs);
  for (int trial = 0; trial < 3; ++trial) {  // new theta each trial: rebuilt fused runs
    for (auto& t : theta) t = ud(rng);
    for (auto& x : u) x = {ud(rng) + 1.0, ud(rng), ud(rng)};
    for (auto& x : w) x = {ud(rng), ud(rng), ud(rng)};
    const auto close = close13;
    EXPECT_PRED2(close, fast.value(theta.data(), u.data()), ref.value(theta.data(), u.data()));
    std::vector<Vec3> du_f(c.n_inputs), du_r(c.n_inputs);
    // Input gradient alone (fused runs used backwards), then everything.
    EXPECT_PRED2(close, fast.gradient(theta.data(), u.data(), nullptr, du_f.data()),
                 ref.gradient(theta.data(), u.data(), nullptr, du_r.data()));
    for (int k = 0; k < c.n_inputs; ++k)
      for (int x = 0; x < 3; ++x) EXPECT_PRED2(close, du_f[k][x], du_r[k][x]);
    // Two input sets in one pair of sweeps (NH3's inversion average) against two calls
    // of the reference; the reference itself takes gradient2's fallback (no records).
    std::vector<Vec3> u2(c.n_inputs), d0(c.n_inputs), d1(c.n_inputs), r0(c.n_inputs), r1(c.n_inputs);
    for (auto& x : u2) x = {ud(rng) + 1.0, ud(rng), ud(rng)};
    double v_f[2], v_r[2];
    fast.gradient2(theta.data(), u.data(), u2.data(), v_f, d0.data(), d1.data());
    ref.gradient2(theta.data(), u.data(), u2.data(), v_r, r0.data(), r1.data());
    EXPECT_PRED2(close, v_f[0], ref.value(theta.data(), u.data()));
    EXPECT_PRED2(close, v_f[1], ref.value(theta.data(), u2.data()));
    EXPECT_PRED2(close, v_r[1], ref.value(theta.data(), u2.data()));
    ref.gradient(theta.data(), u2.data(), nullptr, du_r.data());
    for (int k = 0; k < c.n_inputs; ++k)
      for (int x = 0; x < 3; ++x) {
        EXPECT_PRED2(close, d0[k][x], r0[k][x]);
        EXPECT_PRED2(close, d1[k][x], r1[k][x]);
        EXPECT_PRED2(close, d1[k][x], du_r[k][x]);
      }
    expect_mixed_agree(fast, ref, theta, u, w);
  }
}

// Runs of reflection encodings (one ancilla, distinct data qubits) are contracted at the
// run's end (plan_refl_runs). Here the ancilla sits between data qubits and on qubits 0
// and 1, qubit 0 is encoded, two gates of a run share a slot, one input does not move
// along w, and runs are cut by a repeated qubit, another ancilla and an exchange.
TEST(ReflRuns, AgreeWithGateByGateReference) {
  Circuit c;
  c.n_qubits = 5;
  c.n_inputs = 3;
  c.n_params = 4;
  c.initial.type = InitialState::Type::Singlets;
  c.initial.pairs = {{0, 1}, {3, 4}};
  auto refl = [&](int q, int anc, int input, int param) {
    GateRecord g = make_gate(GateKind::ReflEncode, q, anc);
    set_encoding_args(g, input, param);
    c.gates.push_back(g);
  };
  auto exchange = [&](int q0, int q1, int param) {
    GateRecord g = make_gate(GateKind::Heisenberg, q0, q1);
    g.args[0] = param_arg(param, 0.8);
    c.gates.push_back(g);
  };
  for (int layer = 0; layer < 3; ++layer) {
    refl(0, 2, 0, 0);  // run of four, the first and last share a slot
    refl(1, 2, 1, 1);
    refl(3, 2, 2, 0);
    refl(4, 2, 0, 0);
    refl(4, 2, 1, 2);  // qubit 4 again: a new run of two
    refl(0, 2, 2, 1);
    refl(1, 4, 0, 3);  // another ancilla: on its own
    exchange(0, 1, 3);
    exchange(3, 4, 2);
    refl(3, 2, 1, 1);  // a run of one: contracted gate by gate
    exchange(1, 3, 0);
    refl(1, 0, 2, 2);  // ancillas on qubits 0 and 1 (the kernels' other layouts)
    refl(2, 0, 0, 3);
    refl(0, 1, 1, 0);
    refl(3, 1, 2, 1);
  }
  c.observable = {{0.7, {{2, 'X'}}}, {0.4, {{0, 'Z'}, {2, 'Z'}}}, {-0.3, {{1, 'Y'}, {4, 'Y'}}}, {0.5, {{3, 'Z'}}}};
  // With records (runs contracted at their end) and without (every gate undone and
  // contracted on its own: no runs).
  EvaluatorOptions no_records;
  no_records.record = false;
  CircuitEvaluator recorded(c), unrecorded(c, no_records), ref(c, EvaluatorOptions{false, false, false, false});
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> ud(-0.9, 0.9);
  std::vector<double> theta(c.n_params);
  std::vector<Vec3> u(c.n_inputs), w(c.n_inputs);
  const auto close = close13;
  for (int trial = 0; trial < 6; ++trial) {
    CircuitEvaluator& fast = trial % 2 == 0 ? recorded : unrecorded;
    const int runs = trial % 2 == 0 ? 12 : 0;
    for (auto& t : theta) t = ud(rng);
    for (auto& x : u) x = {ud(rng) + 1.0, ud(rng), ud(rng)};
    for (auto& x : w) x = {ud(rng), ud(rng), ud(rng)};
    w[1] = {0.0, 0.0, 0.0};  // input 1's gates do not move
    std::vector<double> dt_f(c.n_params), dt_r(c.n_params);
    std::vector<Vec3> du_f(c.n_inputs), du_r(c.n_inputs);
    // The three requests plan differently: inputs only, theta only, then mixed.
    EXPECT_PRED2(close, fast.gradient(theta.data(), u.data(), nullptr, du_f.data()),
                 ref.gradient(theta.data(), u.data(), nullptr, du_r.data()));
    EXPECT_EQ(fast.n_refl_runs(), runs);
    EXPECT_EQ(ref.n_refl_runs(), 0);
    for (int k = 0; k < c.n_inputs; ++k)
      for (int x = 0; x < 3; ++x) EXPECT_PRED2(close, du_f[k][x], du_r[k][x]);
    fast.gradient(theta.data(), u.data(), dt_f.data(), nullptr);
    ref.gradient(theta.data(), u.data(), dt_r.data(), nullptr);
    for (int p = 0; p < c.n_params; ++p) EXPECT_PRED2(close, dt_f[p], dt_r[p]) << "param " << p;
    expect_mixed_agree(fast, ref, theta, u, w);
    EXPECT_EQ(fast.n_refl_runs(), runs);
  }
}

INSTANTIATE_TEST_SUITE_P(Models, FastPaths,
                         ::testing::Values("sivqlm_ab", "sivqlm_ab_bond", "sivqlm_ab2", "sivqlm_ab3",
                                           "sivqlm_ab2_dimer", "graph"));

// NH3: the first encoding layer acts as U(x_k) (x) U(x_k) on the singlets (k, k+3) and is a
// global phase; in the last one, the gates on qubits 3..5 commute with O = sum s_i.s_j
// (i, j < 3). Nothing else may go.
TEST(CircuitPruning, DropsExactlyTheGatesThatCannotChangeNH3) {
  BuilderOptions o = default_builder_options("sivqlm_ab3");
  o.depth = 2;
  const Circuit& c = build_model("sivqlm_ab3", o).circuit;
  const Circuit p = prune_circuit(c);
  ASSERT_EQ(p.gates.size() + 9, c.gates.size());
  for (int q = 0; q < 6; ++q) {  // the first gates left on every qubit are exchanges
    for (const GateRecord& g : p.gates)
      if (g.qubits[0] == q || g.qubits[1] == q || g.qubits[2] == q) {
        EXPECT_NE(g.kind, c.gates[0].kind) << "qubit " << q;
        break;
      }
  }
  for (int q = 3; q < 6; ++q) {  // the last gate on qubits 3..5 is an exchange
    for (std::size_t k = p.gates.size(); k-- > 0;) {
      const GateRecord& g = p.gates[k];
      if (g.qubits[0] == q || g.qubits[1] == q || g.qubits[2] == q) {
        EXPECT_NE(g.kind, c.gates[0].kind) << "qubit " << q;
        break;
      }
    }
  }
  EXPECT_EQ(p.gates.back().kind, c.gates.back().kind);  // qubits 0..2 keep their encodings
}

