// The atom-centred model (models/atomic_*.h): exact invariances for any neighbour count,
// forces, virial and training derivatives against central differences, a C2 cutoff, and
// the species-blind baseline.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.h"
#include "force_checks.h"
#include "models/atomic_builder.h"
#include "models/atomic_evaluator.h"

using namespace qmlff;

namespace {

// Ethanol-like structure (C C O H H H H H H), slightly distorted, in Å.
const std::vector<Vec3> kEthanol = {{1.19, -0.38, 0.02}, {0.0, 0.55, -0.03}, {-1.22, -0.19, 0.05},
                                    {2.12, 0.19, 0.01},  {1.16, -1.03, 0.88}, {1.17, -1.01, -0.89},
                                    {0.05, 1.21, 0.87},  {0.03, 1.19, -0.90}, {-1.95, 0.43, -0.02}};
const std::vector<int> kEthanolSpecies = {0, 0, 2, 1, 1, 1, 1, 1, 1};  // C H O

AtomicModel random_model(bool species_blind, std::uint32_t seed, double cutoff = 4.0) {
  AtomicBuilderOptions o;
  o.species = {"C", "H", "O"};
  o.basis.n = 5;
  o.basis.r_min = 0.8;
  o.basis.cutoff = cutoff;
  o.basis.width = 0.7;
  o.vector_channels = 4;
  o.scalar_channels = 2;
  o.layers = 2;
  o.species_blind = species_blind;
  if (species_blind) {
    o.basis.type = RadialBasis::Type::Linear;
  }
  AtomicModel m = build_atomic_model(o);
  std::mt19937 rng(seed);
  std::normal_distribution<double> nd(0.0, 0.6);
  for (double& p : m.parameters) p += nd(rng);
  for (int s = 0; s < m.n_species(); ++s) {
    m.centres[s].scale = 0.3 + 0.1 * s;
    m.centres[s].e0 = -10.0 * (s + 1);
  }
  return m;
}

std::vector<Vec3> rotate(const std::vector<Vec3>& x, double a, double b, double c, bool invert) {
  const double ca = std::cos(a), sa = std::sin(a), cb = std::cos(b), sb = std::sin(b), cc = std::cos(c), sc = std::sin(c);
  const double R[3][3] = {{ca * cb, ca * sb * sc - sa * cc, ca * sb * cc + sa * sc},
                          {sa * cb, sa * sb * sc + ca * cc, sa * sb * cc - ca * sc},
                          {-sb, cb * sc, cb * cc}};
  std::vector<Vec3> y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i)
    for (int r = 0; r < 3; ++r) {
      y[i][r] = 0.0;
      for (int k = 0; k < 3; ++k) y[i][r] += R[r][k] * x[i][k];
      if (invert) y[i][r] = -y[i][r];
      y[i][r] += 0.37 * (r + 1);  // and a translation
    }
  return y;
}

double energy(AtomicEvaluator& ev, const std::vector<Vec3>& x, const std::vector<int>& sp) {
  return ev.structure(x.data(), sp.data(), static_cast<int>(x.size()), nullptr);
}

}  // namespace

TEST(AtomicRadial, CutoffAndItsTwoDerivativesVanishAtTheCutoff) {
  double f, d1, d2;
  smooth_cutoff(3.0 - 1e-9, 3.0, f, d1, d2);
  EXPECT_NEAR(f, 0.0, 1e-15);
  EXPECT_NEAR(d1, 0.0, 1e-12);
  EXPECT_NEAR(d2, 0.0, 1e-8);
  smooth_cutoff(0.0, 3.0, f, d1, d2);
  EXPECT_EQ(f, 1.0);
  smooth_cutoff(3.5, 3.0, f, d1, d2);
  EXPECT_EQ(f, 0.0);
}

TEST(AtomicRadial, BasisDerivativesMatchFiniteDifferences) {
  for (auto type : {RadialBasis::Type::Gaussian, RadialBasis::Type::Linear}) {
    RadialBasis b;
    b.type = type;
    b.n = 6;
    b.cutoff = 4.5;
    const int n = b.size();
    std::vector<double> v(n), d1(n), d2(n), vp(n), vm(n), d1p(n), d1m(n);
    for (double r : {0.7, 1.3, 2.9, 4.2}) {
      const double h = 1e-5;
      b.evaluate(r, v.data(), d1.data(), d2.data());
      b.evaluate(r + h, vp.data(), d1p.data(), nullptr);
      b.evaluate(r - h, vm.data(), d1m.data(), nullptr);
      for (int k = 0; k < n; ++k) {
        EXPECT_NEAR(d1[k], (vp[k] - vm[k]) / (2 * h), 1e-8) << "r " << r << " b " << k;
        EXPECT_NEAR(d2[k], (d1p[k] - d1m[k]) / (2 * h), 1e-7) << "r " << r << " b " << k;
      }
    }
  }
}

