// The S3-symmetric three-qubit exchange U = alpha I + beta (P01 + P02 + P12), P_ij the
// swap of qubits i and j: every exp(-i J (s0.s1 + s0.s2 + s1.s2)) and its derivatives
// have this form (gates.cpp). On the 8 local states the swaps fix |000> and |111> and
// permute each Hamming-weight class {001, 010, 100} and {011, 101, 110}, where the sum of
// the three swaps maps every amplitude to the class sum. So U costs a class sum and one
// product per amplitude instead of a dense 8x8 product.
#include <algorithm>

#include "sim/kernel_loops.h"
#include "sim/kernels.h"
#include "sim/simd.h"

namespace qmlff::kernels {

using namespace detail;

void apply_exchange3(cplx* psi, int n_qubits, const int* q, cplx alpha, cplx beta) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  const std::size_t b[3] = {std::size_t{1} << q[0], std::size_t{1} << q[1], std::size_t{1} << q[2]};
  const cplx ends = alpha + 3.0 * beta;
  if (std::min({b[0], b[1], b[2]}) >= 2) {  // qubit 0 free: bases k, k + 1 share a register
    const simd::K ka = simd::konst(alpha), kb = simd::konst(beta), ke = simd::konst(ends);
    for_each_triple_base(dim, b, [&](std::size_t k) {
      if (k & 1) return;
      std::size_t idx[8];
      local3(k, b, idx);
      simd::store(psi + idx[0], simd::mul(ke, simd::load(psi + idx[0])));
      simd::store(psi + idx[7], simd::mul(ke, simd::load(psi + idx[7])));
      for (const int* cls : {kWeight1, kWeight2}) {
        const simd::C2 v0 = simd::load(psi + idx[cls[0]]), v1 = simd::load(psi + idx[cls[1]]),
                       v2 = simd::load(psi + idx[cls[2]]);
        const simd::C2 bs = simd::mul(kb, simd::add(simd::add(v0, v1), v2));
        simd::store(psi + idx[cls[0]], simd::add(simd::mul(ka, v0), bs));
        simd::store(psi + idx[cls[1]], simd::add(simd::mul(ka, v1), bs));
        simd::store(psi + idx[cls[2]], simd::add(simd::mul(ka, v2), bs));
      }
    });
    return;
  }
  for_each_triple_base(dim, b, [&](std::size_t k) {
    std::size_t idx[8];
    local3(k, b, idx);
    psi[idx[0]] = mul(ends, psi[idx[0]]);
    psi[idx[7]] = mul(ends, psi[idx[7]]);
    for (const int* cls : {kWeight1, kWeight2}) {
      const cplx v0 = psi[idx[cls[0]]], v1 = psi[idx[cls[1]]], v2 = psi[idx[cls[2]]];
      const cplx bs = mul(beta, v0 + v1 + v2);
      psi[idx[cls[0]]] = mul(alpha, v0) + bs;
      psi[idx[cls[1]]] = mul(alpha, v1) + bs;
      psi[idx[cls[2]]] = mul(alpha, v2) + bs;
    }
  });
}

void contract_exchange3_add(const cplx* lam, const cplx* phi, int n_qubits, const int* q, cplx* m) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  const std::size_t b[3] = {std::size_t{1} << q[0], std::size_t{1} << q[1], std::size_t{1} << q[2]};
  if (std::min({b[0], b[1], b[2]}) >= 2) {  // as in apply_exchange3: two bases per register
    simd::Acc identity, ends3, classes;
    for_each_triple_base(dim, b, [&](std::size_t k) {
      if (k & 1) return;
      std::size_t idx[8];
      local3(k, b, idx);
      simd::acc_add(ends3, simd::load(lam + idx[0]), simd::load(phi + idx[0]));
      simd::acc_add(ends3, simd::load(lam + idx[7]), simd::load(phi + idx[7]));
      for (const int* cls : {kWeight1, kWeight2}) {
        simd::C2 ls = simd::load(lam + idx[cls[0]]), ps = simd::load(phi + idx[cls[0]]);
        simd::acc_add(identity, ls, ps);
        for (int i = 1; i < 3; ++i) {
          const simd::C2 l = simd::load(lam + idx[cls[i]]), p = simd::load(phi + idx[cls[i]]);
          simd::acc_add(identity, l, p);
          ls = simd::add(ls, l);
          ps = simd::add(ps, p);
        }
        simd::acc_add(classes, ls, ps);
      }
    });
    const cplx e = simd::acc_sum(ends3);
    m[0] += simd::acc_sum(identity) + e;
    m[1] += simd::acc_sum(classes) + 3.0 * e;
    return;
  }
  cplx identity{}, swaps{};
  for_each_triple_base(dim, b, [&](std::size_t k) {
    std::size_t idx[8];
    local3(k, b, idx);
    const cplx ends = cmul(lam[idx[0]], phi[idx[0]]) + cmul(lam[idx[7]], phi[idx[7]]);
    identity += ends;
    swaps += 3.0 * ends;
    for (const int* cls : {kWeight1, kWeight2}) {
      cplx ls{}, ps{};
      for (int i = 0; i < 3; ++i) {
        const cplx l = lam[idx[cls[i]]], p = phi[idx[cls[i]]];
        identity += cmul(l, p);
        ls += l;
        ps += p;
      }
      swaps += cmul(ls, ps);
    }
  });
  m[0] += identity;
  m[1] += swaps;
}

void exchange3_parts(const cplx* u, cplx& alpha, cplx& beta) {
  beta = u[8 * 1 + 2];             // <001| U |010>: only the swap of q1 and q2 connects them
  alpha = u[8 * 1 + 1] - beta;     // <001| U |001> = alpha + beta (the swap of q0 and q1 fixes it)
}

}  // namespace qmlff::kernels
