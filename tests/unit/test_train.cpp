// Trainer: loss gradient vs finite differences, a short run lowers the loss, k-fold
// bookkeeping, resume == uninterrupted (bitwise), config and dataset errors, outputs.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "io/atomic_write.h"
#include "io/dataset.h"
#include "io/potential_file.h"
#include "models/builders.h"
#include "models/fragment_evaluator.h"
#include "train/config.h"
#include "train/data.h"
#include "train/loss.h"
#include "train/optimizer.h"
#include "train/report.h"
#include "train/trainer.h"
#include "train_test_helpers.h"

using namespace qmlff;
using namespace qmlff::train;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string tmp_dir(const std::string& name) {
  const fs::path p = fs::path(QMLFF_BINARY_DIR) / "test_train_tmp" / name;
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

// Water-like geometries (O first, as in the model) with random distortions.
std::vector<std::vector<Vec3>> water_geometries(int n, std::mt19937& rng) {
  std::normal_distribution<double> d(0.0, 0.08);
  std::vector<std::vector<Vec3>> out;
  for (int i = 0; i < n; ++i) {
    out.push_back({Vec3{0.0 + d(rng), 0.0 + d(rng), 0.117 + d(rng)}, Vec3{0.0 + d(rng), 0.757 + d(rng), -0.469 + d(rng)},
                   Vec3{0.0 + d(rng), -0.757 + d(rng), -0.469 + d(rng)}});
  }
  return out;
}

// Labels from a random "teacher" model of the same kind (so a perfect fit exists).
std::vector<TrainFrame> teacher_frames(const std::string& kind, int depth, int n, unsigned seed) {
  std::mt19937 rng(seed);
  BuilderOptions o = default_builder_options(kind);
  o.depth = depth;
  FragmentModel t = build_model(kind, o);
  std::uniform_real_distribution<double> u(-0.6, 0.6);
  for (std::size_t k = 0; k < t.parameters.size(); ++k)
    t.parameters[k] = is_encoding_scale_label(t.parameter_labels[k]) ? 0.9 + 0.2 * u(rng) : u(rng);
  t.scale = 0.4;
  t.offset = -2079.0;
  FragmentEvaluator ev(t);
  std::vector<TrainFrame> frames;
  for (auto& g : water_geometries(n, rng)) {
    TrainFrame f;
    f.positions = g;
    f.forces.resize(g.size());
    f.energy = ev.energy_forces(g.data(), f.forces.data());
    frames.push_back(f);
  }
  return frames;
}

std::string write_fixture(const std::string& dir, const std::vector<TrainFrame>& frames) {
  std::vector<Frame> out;
  for (const auto& t : frames) {
    Frame f;
    f.species = {"H", "O", "H"};  // not model order: exercises species matching
    f.positions = {t.positions[1], t.positions[0], t.positions[2]};
    f.forces = {t.forces[1], t.forces[0], t.forces[2]};
    f.energy = t.energy;
    out.push_back(f);
  }
  const std::string path = (fs::path(dir) / "water.extxyz").string();
  write_extxyz(path, out, true);
  return path;
}

json small_config(const std::string& data) {
  return json{{"model", {{"kind", "sivqlm_ab2"}, {"depth", 2}}},
              {"data", {{"file", data}, {"test_fraction", 0.25}, {"val_fraction", 0.15}}},
              {"steps", 40},
              {"optimizer", {{"lr", 0.05}}},
              {"loss", {{"type", "energy_forces"}, {"force_weight", 0.5}}},
              {"output", {{"eval_every", 10}, {"checkpoint_every", 7}, {"log_every", 1000}}},
              {"seed", 7}};
}

using qmlff::testing::error_of;

}  // namespace

