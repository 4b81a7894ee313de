// The reflection-encoding kernels (see kernels.h).
#include "sim/kernel_loops.h"
#include "sim/kernels.h"
#include "sim/simd.h"

namespace qmlff::kernels {

using namespace detail;

void apply_refl(cplx* psi, int n_qubits, int q, int anc, cplx c, const cplx* a) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  const std::size_t bq = std::size_t{1} << q, ba = std::size_t{1} << anc;
  const std::size_t lo = bq < ba ? bq : ba, hi = bq < ba ? ba : bq;
  // Halves folded in: v(q,0) = (s + d)/2, v(q,1) = (s - d)/2.
  const cplx p00 = 0.5 * (c + a[0]), p01 = 0.5 * a[1], p10 = 0.5 * a[2], p11 = 0.5 * (c + a[3]);
  const cplx m00 = 0.5 * (c - a[0]), m01 = -0.5 * a[1], m10 = -0.5 * a[2], m11 = 0.5 * (c - a[3]);
  if (lo >= 2) {
    using simd::C2;
    const simd::K kp00 = simd::konst(p00), kp01 = simd::konst(p01), kp10 = simd::konst(p10), kp11 = simd::konst(p11);
    const simd::K km00 = simd::konst(m00), km01 = simd::konst(m01), km10 = simd::konst(m10), km11 = simd::konst(m11);
    for_each_pair_base2(dim, lo, hi, [&](std::size_t k) {
      const C2 v00 = simd::load(psi + k), v01 = simd::load(psi + (k | ba));
      const C2 v10 = simd::load(psi + (k | bq)), v11 = simd::load(psi + (k | bq | ba));
      const C2 s0 = simd::add(v00, v01), d0 = simd::sub(v00, v01), s1 = simd::add(v10, v11), d1 = simd::sub(v10, v11);
      const C2 t0 = simd::mul2(kp00, s0, kp01, s1), t1 = simd::mul2(kp10, s0, kp11, s1);
      const C2 e0 = simd::mul2(km00, d0, km01, d1), e1 = simd::mul2(km10, d0, km11, d1);
      simd::store(psi + k, simd::add(t0, e0));
      simd::store(psi + (k | ba), simd::sub(t0, e0));
      simd::store(psi + (k | bq), simd::add(t1, e1));
      simd::store(psi + (k | bq | ba), simd::sub(t1, e1));
    });
    return;
  }
  if (bq == 1) {  // q = 0: x = (v00, v10), y = (v01, v11), sums and differences lane-wise
    const simd::K kp0 = simd::konst2(p00, p10), kp1 = simd::konst2(p01, p11);
    const simd::K km0 = simd::konst2(m00, m10), km1 = simd::konst2(m01, m11);
    for_each_qubit0_base(dim, ba, [&](std::size_t k) {
      const simd::C2 x = simd::load(psi + k), y = simd::load(psi + k + ba);
      const simd::C2 sv = simd::add(x, y), dv = simd::sub(x, y);
      const simd::C2 t = simd::mul2(kp0, simd::lane0_both(sv), kp1, simd::lane1_both(sv));
      const simd::C2 e = simd::mul2(km0, simd::lane0_both(dv), km1, simd::lane1_both(dv));
      simd::store(psi + k, simd::add(t, e));
      simd::store(psi + k + ba, simd::sub(t, e));
    });
    return;
  }
  for_each_pair_base(dim, lo, hi, [&](std::size_t k) {
    const cplx v00 = psi[k], v01 = psi[k | ba], v10 = psi[k | bq], v11 = psi[k | bq | ba];
    const cplx s0 = v00 + v01, d0 = v00 - v01, s1 = v10 + v11, d1 = v10 - v11;
    const cplx t0 = mul(p00, s0) + mul(p01, s1), t1 = mul(p10, s0) + mul(p11, s1);
    const cplx e0 = mul(m00, d0) + mul(m01, d1), e1 = mul(m10, d0) + mul(m11, d1);
    psi[k] = t0 + e0;
    psi[k | ba] = t0 - e0;
    psi[k | bq] = t1 + e1;
    psi[k | bq | ba] = t1 - e1;
  });
}

