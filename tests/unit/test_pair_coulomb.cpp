// The fixed damped Coulomb term of a fragment model (models/pair_coulomb.h): its value
// against a hand sum, forces against finite differences (also at and near r = 0), its
// invariances, that it is added to energies, forces and training terms without changing
// the parameter derivatives, the potential-file round trip, the errors for malformed
// coulomb blocks and the training config. (Invariances, FD forces and virials of a model
// that carries it run in test_models.cpp: DimerWithCoulomb.)
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "baseline_checks.h"
#include "core/error.h"
#include "force_checks.h"
#include "io/potential_file.h"
#include "model_test_helpers.h"
#include "potential_edit_checks.h"
#include "train/config.h"

using namespace qmlff;
using namespace qmlff::testing;

namespace {

// Water-like charges (neutral molecules) and a damping length at which erf matters at
// the test geometries (O-H distances between molecules of 1.5-3 Å: r/sigma = 2.5-5).
PairCoulomb water_coulomb() {
  PairCoulomb c;
  c.charges = {{"O", -0.8}, {"H", 0.4}};
  c.sigma = 0.6;
  return c;
}

FragmentModel dimer(bool with_coulomb, std::mt19937& rng) {
  BuilderOptions o = small_dimer_options();
  if (with_coulomb) o.coulomb = water_coulomb();
  return random_model("sivqlm_ab2_dimer", o, rng);
}

// The term alone on water-dimer species, groups = the two molecules.
struct DimerTerm {
  std::vector<std::string> species{"O", "H", "H", "O", "H", "H"};
  PairCoulomb c = water_coulomb();
  DimerTerm() { c.groups = {0, 0, 0, 1, 1, 1}; }
  double energy(const std::vector<Vec3>& x) const { return c.evaluate(species, x.data(), nullptr); }
};

// Forces of the term alone against central differences (force_checks.h).
void expect_term_forces_match_finite_differences(const PairCoulomb& c, const std::vector<std::string>& species,
                                                 const std::vector<Vec3>& x) {
  std::vector<Vec3> f(x.size(), Vec3{0, 0, 0});
  c.evaluate(species, x.data(), f.data());
  expect_forces_match_finite_differences([&](const std::vector<Vec3>& y) { return c.evaluate(species, y.data(), nullptr); },
                                         x, f, 1e-6);
}

}  // namespace

// Two O-H groups with distances 3, 5, 5, 3 Å between them, sigma = 2 Å:
//   E = k_e [q_O q_O erf(1.5)/3 + 2 q_O q_H erf(2.5)/5 + q_H q_H erf(1.5)/3]
//     = 14.399645 [0.8 erf(1.5)/3 - 0.64 erf(2.5)/5],  erf(1.5) = 0.9661051464753108,
//       erf(2.5) = 0.9995930479825550
//     = 14.399645 (0.25762803906008287 - 0.12794791014176704) = 1.8673478199779825 eV.
TEST(PairCoulomb, HandComputedSumOnFourAtoms) {
  PairCoulomb c;
  c.groups = {0, 0, 1, 1};
  c.charges = {{"O", -0.8}, {"H", 0.4}};
  c.sigma = 2.0;
  const std::vector<std::string> species{"O", "H", "O", "H"};
  const std::vector<Vec3> x = {{0, 0, 0}, {0, 4, 0}, {3, 0, 0}, {0, 4, 3}};
  c.validate(species);
  EXPECT_NEAR(c.evaluate(species, x.data(), nullptr), 1.8673478199779825, 1e-14);
  expect_term_forces_match_finite_differences(c, species, x);
}

TEST(PairCoulomb, DimerAddsTheNineIntermolecularDampedCoulombTerms) {
  std::mt19937 rng(5), rng2(5);
  FragmentEvaluator plain(dimer(false, rng)), with(dimer(true, rng2));
  EXPECT_EQ(with.model().coulomb->groups, (std::vector<int>{0, 0, 0, 1, 1, 1}));
  const auto x = sample_geometry("sivqlm_ab2_dimer", rng);
  double hand = 0;
  const char* sp = "OHHOHH";
  for (int a = 0; a < 3; ++a)
    for (int b = 3; b < 6; ++b) {
      const double qa = sp[a] == 'O' ? -0.8 : 0.4, qb = sp[b] == 'O' ? -0.8 : 0.4, r = distance(x[a], x[b]);
      hand += 14.399645 * qa * qb * std::erf(r / 0.6) / r;
    }
  ASSERT_GT(std::abs(hand), 0.05);  // the test geometry is close enough for the term to matter
  EXPECT_NEAR(with.energy(x.data()) - plain.energy(x.data()), hand, 1e-12);
}

TEST(PairCoulomb, ForcesMatchFiniteDifferencesAndSumToZero) {
  std::mt19937 rng(6);
  const DimerTerm t;
  for (int trial = 0; trial < 3; ++trial)
    expect_term_forces_match_finite_differences(t.c, t.species, sample_geometry("sivqlm_ab2_dimer", rng));
  // Close pairs, on both sides of the switch to the series (r / sigma = 0.2) and far inside it.
  PairCoulomb c = water_coulomb();
  c.groups = {0, 1};
  for (double r : {0.5, 0.13, 0.1199, 0.03, 1e-3})
    expect_term_forces_match_finite_differences(c, {"O", "H"}, {{0.1, -0.2, 0.3}, {0.1 + 0.6 * r, -0.2 + 0.8 * r, 0.3}});
}

