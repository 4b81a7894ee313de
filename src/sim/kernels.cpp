#include "sim/kernels.h"

#include "sim/kernel_loops.h"
#include "sim/simd.h"

namespace qmlff::kernels {

using namespace detail;

void apply_1q(cplx* psi, int n_qubits, int q, const cplx* u) {
  const std::size_t dim = std::size_t{1} << n_qubits, bit = std::size_t{1} << q;
  if (bit >= 2) {
    const simd::K u0 = simd::konst(u[0]), u1 = simd::konst(u[1]), u2 = simd::konst(u[2]), u3 = simd::konst(u[3]);
    for (std::size_t i = 0; i < dim; i += 2 * bit)
      for (std::size_t k = i; k < i + bit; k += 2) {
        const simd::C2 a = simd::load(psi + k), b = simd::load(psi + k + bit);
        simd::store(psi + k, simd::mul2(u0, a, u1, b));
        simd::store(psi + k + bit, simd::mul2(u2, a, u3, b));
      }
    return;
  }
  if (dim >= 2) {  // qubit 0: out = (u0, u2) a + (u1, u3) b with (a, b) in one register
    const simd::K c0 = simd::konst2(u[0], u[2]), c1 = simd::konst2(u[1], u[3]);
    for (std::size_t k = 0; k < dim; k += 2) {
      const simd::C2 x = simd::load(psi + k);
      simd::store(psi + k, simd::mul2(c0, simd::lane0_both(x), c1, simd::lane1_both(x)));
    }
    return;
  }
  for (std::size_t i = 0; i < dim; i += 2 * bit)
    for (std::size_t k = i; k < i + bit; ++k) {
      const cplx a = psi[k], b = psi[k + bit];
      psi[k] = mul(u[0], a) + mul(u[1], b);
      psi[k + bit] = mul(u[2], a) + mul(u[3], b);
    }
}

void apply_1q_adjoint(cplx* psi, int n_qubits, int q, const cplx* u) {
  cplx ud[4];
  adjoint_1q(u, ud);
  apply_1q(psi, n_qubits, q, ud);
}

void apply_1q_tangent(cplx* psi, cplx* psid, int n_qubits, int q, const cplx* u, const cplx* ud) {
  const std::size_t dim = std::size_t{1} << n_qubits, bit = std::size_t{1} << q;
  if (bit >= 2) {
    const simd::K u0 = simd::konst(u[0]), u1 = simd::konst(u[1]), u2 = simd::konst(u[2]), u3 = simd::konst(u[3]);
    const simd::K d0 = simd::konst(ud[0]), d1 = simd::konst(ud[1]), d2 = simd::konst(ud[2]), d3 = simd::konst(ud[3]);
    for (std::size_t i = 0; i < dim; i += 2 * bit)
      for (std::size_t k = i; k < i + bit; k += 2) {
        const simd::C2 a = simd::load(psi + k), b = simd::load(psi + k + bit);
        const simd::C2 c = simd::load(psid + k), e = simd::load(psid + k + bit);
        simd::store(psid + k, simd::add(simd::mul2(u0, c, u1, e), simd::mul2(d0, a, d1, b)));
        simd::store(psid + k + bit, simd::add(simd::mul2(u2, c, u3, e), simd::mul2(d2, a, d3, b)));
        simd::store(psi + k, simd::mul2(u0, a, u1, b));
        simd::store(psi + k + bit, simd::mul2(u2, a, u3, b));
      }
    return;
  }
  {  // qubit 0 (dim >= 2): as apply_1q
    const simd::K c0 = simd::konst2(u[0], u[2]), c1 = simd::konst2(u[1], u[3]);
    const simd::K e0 = simd::konst2(ud[0], ud[2]), e1 = simd::konst2(ud[1], ud[3]);
    for (std::size_t k = 0; k < dim; k += 2) {
      const simd::C2 x = simd::load(psi + k), y = simd::load(psid + k);
      const simd::C2 x0 = simd::lane0_both(x), x1 = simd::lane1_both(x);
      simd::store(psid + k, simd::add(simd::mul2(c0, simd::lane0_both(y), c1, simd::lane1_both(y)),
                                      simd::mul2(e0, x0, e1, x1)));
      simd::store(psi + k, simd::mul2(c0, x0, c1, x1));
    }
  }
}

void apply_2q(cplx* psi, int n_qubits, int q0, int q1, const cplx* u) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  const std::size_t b0 = std::size_t{1} << q0, b1 = std::size_t{1} << q1;
  const std::size_t lo = b0 < b1 ? b0 : b1, hi = b0 < b1 ? b1 : b0;
  for_each_pair_base(dim, lo, hi, [&](std::size_t k) {
    const std::size_t idx[4] = {k, k | b1, k | b0, k | b0 | b1};
    const cplx v[4] = {psi[idx[0]], psi[idx[1]], psi[idx[2]], psi[idx[3]]};
    for (int r = 0; r < 4; ++r) {
      const cplx* row = u + 4 * r;
      psi[idx[r]] = mul(row[0], v[0]) + mul(row[1], v[1]) + mul(row[2], v[2]) + mul(row[3], v[3]);
    }
  });
}

