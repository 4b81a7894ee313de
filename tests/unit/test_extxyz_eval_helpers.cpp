// Metrics and frame-to-model matching used by `qmlff eval` and the trainer
// (src/io/metrics.cpp, src/io/frame_matching.cpp).
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "io/frame_matching.h"
#include "io/metrics.h"

using namespace qmlff;

TEST(Metrics, HandWorkedValues) {
  const std::vector<double> ref{1.0, 2.0, 3.0, 4.0};
  const std::vector<double> pred{1.5, 2.0, 2.0, 4.0};
  const Metrics m = compute_metrics(ref, pred);
  EXPECT_EQ(m.n, 4u);
  EXPECT_DOUBLE_EQ(m.mse, (0.25 + 0 + 1.0 + 0) / 4);
  EXPECT_DOUBLE_EQ(m.mae, (0.5 + 1.0) / 4);
  EXPECT_DOUBLE_EQ(m.rmse, std::sqrt(1.25 / 4));
  EXPECT_DOUBLE_EQ(m.r2, 1.0 - 1.25 / 5.0);  // mean 2.5, ss_tot = 2.25+0.25+0.25+2.25
  EXPECT_DOUBLE_EQ(m.max_abs, 1.0);
}

TEST(Metrics, PerfectAndDegenerate) {
  const Metrics p = compute_metrics({1, 2, 3}, {1, 2, 3});
  EXPECT_EQ(p.mse, 0.0);
  EXPECT_EQ(p.r2, 1.0);
  EXPECT_TRUE(std::isnan(compute_metrics({2, 2}, {2, 3}).r2));
  const Metrics e = compute_metrics({}, {});
  EXPECT_EQ(e.n, 0u);
  EXPECT_TRUE(std::isnan(e.mse));
  EXPECT_THROW(compute_metrics({1}, {1, 2}), Error);
}

// Issue 23: a NaN prediction must show in every metric, max|err| included (it used to be
// skipped by the comparison and max|err| reported the largest finite error).
TEST(Metrics, NaNIsNeverSkipped) {
  for (const std::vector<double>& pred : {std::vector<double>{NAN, 2.5, 3.0}, std::vector<double>{1.0, 2.5, NAN}}) {
    const Metrics m = compute_metrics({1, 2, 3}, pred);
    EXPECT_TRUE(std::isnan(m.max_abs));
    EXPECT_TRUE(std::isnan(m.mse));
    EXPECT_TRUE(std::isnan(m.mae));
  }
  EXPECT_EQ(metric_text(NAN, "{:.8f}"), "n/a");
  EXPECT_EQ(metric_text(0.5, "{:.3f}"), "0.500");
}

TEST(FrameMatching, StableOrderAndReorder) {
  const std::vector<std::string> model{"O", "H", "H"};
  EXPECT_EQ(match_species_order({"O", "H", "H"}, model, "x"), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(match_species_order({"H", "O", "H"}, model, "x"), (std::vector<int>{1, 0, 2}));
  EXPECT_EQ(match_species_order({"H", "H", "O"}, model, "x"), (std::vector<int>{2, 0, 1}));
  const std::vector<int> order{2, 0, 1};
  const std::vector<Vec3> frame_pos{{1, 0, 0}, {2, 0, 0}, {3, 0, 0}};
  const auto model_pos = reorder_to_model(frame_pos, order);
  EXPECT_EQ(model_pos[0][0], 3.0);
  EXPECT_EQ(model_pos[1][0], 1.0);
  EXPECT_EQ(reorder_to_frame(model_pos, order), frame_pos);
  EXPECT_EQ(composition_string({"O", "H", "H", "O", "H", "H"}), "O2H4");
  EXPECT_EQ(composition_string({"Li", "H"}), "LiH");
}

TEST(FrameMatching, WrongCompositionNamesBoth) {
  const std::vector<std::string> model{"O", "H", "H"};
  for (const auto& frame : std::vector<std::vector<std::string>>{{"O", "H"}, {"N", "H", "H"}, {"O", "O", "H"}}) {
    try {
      match_species_order(frame, model, "data.xyz:7: frame 2");
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      const std::string msg = e.what();
      EXPECT_EQ(msg.rfind("data.xyz:7: frame 2: frame composition " + composition_string(frame), 0), 0u) << msg;
      EXPECT_NE(msg.find("model's composition OH2"), std::string::npos) << msg;
    }
  }
}