class AtomicModelKinds : public ::testing::TestWithParam<bool> {};

TEST_P(AtomicModelKinds, InvariantUnderRotationInversionTranslationAndPermutation) {
  AtomicEvaluator ev(random_model(GetParam(), 11));
  const double e = energy(ev, kEthanol, kEthanolSpecies);
  EXPECT_TRUE(std::isfinite(e));
  for (bool invert : {false, true}) {
    const double er = energy(ev, rotate(kEthanol, 0.3, -1.1, 2.2, invert), kEthanolSpecies);
    EXPECT_NEAR(er, e, 1e-12) << (invert ? "rotation + inversion" : "rotation");
  }
  // Swap two methyl H (atoms 3 and 5) and the two carbons' order in the list.
  std::vector<Vec3> x = kEthanol;
  std::vector<int> sp = kEthanolSpecies;
  std::swap(x[3], x[5]);
  EXPECT_NEAR(energy(ev, x, sp), e, 1e-12);
  std::swap(x[0], x[1]);
  EXPECT_NEAR(energy(ev, x, sp), e, 1e-12);
  // Reordering the whole list (species follow their atoms).
  std::vector<Vec3> y;
  std::vector<int> sy;
  for (int a : {8, 2, 6, 0, 4, 1, 7, 3, 5}) {
    y.push_back(kEthanol[a]);
    sy.push_back(kEthanolSpecies[a]);
  }
  EXPECT_NEAR(energy(ev, y, sy), e, 1e-12);
}

TEST_P(AtomicModelKinds, MirrorImagesHaveEqualEnergies) {
  // A chiral arrangement (four different neighbours around a C): only the inversion
  // average makes the two enantiomers equal.
  AtomicEvaluator ev(random_model(GetParam(), 12));
  std::vector<Vec3> x = {{0, 0, 0}, {1.1, 0.1, 0.2}, {-0.3, 1.3, -0.1}, {-0.4, -0.5, 1.2}, {-0.2, -0.6, -1.4}};
  std::vector<int> sp = {0, 1, 2, 0, 1};
  std::vector<Vec3> mirror = x;
  for (auto& v : mirror) v[1] = -v[1];
  EXPECT_NEAR(energy(ev, mirror, sp), energy(ev, x, sp), 1e-12);
}

TEST_P(AtomicModelKinds, ForcesAndVirialMatchFiniteDifferences) {
  AtomicEvaluator ev(random_model(GetParam(), 13));
  std::vector<Vec3> f(kEthanol.size());
  std::array<double, 6> vir;
  std::vector<double> ea(kEthanol.size());
  const double e = ev.structure(kEthanol.data(), kEthanolSpecies.data(), 9, f.data(), &vir, ea.data());
  double sum = 0.0;
  for (double v : ea) sum += v;
  EXPECT_NEAR(sum, e, 1e-12);
  qmlff::testing::expect_forces_match_finite_differences(
      [&](const std::vector<Vec3>& y) { return energy(ev, y, kEthanolSpecies); }, kEthanol, f);
  // Non-periodic structure: the virial is sum_a r_a (x) F_a.
  std::array<double, 6> ref{};
  const int ij[6][2] = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
  for (int k = 0; k < 6; ++k)
    for (std::size_t a = 0; a < kEthanol.size(); ++a) ref[k] += kEthanol[a][ij[k][0]] * f[a][ij[k][1]];
  for (int k = 0; k < 6; ++k) EXPECT_NEAR(vir[k], ref[k], 1e-12) << "virial " << k;
}