void apply_partial_swap(cplx* psi, int n_qubits, int q0, int q1, cplx d, cplx a, cplx b) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  const std::size_t b0 = std::size_t{1} << q0, b1 = std::size_t{1} << q1;
  const std::size_t lo = b0 < b1 ? b0 : b1, hi = b0 < b1 ? b1 : b0;
  if (lo >= 2) {
    const simd::K kd = simd::konst(d), ka = simd::konst(a), kb = simd::konst(b);
    for_each_pair_base2(dim, lo, hi, [&](std::size_t k) {
      const simd::C2 v01 = simd::load(psi + (k | b1)), v10 = simd::load(psi + (k | b0));
      simd::store(psi + k, simd::mul(kd, simd::load(psi + k)));
      simd::store(psi + (k | b0 | b1), simd::mul(kd, simd::load(psi + (k | b0 | b1))));
      simd::store(psi + (k | b1), simd::mul2(ka, v01, kb, v10));
      simd::store(psi + (k | b0), simd::mul2(kb, v01, ka, v10));
    });
    return;
  }
  if (dim >= 4) {  // one qubit is 0 (the gate is symmetric in its qubits): x = (v00, v_lo), y = (v_hi, v11)
    const simd::K da = simd::konst2(d, a), zb = simd::konst2(0.0, b), ad = simd::konst2(a, d), bz = simd::konst2(b, 0.0);
    for_each_qubit0_base(dim, hi, [&](std::size_t k) {
      const simd::C2 x = simd::load(psi + k), y = simd::load(psi + k + hi);
      simd::store(psi + k, simd::mul2(da, x, zb, simd::lane0_both(y)));
      simd::store(psi + k + hi, simd::mul2(ad, y, bz, simd::lane1_both(x)));
    });
    return;
  }
  for_each_pair_base(dim, lo, hi, [&](std::size_t k) {
    const cplx v01 = psi[k | b1], v10 = psi[k | b0];
    psi[k] = mul(d, psi[k]);
    psi[k | b0 | b1] = mul(d, psi[k | b0 | b1]);
    psi[k | b1] = mul(a, v01) + mul(b, v10);
    psi[k | b0] = mul(b, v01) + mul(a, v10);
  });
}

