// Fixed Morse bonds of a fragment model (models/morse_bonds.h): value against the
// formula, that the model adds them (with the repulsion) to energies and forces, the
// potential-file round trip, and the errors for malformed bond blocks. (Invariances, FD
// forces and virials of a model with bonds: test_models.cpp, case H2OWithBaseline.)
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/potential_file.h"
#include "model_test_helpers.h"
#include "potential_edit_checks.h"

using namespace qmlff;
using namespace qmlff::testing;

namespace {

FragmentModel h2o(bool with_bonds, std::mt19937& rng) {
  BuilderOptions o;
  o.depth = 2;
  o.blocks = 2;
  if (with_bonds) {
    MorseBonds mb;
    mb.bonds = {{0, 1, 4.5, 2.3, 0.97}, {0, 2, 4.5, 2.3, 0.97}, {1, 2, 0.8, 1.5, 1.52}};
    o.bonds = mb;
  }
  return random_model("sivqlm_ab2", o, rng);
}

double morse(double D, double a, double r0, double r) { return D * std::pow(1.0 - std::exp(-a * (r - r0)), 2); }

}  // namespace

TEST(MorseBonds, ModelAddsTheThreeMorseTerms) {
  std::mt19937 rng(3), rng2(3);
  FragmentEvaluator plain(h2o(false, rng)), with(h2o(true, rng2));
  // A stretched, bent geometry, so every term is far from its minimum.
  const std::vector<Vec3> x = {{0.1, -0.2, 0.05}, {1.45, -0.1, 0.0}, {-0.2, 0.8, 0.3}};
  auto dist = [&](int a, int b) {
    return std::sqrt(std::pow(x[a][0] - x[b][0], 2) + std::pow(x[a][1] - x[b][1], 2) + std::pow(x[a][2] - x[b][2], 2));
  };
  const double hand =
      morse(4.5, 2.3, 0.97, dist(0, 1)) + morse(4.5, 2.3, 0.97, dist(0, 2)) + morse(0.8, 1.5, 1.52, dist(1, 2));
  ASSERT_GT(hand, 0.3);
  EXPECT_NEAR(with.energy(x.data()) - plain.energy(x.data()), hand, 1e-12);
  std::vector<Vec3> f0(3), f1(3);
  plain.energy_forces(x.data(), f0.data());
  with.energy_forces(x.data(), f1.data());
  // The bonds' share of the force on every atom against central differences of the formula.
  const MorseBonds& mb = *with.model().bonds;
  const double h = 1e-6;
  for (int a = 0; a < 3; ++a)
    for (int k = 0; k < 3; ++k) {
      auto e = [&](double dx) {
        std::vector<Vec3> y = x;
        y[a][k] += dx;
        return mb.evaluate(y.data(), nullptr);
      };
      EXPECT_NEAR(f1[a][k] - f0[a][k], -(e(h) - e(-h)) / (2 * h), 1e-7) << "atom " << a << " comp " << k;
    }
}

TEST(MorseBonds, PotentialFileRoundTripIsBitIdentical) {
  std::mt19937 rng(4);
  const FragmentModel m = h2o(true, rng);
  const std::string text = serialize_potential(m);
  EXPECT_NE(text.find("\"version\": 2"), std::string::npos);
  const FragmentModel back = parse_potential(text, "mem.json");
  ASSERT_TRUE(back.bonds);
  EXPECT_EQ(serialize_potential(back), text);
}

TEST(MorseBonds, MalformedBlocksAreRejectedWithTheFieldName) {
  std::mt19937 rng(5);
  const auto expect_error = edit_rejecter(h2o(true, rng));
  using J = nlohmann::json;
  expect_error([](J& j) { j["version"] = 1; }, "needs format version 2");
  expect_error([](J& j) { j["bonds"]["form"] = "harmonic"; }, "bonds.form");
  expect_error([](J& j) { j["bonds"]["terms"][0]["atoms"] = {0, 3}; }, "atom indices must be distinct and in [0, 3)");
  expect_error([](J& j) { j["bonds"]["terms"][0]["atoms"] = {1, 1}; }, "atom indices must be distinct");
  expect_error([](J& j) { j["bonds"]["terms"][0]["atoms"] = {0}; }, "expected two atom indices");
  expect_error([](J& j) { j["bonds"]["terms"][1]["atoms"] = {1, 0}; }, "the pair is already term 0");
  expect_error([](J& j) { j["bonds"]["terms"][0]["D"] = -1.0; }, "D must be finite and >= 0");
  expect_error([](J& j) { j["bonds"]["terms"][0]["alpha"] = 0.0; }, "alpha must be finite and > 0");
  expect_error([](J& j) { j["bonds"]["terms"][0].erase("r0"); }, "bonds.terms[0].r0");
}
