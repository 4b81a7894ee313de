// The training ETA per phase (issue 23: "ETA 0:04" at step 1500 of 3000 of a two-phase run,
// which then took far longer because force steps cost more).
#include <gtest/gtest.h>

#include <cmath>

#include "train/phase_eta.h"

using qmlff::train::PhaseEta;

TEST(PhaseEta, EnergyPhaseExtrapolatesForceStepsWithTheCostRatio) {
  PhaseEta eta;
  EXPECT_TRUE(std::isnan(eta.eta(10, 10)));
  for (int k = 0; k < 4; ++k) eta.record(false, 0.002);  // 2 ms per energy step
  // 1500 energy steps and 1500 force steps left: 3 s + 1500 * 2.3 * 2 ms = 9.9 s
  EXPECT_NEAR(eta.eta(1500, 1500), 3.0 + 6.9, 1e-9);
  // a mean over steps would say 6 s
}

TEST(PhaseEta, MeasuredForceStepsReplaceTheEstimate) {
  PhaseEta eta;
  eta.record(false, 0.002);
  eta.record(true, 0.010);
  eta.record(true, 0.012);
  EXPECT_NEAR(eta.eta(0, 100), 1.1, 1e-12);
  EXPECT_NEAR(eta.eta(5, 100), 1.11, 1e-12);
}
