// The fixed pair repulsion of a fragment model (models/pair_repulsion.h): its value
// against a hand sum, that it is added to energies, forces and training terms without
// changing the parameter derivatives, the potential-file round trip, and the errors for
// malformed repulsion blocks. (Invariances, FD forces and virials of models that carry a
// repulsion run in test_models.cpp: DimerWithRepulsion, H2OWithRepulsion.)
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/potential_file.h"
#include "model_test_helpers.h"
#include "potential_edit_checks.h"
#include "train/data.h"

using namespace qmlff;
using namespace qmlff::testing;

namespace {

PairRepulsion water_repulsion() {
  PairRepulsion rep;
  rep.terms = {{"O", "O", 40.0, 0.45}, {"H", "O", 25.0, 0.4}, {"H", "H", 10.0, 0.35}};
  return rep;
}

FragmentModel dimer(bool with_repulsion, std::mt19937& rng) {
  BuilderOptions o;
  o.depth = 2;
  o.dimer_inputs = "monomer";
  o.dimer_coupling = "molecule";
  if (with_repulsion) o.repulsion = water_repulsion();
  return random_model("sivqlm_ab2_dimer", o, rng);
}

double dist(const Vec3& a, const Vec3& b) {
  return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
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
      hand += A * std::exp(-dist(x[a], x[b]) / rho);
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
  const int n = 6, np = rep.model().n_params();
  std::vector<Vec3> w(n), f0(n), f1(n), fe(n);
  for (int a = 0; a < n; ++a) w[a] = {0.3 * a - 0.7, 0.1 * a, 0.5 - 0.2 * a};
  std::vector<double> de0(np), de1(np), dfw0(np), dfw1(np);
  const double* theta = rep.model().parameters.data();
  const double e0 = plain.train_terms(theta, x.data(), f0.data(), de0.data(), w.data(), dfw0.data());
  const double e1 = rep.train_terms(theta, x.data(), f1.data(), de1.data(), w.data(), dfw1.data());
  EXPECT_EQ(de0, de1);
  EXPECT_EQ(dfw0, dfw1);
  const double e_ref = rep.energy_forces(x.data(), fe.data());
  EXPECT_NEAR(e1, e_ref, 1e-13);
  EXPECT_GT(e1 - e0, 0.05);
  for (int a = 0; a < n; ++a)
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(f1[a][k], fe[a][k], 1e-12);
}

TEST(PairRepulsion, PotentialFileRoundTripIsBitIdenticalAndVersion2) {
  std::mt19937 rng(7);
  const FragmentModel m = dimer(true, rng);
  const std::string text = serialize_potential(m);
  EXPECT_NE(text.find("\"version\": 2"), std::string::npos);
  const FragmentModel back = parse_potential(text, "mem.json");
  ASSERT_TRUE(back.repulsion);
  EXPECT_EQ(serialize_potential(back), text);
  FragmentEvaluator a(m), b(back);
  const auto x = sample_geometry("sivqlm_ab2_dimer", rng);
  EXPECT_EQ(a.energy(x.data()), b.energy(x.data()));
  // A model without a repulsion is still written as version 1 (older readers accept it).
  std::mt19937 rng2(7);
  EXPECT_NE(serialize_potential(dimer(false, rng2)).find("\"version\": 1"), std::string::npos);
}

TEST(PairRepulsion, MalformedBlocksAreRejectedWithTheFieldName) {
  std::mt19937 rng(8);
  const nlohmann::json good = nlohmann::json::parse(serialize_potential(dimer(true, rng)));
  auto expect_error = [&](const std::function<void(nlohmann::json&)>& edit, const std::string& needle) {
    expect_edit_rejected(good, edit, needle);
  };
  using J = nlohmann::json;
  expect_error([](J& j) { j["version"] = 1; }, "needs format version 2");
  expect_error([](J& j) { j["version"] = 3; }, "unsupported version 3");
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
  FragmentModel m = dimer(true, rng);
  std::vector<train::TrainFrame> frames(3);
  std::vector<double> net;
  for (int i = 0; i < 3; ++i) {
    frames[i].positions = sample_geometry("sivqlm_ab2_dimer", rng);
    frames[i].energy = -0.1 * i;
    net.push_back(frames[i].energy - m.repulsion->evaluate(m.species, frames[i].positions.data(), nullptr));
  }
  const auto [emin, emax] = train::set_minmax_scaling(m, frames, {0, 1, 2}, 0.0, -1.0, 1.0);
  EXPECT_NEAR(emin, *std::min_element(net.begin(), net.end()), 1e-14);
  EXPECT_NEAR(emax, *std::max_element(net.begin(), net.end()), 1e-14);
  EXPECT_NEAR(m.offset - m.scale, emin, 1e-14);
}
