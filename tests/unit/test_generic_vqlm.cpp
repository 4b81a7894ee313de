// Generic (non-equivariant) VQLM on internal coordinates: invariances that come from the
// coordinates, exact forces, parameter and mixed derivatives, the coordinate Jacobian,
// and the potential-file round trip.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.h"
#include "geom/internal_coords.h"
#include "io/potential_file.h"
#include "force_checks.h"
#include "model_test_helpers.h"

using namespace qmlff;
using namespace qmlff::testing;

namespace {

struct GCase {
  std::vector<std::string> species;
  int depth;
  std::string label;
};

std::vector<Vec3> geometry(int n_atoms, std::mt19937& rng) {
  if (n_atoms == 2) return sample_geometry("sivqlm_ab", rng);
  if (n_atoms == 3) return sample_geometry("sivqlm_ab2", rng);
  return sample_geometry("sivqlm_ab3", rng);
}

FragmentModel model_for(const GCase& c, std::mt19937& rng) {
  BuilderOptions o;
  o.depth = c.depth;
  o.species = c.species;
  return random_model("generic_vqlm", o, rng);
}

double energy(FragmentEvaluator& ev, const std::vector<Vec3>& x) { return ev.energy(x.data()); }

}  // namespace

class GenericCase : public ::testing::TestWithParam<GCase> {};

// Rotations, translations and inversion leave the internal coordinates, hence the
// energy, unchanged (the circuit itself is not equivariant).
TEST_P(GenericCase, EnergyInvariantUnderRotationTranslationInversion) {
  std::mt19937 rng(21);
  FragmentEvaluator ev(model_for(GetParam(), rng));
  for (int trial = 0; trial < 5; ++trial) {
    const auto x = geometry(GetParam().species.size(), rng);
    const double e0 = energy(ev, x);
    auto y = rotate(random_rotation(rng), x);
    for (auto& v : y) {
      v[0] += 3.1;
      v[1] -= 1.7;
      v[2] += 0.4;
    }
    EXPECT_NEAR(energy(ev, y), e0, 1e-12);
    for (auto& v : y)
      for (double& c : v) c = -c;
    EXPECT_NEAR(energy(ev, y), e0, 1e-12);
  }
}

TEST_P(GenericCase, ForcesMatchFiniteDifferencesSumToZeroAndRotate) {
  std::mt19937 rng(22);
  FragmentEvaluator ev(model_for(GetParam(), rng));
  const auto x = geometry(GetParam().species.size(), rng);
  const int n = static_cast<int>(x.size());
  std::vector<Vec3> f(n), fr(n);
  ev.energy_forces(x.data(), f.data());
  expect_forces_match_finite_differences(ev, x, f);
  const Mat3 R = random_rotation(rng);
  ev.energy_forces(rotate(R, x).data(), fr.data());
  for (int a = 0; a < n; ++a) {
    const Vec3 rf = rotate_vec(R, f[a]);
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(fr[a][k], rf[k], 1e-11);
  }
}

// dE/dtheta and d/dtheta (F . w) from train_terms against central differences in theta.
TEST_P(GenericCase, ParameterAndMixedDerivativesMatchFiniteDifferences) {
  std::mt19937 rng(23);
  const FragmentModel m = model_for(GetParam(), rng);
  FragmentEvaluator ev(m);
  const auto x = geometry(GetParam().species.size(), rng);
  const int n = static_cast<int>(x.size()), np = m.circuit.n_params;
  std::normal_distribution<double> nd;
  std::vector<Vec3> w(n), f(n);
  for (auto& v : w) v = {nd(rng), nd(rng), nd(rng)};
  std::vector<double> dE(np), dFw(np);
  std::vector<double> theta = m.parameters;
  ev.train_terms(theta.data(), x.data(), f.data(), dE.data(), w.data(), dFw.data());
  auto e_and_fw = [&](const std::vector<double>& th, double& fw) {
    std::vector<Vec3> ff(n);
    const double e = ev.train_terms(th.data(), x.data(), ff.data(), nullptr, nullptr, nullptr);
    fw = 0;
    for (int a = 0; a < n; ++a)
      for (int k = 0; k < 3; ++k) fw += ff[a][k] * w[a][k];
    return e;
  };
  const double h = 1e-5;
  for (int p = 0; p < np; ++p) {
    auto tp = theta, tm = theta;
    tp[p] += h;
    tm[p] -= h;
    double fwp, fwm;
    const double ep = e_and_fw(tp, fwp), em = e_and_fw(tm, fwm);
    EXPECT_NEAR(dE[p], (ep - em) / (2 * h), 1e-7) << m.parameter_labels[p];
    EXPECT_NEAR(dFw[p], (fwp - fwm) / (2 * h), 1e-6) << m.parameter_labels[p];
  }
}

