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
  const cplx ud[4] = {std::conj(u[0]), std::conj(u[2]), std::conj(u[1]), std::conj(u[3])};
  apply_1q(psi, n_qubits, q, ud);
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

void contract_diag_1q_add(const cplx* lam, const cplx* phi, int n_qubits, int q, cplx* m) {
  const std::size_t dim = std::size_t{1} << n_qubits, bit = std::size_t{1} << q;
  if (dim < 2) {
    m[0] += cmul(lam[0], phi[0]);
    return;
  }
  simd::Acc a0, a1;
  if (bit >= 2) {
    for (std::size_t i = 0; i < dim; i += 2 * bit)
      for (std::size_t k = i; k < i + bit; k += 2) {
        simd::acc_add(a0, simd::load(lam + k), simd::load(phi + k));
        simd::acc_add(a1, simd::load(lam + k + bit), simd::load(phi + k + bit));
      }
    m[0] += simd::acc_sum(a0);
    m[3] += simd::acc_sum(a1);
    return;
  }
  for (std::size_t k = 0; k < dim; k += 2) simd::acc_add(a0, simd::load(lam + k), simd::load(phi + k));
  cplx l0, l1;
  simd::acc_sum_lanes(a0, l0, l1);
  m[0] += l0;
  m[3] += l1;
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

void contract_partial_swap_add(const cplx* lam, const cplx* phi, int n_qubits, int q0, int q1, cplx* m) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  const std::size_t b0 = std::size_t{1} << q0, b1 = std::size_t{1} << q1;
  const std::size_t lo = b0 < b1 ? b0 : b1, hi = b0 < b1 ? b1 : b0;
  if (lo >= 2) {
    simd::Acc acc[6];
    for_each_pair_base2(dim, lo, hi, [&](std::size_t k) {
      const simd::C2 l01 = simd::load(lam + (k | b1)), l10 = simd::load(lam + (k | b0));
      const simd::C2 p01 = simd::load(phi + (k | b1)), p10 = simd::load(phi + (k | b0));
      simd::acc_add(acc[0], simd::load(lam + k), simd::load(phi + k));
      simd::acc_add(acc[1], l01, p01);
      simd::acc_add(acc[2], l01, p10);
      simd::acc_add(acc[3], l10, p01);
      simd::acc_add(acc[4], l10, p10);
      simd::acc_add(acc[5], simd::load(lam + (k | b0 | b1)), simd::load(phi + (k | b0 | b1)));
    });
    for (int i = 0; i < 6; ++i) m[i] += simd::acc_sum(acc[i]);
    return;
  }
  if (dim >= 4) {  // one qubit is 0: x = (v00, v_lo), y = (v_hi, v11); lanes give the entries
    simd::Acc xx, yy, xy, yx;  // x.x: (00,00) (lo,lo); y.y: (hi,hi) (11,11); crossed: (lo,hi) (hi,lo)
    for_each_qubit0_base(dim, hi, [&](std::size_t k) {
      const simd::C2 lx = simd::load(lam + k), ly = simd::load(lam + k + hi);
      const simd::C2 px = simd::load(phi + k), py = simd::load(phi + k + hi);
      simd::acc_add(xx, lx, px);
      simd::acc_add(yy, ly, py);
      simd::acc_add(xy, lx, simd::swap_lanes(py));  // lane 1: conj(l_lo) p_hi
      simd::acc_add(yx, ly, simd::swap_lanes(px));  // lane 0: conj(l_hi) p_lo
    });
    cplx m00, mlolo, mhihi, m11, junk0, mlohi, mhilo, junk1;
    simd::acc_sum_lanes(xx, m00, mlolo);
    simd::acc_sum_lanes(yy, mhihi, m11);
    simd::acc_sum_lanes(xy, junk0, mlohi);
    simd::acc_sum_lanes(yx, mhilo, junk1);
    // Local 01 means bit(q1) set: the low bit is q1's when b1 == 1.
    const bool lo_is_q1 = b1 == 1;
    m[0] += m00;
    m[1] += lo_is_q1 ? mlolo : mhihi;  // (01,01)
    m[2] += lo_is_q1 ? mlohi : mhilo;  // (01,10)
    m[3] += lo_is_q1 ? mhilo : mlohi;  // (10,01)
    m[4] += lo_is_q1 ? mhihi : mlolo;  // (10,10)
    m[5] += m11;
    return;
  }
  cplx acc[6] = {};
  for_each_pair_base(dim, lo, hi, [&](std::size_t k) {
    const cplx l01 = lam[k | b1], l10 = lam[k | b0], p01 = phi[k | b1], p10 = phi[k | b0];
    acc[0] += cmul(lam[k], phi[k]);
    acc[1] += cmul(l01, p01);
    acc[2] += cmul(l01, p10);
    acc[3] += cmul(l10, p01);
    acc[4] += cmul(l10, p10);
    acc[5] += cmul(lam[k | b0 | b1], phi[k | b0 | b1]);
  });
  for (int i = 0; i < 6; ++i) m[i] += acc[i];
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

void contract_1q_add(const cplx* lam, const cplx* phi, int n_qubits, int q, cplx* m) {
  const std::size_t dim = std::size_t{1} << n_qubits, bit = std::size_t{1} << q;
  if (bit >= 2) {
    simd::Acc acc[4];
    for (std::size_t i = 0; i < dim; i += 2 * bit)
      for (std::size_t k = i; k < i + bit; k += 2) {
        const simd::C2 l0 = simd::load(lam + k), l1 = simd::load(lam + k + bit);
        const simd::C2 p0 = simd::load(phi + k), p1 = simd::load(phi + k + bit);
        simd::acc_add(acc[0], l0, p0);
        simd::acc_add(acc[1], l0, p1);
        simd::acc_add(acc[2], l1, p0);
        simd::acc_add(acc[3], l1, p1);
      }
    for (int i = 0; i < 4; ++i) m[i] += simd::acc_sum(acc[i]);
    return;
  }
  if (dim >= 2) {  // qubit 0: lanes (l0, l1) against (p0, p1) and against (p1, p0)
    simd::Acc same, cross;
    for (std::size_t k = 0; k < dim; k += 2) {
      const simd::C2 l = simd::load(lam + k), p = simd::load(phi + k);
      simd::acc_add(same, l, p);
      simd::acc_add(cross, l, simd::swap_lanes(p));
    }
    cplx m00, m11, m01, m10;
    simd::acc_sum_lanes(same, m00, m11);
    simd::acc_sum_lanes(cross, m01, m10);
    m[0] += m00;
    m[1] += m01;
    m[2] += m10;
    m[3] += m11;
    return;
  }
  cplx m00{}, m01{}, m10{}, m11{};
  for (std::size_t i = 0; i < dim; i += 2 * bit)
    for (std::size_t k = i; k < i + bit; ++k) {
      const cplx l0 = lam[k], l1 = lam[k + bit], p0 = phi[k], p1 = phi[k + bit];
      m00 += cmul(l0, p0);
      m01 += cmul(l0, p1);
      m10 += cmul(l1, p0);
      m11 += cmul(l1, p1);
    }
  m[0] += m00;
  m[1] += m01;
  m[2] += m10;
  m[3] += m11;
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
