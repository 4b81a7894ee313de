// Many-body expansion helpers: the switching function (values, C2 continuity, derivative)
// and reading the training target of a two-body model from its provenance.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "interface/many_body.h"

using namespace qmlff;

TEST(SmoothSwitch, EndpointsAndMidpoint) {
  const SmoothSwitch sw(2.5, 4.5);
  double d;
  EXPECT_EQ(sw.value(1.0, &d), 1.0);
  EXPECT_EQ(d, 0.0);
  EXPECT_EQ(sw.value(2.5, &d), 1.0);
  EXPECT_EQ(sw.value(4.5, &d), 0.0);
  EXPECT_EQ(sw.value(7.0, &d), 0.0);
  EXPECT_EQ(d, 0.0);
  // t = 1/2: 1 - (10/8 - 15/16 + 6/32) = 1/2, slope -30 (1/4)(1/4) / 2 = -15/16
  EXPECT_NEAR(sw.value(3.5, &d), 0.5, 1e-15);
  EXPECT_NEAR(d, -15.0 / 16.0, 1e-15);
}

TEST(SmoothSwitch, DerivativeMatchesFiniteDifference) {
  const SmoothSwitch sw(2.5, 4.5);
  const double h = 1e-6;
  for (double r = 2.55; r < 4.5; r += 0.137) {
    double d, dp, dm;
    sw.value(r, &d);
    const double fd = (sw.value(r + h, &dp) - sw.value(r - h, &dm)) / (2 * h);
    EXPECT_NEAR(d, fd, 1e-8) << "r = " << r;
    // second derivative from the first: finite and continuous (checked at the ends below)
    EXPECT_TRUE(std::isfinite((dp - dm) / (2 * h)));
  }
}

TEST(SmoothSwitch, FirstAndSecondDerivativesVanishAtBothEnds) {
  const SmoothSwitch sw(2.5, 4.5);
  const double eps = 1e-5;
  for (double r : {2.5 + eps, 4.5 - eps}) {
    double d, dp;
    sw.value(r, &d);
    sw.value(r + 1e-7, &dp);
    EXPECT_LT(std::abs(d), 1e-8) << r;                 // s' ~ 30 t^2: 3e-9 at t = 5e-6
    EXPECT_LT(std::abs((dp - d) / 1e-7), 1e-3) << r;   // s'' ~ 60 t: 3e-4
  }
}

TEST(SmoothSwitch, RejectsBadDistances) {
  EXPECT_THROW(SmoothSwitch(4.0, 3.0), Error);
  EXPECT_THROW(SmoothSwitch(3.0, 3.0), Error);
  EXPECT_THROW(SmoothSwitch(-1.0, 3.0), Error);
}

TEST(TrainedEnergyTarget, FromProvenance) {
  FragmentModel m;
  m.provenance_json = R"({"config": {"data": {"energy_key": "interaction_energy"}}})";
  EXPECT_EQ(trained_energy_target(m), EnergyTarget::Interaction);
  m.provenance_json = R"({"config": {"data": {"energy_key": "energy"}}})";
  EXPECT_EQ(trained_energy_target(m), EnergyTarget::Total);
  EXPECT_EQ(trained_energy_key(m), "energy");
  m.provenance_json = "{}";
  EXPECT_EQ(trained_energy_target(m), EnergyTarget::Unknown);
  m.provenance_json = "not json";
  EXPECT_EQ(trained_energy_target(m), EnergyTarget::Unknown);
}
