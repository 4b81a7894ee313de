// The fixed pair repulsion of a fragment model (models/pair_repulsion.h): its value
// against a hand sum, that it is added to energies, forces and training terms without
// changing the parameter derivatives, the potential-file round trip, and the errors for
// malformed repulsion blocks. (Invariances, FD forces and virials of models that carry a
// repulsion run in test_models.cpp: DimerWithRepulsion, H2OWithRepulsion.)
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "baseline_checks.h"
#include "core/error.h"
#include "io/potential_file.h"
#include "model_test_helpers.h"
#include "potential_edit_checks.h"

using namespace qmlff;
using namespace qmlff::testing;

namespace {

PairRepulsion water_repulsion() {
  PairRepulsion rep;
  rep.terms = {{"O", "O", 40.0, 0.45}, {"H", "O", 25.0, 0.4}, {"H", "H", 10.0, 0.35}};
  return rep;
}

FragmentModel dimer(bool with_repulsion, std::mt19937& rng) {
  BuilderOptions o = small_dimer_options();
  if (with_repulsion) o.repulsion = water_repulsion();
  return random_model("sivqlm_ab2_dimer", o, rng);
}

}  // namespace

TEST(PairRepulsion, DimerAddsTheNineIntermolecularBornMayerTerms) {
  std::mt19937 rng(5), rng2(5);
  FragmentEvaluator plain(dimer(false, rng)), rep(dimer(true, rng2));
  EXPECT_EQ(rep.model().repulsion->groups, (std::vector<int>{0, 0, 0, 1, 1, 1}));
  const auto x = sample_geometry("sivqlm_ab2_dimer", rng);
  double hand = 0;
  const char* sp = "OHHOHH";
  for (int a = 0; a < 3; ++a)
    for (int b = 3; b < 6; ++b) {
      const int n_o = (sp[a] == 'O') + (sp[b] == 'O');
      const double A = n_o == 2 ? 40.0 : n_o == 1 ? 25.0 : 10.0, rho = n_o == 2 ? 0.45 : n_o == 1 ? 0.4 : 0.35;
      hand += A * std::exp(-distance(x[a], x[b]) / rho);
    }
  ASSERT_GT(hand, 0.05);  // the test geometry is close enough for the term to matter
  EXPECT_NEAR(rep.energy(x.data()) - plain.energy(x.data()), hand, 1e-12);
}

// Training: the energy and forces include the repulsion; dE/dtheta and d(F.w)/dtheta are
// those of the circuit alone (the repulsion has no parameters).
TEST(PairRepulsion, TrainTermsAddEnergyAndForcesButNotParameterDerivatives) {
  std::mt19937 rng(6), rng2(6);
  FragmentEvaluator plain(dimer(false, rng)), rep(dimer(true, rng2));
  const auto x = sample_geometry("sivqlm_ab2_dimer", rng);
  EXPECT_GT(expect_train_terms_add_only_energy_and_forces(plain, rep, x), 0.05);
}

TEST(PairRepulsion, PotentialFileRoundTripIsBitIdenticalAndVersion2) {
  std::mt19937 rng(7);
  const FragmentModel m = dimer(true, rng);
  EXPECT_TRUE(expect_round_trip_bit_identical(m, 2, sample_geometry("sivqlm_ab2_dimer", rng)).repulsion);
  // A model without a repulsion is still written as version 1 (older readers accept it).
  std::mt19937 rng2(7);
  EXPECT_NE(serialize_potential(dimer(false, rng2)).find("\"version\": 1"), std::string::npos);
}

TEST(PairRepulsion, MalformedBlocksAreRejectedWithTheFieldName) {
  std::mt19937 rng(8);
  const auto expect_error = edit_rejecter(dimer(true, rng));
  using J = nlohmann::json;
  expect_error([](J& j) { j["version"] = 1; }, "needs format version 2");
  expect_error([](J& j) { j["version"] = 4; }, "unsupported version 4");
  expect_error([](J& j) { j["repulsion"]["form"] = "lennard_jones"; }, "repulsion.form");
  expect_error([](J& j) { j["repulsion"].erase("terms"); }, "repulsion.terms");
  expect_error([](J& j) { j["repulsion"]["terms"][0]["A"] = -40.0; }, "A must be finite and >= 0");
  expect_error([](J& j) { j["repulsion"]["terms"][0]["rho"] = 0.0; }, "rho must be finite and > 0");
  expect_error([](J& j) { j["repulsion"]["terms"][0]["species"] = {"O"}; }, "expected two species");
  expect_error([](J& j) { j["repulsion"]["terms"][2]["species"] = {"O", "O"}; }, "duplicate species pair");
  expect_error([](J& j) { j["repulsion"]["terms"][2]["species"] = {"O", "N"}; },
               "no term for the species pair H-H");
  expect_error([](J& j) { j["repulsion"]["groups"].push_back(1); }, "'groups' has 7 entries");
}

// MinMax scaling maps E - E_rep (what the circuit must represent) onto the observable.
TEST(PairRepulsion, MinMaxScalingUsesEnergiesNetOfTheRepulsion) {
  std::mt19937 rng(9);
  const FragmentModel m = dimer(true, rng);
  expect_minmax_scaling_net_of(m, [&](const Vec3* x) { return m.repulsion->evaluate(m.species, x, nullptr); }, rng);
}