// erf(x)/x -> 2/sqrt(pi): finite energy and zero force at r = 0, and no jump where the
// evaluation switches from the closed form to the series.
TEST(PairCoulomb, FiniteAtContactAndSmoothAtTheSeriesSwitch) {
  PairCoulomb c = water_coulomb();
  c.groups = {0, 1};
  const std::vector<std::string> sp{"O", "H"};
  const double limit = 14.399645 * -0.8 * 0.4 * 2.0 / (0.6 * std::sqrt(std::acos(-1.0)));
  for (double r : {0.0, 1e-12, 1e-9}) {
    const std::vector<Vec3> x = {{0, 0, 0}, {r, 0, 0}};
    std::vector<Vec3> f(2, Vec3{0, 0, 0});
    EXPECT_NEAR(c.evaluate(sp, x.data(), f.data()), limit, 1e-14 * std::abs(limit)) << r;
    EXPECT_NEAR(f[0][0], 0.0, 1e-7) << r;
    EXPECT_EQ(f[0][0], -f[1][0]);
  }
  const double rs = 0.2 * 0.6;
  std::vector<Vec3> f_lo(2, Vec3{0, 0, 0}), f_hi(2, Vec3{0, 0, 0});
  const std::vector<Vec3> lo = {{0, 0, 0}, {rs * (1 - 1e-13), 0, 0}}, hi = {{0, 0, 0}, {rs * (1 + 1e-13), 0, 0}};
  const double e_lo = c.evaluate(sp, lo.data(), f_lo.data()), e_hi = c.evaluate(sp, hi.data(), f_hi.data());
  EXPECT_NEAR(e_lo, e_hi, 1e-13 * std::abs(e_lo));
  EXPECT_NEAR(f_lo[1][0], f_hi[1][0], 1e-12 * std::abs(f_lo[1][0]));
}

TEST(PairCoulomb, InvariantUnderRotationAndTranslation) {
  std::mt19937 rng(7);
  const DimerTerm t;
  for (int trial = 0; trial < 5; ++trial) {
    const auto x = sample_geometry("sivqlm_ab2_dimer", rng);
    const double e0 = t.energy(x);
    EXPECT_NEAR(t.energy(rotate(random_rotation(rng), x)), e0, 1e-12) << "rotation";
    auto y = x;
    for (auto& v : y) v = {v[0] + 3.7, v[1] - 12.1, v[2] + 0.4};
    EXPECT_NEAR(t.energy(y), e0, 1e-12) << "translation";
  }
}

// Training: the energy and forces include the term; dE/dtheta and d(F.w)/dtheta are
// those of the circuit alone (the term has no parameters).
TEST(PairCoulomb, TrainTermsAddEnergyAndForcesButNotParameterDerivatives) {
  std::mt19937 rng(6), rng2(6);
  FragmentEvaluator plain(dimer(false, rng)), with(dimer(true, rng2));
  const auto x = sample_geometry("sivqlm_ab2_dimer", rng);
  EXPECT_GT(std::abs(expect_train_terms_add_only_energy_and_forces(plain, with, x)), 0.05);
}

TEST(PairCoulomb, PotentialFileRoundTripIsBitIdenticalAndVersion3) {
  std::mt19937 rng(7);
  FragmentModel m = dimer(true, rng);
  m.coulomb->charges = {{"O", -0.8347296}, {"H", 0.4173648}};  // digits that need the shortest round-trip form
  m.coulomb->sigma = 0.7071067811865476;
  const FragmentModel back = expect_round_trip_bit_identical(m, 3, sample_geometry("sivqlm_ab2_dimer", rng));
  ASSERT_TRUE(back.coulomb);
  EXPECT_EQ(back.coulomb->sigma, m.coulomb->sigma);
  EXPECT_EQ(back.coulomb->charges[0].q, m.coulomb->charges[0].q);
  // Without a coulomb block the file keeps its older version (older readers accept it).
  std::mt19937 rng2(7);
  EXPECT_NE(serialize_potential(dimer(false, rng2)).find("\"version\": 1"), std::string::npos);
}