TEST_P(GenericCase, PotentialFileRoundTrip) {
  std::mt19937 rng(24);
  const FragmentModel m = model_for(GetParam(), rng);
  const std::string text = serialize_potential(m);
  const FragmentModel back = parse_potential(text, "mem.json");
  EXPECT_EQ(serialize_potential(back), text);
  ASSERT_TRUE(back.internal.has_value());
  EXPECT_EQ(back.internal->size(), m.internal->size());
  FragmentEvaluator a(m), b(back);
  const auto x = geometry(GetParam().species.size(), rng);
  std::vector<Vec3> fa(x.size()), fb(x.size());
  EXPECT_EQ(a.energy_forces(x.data(), fa.data()), b.energy_forces(x.data(), fb.data()));
  EXPECT_EQ(fa, fb);
}

INSTANTIATE_TEST_SUITE_P(Kinds, GenericCase,
                         ::testing::Values(GCase{{"Li", "H"}, 3, "LiH"}, GCase{{"O", "H", "H"}, 3, "H2O"},
                                           GCase{{"N", "H", "H", "H"}, 2, "NH3"}),
                         [](const auto& info) { return info.param.label; });

TEST(InternalCoords, JacobianMatchesFiniteDifferences) {
  const InternalCoords ic({{InternalCoord::Type::Norm, 0, -1},
                           {InternalCoord::Type::Distance, 0, 1},
                           {InternalCoord::Type::Angle, 1, 2},
                           {InternalCoord::Type::Angle, 2, 0}});
  const std::vector<Vec3> u = {{0.9, 0.2, -0.3}, {-0.4, 1.1, 0.2}, {0.1, -0.5, 0.8}};
  std::vector<Vec3> q, qp, qm;
  std::vector<double> jac;
  ic.transform(u, q, &jac);
  ASSERT_EQ(jac.size(), 3u * 4 * 3 * 3);
  const double h = 1e-6;
  const std::size_t cols = 9;
  for (std::size_t k = 0; k < 3; ++k)
    for (int x = 0; x < 3; ++x) {
      auto p = u, m = u;
      p[k][x] += h;
      m[k][x] -= h;
      ic.transform(p, qp, nullptr);
      ic.transform(m, qm, nullptr);
      for (std::size_t j = 0; j < 4; ++j)
        for (int c = 0; c < 3; ++c)
          EXPECT_NEAR(jac[(3 * j + c) * cols + 3 * k + x], (qp[j][c] - qm[j][c]) / (2 * h), 1e-8)
              << "coordinate " << j << " input " << k << " comp " << x;
    }
  // Hand values: |u0|, and the angle between u1 and u2 from the dot product.
  EXPECT_NEAR(q[0][0], std::sqrt(0.81 + 0.04 + 0.09), 1e-15);
  const double dot = -0.04 - 0.55 + 0.16;
  const double n1 = std::sqrt(0.16 + 1.21 + 0.04), n2 = std::sqrt(0.01 + 0.25 + 0.64);
  EXPECT_NEAR(q[2][0], std::acos(dot / (n1 * n2)), 1e-14);
}

TEST(InternalCoords, CollinearAngleIsAnErrorNotANumber) {
  const InternalCoords ic({{InternalCoord::Type::Angle, 0, 1}});
  std::vector<Vec3> q;
  std::vector<double> jac;
  EXPECT_THROW(ic.transform({{1, 0, 0}, {-2, 0, 0}}, q, &jac), Error);
}

TEST(GenericVqlm, ParameterCountsMatchTheSeed) {
  // Seed 001: LiH D = 13, 94 weights; H2O D = 11, 80 weights; both include the output
  // scale and offset, which qmlff fixes by MinMax scaling.
  BuilderOptions o;
  o.depth = 13;
  o.species = {"Li", "H"};
  EXPECT_EQ(build_model("generic_vqlm", o).circuit.n_params + 2, 94);
  o.depth = 11;
  o.species = {"O", "H", "H"};
  const FragmentModel h2o = build_model("generic_vqlm", o);
  EXPECT_EQ(h2o.circuit.n_params + 2, 80);
  EXPECT_EQ(h2o.circuit.n_inputs, 3);  // r1, r2, angle
  EXPECT_FALSE(h2o.has_symmetry("permutation:H"));
}

// Not permutation invariant: the two O-H bonds sit on different qubits.
TEST(GenericVqlm, SwappingTheHydrogensChangesTheEnergy) {
  std::mt19937 rng(25);
  BuilderOptions o;
  o.depth = 2;
  o.species = {"O", "H", "H"};
  FragmentEvaluator ev(random_model("generic_vqlm", o, rng));
  auto x = sample_geometry("sivqlm_ab2", rng);
  x[1][0] += 0.1;  // make the bonds differ
  const double e0 = ev.energy(x.data());
  std::swap(x[1], x[2]);
  EXPECT_GT(std::abs(ev.energy(x.data()) - e0), 1e-6);
}