void apply_diag_1q(cplx* psi, int n_qubits, int q, cplx d0, cplx d1) {
  const std::size_t dim = std::size_t{1} << n_qubits, bit = std::size_t{1} << q;
  if (bit >= 2) {
    const simd::K k0 = simd::konst(d0), k1 = simd::konst(d1);
    for (std::size_t i = 0; i < dim; i += 2 * bit)
      for (std::size_t k = i; k < i + bit; k += 2) {
        simd::store(psi + k, simd::mul(k0, simd::load(psi + k)));
        simd::store(psi + k + bit, simd::mul(k1, simd::load(psi + k + bit)));
      }
    return;
  }
  if (dim >= 2) {
    const simd::K k01 = simd::konst2(d0, d1);
    for (std::size_t k = 0; k < dim; k += 2) simd::store(psi + k, simd::mul(k01, simd::load(psi + k)));
    return;
  }
  for (std::size_t i = 0; i < dim; i += 2 * bit)
    for (std::size_t k = i; k < i + bit; ++k) {
      psi[k] = mul(d0, psi[k]);
      psi[k + bit] = mul(d1, psi[k + bit]);
    }
}

namespace {
// See rz_step in kernels.h.
template <bool kTangent>
void rz_step_impl(cplx* lam, cplx* lamd, const cplx* phi, const cplx* phid, int n_qubits, int q, const cplx* d,
                  cplx* m, cplx* md) {
  const std::size_t dim = std::size_t{1} << n_qubits, bit = std::size_t{1} << q;
  simd::Acc s0, s1, sd0, sd1;  // bit q = 0 and 1
  if (bit >= 2) {
    const simd::K k0 = simd::konst(d ? d[0] : cplx{}), k1 = simd::konst(d ? d[1] : cplx{});
    auto step = [&](cplx* v, std::size_t k, simd::C2& l0, simd::C2& l1) {
      l0 = simd::load(v + k);
      l1 = simd::load(v + k + bit);
      if (!d) return;
      l0 = simd::mul(k0, l0);
      l1 = simd::mul(k1, l1);
      simd::store(v + k, l0);
      simd::store(v + k + bit, l1);
    };
    for (std::size_t i = 0; i < dim; i += 2 * bit)
      for (std::size_t k = i; k < i + bit; k += 2) {
        simd::C2 l0, l1;
        step(lam, k, l0, l1);
        const simd::C2 p0 = simd::load(phi + k), p1 = simd::load(phi + k + bit);
        simd::acc_add(s0, l0, p0);
        simd::acc_add(s1, l1, p1);
        if constexpr (kTangent) {
          simd::acc_add(sd0, l0, simd::load(phid + k));
          simd::acc_add(sd1, l1, simd::load(phid + k + bit));
          step(lamd, k, l0, l1);
          simd::acc_add(sd0, l0, p0);
          simd::acc_add(sd1, l1, p1);
        }
      }
    m[0] += simd::acc_sum(s0) - simd::acc_sum(s1);
    if constexpr (kTangent) md[0] += simd::acc_sum(sd0) - simd::acc_sum(sd1);
    return;
  }
  // Qubit 0 (dim >= 2): lanes are bit 0 = 0 and 1.
  const simd::K kd = simd::konst2(d ? d[0] : cplx{}, d ? d[1] : cplx{});
  auto step = [&](cplx* v, std::size_t k) {
    simd::C2 l = simd::load(v + k);
    if (d) {
      l = simd::mul(kd, l);
      simd::store(v + k, l);
    }
    return l;
  };
  for (std::size_t k = 0; k < dim; k += 2) {
    simd::C2 l = step(lam, k);
    const simd::C2 p = simd::load(phi + k);
    simd::acc_add(s0, l, p);
    if constexpr (kTangent) {
      simd::acc_add(sd0, l, simd::load(phid + k));
      l = step(lamd, k);
      simd::acc_add(sd0, l, p);
    }
  }
  cplx a, b;
  simd::acc_sum_lanes(s0, a, b);
  m[0] += a - b;
  if constexpr (kTangent) {
    simd::acc_sum_lanes(sd0, a, b);
    md[0] += a - b;
  }
}
}  // namespace