TEST(PairCoulomb, MalformedBlocksAreRejectedWithTheFieldName) {
  std::mt19937 rng(8);
  const auto expect_error = edit_rejecter(dimer(true, rng));
  using J = nlohmann::json;
  expect_error([](J& j) { j["version"] = 2; }, "field 'coulomb': needs format version 3 (the file says 2)");
  expect_error([](J& j) { j["version"] = 4; }, "unsupported version 4");
  expect_error([](J& j) { j["coulomb"] = J::array(); }, "field 'coulomb': expected an object");
  expect_error([](J& j) { j["coulomb"]["form"] = "ewald"; }, "field 'coulomb.form': unknown key");
  expect_error([](J& j) { j["coulomb"].erase("sigma"); }, "field 'coulomb.sigma': missing");
  expect_error([](J& j) { j["coulomb"]["sigma"] = "0.6"; }, "field 'coulomb.sigma': expected a number");
  expect_error([](J& j) { j["coulomb"]["sigma"] = -0.6; }, "sigma must be finite and > 0");
  expect_error([](J& j) { j["coulomb"]["sigma"] = 0.0; }, "sigma must be finite and > 0");
  expect_error([](J& j) { j["coulomb"].erase("charges"); }, "field 'coulomb.charges': missing");
  expect_error([](J& j) { j["coulomb"]["charges"][0]["q"] = "-0.8"; }, "field 'coulomb.charges[0].q': expected a number");
  expect_error([](J& j) { j["coulomb"]["charges"][1].erase("species"); }, "field 'coulomb.charges[1].species': missing");
  expect_error([](J& j) { j["coulomb"]["charges"].erase(1); }, "no charge for species");
  expect_error([](J& j) { j["coulomb"]["charges"][1]["species"] = j["coulomb"]["charges"][0]["species"]; },
               "duplicate species");
  expect_error([](J& j) { j["coulomb"]["charges"].push_back({{"species", "N"}, {"q", 0.1}}); },
               "charge 2 (N): the model has no atom of species N");
  expect_error([](J& j) { j["coulomb"]["groups"].push_back(1); }, "coulomb: 'groups' has 7 entries");
  expect_error([](J& j) { j["coulomb"]["groups"][2] = 0.5; }, "field 'coulomb.groups[2]': expected an integer");
}

TEST(PairCoulomb, ValidateRefusesNonFiniteCharges) {
  PairCoulomb c = water_coulomb();
  c.groups = {0, 0, 0, 1, 1, 1};
  c.charges[1].q = std::nan("");
  try {
    c.validate({"O", "H", "H", "O", "H", "H"});
    ADD_FAILURE() << "accepted a NaN charge";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("charge 1 (H): q must be finite"), std::string::npos) << e.what();
  }
}

// MinMax scaling maps E - E_coul (what the circuit must represent) onto the observable.
TEST(PairCoulomb, MinMaxScalingUsesEnergiesNetOfTheCoulombTerm) {
  std::mt19937 rng(9);
  const FragmentModel m = dimer(true, rng);
  expect_minmax_scaling_net_of(m, [&](const Vec3* x) { return m.coulomb->evaluate(m.species, x, nullptr); }, rng);
}

// model.coulomb in a training config: charges as an object species -> q, absent or empty
// for none, sigma required with charges, and errors naming the key.
TEST(PairCoulomb, TrainConfigBuildsTheTermAndNamesBadKeys) {
  using nlohmann::json;
  const json base{{"model", {{"kind", "sivqlm_ab2_dimer"}}}, {"data", {{"file", "x"}}}};
  EXPECT_FALSE(train::parse_train_config(train::resolve_config(base, {})).builder.coulomb);
  const train::TrainConfig c = train::parse_train_config(
      train::resolve_config(base, {"model.coulomb.charges={\"O\": -0.8, \"H\": 0.4}", "model.coulomb.sigma=0.6"}));
  ASSERT_TRUE(c.builder.coulomb);
  EXPECT_EQ(c.builder.coulomb->sigma, 0.6);
  ASSERT_EQ(c.builder.coulomb->charges.size(), 2u);
  EXPECT_EQ(c.builder.coulomb->charges[0].species, "H");  // JSON object order
  EXPECT_EQ(c.builder.coulomb->charges[1].q, -0.8);
  EXPECT_TRUE(c.builder.coulomb->groups.empty());  // the kind's default, filled in by build_model
  EXPECT_EQ(build_model("sivqlm_ab2_dimer", c.builder).coulomb->groups, (std::vector<int>{0, 0, 0, 1, 1, 1}));

  auto err = [&](const std::vector<std::string>& sets) {
    try {
      train::parse_train_config(train::resolve_config(base, sets));
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  const std::string q = "model.coulomb.charges={\"O\": -0.8, \"H\": 0.4}";
  EXPECT_NE(err({q}).find("config key 'model.coulomb.sigma': must be > 0 when charges are given"), std::string::npos)
      << err({q});
  EXPECT_NE(err({q, "model.coulomb.sigma=-1"}).find("'model.coulomb.sigma'"), std::string::npos);
  EXPECT_NE(err({"model.coulomb.sigmaa=1"}).find("'model.coulomb.sigmaa': unknown key"), std::string::npos);
  EXPECT_NE(err({"model.coulomb.charges=[-0.8, 0.4]"}).find("'model.coulomb.charges': expected an object"),
            std::string::npos)
      << err({"model.coulomb.charges=[-0.8, 0.4]"});
  EXPECT_NE(err({"model.coulomb.charges={\"O\": \"-0.8\"}", "model.coulomb.sigma=1"})
                .find("'model.coulomb.charges.O': expected a finite number"),
            std::string::npos);
  EXPECT_NE(err({q, "model.coulomb.sigma=1", "model.coulomb.groups=[0, 0.5]"}).find("'model.coulomb.groups'"),
            std::string::npos);
}
