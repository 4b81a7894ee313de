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
// y_s = W x_s for one M x M block (column-major) and NS states s. With AVX2 each pair
// of rows is a register and the real and imaginary parts of x accumulate separately,
// acc_re += W[:, c] Re x_c and acc_im += W[:, c] Im x_c (plain FMAs: no per-product
// shuffles), with y = acc_re + i acc_im at the end; every entry of W is loaded once for
// all NS states. Rows go in chunks of CH registers so that the accumulators stay in registers.
#ifdef QMLFF_SIMD_AVX2
template <int M, int CH, int NS>
void block_rows(const cplx* const* x, const double* w, cplx* const* y, int r0) {
  __m256d re[NS][CH], im[NS][CH];
  for (int s = 0; s < NS; ++s)
    for (int r = 0; r < CH; ++r) re[s][r] = im[s][r] = _mm256_setzero_pd();
  for (int c = 0; c < M; ++c) {
    __m256d xr[NS], xi[NS];
    for (int s = 0; s < NS; ++s) {
      const double* xs = reinterpret_cast<const double*>(x[s] + c);
      xr[s] = _mm256_broadcast_sd(xs);
      xi[s] = _mm256_broadcast_sd(xs + 1);
    }
    for (int r = 0; r < CH; ++r) {
      __m256d wr = _mm256_loadu_pd(w + 2 * (c * M + 2 * (r0 + r)));
      // Keeps wr in a register: GCC otherwise folds the load into each of the 2 NS
      // FMAs, and the kernel becomes bound by loads (measured 15 % slower on NH3).
      asm("" : "+x"(wr));
      for (int s = 0; s < NS; ++s) {
        re[s][r] = _mm256_fmadd_pd(wr, xr[s], re[s][r]);
        im[s][r] = _mm256_fmadd_pd(wr, xi[s], im[s][r]);
      }
    }
  }
  for (int s = 0; s < NS; ++s)
    for (int r = 0; r < CH; ++r)  // (re.re - im.im, re.im + im.re)
      _mm256_storeu_pd(reinterpret_cast<double*>(y[s] + 2 * (r0 + r)),
                       _mm256_addsub_pd(re[s][r], _mm256_permute_pd(im[s][r], 0x5)));
}

template <int M, int NS>
void block_product(const cplx* const* x, const cplx* w, cplx* const* y) {
  constexpr int kRows = M / 2, kChunk = NS == 1 ? 4 : 2;  // 4 NS CH accumulators + 2 NS broadcasts <= 16
  const double* wd = reinterpret_cast<const double*>(w);
  int r0 = 0;
  for (; r0 + kChunk <= kRows; r0 += kChunk) block_rows<M, kChunk, NS>(x, wd, y, r0);
  if constexpr (kRows % kChunk >= 2) {
    block_rows<M, 2, NS>(x, wd, y, r0);
    r0 += 2;
  }
  if constexpr (kRows % 2 == 1) block_rows<M, 1, NS>(x, wd, y, r0);
}
#else
template <int M, int NS>
void block_product(const cplx* const* x, const cplx* w, cplx* const* y) {
  for (int s = 0; s < NS; ++s) {
    for (int r = 0; r < M; ++r) y[s][r] = cplx{};
    for (int c = 0; c < M; ++c)
      for (int r = 0; r < M; ++r) y[s][r] += mul(w[c * M + r], x[s][c]);
  }
}
#endif

// W applied to NS states (apply_blocks, apply_blocks2).
template <int NS>
void apply_blocks_n(cplx* const* psi, const int* order, const int* start, int n_blocks, const cplx* w) {
  alignas(32) cplx xs[NS][kMaxBlockDim], ys[NS][kMaxBlockDim];
  const cplx* x[NS];
  cplx* y[NS];
  for (int s = 0; s < NS; ++s) {
    x[s] = xs[s];
    y[s] = ys[s];
  }
  for (int b = 0; b < n_blocks; ++b) {
    const int* idx = order + start[b];
    const int m = start[b + 1] - start[b];
    if (m == 1) {  // |0...0> and |1...1>: a phase
      for (int s = 0; s < NS; ++s) psi[s][idx[0]] = mul(w[0], psi[s][idx[0]]);
      w += 1;
      continue;
    }
    const int ld = block_stride(m);
    for (int s = 0; s < NS; ++s) {
      for (int i = 0; i < m; ++i) xs[s][i] = psi[s][idx[i]];
      if (ld > m) xs[s][m] = cplx{};  // the padding of an odd block
    }
    switch (ld) {
      case 2: block_product<2, NS>(x, w, y); break;
      case 4: block_product<4, NS>(x, w, y); break;
      case 6: block_product<6, NS>(x, w, y); break;
      case 8: block_product<8, NS>(x, w, y); break;
      case 10: block_product<10, NS>(x, w, y); break;
      case 16: block_product<16, NS>(x, w, y); break;
      case 20: block_product<20, NS>(x, w, y); break;
      default:
        for (int s = 0; s < NS; ++s) {
          for (int r = 0; r < ld; ++r) ys[s][r] = cplx{};
          for (int c = 0; c < ld; ++c)
            for (int r = 0; r < ld; ++r) ys[s][r] += mul(w[c * ld + r], xs[s][c]);
        }
    }
    for (int s = 0; s < NS; ++s)
      for (int i = 0; i < m; ++i) psi[s][idx[i]] = ys[s][i];
    w += ld * ld;
  }
}

}  // namespace

void apply_blocks(cplx* psi, const int* order, const int* start, int n_blocks, const cplx* w) {
  cplx* const states[1] = {psi};
  apply_blocks_n<1>(states, order, start, n_blocks, w);
}

void apply_blocks2(cplx* psi_a, cplx* psi_b, const int* order, const int* start, int n_blocks, const cplx* w) {
  cplx* const states[2] = {psi_a, psi_b};
  apply_blocks_n<2>(states, order, start, n_blocks, w);
}

void diagonal_products(const cplx* lam, const cplx* phi, const cplx* d, std::size_t dim, cplx* v,
                       const cplx* lamd, const cplx* phid, cplx* vd) {
  using simd::C2;
  if (dim >= 2) {
    for (std::size_t i = 0; i < dim; i += 2) {
      const C2 x = d ? simd::mulv(simd::load(d + i), simd::load(phi + i)) : simd::load(phi + i);
      const C2 l = simd::load(lam + i);
      simd::store(v + i, simd::cmulv(l, x));
      if (!lamd) continue;
      const C2 xd = d ? simd::mulv(simd::load(d + i), simd::load(phid + i)) : simd::load(phid + i);
      simd::store(vd + i, simd::add(simd::cmulv(simd::load(lamd + i), x), simd::cmulv(l, xd)));
    }
    return;
  }
  const cplx x = d ? mul(d[0], phi[0]) : phi[0];
  v[0] = cmul(lam[0], x);
  if (lamd) vd[0] = cmul(lamd[0], x) + cmul(lam[0], d ? mul(d[0], phid[0]) : phid[0]);
}

cplx real_weighted_sum(const cplx* v, const double* w, std::size_t dim) {
  if (dim < 4) {
    cplx s{};
    for (std::size_t i = 0; i < dim; ++i) s += w[i] * v[i];
    return s;
  }
  simd::C2 s0 = simd::zero(), s1 = simd::zero();  // two chains: the adds' latency
  for (std::size_t i = 0; i < dim; i += 4) {
    s0 = simd::fma_real(w + i, simd::load(v + i), s0);
    s1 = simd::fma_real(w + i + 2, simd::load(v + i + 2), s1);
  }
  return simd::lane_sum(simd::add(s0, s1));
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
