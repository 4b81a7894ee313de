// Kernels of fused operators: dense (ab layout), weight blocks and full diagonals.
#include "sim/kernel_loops.h"
#include "sim/kernels.h"
#include "sim/simd.h"

namespace qmlff::kernels {

using namespace detail;

namespace {

#ifdef QMLFF_SIMD_AVX2
// The whole output (2 D doubles) stays in D/2 registers across the columns.
template <int D>
void dense_ab_fixed(cplx* psi, const double* ab) {
  constexpr int nv = D / 2;
  __m256d o[nv];
  for (int j = 0; j < nv; ++j) o[j] = _mm256_setzero_pd();
  const double* x = reinterpret_cast<const double*>(psi);
  for (int c = 0; c < D; ++c, ab += 4 * D) {
    const __m256d xr = _mm256_broadcast_sd(x + 2 * c), xi = _mm256_broadcast_sd(x + 2 * c + 1);
    for (int j = 0; j < nv; ++j)
      o[j] = _mm256_fmadd_pd(_mm256_loadu_pd(ab + 4 * j), xr, _mm256_fmadd_pd(_mm256_loadu_pd(ab + 2 * D + 4 * j), xi, o[j]));
  }
  double* y = reinterpret_cast<double*>(psi);
  for (int j = 0; j < nv; ++j) _mm256_storeu_pd(y + 4 * j, o[j]);
}
#endif

}  // namespace

void apply_dense_ab(cplx* psi, int dim, const double* ab) {
#ifdef QMLFF_SIMD_AVX2
  switch (dim) {
    case 16:
      return dense_ab_fixed<16>(psi, ab);
    case 8:
      return dense_ab_fixed<8>(psi, ab);
    case 4:
      return dense_ab_fixed<4>(psi, ab);
    case 2:
      return dense_ab_fixed<2>(psi, ab);
    default:
      break;
  }
#endif
  double out[2 * kMaxDenseDim] = {};
  const double* x = reinterpret_cast<const double*>(psi);
  const int n = 2 * dim;
  for (int c = 0; c < dim; ++c, ab += 2 * n) {
    const double xr = x[2 * c], xi = x[2 * c + 1];
    for (int j = 0; j < n; ++j) out[j] += ab[j] * xr + ab[n + j] * xi;
  }
  double* y = reinterpret_cast<double*>(psi);
  for (int j = 0; j < n; ++j) y[j] = out[j];
}

void apply_diag(cplx* psi, std::size_t dim, const cplx* d, bool conjugate) {
#ifdef QMLFF_SIMD_AVX2
  if (dim >= 2) {
    const __m256d sign = _mm256_set1_pd(conjugate ? -1.0 : 1.0);
    for (std::size_t i = 0; i < dim; i += 2) {
      const __m256d z = simd::load(d + i).v;  // per-lane constants: (re, re), (im, im)
      const simd::K k{_mm256_movedup_pd(z), _mm256_mul_pd(sign, _mm256_permute_pd(z, 0xF))};
      simd::store(psi + i, simd::mul(k, simd::load(psi + i)));
    }
    return;
  }
#endif
  if (conjugate) {
    for (std::size_t i = 0; i < dim; ++i) psi[i] = cmul(d[i], psi[i]);
  } else {
    for (std::size_t i = 0; i < dim; ++i) psi[i] = mul(d[i], psi[i]);
  }
}

namespace {
// y = W x for one m x m block (column-major), two rows per register with independent
// accumulators; M fixed at compile time so the loops unroll (the blocks are tiny).
template <int M>
void block_even(const cplx* x, const cplx* w, cplx* y) {
  simd::C2 acc[M / 2];
  for (int r = 0; r < M / 2; ++r) acc[r] = simd::mul(simd::konst(x[0]), simd::load(w + 2 * r));
  for (int c = 1; c < M; ++c) {
    const simd::K xc = simd::konst(x[c]);
    for (int r = 0; r < M / 2; ++r) acc[r] = simd::add(acc[r], simd::mul(xc, simd::load(w + c * M + 2 * r)));
  }
  for (int r = 0; r < M / 2; ++r) simd::store(y + 2 * r, acc[r]);
}

}  // namespace

void apply_blocks(cplx* psi, const int* order, const int* start, int n_blocks, const cplx* w) {
  alignas(32) cplx x[kMaxBlockDim];
  alignas(32) cplx y[kMaxBlockDim];
  for (int b = 0; b < n_blocks; ++b) {
    const int* idx = order + start[b];
    const int m = start[b + 1] - start[b];
    if (m == 1) {  // |0...0> and |1...1>: a phase
      psi[idx[0]] = mul(w[0], psi[idx[0]]);
      w += 1;
      continue;
    }
    for (int i = 0; i < m; ++i) x[i] = psi[idx[i]];
    const int ld = block_stride(m);
    if (ld > m) x[m] = cplx{};  // the padding of an odd block
    switch (ld) {
      case 2: block_even<2>(x, w, y); break;
      case 4: block_even<4>(x, w, y); break;
      case 6: block_even<6>(x, w, y); break;
      case 8: block_even<8>(x, w, y); break;
      case 10: block_even<10>(x, w, y); break;
      case 16: block_even<16>(x, w, y); break;
      case 20: block_even<20>(x, w, y); break;
      default:
        for (int r = 0; r < ld; ++r) y[r] = cplx{};
        for (int c = 0; c < ld; ++c)
          for (int r = 0; r < ld; ++r) y[r] += mul(w[c * ld + r], x[c]);
    }
    for (int i = 0; i < m; ++i) psi[idx[i]] = y[i];
    w += ld * ld;
  }
}

void dense_to_ab(const cplx* w, int dim, bool adjoint, double* ab) {
  for (int c = 0; c < dim; ++c, ab += 4 * dim)
    for (int r = 0; r < dim; ++r) {
      const cplx v = adjoint ? std::conj(w[dim * c + r]) : w[dim * r + c];
      ab[2 * r] = v.real();
      ab[2 * r + 1] = v.imag();
      ab[2 * dim + 2 * r] = -v.imag();  // i v
      ab[2 * dim + 2 * r + 1] = v.real();
    }
}

}  // namespace qmlff::kernels
