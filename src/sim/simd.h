#pragma once
// Two complex amplitudes side by side (interleaved re, im) for the kernels' inner loops:
// one AVX2 register when the compiler targets AVX2 + FMA, else two scalars with the same
// interface. The kernels use it where the two amplitudes k, k+1 are handled alike, i.e.
// when bit 0 is not one of the gate's qubits.
#include "sim/types.h"

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define QMLFF_SIMD_AVX2 1
#endif

namespace qmlff::simd {

#ifdef QMLFF_SIMD_AVX2

struct C2 {
  __m256d v;
};
// A complex constant with its real and imaginary parts broadcast.
struct K {
  __m256d re, im;
};
// Accumulator of sum conj(l) p: p holds products l.p lane by lane, q holds l.swap(p).
struct Acc {
  __m256d p = _mm256_setzero_pd(), q = _mm256_setzero_pd();
};

inline C2 load(const cplx* z) { return {_mm256_loadu_pd(reinterpret_cast<const double*>(z))}; }
inline void store(cplx* z, C2 a) { _mm256_storeu_pd(reinterpret_cast<double*>(z), a.v); }
inline K konst(cplx z) { return {_mm256_set1_pd(z.real()), _mm256_set1_pd(z.imag())}; }
inline C2 add(C2 a, C2 b) { return {_mm256_add_pd(a.v, b.v)}; }
inline C2 sub(C2 a, C2 b) { return {_mm256_sub_pd(a.v, b.v)}; }
inline __m256d swap(__m256d a) { return _mm256_permute_pd(a, 0x5); }  // (im, re)
// k a: real lanes kr ar - ki ai, imaginary lanes kr ai + ki ar.
inline C2 mul(K k, C2 a) { return {_mm256_fmaddsub_pd(k.re, a.v, _mm256_mul_pd(k.im, swap(a.v)))}; }
// k1 a + k2 b
inline C2 mul2(K k1, C2 a, K k2, C2 b) {
  const __m256d r = _mm256_fmadd_pd(k1.re, a.v, _mm256_mul_pd(k2.re, b.v));
  const __m256d i = _mm256_fmadd_pd(k1.im, swap(a.v), _mm256_mul_pd(k2.im, swap(b.v)));
  return {_mm256_addsub_pd(r, i)};
}
// Lane-wise complex products: a b, and conj(a) b.
inline C2 mulv(C2 a, C2 b) { return mul(K{_mm256_movedup_pd(a.v), _mm256_permute_pd(a.v, 0xF)}, b); }
inline C2 cmulv(C2 a, C2 b) {  // re: ar br + ai bi, im: ar bi - ai br
  const __m256d bs = _mm256_xor_pd(swap(b.v), _mm256_setr_pd(0.0, -0.0, 0.0, -0.0));  // (bi, -br)
  return {_mm256_hadd_pd(_mm256_mul_pd(a.v, b.v), _mm256_mul_pd(a.v, bs))};
}
inline C2 zero() { return {_mm256_setzero_pd()}; }
// acc + (w[0] a lane 0, w[1] a lane 1) for real weights w.
inline C2 fma_real(const double* w, C2 a, C2 acc) {
  return {_mm256_fmadd_pd(_mm256_setr_pd(w[0], w[0], w[1], w[1]), a.v, acc.v)};
}
inline void acc_add(Acc& acc, C2 l, C2 p) {
  acc.p = _mm256_fmadd_pd(l.v, p.v, acc.p);
  acc.q = _mm256_fmadd_pd(l.v, swap(p.v), acc.q);
}
// In registers (horizontal add and subtract): a round trip through memory stalls on
// store forwarding, and the kernels on small states end with several of these.
inline __m256d acc_lanes(const Acc& acc) {  // (re lane 0, im lane 0, re lane 1, im lane 1)
  return _mm256_blend_pd(_mm256_hadd_pd(acc.p, acc.p), _mm256_hsub_pd(acc.q, acc.q), 0xA);
}
inline cplx lane_sum(C2 a) {  // lane 0 + lane 1
  const __m128d s = _mm_add_pd(_mm256_castpd256_pd128(a.v), _mm256_extractf128_pd(a.v, 1));
  return {_mm_cvtsd_f64(s), _mm_cvtsd_f64(_mm_unpackhi_pd(s, s))};
}
inline cplx acc_sum(const Acc& acc) { return lane_sum({acc_lanes(acc)}); }
// The sums of lane 0 and lane 1 separately.
inline void acc_sum_lanes(const Acc& acc, cplx& lane0, cplx& lane1) {
  const __m256d l = acc_lanes(acc);
  const __m128d a = _mm256_castpd256_pd128(l), b = _mm256_extractf128_pd(l, 1);
  lane0 = {_mm_cvtsd_f64(a), _mm_cvtsd_f64(_mm_unpackhi_pd(a, a))};
  lane1 = {_mm_cvtsd_f64(b), _mm_cvtsd_f64(_mm_unpackhi_pd(b, b))};
}

// Lane-wise operations for gates on qubit 0, whose amplitude pairs share a register.
inline K konst2(cplx lane0, cplx lane1) {
  return {_mm256_setr_pd(lane0.real(), lane0.real(), lane1.real(), lane1.real()),
          _mm256_setr_pd(lane0.imag(), lane0.imag(), lane1.imag(), lane1.imag())};
}
inline C2 lane0_both(C2 a) { return {_mm256_permute2f128_pd(a.v, a.v, 0x00)}; }
inline C2 lane1_both(C2 a) { return {_mm256_permute2f128_pd(a.v, a.v, 0x11)}; }
inline C2 swap_lanes(C2 a) { return {_mm256_permute2f128_pd(a.v, a.v, 0x01)}; }
// (a lane 0, b lane 0) and (a lane 1, b lane 1).
inline C2 lanes0(C2 a, C2 b) { return {_mm256_permute2f128_pd(a.v, b.v, 0x20)}; }
inline C2 lanes1(C2 a, C2 b) { return {_mm256_permute2f128_pd(a.v, b.v, 0x31)}; }

#else

struct C2 {
  cplx a, b;
};
struct K {
  cplx a, b;  // per lane (equal for konst)
};
struct Acc {
  cplx s0{}, s1{};
};

inline C2 load(const cplx* z) { return {z[0], z[1]}; }
inline void store(cplx* z, C2 x) {
  z[0] = x.a;
  z[1] = x.b;
}
inline K konst(cplx z) { return {z, z}; }
inline K konst2(cplx lane0, cplx lane1) { return {lane0, lane1}; }
inline C2 add(C2 x, C2 y) { return {x.a + y.a, x.b + y.b}; }
inline C2 sub(C2 x, C2 y) { return {x.a - y.a, x.b - y.b}; }
inline C2 mul(K k, C2 x) { return {k.a * x.a, k.b * x.b}; }
inline C2 mul2(K k1, C2 x, K k2, C2 y) { return {k1.a * x.a + k2.a * y.a, k1.b * x.b + k2.b * y.b}; }
inline void acc_add(Acc& acc, C2 l, C2 p) {
  acc.s0 += std::conj(l.a) * p.a;
  acc.s1 += std::conj(l.b) * p.b;
}
inline C2 mulv(C2 x, C2 y) { return {x.a * y.a, x.b * y.b}; }
inline C2 cmulv(C2 x, C2 y) { return {std::conj(x.a) * y.a, std::conj(x.b) * y.b}; }
inline C2 zero() { return {cplx{}, cplx{}}; }
inline C2 fma_real(const double* w, C2 x, C2 acc) { return {acc.a + w[0] * x.a, acc.b + w[1] * x.b}; }
inline cplx lane_sum(C2 x) { return x.a + x.b; }
inline cplx acc_sum(const Acc& acc) { return acc.s0 + acc.s1; }
inline void acc_sum_lanes(const Acc& acc, cplx& lane0, cplx& lane1) {
  lane0 = acc.s0;
  lane1 = acc.s1;
}
inline C2 lane0_both(C2 x) { return {x.a, x.a}; }
inline C2 lane1_both(C2 x) { return {x.b, x.b}; }
inline C2 swap_lanes(C2 x) { return {x.b, x.a}; }
inline C2 lanes0(C2 x, C2 y) { return {x.a, y.a}; }
inline C2 lanes1(C2 x, C2 y) { return {x.b, y.b}; }

#endif

}  // namespace qmlff::simd