void rz_step(cplx* lam, const cplx* phi, int n_qubits, int q, const cplx* d, cplx* m) {
  rz_step_impl<false>(lam, nullptr, phi, nullptr, n_qubits, q, d, m, nullptr);
}

void rz_step_tangent(cplx* lam, cplx* lamd, const cplx* phi, const cplx* phid, int n_qubits, int q, const cplx* d,
                     cplx* m, cplx* md) {
  rz_step_impl<true>(lam, lamd, phi, phid, n_qubits, q, d, m, md);
}

void apply_diag_2q(cplx* psi, int n_qubits, int q0, int q1, const cplx* d) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  const std::size_t b0 = std::size_t{1} << q0, b1 = std::size_t{1} << q1;
  for (std::size_t i = 0; i < dim; ++i) psi[i] = mul(d[2 * ((i & b0) ? 1 : 0) + ((i & b1) ? 1 : 0)], psi[i]);
}

void contract_diag_2q_add(const cplx* lam, const cplx* phi, int n_qubits, int q0, int q1, cplx* m) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  const std::size_t b0 = std::size_t{1} << q0, b1 = std::size_t{1} << q1;
  cplx acc[4] = {};
  for (std::size_t i = 0; i < dim; ++i) acc[2 * ((i & b0) ? 1 : 0) + ((i & b1) ? 1 : 0)] += cmul(lam[i], phi[i]);
  for (int l = 0; l < 4; ++l) m[5 * l] += acc[l];
}

namespace {
// See exchange_step in kernels.h. The local states 00, 01, 10, 11 of the two qubits
// (lo/hi order: U and SWAP are symmetric in them).
template <bool kTangent>
void exchange_step_impl(cplx* lam, cplx* lamd, const cplx* phi, const cplx* phid, int n_qubits, int q0, int q1,
                        const cplx* dab, cplx* m, cplx* md) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  const std::size_t b0 = std::size_t{1} << q0, b1 = std::size_t{1} << q1;
  const std::size_t lo = b0 < b1 ? b0 : b1, hi = b0 < b1 ? b1 : b0;
  simd::Acc s, sd;
  if (lo >= 2) {
    const simd::K kd = simd::konst(dab ? dab[0] : cplx{}), ka = simd::konst(dab ? dab[1] : cplx{}),
                  kb = simd::konst(dab ? dab[2] : cplx{});
    auto step = [&](cplx* v, const std::size_t* idx, simd::C2* l) {  // l <- U^dag v, stored
      for (int a = 0; a < 4; ++a) l[a] = simd::load(v + idx[a]);
      if (!dab) return;
      const simd::C2 l1 = l[1];
      l[0] = simd::mul(kd, l[0]);
      l[3] = simd::mul(kd, l[3]);
      l[1] = simd::mul2(ka, l1, kb, l[2]);
      l[2] = simd::mul2(kb, l1, ka, l[2]);
      for (int a = 0; a < 4; ++a) simd::store(v + idx[a], l[a]);
    };
    auto add_swap = [](simd::Acc& acc, const simd::C2* l, const cplx* p, const std::size_t* idx) {
      simd::acc_add(acc, l[0], simd::load(p + idx[0]));
      simd::acc_add(acc, l[1], simd::load(p + idx[2]));
      simd::acc_add(acc, l[2], simd::load(p + idx[1]));
      simd::acc_add(acc, l[3], simd::load(p + idx[3]));
    };
    for_each_pair_base2(dim, lo, hi, [&](std::size_t k) {
      const std::size_t idx[4] = {k, k | lo, k | hi, k | lo | hi};
      simd::C2 l[4];
      step(lam, idx, l);
      add_swap(s, l, phi, idx);
      if constexpr (kTangent) {
        add_swap(sd, l, phid, idx);
        step(lamd, idx, l);
        add_swap(sd, l, phi, idx);
      }
    });
  } else {
    // One qubit is 0: x = (v00, v_lo), y = (v_hi, v11), as apply_partial_swap; the swap
    // partners of x's lanes are (p00, p_hi), of y's (p_lo, p11).
    const cplx d = dab ? dab[0] : cplx{}, a = dab ? dab[1] : cplx{}, b = dab ? dab[2] : cplx{};
    const simd::K da = simd::konst2(d, a), zb = simd::konst2(0.0, b), ad = simd::konst2(a, d),
                  bz = simd::konst2(b, 0.0);
    auto step = [&](cplx* v, std::size_t k, simd::C2& x, simd::C2& y) {
      x = simd::load(v + k);
      y = simd::load(v + k + hi);
      if (!dab) return;
      const simd::C2 x0 = x;
      x = simd::mul2(da, x0, zb, simd::lane0_both(y));
      y = simd::mul2(ad, y, bz, simd::lane1_both(x0));
      simd::store(v + k, x);
      simd::store(v + k + hi, y);
    };
    auto add_swap = [hi](simd::Acc& acc, simd::C2 x, simd::C2 y, const cplx* p, std::size_t k) {
      const simd::C2 px = simd::load(p + k), py = simd::load(p + k + hi);
      simd::acc_add(acc, x, simd::lanes0(px, py));
      simd::acc_add(acc, y, simd::lanes1(px, py));
    };
    for_each_qubit0_base(dim, hi, [&](std::size_t k) {
      simd::C2 x, y;
      step(lam, k, x, y);
      add_swap(s, x, y, phi, k);
      if constexpr (kTangent) {
        add_swap(sd, x, y, phid, k);
        step(lamd, k, x, y);
        add_swap(sd, x, y, phi, k);
      }
    });
  }
  m[0] += simd::acc_sum(s);
  if constexpr (kTangent) md[0] += simd::acc_sum(sd);
}
}  // namespace