TEST_P(AtomicModelKinds, TrainingDerivativesMatchFiniteDifferences) {
  const AtomicModel m = random_model(GetParam(), 14);
  AtomicEvaluator ev(m);
  const int np = m.n_params(), na = 9;
  std::vector<double> theta = m.parameters, dE(np), dFw(np);
  std::vector<Vec3> f(na), w(na);
  std::mt19937 rng(5);
  std::normal_distribution<double> nd;
  for (auto& v : w) v = {nd(rng), nd(rng), nd(rng)};
  const double e = ev.train_terms(theta.data(), kEthanol.data(), kEthanolSpecies.data(), na, f.data(), dE.data(),
                                  w.data(), dFw.data());
  EXPECT_NEAR(e, energy(ev, kEthanol, kEthanolSpecies), 1e-12);
  std::vector<Vec3> f0(na);
  ev.structure(kEthanol.data(), kEthanolSpecies.data(), na, f0.data());
  for (int a = 0; a < na; ++a)
    for (int x = 0; x < 3; ++x) EXPECT_NEAR(f[a][x], f0[a][x], 1e-12);
  const double h = 1e-5;
  for (int p = 0; p < np; ++p) {
    auto tp = theta, tm = theta;
    tp[p] += h;
    tm[p] -= h;
    std::vector<Vec3> fp(na), fm(na);
    const double ep = ev.train_terms(tp.data(), kEthanol.data(), kEthanolSpecies.data(), na, fp.data(), nullptr,
                                     nullptr, nullptr);
    const double em = ev.train_terms(tm.data(), kEthanol.data(), kEthanolSpecies.data(), na, fm.data(), nullptr,
                                     nullptr, nullptr);
    double fwd = 0.0;
    for (int a = 0; a < na; ++a)
      for (int x = 0; x < 3; ++x) fwd += (fp[a][x] - fm[a][x]) * w[a][x] / (2 * h);
    const double fde = (ep - em) / (2 * h);
    EXPECT_NEAR(dE[p], fde, 1e-7 * std::max(1.0, std::abs(fde))) << m.parameter_labels[p];
    EXPECT_NEAR(dFw[p], fwd, 1e-7 * std::max(1.0, std::abs(fwd))) << m.parameter_labels[p];
  }
}

TEST_P(AtomicModelKinds, EnergyAndForcesAreContinuousAcrossTheCutoff) {
  const double rc = 3.0;
  AtomicEvaluator ev(random_model(GetParam(), 15, rc));
  // An O-H pair and a third atom on the far side of the O, moving out along x through the
  // O's cutoff; it is beyond the H's cutoff throughout, so near r_c every term it adds is
  // of order fc (energy, ~eps^3) or fc' (forces, ~eps^2): no jump when it crosses.
  auto at = [&](double s, std::vector<Vec3>* f) {
    std::vector<Vec3> x = {{0, 0, 0}, {-0.97, 0.1, 0.0}, {s, 0.0, 0.0}};
    std::vector<int> sp = {2, 1, 0};
    if (f) f->resize(3);
    return ev.structure(x.data(), sp.data(), 3, f ? f->data() : nullptr);
  };
  const double eps = 1e-4;
  std::vector<Vec3> fi, fo, f_far;
  const double ein = at(rc - eps, &fi), eout = at(rc + eps, &fo), efar = at(rc + 1.0, &f_far);
  EXPECT_NEAR(ein, eout, 1e-11);
  EXPECT_EQ(eout, efar);  // beyond the cutoff the third atom adds only its own isolated energy
  for (int a = 0; a < 3; ++a)
    for (int x = 0; x < 3; ++x) {
      EXPECT_NEAR(fi[a][x], fo[a][x], 1e-7) << "atom " << a << " comp " << x;
      EXPECT_EQ(fo[a][x], f_far[a][x]);
    }
  // The force on the third atom falls like (r_c - r)^2: a tenth of the distance, a hundredth of the force.
  std::vector<Vec3> f1, f2;
  at(rc - 1e-2, &f1);
  at(rc - 1e-3, &f2);
  EXPECT_GT(std::abs(f1[2][0]), 0.0);
  EXPECT_NEAR(f2[2][0] / f1[2][0], 0.01, 0.002);
  // Beyond the cutoff of every atom the third atom contributes only its own isolated energy.
  std::vector<Vec3> far = {{0, 0, 0}, {0.97, 0.1, 0.0}, {40.0, 0.0, 0.0}};
  std::vector<int> sp = {2, 1, 0};
  std::vector<Vec3> two = {{0, 0, 0}, {0.97, 0.1, 0.0}}, one = {{40.0, 0.0, 0.0}};
  std::vector<int> sp2 = {2, 1}, sp1 = {0};
  EXPECT_NEAR(energy(ev, far, sp), energy(ev, two, sp2) + energy(ev, one, sp1), 1e-12);
}

