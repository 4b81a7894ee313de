// `qmlff compare` bookkeeping: one CV run per model, the table's mean and sigma equal
// those of the per-fold metrics the trainer wrote, no silent overwrite.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "io/atomic_write.h"
#include "io/dataset.h"
#include "train/compare.h"

using namespace qmlff;
using namespace qmlff::train;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Water frames labelled by harmonic bonds: E = sum_k (|r_Hk - r_O| - 1)^2, F = -grad E.
std::string write_water(const std::string& dir, int n) {
  std::mt19937 rng(3);
  std::normal_distribution<double> d(0.0, 0.06);
  std::vector<Frame> frames;
  for (int i = 0; i < n; ++i) {
    Frame f;
    f.species = {"O", "H", "H"};
    f.positions = {Vec3{d(rng), d(rng), 0.117 + d(rng)}, Vec3{d(rng), 0.757 + d(rng), -0.469 + d(rng)},
                   Vec3{d(rng), -0.757 + d(rng), -0.469 + d(rng)}};
    f.forces.assign(3, Vec3{0, 0, 0});
    double e = 0;
    for (int k = 1; k < 3; ++k) {
      Vec3 b;
      for (int c = 0; c < 3; ++c) b[c] = f.positions[k][c] - f.positions[0][c];
      const double r = std::sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
      e += (r - 1) * (r - 1);
      for (int c = 0; c < 3; ++c) {
        const double g = 2 * (r - 1) * b[c] / r;
        f.forces[k][c] -= g;
        f.forces[0][c] += g;
      }
    }
    f.energy = e - 2079.0;
    frames.push_back(f);
  }
  const std::string path = (fs::path(dir) / "water.extxyz").string();
  write_extxyz(path, frames, true);
  return path;
}

std::vector<std::map<std::string, std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  auto split = [](const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string cell;
    while (std::getline(ss, cell, ',')) out.push_back(cell);
    if (!s.empty() && s.back() == ',') out.push_back("");
    return out;
  };
  const auto header = split(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    const auto cells = split(line);
    EXPECT_EQ(cells.size(), header.size());
    std::map<std::string, std::string> r;
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) r[header[i]] = cells[i];
    rows.push_back(r);
  }
  return rows;
}

}  // namespace

TEST(Compare, FoldStatIsPopulationMeanAndSigma) {
  const FoldStat s = fold_stat({1.0, 2.0, 4.0, 5.0});
  EXPECT_DOUBLE_EQ(s.mean, 3.0);
  EXPECT_DOUBLE_EQ(s.std, std::sqrt(2.5));
  EXPECT_DOUBLE_EQ(s.cov, std::sqrt(2.5) / 3.0);
  EXPECT_EQ(s.n, 4);
}

