#pragma once
// Portable random numbers for training: the engine (std::mt19937_64) is fully specified
// by the standard, but std::*_distribution and std::shuffle are not, so the few
// distributions the trainer needs are written out here. Same seed -> same numbers on
// every platform.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace qmlff::train {

using Rng = std::mt19937_64;

// Independent stream `stream` of a seed (splits, init, noise, batches use different ones).
inline Rng make_rng(std::uint64_t seed, std::uint64_t stream) {
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                    static_cast<std::uint32_t>(stream), 0x71u};
  return Rng(seq);
}

// Uniform in [0, 1) with 53 random bits.
inline double uniform01(Rng& r) { return static_cast<double>(r() >> 11) * 0x1.0p-53; }

// Uniform integer in [0, n) without modulo bias.
inline std::uint64_t uniform_index(Rng& r, std::uint64_t n) {
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  std::uint64_t x;
  do {
    x = r();
  } while (x >= limit);
  return x % n;
}

// Standard normal (Box-Muller, one value per call).
inline double normal01(Rng& r) {
  double u1;
  do {
    u1 = uniform01(r);
  } while (u1 <= 0.0);
  const double u2 = uniform01(r);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

// Fisher-Yates.
template <class T>
void shuffle(std::vector<T>& v, Rng& r) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[uniform_index(r, i)]);
}

}  // namespace qmlff::train