void contract_refl_add(const cplx* lam, const cplx* phi, int n_qubits, int q, int anc, cplx* m) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  const std::size_t bq = std::size_t{1} << q, ba = std::size_t{1} << anc;
  const std::size_t lo = bq < ba ? bq : ba, hi = bq < ba ? ba : bq;
  if (lo >= 2) {
    using simd::C2;
    simd::Acc acc[8];
    for_each_pair_base2(dim, lo, hi, [&](std::size_t k) {
      const C2 l00 = simd::load(lam + k), l01 = simd::load(lam + (k | ba));
      const C2 l10 = simd::load(lam + (k | bq)), l11 = simd::load(lam + (k | bq | ba));
      const C2 p00 = simd::load(phi + k), p01 = simd::load(phi + (k | ba));
      const C2 p10 = simd::load(phi + (k | bq)), p11 = simd::load(phi + (k | bq | ba));
      const C2 ls0 = simd::add(l00, l01), ld0 = simd::sub(l00, l01), ls1 = simd::add(l10, l11), ld1 = simd::sub(l10, l11);
      const C2 ps0 = simd::add(p00, p01), pd0 = simd::sub(p00, p01), ps1 = simd::add(p10, p11), pd1 = simd::sub(p10, p11);
      simd::acc_add(acc[0], ls0, ps0);
      simd::acc_add(acc[1], ls0, ps1);
      simd::acc_add(acc[2], ls1, ps0);
      simd::acc_add(acc[3], ls1, ps1);
      simd::acc_add(acc[4], ld0, pd0);
      simd::acc_add(acc[5], ld0, pd1);
      simd::acc_add(acc[6], ld1, pd0);
      simd::acc_add(acc[7], ld1, pd1);
    });
    for (int i = 0; i < 8; ++i) m[i] += simd::acc_sum(acc[i]);
    return;
  }
  if (bq == 1) {  // q = 0: lanes hold (q=0, q=1); crossed terms against swapped lanes
    simd::Acc ss, sx, dd, dx;
    for_each_qubit0_base(dim, ba, [&](std::size_t k) {
      const simd::C2 lx = simd::load(lam + k), ly = simd::load(lam + k + ba);
      const simd::C2 px = simd::load(phi + k), py = simd::load(phi + k + ba);
      const simd::C2 ls = simd::add(lx, ly), ld = simd::sub(lx, ly), ps = simd::add(px, py), pd = simd::sub(px, py);
      simd::acc_add(ss, ls, ps);
      simd::acc_add(sx, ls, simd::swap_lanes(ps));
      simd::acc_add(dd, ld, pd);
      simd::acc_add(dx, ld, simd::swap_lanes(pd));
    });
    cplx t[8];
    simd::acc_sum_lanes(ss, t[0], t[3]);
    simd::acc_sum_lanes(sx, t[1], t[2]);
    simd::acc_sum_lanes(dd, t[4], t[7]);
    simd::acc_sum_lanes(dx, t[5], t[6]);
    for (int i = 0; i < 8; ++i) m[i] += t[i];
    return;
  }
  cplx acc[8] = {};
  for_each_pair_base(dim, lo, hi, [&](std::size_t k) {
    const cplx ls0 = lam[k] + lam[k | ba], ld0 = lam[k] - lam[k | ba];
    const cplx ls1 = lam[k | bq] + lam[k | bq | ba], ld1 = lam[k | bq] - lam[k | bq | ba];
    const cplx ps0 = phi[k] + phi[k | ba], pd0 = phi[k] - phi[k | ba];
    const cplx ps1 = phi[k | bq] + phi[k | bq | ba], pd1 = phi[k | bq] - phi[k | bq | ba];
    acc[0] += cmul(ls0, ps0);
    acc[1] += cmul(ls0, ps1);
    acc[2] += cmul(ls1, ps0);
    acc[3] += cmul(ls1, ps1);
    acc[4] += cmul(ld0, pd0);
    acc[5] += cmul(ld0, pd1);
    acc[6] += cmul(ld1, pd0);
    acc[7] += cmul(ld1, pd1);
  });
  for (int i = 0; i < 8; ++i) m[i] += acc[i];
}

void refl_contraction_before_add(const cplx* m_after, cplx c, const cplx* a, cplx* m) {
  for (int block = 0; block < 2; ++block) {  // sums (c + A), then differences (c - A)
    const double sign = block == 0 ? 1.0 : -1.0;
    const cplx b00 = std::conj(c + sign * a[0]), b01 = std::conj(sign * a[1]);
    const cplx b10 = std::conj(sign * a[2]), b11 = std::conj(c + sign * a[3]);
    const cplx* mb = m_after + 4 * block;
    cplx* out = m + 4 * block;
    for (int i = 0; i < 2; ++i) {
      out[2 * i] += mul(mb[2 * i], b00) + mul(mb[2 * i + 1], b10);
      out[2 * i + 1] += mul(mb[2 * i], b01) + mul(mb[2 * i + 1], b11);
    }
  }
}

}  // namespace qmlff::kernels