TEST_P(AtomicModelKinds, AnAtomWithoutNeighboursHasAFiniteInvariantEnergy) {
  AtomicEvaluator ev(random_model(GetParam(), 16));
  std::vector<Vec3> x = {{1.0, 2.0, 3.0}};
  std::vector<int> sp = {1};
  std::vector<Vec3> f(1);
  const double e = ev.structure(x.data(), sp.data(), 1, f.data());
  EXPECT_TRUE(std::isfinite(e));
  EXPECT_EQ(f[0][0], 0.0);
  x[0] = {-5.0, 0.0, 7.0};
  EXPECT_EQ(energy(ev, x, sp), e);
}

INSTANTIATE_TEST_SUITE_P(RevisedAndBaseline, AtomicModelKinds, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& i) { return i.param ? "Baseline" : "Revised"; });

TEST(AtomicModel, CoincidentAtomsAreAnErrorNamingThem) {
  AtomicEvaluator ev(random_model(false, 17));
  std::vector<Vec3> x = {{0, 0, 0}, {1, 0, 0}, {1, 0, 0}};
  std::vector<int> sp = {0, 1, 1};
  try {
    energy(ev, x, sp);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("atoms 2 and 3 (1-based) coincide"), std::string::npos) << e.what();
  }
}

TEST(AtomicModel, BaselineSharesEveryParameterBetweenSpecies) {
  const AtomicModel m = random_model(true, 18);
  // Relabelling the species of a structure changes nothing (species-blind scales, one circuit),
  // apart from the per-species output scale and e0, which this test sets equal.
  AtomicModel same = m;
  for (auto& c : same.centres) c.scale = 0.5, c.e0 = 0.0;
  AtomicEvaluator ev(same);
  std::vector<int> other = {1, 2, 0, 0, 2, 1, 1, 0, 2};
  EXPECT_NEAR(energy(ev, kEthanol, kEthanolSpecies), energy(ev, kEthanol, other), 1e-12);
}

#include "io/atomic_potential_file.h"
#include "io/potential_file.h"

TEST(AtomicPotentialFile, RoundTripIsByteIdenticalAndGivesTheSameEnergies) {
  AtomicModel m = random_model(false, 19);
  m.name = "round-trip";
  m.provenance_json = "{\"note\":\"test\"}";
  const std::string text = serialize_atomic_potential(m);
  EXPECT_TRUE(potential_text_is_atomic(text, "mem"));
  const AtomicModel back = parse_atomic_potential(text, "mem");
  EXPECT_EQ(serialize_atomic_potential(back), text);
  AtomicEvaluator a(m), b(back);
  EXPECT_EQ(energy(a, kEthanol, kEthanolSpecies), energy(b, kEthanol, kEthanolSpecies));
  const AtomicModel base = random_model(true, 20);
  EXPECT_EQ(serialize_atomic_potential(parse_atomic_potential(serialize_atomic_potential(base), "mem")),
            serialize_atomic_potential(base));
}

TEST(AtomicPotentialFile, ErrorsNameTheFileAndTheField) {
  const AtomicModel m = random_model(false, 21);
  auto expect_error = [&](const std::string& from, const std::string& to, const std::string& expected) {
    std::string text = serialize_atomic_potential(m);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    try {
      parse_atomic_potential(text, "pot.json");
      FAIL() << "expected an error for " << to;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).rfind("pot.json", 0), 0u) << e.what();
    }
  };
  expect_error("\"version\": 4", "\"version\": 3", "field 'version'");
  expect_error("\"type\": \"gaussian\"", "\"type\": \"bessel\"", "field 'radial_basis.type'");
  expect_error("\"vector\": 4", "\"vector\": 3", "inputs");
  expect_error("\"species\": \"H\"", "\"species\": \"N\"", "field 'centres[1].species'");
  expect_error("\"energy\": \"eV\"", "\"energy\": \"kcal/mol\"", "field 'units.energy'");
  // A fragment loader refuses an atom-centred file by kind, with what to do.
  try {
    parse_potential(serialize_atomic_potential(m), "pot.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("atom-centred"), std::string::npos) << e.what();
  }
}
