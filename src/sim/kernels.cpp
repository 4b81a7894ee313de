#include "sim/kernels.h"

namespace qmlff::kernels {

namespace {

// Complex multiply without the inf/nan recovery branch of the default operator*:
// amplitudes are always finite, and the branch costs a factor of several here.
inline cplx mul(cplx a, cplx b) {
  return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}
inline cplx cmul(cplx a, cplx b) {  // conj(a) * b
  return {a.real() * b.real() + a.imag() * b.imag(), a.real() * b.imag() - a.imag() * b.real()};
}

// Visits every basis index whose bits at positions lo < hi are zero.
template <typename F>
inline void for_each_pair_base(std::size_t dim, std::size_t lo_bit, std::size_t hi_bit, F&& f) {
  for (std::size_t i = 0; i < dim; i += 2 * hi_bit)
    for (std::size_t j = i; j < i + hi_bit; j += 2 * lo_bit)
      for (std::size_t k = j; k < j + lo_bit; ++k) f(k);
}

}  // namespace

void apply_1q(cplx* psi, int n_qubits, int q, const cplx* u) {
  const std::size_t dim = std::size_t{1} << n_qubits, bit = std::size_t{1} << q;
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
  for (std::size_t i = 0; i < dim; i += 2 * bit)
    for (std::size_t k = i; k < i + bit; ++k) {
      psi[k] = mul(d0, psi[k]);
      psi[k + bit] = mul(d1, psi[k + bit]);
    }
}

void apply_diag_2q(cplx* psi, int n_qubits, int q0, int q1, const cplx* d) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  const std::size_t b0 = std::size_t{1} << q0, b1 = std::size_t{1} << q1;
  for (std::size_t i = 0; i < dim; ++i) psi[i] = mul(d[2 * ((i & b0) ? 1 : 0) + ((i & b1) ? 1 : 0)], psi[i]);
}

void contract_partial_swap(const cplx* lam, const cplx* phi, int n_qubits, int q0, int q1, cplx* m) {
  const std::size_t dim = std::size_t{1} << n_qubits;
  const std::size_t b0 = std::size_t{1} << q0, b1 = std::size_t{1} << q1;
  const std::size_t lo = b0 < b1 ? b0 : b1, hi = b0 < b1 ? b1 : b0;
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
  for (int i = 0; i < 6; ++i) m[i] = acc[i];
}

void apply_2q_adjoint(cplx* psi, int n_qubits, int q0, int q1, const cplx* u) {
  cplx ud[16];
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) ud[4 * r + c] = std::conj(u[4 * c + r]);
  apply_2q(psi, n_qubits, q0, q1, ud);
}

namespace {
// Basis indices of the 8 local states of three qubits above base index k.
inline void local3(std::size_t k, const std::size_t* b, std::size_t* idx) {
  for (int l = 0; l < 8; ++l)
    idx[l] = k | ((l & 4) ? b[0] : 0) | ((l & 2) ? b[1] : 0) | ((l & 1) ? b[2] : 0);
}
template <typename F>
inline void for_each_triple_base(std::size_t dim, const std::size_t* b, F&& f) {
  const std::size_t mask = b[0] | b[1] | b[2];
  for (std::size_t k = 0; k < dim; ++k)
    if ((k & mask) == 0) f(k);
}
}  // namespace

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