namespace qmlff::kernels {

bool apply_refl_tangent(cplx* psi, cplx* psid, int n_qubits, int q, int anc, cplx c, const cplx* a, cplx cd,
                        const cplx* ad) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  const std::size_t bq = std::size_t{1} << q, ba = std::size_t{1} << anc;
  const std::size_t lo = bq < ba ? bq : ba, hi = bq < ba ? ba : bq;
  if (ba == 1) return false;
  using simd::C2;
  using simd::K;
  if (bq == 1) {  // q = 0: x = (v00, v10), y = (v01, v11), as apply_refl
    auto blocks = [](cplx c0, const cplx* a0, K* k) {  // (p0, p1, m0, m1) with halves folded in
      k[0] = simd::konst2(0.5 * (c0 + a0[0]), 0.5 * a0[2]);
      k[1] = simd::konst2(0.5 * a0[1], 0.5 * (c0 + a0[3]));
      k[2] = simd::konst2(0.5 * (c0 - a0[0]), -0.5 * a0[2]);
      k[3] = simd::konst2(-0.5 * a0[1], 0.5 * (c0 - a0[3]));
    };
    K k[4], kd[4];
    blocks(c, a, k);
    blocks(cd, ad, kd);
    auto half = [](const K* kk, C2 sv, C2 dv, C2& t, C2& e) {
      t = simd::mul2(kk[0], simd::lane0_both(sv), kk[1], simd::lane1_both(sv));
      e = simd::mul2(kk[2], simd::lane0_both(dv), kk[3], simd::lane1_both(dv));
    };
    for_each_qubit0_base(dim, ba, [&](std::size_t i) {
      const C2 x = simd::load(psi + i), y = simd::load(psi + i + ba);
      const C2 xw = simd::load(psid + i), yw = simd::load(psid + i + ba);
      const C2 sv = simd::add(x, y), dv = simd::sub(x, y), sw = simd::add(xw, yw), dw = simd::sub(xw, yw);
      C2 t, e, tw, ew, tdot, edot;
      half(k, sv, dv, t, e);
      half(k, sw, dw, tw, ew);
      half(kd, sv, dv, tdot, edot);
      const C2 td = simd::add(tw, tdot), ed = simd::add(ew, edot);
      simd::store(psi + i, simd::add(t, e));
      simd::store(psi + i + ba, simd::sub(t, e));
      simd::store(psid + i, simd::add(td, ed));
      simd::store(psid + i + ba, simd::sub(td, ed));
    });
    return true;
  }
  // Blocks on the ancilla sums (p) and differences (m), halves folded in; d: tangent.
  const K p00 = simd::konst(0.5 * (c + a[0])), p01 = simd::konst(0.5 * a[1]), p10 = simd::konst(0.5 * a[2]),
          p11 = simd::konst(0.5 * (c + a[3]));
  const K m00 = simd::konst(0.5 * (c - a[0])), m01 = simd::konst(-0.5 * a[1]), m10 = simd::konst(-0.5 * a[2]),
          m11 = simd::konst(0.5 * (c - a[3]));
  const K dp00 = simd::konst(0.5 * (cd + ad[0])), dp01 = simd::konst(0.5 * ad[1]), dp10 = simd::konst(0.5 * ad[2]),
          dp11 = simd::konst(0.5 * (cd + ad[3]));
  const K dm00 = simd::konst(0.5 * (cd - ad[0])), dm01 = simd::konst(-0.5 * ad[1]), dm10 = simd::konst(-0.5 * ad[2]),
          dm11 = simd::konst(0.5 * (cd - ad[3]));
  for_each_pair_base2(dim, lo, hi, [&](std::size_t k) {
    const std::size_t i0 = k, i1 = k | ba, i2 = k | bq, i3 = k | bq | ba;
    const C2 v00 = simd::load(psi + i0), v01 = simd::load(psi + i1), v10 = simd::load(psi + i2), v11 = simd::load(psi + i3);
    const C2 w00 = simd::load(psid + i0), w01 = simd::load(psid + i1), w10 = simd::load(psid + i2),
             w11 = simd::load(psid + i3);
    const C2 s0 = simd::add(v00, v01), d0 = simd::sub(v00, v01), s1 = simd::add(v10, v11), d1 = simd::sub(v10, v11);
    const C2 ws0 = simd::add(w00, w01), wd0 = simd::sub(w00, w01), ws1 = simd::add(w10, w11), wd1 = simd::sub(w10, w11);
    const C2 t0 = simd::mul2(p00, s0, p01, s1), t1 = simd::mul2(p10, s0, p11, s1);
    const C2 e0 = simd::mul2(m00, d0, m01, d1), e1 = simd::mul2(m10, d0, m11, d1);
    const C2 td0 = simd::add(simd::mul2(p00, ws0, p01, ws1), simd::mul2(dp00, s0, dp01, s1));
    const C2 td1 = simd::add(simd::mul2(p10, ws0, p11, ws1), simd::mul2(dp10, s0, dp11, s1));
    const C2 ed0 = simd::add(simd::mul2(m00, wd0, m01, wd1), simd::mul2(dm00, d0, dm01, d1));
    const C2 ed1 = simd::add(simd::mul2(m10, wd0, m11, wd1), simd::mul2(dm10, d0, dm11, d1));
    simd::store(psi + i0, simd::add(t0, e0));
    simd::store(psi + i1, simd::sub(t0, e0));
    simd::store(psi + i2, simd::add(t1, e1));
    simd::store(psi + i3, simd::sub(t1, e1));
    simd::store(psid + i0, simd::add(td0, ed0));
    simd::store(psid + i1, simd::sub(td0, ed0));
    simd::store(psid + i2, simd::add(td1, ed1));
    simd::store(psid + i3, simd::sub(td1, ed1));
  });
  return true;
}

}  // namespace qmlff::kernels