// The gradient of L = MSE(E) + w MSE(F) against central differences, for a model with a
// body frame (H2O with symmetry breaking), one without (LiH) and the 7-qubit dimer.
TEST(TrainLoss, GradientMatchesFiniteDifferences) {
  struct Case {
    std::string kind;
    int depth;
  };
  for (const Case& c : {Case{"sivqlm_ab2", 2}, Case{"sivqlm_ab", 3}, Case{"sivqlm_ab2_dimer", 2}}) {
    BuilderOptions o = default_builder_options(c.kind);
    o.depth = c.depth;
    FragmentModel m = build_model(c.kind, o);
    m.scale = 1.7;
    m.offset = 0.3;
    std::mt19937 rng(11);
    std::normal_distribution<double> d(0.0, 1.0);
    std::vector<TrainFrame> frames(5);
    for (auto& f : frames) {
      for (int a = 0; a < m.n_atoms(); ++a) {
        f.positions.push_back({d(rng), d(rng), d(rng)});
        f.forces.push_back({d(rng), d(rng), d(rng)});
      }
      f.energy = d(rng);
    }
    std::vector<double> theta = m.parameters;
    for (double& t : theta) t += 0.3 * d(rng);
    const std::vector<int> idx{0, 1, 2, 3, 4};
    for (double w : {0.0, 0.7}) {
      LossEvaluator ev(m, 2);
      qmlff::testing::expect_loss_gradient_matches_finite_differences(ev, theta, frames, idx, w, 1e-5, c.kind);
      const LossValue lv = ev.evaluate(theta, frames, idx, w, true);
      // Loss value consistent with its parts, and thread count only changes rounding.
      EXPECT_DOUBLE_EQ(lv.loss, lv.mse_e + w * lv.mse_f);
      LossEvaluator ev1(m, 1);
      const LossValue l1 = ev1.evaluate(theta, frames, idx, w, true);
      EXPECT_NEAR(l1.loss, lv.loss, 1e-12 * std::max(1.0, lv.loss));
    }
  }
}