TEST(Compare, TinyRunTableMatchesPerFoldMetrics) {
  const fs::path dir = fs::path(QMLFF_BINARY_DIR) / "test_compare_tmp";
  fs::remove_all(dir);
  fs::create_directories(dir);
  write_water(dir.string(), 12);
  const json cfg = {
      {"folds", 3},
      {"title", "tiny"},
      {"common",
       {{"data", {{"file", "water.extxyz"}}},
        {"steps", 6},
        {"loss", {{"type", "two_phase"}, {"energy_steps", 3}, {"force_weight", 0.1}}},
        {"output", {{"log_every", 1000}}}}},
      {"models",
       {{{"label", "si"}, {"config", {{"model", {{"kind", "sivqlm_ab2"}, {"depth", 1}, {"blocks", 1}}}}}},
        {{"label", "generic"},
         {"config", {{"model", {{"kind", "generic_vqlm"}, {"depth", 1}, {"species", {"O", "H", "H"}}}}}}}}}};
  const std::string cfg_path = (dir / "cmp.json").string();
  write_file_atomically(cfg_path, cfg.dump(1), true);
  CompareOptions o;
  o.config = cfg_path;
  o.out_dir = (dir / "out").string();
  o.command_line = "qmlff compare cmp.json";
  std::ostringstream out, err;
  ASSERT_EQ(run_compare_command(o, out, err), 0) << err.str();

  const auto rows = read_csv((dir / "out" / "comparison.csv").string());
  ASSERT_EQ(rows.size(), 2u);
  const std::map<std::string, int> params = {{"si", 1 + 3 + 1 /*alpha, J x3, SB eps*/}, {"generic", 2 + 2 * 3}};
  for (const auto& r : rows) {
    const std::string label = r.at("label");
    SCOPED_TRACE(label);
    EXPECT_EQ(r.at("folds"), "3");
    EXPECT_EQ(std::stoi(r.at("params")), params.at(label));
    const json cv = json::parse(read_text_file((dir / "out" / label / "cv_metrics.json").string()));
    ASSERT_EQ(cv["folds"].size(), 3u);
    for (int f = 0; f < 3; ++f) EXPECT_TRUE(fs::exists(dir / "out" / label / ("fold_" + std::to_string(f)) / "metrics.json"));
    for (const std::string key : {"test.energy.rmse", "test.energy.mae", "test.energy.r2", "test.forces.rmse",
                                  "test.forces.r2", "train.energy.mse", "test.energy_post_corrected.rmse"}) {
      // Recompute from each fold's own metrics.json, independently of the table code.
      std::vector<double> v;
      for (int f = 0; f < 3; ++f) {
        const json m = json::parse(read_text_file((dir / "out" / label / ("fold_" + std::to_string(f)) / "metrics.json").string()));
        const auto dot1 = key.find('.'), dot2 = key.rfind('.');
        v.push_back(m[key.substr(0, dot1)][key.substr(dot1 + 1, dot2 - dot1 - 1)][key.substr(dot2 + 1)].get<double>());
      }
      const double mean = (v[0] + v[1] + v[2]) / 3;
      double var = 0;
      for (double x : v) var += (x - mean) * (x - mean);
      const double sd = std::sqrt(var / 3);
      EXPECT_NEAR(std::stod(r.at(key + ".mean")), mean, 1e-9 * std::abs(mean) + 1e-300) << key;
      EXPECT_NEAR(std::stod(r.at(key + ".std")), sd, 1e-9 * std::abs(sd) + 1e-15) << key;
      if (mean != 0) {
        EXPECT_NEAR(std::stod(r.at(key + ".cov")), sd / mean, 1e-9 * std::abs(sd / mean) + 1e-15) << key;
      }
      // The trainer's own summary agrees.
      EXPECT_NEAR(cv["summary"][key]["mean"].get<double>(), mean, 1e-12 * std::abs(mean)) << key;
    }
  }
  const std::string md = read_text_file((dir / "out" / "comparison.md").string());
  EXPECT_NE(md.find("| si | sivqlm_ab2 | 5 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| generic | generic_vqlm | 8 |"), std::string::npos) << md;
  EXPECT_NE(md.find("3-fold cross-validation"), std::string::npos);
  EXPECT_NE(md.find("| model | fold 0 | fold 1 | fold 2 |\n|---|---|---|---|\n| si |"), std::string::npos) << md;
  EXPECT_NE(md.find("qmlff compare cmp.json"), std::string::npos);

  // No silent overwrite; --force replaces.
  std::ostringstream err2;
  EXPECT_EQ(run_compare_command(o, out, err2), 2);
  EXPECT_NE(err2.str().find("--force"), std::string::npos) << err2.str();
  o.force = true;
  std::ostringstream err3;
  EXPECT_EQ(run_compare_command(o, out, err3), 0) << err3.str();
}

TEST(Compare, BadConfigsAreNamed) {
  const fs::path dir = fs::path(QMLFF_BINARY_DIR) / "test_compare_bad";
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto run = [&](const json& cfg) {
    const std::string p = (dir / "c.json").string();
    write_file_atomically(p, cfg.dump(), true);
    CompareOptions o;
    o.config = p;
    o.out_dir = (dir / "out").string();
    std::ostringstream out, err;
    EXPECT_EQ(run_compare_command(o, out, err), 2);
    return err.str();
  };
  EXPECT_NE(run({{"models", json::array()}}).find("'models'"), std::string::npos);
  EXPECT_NE(run({{"modles", 1}}).find("unknown key"), std::string::npos);
  const json dup = {{"common", {{"data", {{"file", "x.extxyz"}}}}},
                    {"models", {{{"label", "a"}, {"config", {{"model", {{"kind", "sivqlm_ab"}}}}}},
                                {{"label", "a"}, {"config", {{"model", {{"kind", "sivqlm_ab"}}}}}}}}};
  EXPECT_NE(run(dup).find("duplicate label"), std::string::npos);
  const json bad = {{"models", {{{"label", "a/b"}, {"config", {{"model", {{"kind", "sivqlm_ab"}}}}}}}}};
  EXPECT_NE(run(bad).find("label"), std::string::npos);
}