void exchange_step(cplx* lam, const cplx* phi, int n_qubits, int q0, int q1, const cplx* dab, cplx* m) {
  exchange_step_impl<false>(lam, nullptr, phi, nullptr, n_qubits, q0, q1, dab, m, nullptr);
}

void exchange_step_tangent(cplx* lam, cplx* lamd, const cplx* phi, const cplx* phid, int n_qubits, int q0, int q1,
                           const cplx* dab, cplx* m, cplx* md) {
  exchange_step_impl<true>(lam, lamd, phi, phid, n_qubits, q0, q1, dab, m, md);
}

void apply_2q_adjoint(cplx* psi, int n_qubits, int q0, int q1, const cplx* u) {
  cplx ud[16];
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) ud[4 * r + c] = std::conj(u[4 * c + r]);
  apply_2q(psi, n_qubits, q0, q1, ud);
}

void apply_3q(cplx* psi, int n_qubits, const int* q, const cplx* u) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  const std::size_t b[3] = {std::size_t{1} << q[0], std::size_t{1} << q[1], std::size_t{1} << q[2]};
  for_each_triple_base(dim, b, [&](std::size_t k) {
    std::size_t idx[8];
    local3(k, b, idx);
    cplx v[8];
    for (int l = 0; l < 8; ++l) v[l] = psi[idx[l]];
    for (int r = 0; r < 8; ++r) {
      cplx s{};
      for (int c = 0; c < 8; ++c) s += mul(u[8 * r + c], v[c]);
      psi[idx[r]] = s;
    }
  });
}

void apply_3q_adjoint(cplx* psi, int n_qubits, const int* q, const cplx* u) {
  cplx ud[64];
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 8; ++c) ud[8 * r + c] = std::conj(u[8 * c + r]);
  apply_3q(psi, n_qubits, q, ud);
}