// Repeated evaluations with the same evaluators (as in one training run) are bitwise
// equal, and so are fresh evaluators for a model without a body frame. (Models with a
// body frame can differ in the last bit between evaluator instances: the frame
// transform's vectorised loops contract to FMA differently depending on heap alignment;
// see docs/training.md.)
TEST(TrainLoss, SameThreadCountIsBitwiseReproducible) {
  const auto frames = teacher_frames("sivqlm_ab2", 2, 9, 3);
  std::vector<int> idx(frames.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<int>(i);
  for (const char* kind : {"sivqlm_ab2", "sivqlm_ab"}) {
    BuilderOptions o = default_builder_options(kind);
    o.depth = 2;
    FragmentModel m = build_model(kind, o);
    std::vector<TrainFrame> fr = frames;
    if (std::string(kind) == "sivqlm_ab")
      for (auto& f : fr) {
        f.positions.resize(2);
        f.forces.resize(2);
      }
    std::vector<double> theta = m.parameters;
    for (std::size_t k = 0; k < theta.size(); ++k) theta[k] += 0.01 * static_cast<double>(k % 7);
    LossEvaluator a(m, 3);
    const LossValue la = a.evaluate(theta, fr, idx, 1.0, true), lb = a.evaluate(theta, fr, idx, 1.0, true);
    EXPECT_EQ(la.loss, lb.loss) << kind;
    EXPECT_EQ(la.grad, lb.grad) << kind;
    if (std::string(kind) == "sivqlm_ab") {
      LossEvaluator b(m, 3);
      const LossValue lc = b.evaluate(theta, fr, idx, 1.0, true);
      EXPECT_EQ(la.loss, lc.loss);
      EXPECT_EQ(la.grad, lc.grad);
    }
  }
}

TEST(TrainData, KFoldCoversEveryFrameExactlyOnceAsTest) {
  for (int n : {10, 23, 47}) {
    for (int k : {2, 5, 10}) {
      const auto folds = kfold_splits(n, k, 42);
      ASSERT_EQ(static_cast<int>(folds.size()), k);
      std::vector<int> count(n, 0);
      for (const auto& f : folds) {
        EXPECT_TRUE(f.val.empty());
        EXPECT_EQ(static_cast<int>(f.train.size() + f.test.size()), n);
        EXPECT_LE(std::abs(static_cast<int>(f.test.size()) - n / k), 1);
        std::vector<int> all = f.train;
        all.insert(all.end(), f.test.begin(), f.test.end());
        std::sort(all.begin(), all.end());
        for (int i = 0; i < n; ++i) EXPECT_EQ(all[i], i);  // train and test partition the frames
        for (int i : f.test) ++count[i];
      }
      for (int i = 0; i < n; ++i) EXPECT_EQ(count[i], 1) << "frame " << i << " n=" << n << " k=" << k;
    }
  }
  EXPECT_NE(kfold_splits(20, 4, 1)[0].test, kfold_splits(20, 4, 2)[0].test);  // seed matters
}

TEST(TrainData, SplitByFractions) {
  const Split s = split_by_fractions(100, 0.1, 0.25, 5);
  EXPECT_EQ(s.test.size(), 25u);
  EXPECT_EQ(s.val.size(), 10u);
  EXPECT_EQ(s.train.size(), 65u);
  const Split t = split_by_fractions(100, 0.1, 0.25, 5);
  EXPECT_EQ(s.train, t.train);
}

TEST(TrainData, ObservableRangeAndMinMaxScaling) {
  FragmentModel m = build_model("sivqlm_ab2", default_builder_options("sivqlm_ab2"));
  const auto [lo, hi] = observable_range(m.circuit);  // s1.s2: singlet -3, triplet +1
  EXPECT_NEAR(lo, -3.0, 1e-12);
  EXPECT_NEAR(hi, 1.0, 1e-12);
  std::vector<TrainFrame> f(3);
  f[0].energy = -10;
  f[1].energy = -6;
  f[2].energy = -8;
  set_minmax_scaling(m, f, {0, 1, 2}, 0.0, lo, hi);
  EXPECT_NEAR(m.scale * lo + m.offset, -10, 1e-12);
  EXPECT_NEAR(m.scale * hi + m.offset, -6, 1e-12);
  set_minmax_scaling(m, f, {0, 1, 2}, 0.1, lo, hi);
  EXPECT_NEAR(m.scale * (lo + 0.4) + m.offset, -10, 1e-12);
}

TEST(TrainOptimizer, Schedules) {
  OptimizerConfig c;
  c.lr = 0.1;
  EXPECT_DOUBLE_EQ(scheduled_lr(c, 500, 1000), 0.1);
  c.schedule.type = "exponential";
  c.schedule.decay_rate = 0.5;
  c.schedule.decay_steps = 100;
  EXPECT_NEAR(scheduled_lr(c, 200, 1000), 0.025, 1e-15);
  c.schedule.type = "cosine";
  c.schedule.min_lr = 0.01;
  EXPECT_NEAR(scheduled_lr(c, 0, 1000), 0.1, 1e-15);
  EXPECT_NEAR(scheduled_lr(c, 500, 1000), 0.055, 1e-15);
  EXPECT_NEAR(scheduled_lr(c, 1000, 1000), 0.01, 1e-15);
  c.schedule.type = "step";
  c.schedule.step_size = 300;
  c.schedule.gamma = 0.1;
  EXPECT_NEAR(scheduled_lr(c, 299, 1000), 0.1, 1e-15);
  EXPECT_NEAR(scheduled_lr(c, 600, 1000), 0.001, 1e-15);
  c.schedule.warmup_steps = 10;
  EXPECT_NEAR(scheduled_lr(c, 4, 1000), 0.05, 1e-15);
  // Adam's first step moves each parameter by lr against the sign of its gradient.
  OptimizerConfig a;
  a.lr = 0.01;
  AdamState s;
  std::vector<double> th{1.0, 2.0};
  adam_update(a, a.lr, {3.0, -0.5}, s, th);
  EXPECT_NEAR(th[0], 0.99, 1e-9);
  EXPECT_NEAR(th[1], 2.01, 1e-9);
}

TEST(TrainConfig, DefaultsFollowThePaper) {
  const TrainConfig h2o = parse_train_config(resolve_config(json{{"model", {{"kind", "sivqlm_ab2"}}}, {"data", {{"file", "x"}}}}, {}));
  EXPECT_EQ(h2o.builder.depth, 11);
  EXPECT_EQ(h2o.builder.blocks, 2);
  EXPECT_TRUE(h2o.builder.symmetry_breaking);
  EXPECT_EQ(h2o.steps, 3000);
  EXPECT_EQ(h2o.optimizer.type, "adam");
  const TrainConfig lih = parse_train_config(resolve_config(json{{"model", {{"kind", "sivqlm_ab"}}}, {"data", {{"file", "x"}}}}, {}));
  EXPECT_EQ(lih.builder.depth, 22);
  EXPECT_EQ(lih.builder.blocks, 1);
  const TrainConfig dimer = parse_train_config(resolve_config(json{{"model", {{"kind", "sivqlm_ab2_dimer"}}}, {"data", {{"file", "x"}}}}, {}));
  EXPECT_EQ(dimer.builder.depth, 30);
  const TrainConfig graph = parse_train_config(resolve_config(json{{"model", {{"kind", "graph"}, {"species", {"O", "H", "H"}}}}, {"data", {{"file", "x"}}}}, {}));
  EXPECT_EQ(graph.loss.type, "two_phase");
  // Overrides reach any key and are typed as JSON when they parse.
  const TrainConfig o = parse_train_config(resolve_config(json{{"model", {{"kind", "sivqlm_ab2"}}}, {"data", {{"file", "x"}}}},
                                                          {"optimizer.lr=0.003", "model.depth=4", "optimizer.schedule.type=cosine",
                                                           "data.energy_key=interaction_energy"}));
  EXPECT_DOUBLE_EQ(o.optimizer.lr, 0.003);
  EXPECT_EQ(o.builder.depth, 4);
  EXPECT_EQ(o.optimizer.schedule.type, "cosine");
  EXPECT_EQ(o.data.energy_key, "interaction_energy");
}

TEST(TrainConfig, BadConfigsNameTheKey) {
  const json base{{"model", {{"kind", "sivqlm_ab2"}}}, {"data", {{"file", "x"}}}};
  auto err = [&](const std::vector<std::string>& sets) {
    return error_of([&] { parse_train_config(resolve_config(base, sets)); });
  };
  EXPECT_NE(err({"optimizer.lrr=0.1"}).find("'optimizer.lrr'"), std::string::npos) << err({"optimizer.lrr=0.1"});
  EXPECT_NE(err({"optimizer.lrr=0.1"}).find("unknown key"), std::string::npos);
  EXPECT_NE(err({"steps=many"}).find("'steps'"), std::string::npos) << err({"steps=many"});
  EXPECT_NE(err({"optimizer.lr=-1"}).find("'optimizer.lr'"), std::string::npos);
  EXPECT_NE(err({"optimizer.schedule.type=linear"}).find("'optimizer.schedule.type'"), std::string::npos);
  EXPECT_NE(err({"loss.type=forces"}).find("'loss.type'"), std::string::npos);
  EXPECT_NE(err({"model.kind=sivqlm_xyz"}).find("'model.kind'"), std::string::npos);
  EXPECT_NE(err({"data.test_fraction=0.7", "data.val_fraction=0.4"}).find("'data.test_fraction'"), std::string::npos);
  EXPECT_NE(err({"cv.folds=1"}).find("'cv.folds'"), std::string::npos);
  EXPECT_NE(err({"model.depth=2.5"}).find("'model.depth'"), std::string::npos);
  EXPECT_NE(err({"loss.type=two_phase", "loss.energy_steps=5000"}).find("'loss.energy_steps'"), std::string::npos);
  EXPECT_NE(err({"noval"}).find("key=value"), std::string::npos);
  EXPECT_NE(error_of([] { resolve_config(json{{"data", {{"file", "x"}}}}, {}); }).find("'model.kind'"), std::string::npos);
  // JSON syntax errors give file:line.
  const std::string dir = tmp_dir("badjson");
  const std::string p = (fs::path(dir) / "c.json").string();
  std::ofstream(p) << "{\n  \"model\": {\"kind\": \"sivqlm_ab\"},\n  \"steps\": 10,,\n}\n";
  EXPECT_NE(error_of([&] { read_config_file(p); }).find(p + ":3:"), std::string::npos) << error_of([&] { read_config_file(p); });
}

TEST(TrainRun, BadDatasetsGiveFileAndLine) {
  const std::string dir = tmp_dir("baddata");
  const std::string p = (fs::path(dir) / "bad.extxyz").string();
  std::ofstream(p) << "3\nProperties=species:S:1:pos:R:3:forces:R:3 energy=-1.0\n"
                   << "O 0 0 0 0 0 0\nH 0 0.76 -0.47 0 0 0\nH 0 -0.76 -0.47 0 0 0\n"
                   << "3\nProperties=species:S:1:pos:R:3:forces:R:3 energy=-1.0\n"
                   << "O 0 0 0 0 0 0\nH 0 0.76 oops 0 0 0\nH 0 -0.76 -0.47 0 0 0\n";
  TrainOptions opt;
  opt.out_dir = (fs::path(dir) / "out").string();
  std::ostringstream log;
  opt.log = &log;
  json cfg = resolve_config(small_config(p), {});
  std::string e = error_of([&] { run_training(cfg, opt); });
  EXPECT_NE(e.find("bad.extxyz:9"), std::string::npos) << e;
  // A frame whose composition does not match the model: file:line of the frame.
  const std::string q = (fs::path(dir) / "nh.extxyz").string();
  std::ofstream(q) << "3\nProperties=species:S:1:pos:R:3:forces:R:3 energy=-1.0\n"
                   << "O 0 0 0 0 0 0\nH 0 0.76 -0.47 0 0 0\nH 0 -0.76 -0.47 0 0 0\n"
                   << "3\nProperties=species:S:1:pos:R:3:forces:R:3 energy=-1.0\n"
                   << "N 0 0 0 0 0 0\nH 0 0.76 -0.4 0 0 0\nH 0 -0.76 -0.47 0 0 0\n";
  e = error_of([&] { run_training(resolve_config(small_config(q), {}), opt); });
  EXPECT_NE(e.find("nh.extxyz:6"), std::string::npos) << e;
  // A missing energy label names the key.
  e = error_of([&] { run_training(resolve_config(small_config(p), {"data.energy_key=interaction_energy"}), opt); });
  EXPECT_NE(e.find("interaction_energy"), std::string::npos) << e;
  EXPECT_NE(e.find("bad.extxyz:"), std::string::npos) << e;
}

// A short energy+force run (150 Adam steps) on teacher data lowers the training loss at
// least 3-fold (measured: 0.158 -> 0.043, 3.7x).
TEST(TrainRun, ShortRunLowersLossAndWritesOutputs) {
  const std::string dir = tmp_dir("short");
  const std::string data = write_fixture(dir, teacher_frames("sivqlm_ab2", 2, 24, 5));
  TrainOptions opt;
  opt.out_dir = (fs::path(dir) / "out").string();
  std::ostringstream log;
  opt.log = &log;
  const json cfg = resolve_config(small_config(data), {"steps=150", "optimizer.lr=0.1"});
  const TrainSummary s = run_training(cfg, opt);
  // First and last rows of the learning curve: train_loss column.
  std::ifstream in(fs::path(opt.out_dir) / "learning_curve.csv");
  std::string header, first, line, last;
  std::getline(in, header);
  std::getline(in, first);
  while (std::getline(in, line)) last = line;
  auto loss_of = [](const std::string& row) {
    std::stringstream ss(row);
    std::string cell;
    for (int k = 0; k < 4; ++k) std::getline(ss, cell, ',');
    return std::stod(cell);
  };
  const double l0 = loss_of(first), l1 = loss_of(last);
  EXPECT_LT(l1, l0 / 3) << "initial loss " << l0 << ", final " << l1 << "\n" << log.str();
  for (const auto& f : {"potential.json", "metrics.json", "learning_curve.csv", "parity_energy.csv", "parity_forces.csv",
                        "checkpoint.json", "config.json"})
    EXPECT_TRUE(fs::exists(fs::path(opt.out_dir) / f)) << f;
  // The potential file loads and carries provenance with checksum, config and metrics.
  const FragmentModel m = load_potential_file((fs::path(opt.out_dir) / "potential.json").string());
  const json prov = json::parse(m.provenance_json);
  EXPECT_EQ(prov["datasets"][0]["checksum"].get<std::string>().empty(), false);
  EXPECT_EQ(prov["config"], cfg);
  EXPECT_TRUE(prov["metrics"]["test"].contains("forces"));
  EXPECT_TRUE(prov["metrics"]["test"].contains("energy_post_corrected"));
  EXPECT_EQ(prov["qmlff_version"], QMLFF_VERSION);
  EXPECT_EQ(m.parameters, s.model.parameters);
  // Existing outputs are never overwritten without --force.
  const std::string e = error_of([&] { run_training(cfg, opt); });
  EXPECT_NE(e.find("--force"), std::string::npos) << e;
  TrainOptions forced = opt;
  forced.force = true;
  EXPECT_NO_THROW(run_training(cfg, forced));
}

// Interrupt (as after SIGINT) in the middle, resume: bitwise the same as one run.
TEST(TrainRun, ResumeEqualsUninterrupted) {
  const std::string dir = tmp_dir("resume");
  const std::string data = write_fixture(dir, teacher_frames("sivqlm_ab2", 2, 20, 9));
  // Minibatches, label noise and the two-phase loss all draw on the saved state.
  const json cfg = resolve_config(small_config(data), {"steps=30", "batch.size=5", "loss.type=two_phase",
                                                       "loss.energy_steps=12", "noise.energy_sigma=0.001",
                                                       "optimizer.schedule.type=cosine"});
  std::ostringstream log;
  TrainOptions a;
  a.out_dir = (fs::path(dir) / "a").string();
  a.log = &log;
  const TrainSummary full = run_training(cfg, a);

  TrainOptions b = a;
  b.out_dir = (fs::path(dir) / "b").string();
  b.stop_after_step = 17;
  EXPECT_THROW(run_training(cfg, b), Interrupted);
  EXPECT_TRUE(fs::exists(fs::path(b.out_dir) / "checkpoint.json"));
  EXPECT_FALSE(fs::exists(fs::path(b.out_dir) / "potential.json"));
  // As written before model.coulomb existed: without charges the key changes nothing, so it may be absent.
  const std::string ckpt = (fs::path(b.out_dir) / "checkpoint.json").string();
  json old_ckpt = json::parse(read_text_file(ckpt));
  ASSERT_TRUE(old_ckpt["config"]["model"].contains("coulomb"));
  old_ckpt["config"]["model"].erase("coulomb");
  std::ofstream(ckpt) << old_ckpt.dump(1) << "\n";
  b.stop_after_step = -1;
  b.resume = true;
  const TrainSummary resumed = run_training(cfg, b);
  ASSERT_EQ(full.model.parameters.size(), resumed.model.parameters.size());
  for (std::size_t k = 0; k < full.model.parameters.size(); ++k)
    EXPECT_EQ(full.model.parameters[k], resumed.model.parameters[k]) << "parameter " << k;
  EXPECT_EQ(read_text_file((fs::path(a.out_dir) / "learning_curve.csv").string()),
            read_text_file((fs::path(b.out_dir) / "learning_curve.csv").string()));
  EXPECT_EQ(read_text_file((fs::path(a.out_dir) / "parity_forces.csv").string()),
            read_text_file((fs::path(b.out_dir) / "parity_forces.csv").string()));
  // A changed trajectory setting is refused on resume, naming the reason.
  TrainOptions c = b;
  const std::string e = error_of([&] { run_training(resolve_config(cfg, {"optimizer.lr=0.2"}), c); });
  EXPECT_NE(e.find("different configuration"), std::string::npos) << e;
}

TEST(TrainRun, CrossValidationReportsFoldsAndCoV) {
  const std::string dir = tmp_dir("cv");
  const std::string data = write_fixture(dir, teacher_frames("sivqlm_ab2", 1, 15, 4));
  std::ostringstream log;
  TrainOptions opt;
  opt.out_dir = (fs::path(dir) / "out").string();
  opt.log = &log;
  const TrainSummary s = run_training(resolve_config(small_config(data), {"cv.folds=3", "steps=5", "model.depth=1"}), opt);
  const json cv = json::parse(read_text_file((fs::path(opt.out_dir) / "cv_metrics.json").string()));
  ASSERT_EQ(cv["folds"].size(), 3u);
  std::vector<int> seen;
  for (const auto& f : cv["folds"])
    for (int i : f["test_frames"].get<std::vector<int>>()) seen.push_back(i);
  std::sort(seen.begin(), seen.end());
  ASSERT_EQ(seen.size(), 15u);
  for (int i = 0; i < 15; ++i) EXPECT_EQ(seen[i], i);
  const json& r = cv["summary"]["test.energy.rmse"];
  EXPECT_NEAR(r["cov"].get<double>(), r["std"].get<double>() / r["mean"].get<double>(), 1e-12);
  for (int f = 0; f < 3; ++f) EXPECT_TRUE(fs::exists(fs::path(opt.out_dir) / ("fold_" + std::to_string(f)) / "potential.json"));
}

TEST(TrainReport, PostCorrectionRecoversQuadratic) {
  std::vector<double> ref, pred, fr, fp;
  for (int i = 0; i < 20; ++i) {
    const double x = -5 + 0.3 * i;
    pred.push_back(x);
    ref.push_back(1.0 + 0.5 * x + 0.1 * x * x);
    fp.push_back(x);
    fr.push_back(2 * x - 1);
  }
  const PostCorrection p = fit_post_correction(ref, pred, fr, fp);
  ASSERT_TRUE(p.valid);
  for (int i = 0; i < 20; ++i) EXPECT_NEAR(p.energy(pred[i]), ref[i], 1e-9);
  EXPECT_NEAR(p.slope, 2.0, 1e-12);
  EXPECT_NEAR(p.intercept, -1.0, 1e-12);
}