void contract_3q_add(const cplx* lam, const cplx* phi, int n_qubits, const int* q, cplx* m) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  const std::size_t b[3] = {std::size_t{1} << q[0], std::size_t{1} << q[1], std::size_t{1} << q[2]};
  for_each_triple_base(dim, b, [&](std::size_t k) {
    std::size_t idx[8];
    local3(k, b, idx);
    for (int a = 0; a < 8; ++a)
      for (int c = 0; c < 8; ++c) m[8 * a + c] += cmul(lam[idx[a]], phi[idx[c]]);
  });
}

namespace {
// m += contraction(lam, phi); with kTangent also md += contraction(lam, phid) +
// contraction(lamd, phi) from the same loads. With kApply (not with kTangent) the
// backward step continues in the same pass: lam <- v lam, written to lam_out (the
// caller's lam).
template <bool kTangent, bool kApply>
void contract_1q_impl(const cplx* lam, const cplx* phi, const cplx* lamd, const cplx* phid, int n_qubits, int q,
                      cplx* m, cplx* md, const cplx* v = nullptr, cplx* lam_out = nullptr) {
  static_assert(!(kTangent && kApply), "the tangent step takes two passes (contract_apply_1q_tangent)");
  const std::size_t dim = std::size_t{1} << n_qubits, bit = std::size_t{1} << q;
  if (bit >= 2) {
    simd::Acc acc[4], accd[kTangent ? 4 : 1];
    simd::K kv[4];
    if constexpr (kApply)
      for (int e = 0; e < 4; ++e) kv[e] = simd::konst(v[e]);
    for (std::size_t i = 0; i < dim; i += 2 * bit)
      for (std::size_t k = i; k < i + bit; k += 2) {
        const simd::C2 l[2] = {simd::load(lam + k), simd::load(lam + k + bit)};
        const simd::C2 p[2] = {simd::load(phi + k), simd::load(phi + k + bit)};
        for (int e = 0; e < 4; ++e) simd::acc_add(acc[e], l[e >> 1], p[e & 1]);
        if constexpr (kTangent) {
          const simd::C2 ld[2] = {simd::load(lamd + k), simd::load(lamd + k + bit)};
          const simd::C2 pd[2] = {simd::load(phid + k), simd::load(phid + k + bit)};
          for (int e = 0; e < 4; ++e) {
            simd::acc_add(accd[e], l[e >> 1], pd[e & 1]);
            simd::acc_add(accd[e], ld[e >> 1], p[e & 1]);
          }
        }
        if constexpr (kApply) {
          simd::store(lam_out + k, simd::mul2(kv[0], l[0], kv[1], l[1]));
          simd::store(lam_out + k + bit, simd::mul2(kv[2], l[0], kv[3], l[1]));
        }
      }
    for (int e = 0; e < 4; ++e) m[e] += simd::acc_sum(acc[e]);
    if constexpr (kTangent)
      for (int e = 0; e < 4; ++e) md[e] += simd::acc_sum(accd[e]);
    return;
  }
  // Qubit 0 (dim >= 2): lanes (l0, l1) against (p0, p1) and against (p1, p0); the
  // apply as apply_1q's qubit-0 path.
  simd::Acc same, cross, dsame, dcross;
  simd::K c0, c1;
  if constexpr (kApply) {
    c0 = simd::konst2(v[0], v[2]);
    c1 = simd::konst2(v[1], v[3]);
  }
  for (std::size_t k = 0; k < dim; k += 2) {
    const simd::C2 l = simd::load(lam + k), p = simd::load(phi + k);
    simd::acc_add(same, l, p);
    simd::acc_add(cross, l, simd::swap_lanes(p));
    if constexpr (kTangent) {
      const simd::C2 ld = simd::load(lamd + k), pd = simd::load(phid + k);
      simd::acc_add(dsame, l, pd);
      simd::acc_add(dcross, l, simd::swap_lanes(pd));
      simd::acc_add(dsame, ld, p);
      simd::acc_add(dcross, ld, simd::swap_lanes(p));
    }
    if constexpr (kApply) simd::store(lam_out + k, simd::mul2(c0, simd::lane0_both(l), c1, simd::lane1_both(l)));
  }
  auto finish = [](const simd::Acc& s, const simd::Acc& c, cplx* out) {
    cplx m00, m11, m01, m10;
    simd::acc_sum_lanes(s, m00, m11);
    simd::acc_sum_lanes(c, m01, m10);
    out[0] += m00;
    out[1] += m01;
    out[2] += m10;
    out[3] += m11;
  };
  finish(same, cross, m);
  if constexpr (kTangent) finish(dsame, dcross, md);
}
}  // namespace

void contract_1q_add(const cplx* lam, const cplx* phi, int n_qubits, int q, cplx* m) {
  contract_1q_impl<false, false>(lam, phi, nullptr, nullptr, n_qubits, q, m, nullptr);
}

void contract_1q_tangent_add(const cplx* lam, const cplx* lamd, const cplx* phi, const cplx* phid, int n_qubits,
                             int q, cplx* m, cplx* md) {
  contract_1q_impl<true, false>(lam, phi, lamd, phid, n_qubits, q, m, md);
}

void contract_apply_1q(cplx* lam, const cplx* phi, int n_qubits, int q, const cplx* v, cplx* m) {
  contract_1q_impl<false, true>(lam, phi, nullptr, nullptr, n_qubits, q, m, nullptr, v, lam);
}

void contract_apply_1q_tangent(cplx* lam, cplx* lamd, const cplx* phi, const cplx* phid, int n_qubits, int q,
                               const cplx* v, const cplx* vd, cplx* m, cplx* md) {
  // Two passes: in one, the eight accumulators and the eight matrix constants spill
  // (3 % slower on H2O's mixed sweep, interleaved A/B).
  contract_1q_tangent_add(lam, lamd, phi, phid, n_qubits, q, m, md);
  static const cplx kZero[4] = {};
  apply_1q_tangent(lam, lamd, n_qubits, q, v, vd ? vd : kZero);
}

void contract_1q(const cplx* lam, const cplx* phi, int n_qubits, int q, cplx* m) {
  for (int i = 0; i < 4; ++i) m[i] = 0.0;
  contract_1q_add(lam, phi, n_qubits, q, m);
}

void contract_2q_add(const cplx* lam, const cplx* phi, int n_qubits, int q0, int q1, cplx* m) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  const std::size_t b0 = std::size_t{1} << q0, b1 = std::size_t{1} << q1;
  const std::size_t lo = b0 < b1 ? b0 : b1, hi = b0 < b1 ? b1 : b0;
  cplx acc[16] = {};
  for_each_pair_base(dim, lo, hi, [&](std::size_t k) {
    const std::size_t idx[4] = {k, k | b1, k | b0, k | b0 | b1};
    const cplx l[4] = {lam[idx[0]], lam[idx[1]], lam[idx[2]], lam[idx[3]]};
    const cplx p[4] = {phi[idx[0]], phi[idx[1]], phi[idx[2]], phi[idx[3]]};
    for (int a = 0; a < 4; ++a)
      for (int b = 0; b < 4; ++b) acc[4 * a + b] += cmul(l[a], p[b]);
  });
  for (int i = 0; i < 16; ++i) m[i] += acc[i];
}

void contract_2q(const cplx* lam, const cplx* phi, int n_qubits, int q0, int q1, cplx* m) {
  for (int i = 0; i < 16; ++i) m[i] = 0.0;
  contract_2q_add(lam, phi, n_qubits, q0, q1, m);
}

cplx trace_product(const cplx* a, const cplx* m, int dim) {
  cplx s{};
  for (int i = 0; i < dim * dim; ++i) s += mul(a[i], m[i]);
  return s;
}

cplx inner(const cplx* a, const cplx* b, std::size_t n) {
  cplx s{};
  for (std::size_t i = 0; i < n; ++i) s += cmul(a[i], b[i]);
  return s;
}

}  // namespace qmlff::kernels
