// In-process tests of the subcommands' run functions (no argv): src/cli/*.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <unistd.h>

#include "cli/build.h"
#include "cli/check_forces.h"
#include "cli/common.h"
#include "cli/eval.h"
#include "cli/info.h"
#include "core/error.h"
#include "io/atomic_write.h"
#include "io/dataset.h"
#include "io/potential_file.h"
#include "models/fragment_evaluator.h"

using namespace qmlff;
using namespace qmlff::cli;

namespace {

const std::string kData = std::string(QMLFF_SOURCE_DIR) + "/tests/data/cli/";

std::string tmp(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("qmlff_cli_run_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

std::string build_h2o(const std::string& name) {
  BuildOptions b;
  b.kind = "sivqlm_ab2";
  b.depth = 2;
  b.random_init = 0.5;
  b.seed = 7;
  b.offset = -2080.0;
  b.output = tmp(name);
  b.force = true;
  std::ostringstream out;
  EXPECT_EQ(run_build(b, out), kExitOk);
  return b.output;
}

}  // namespace

// eval reorders each frame to the model's species order and maps forces back: its numbers
// equal a direct evaluation in model order.
TEST(CliRun, EvalMatchesDirectEvaluationWithReordering) {
  const std::string pot = build_h2o("h2o_eval.json");
  const std::string data = std::string(QMLFF_SOURCE_DIR) + "/tests/data/ase_h2o.extxyz";  // frame 2 is H O H
  EvalOptions o;
  o.potential = pot;
  o.data = data;
  o.csv = tmp("pred.csv");
  o.force = true;
  std::ostringstream out;
  const EvalResult r = evaluate_dataset(o, out);
  EXPECT_EQ(r.n_frames, 2u);
  EXPECT_EQ(r.energy.n, 2u);
  EXPECT_EQ(r.forces.n, 18u);

  FragmentEvaluator ev(load_potential_file(pot));
  const Dataset ds = read_extxyz(data);
  std::vector<double> e_ref, e_pred, f_ref, f_pred;
  for (int fi = 0; fi < 2; ++fi) {
    const Frame& f = ds.frames[static_cast<std::size_t>(fi)];
    const std::vector<int> order = fi == 0 ? std::vector<int>{0, 1, 2} : std::vector<int>{1, 0, 2};
    std::vector<Vec3> pos, force(3);
    for (int i : order) pos.push_back(f.positions[static_cast<std::size_t>(i)]);
    const double e = ev.energy_forces(pos.data(), force.data());
    e_ref.push_back(*f.energy);
    e_pred.push_back(e);
    std::vector<Vec3> back(3);
    for (std::size_t i = 0; i < 3; ++i) back[static_cast<std::size_t>(order[i])] = force[i];
    for (std::size_t a = 0; a < 3; ++a)
      for (std::size_t k = 0; k < 3; ++k) {
        f_ref.push_back(f.forces[a][k]);
        f_pred.push_back(back[a][k]);
      }
  }
  const Metrics me = compute_metrics(e_ref, e_pred), mf = compute_metrics(f_ref, f_pred);
  EXPECT_EQ(r.energy.mse, me.mse);
  EXPECT_EQ(r.energy.r2, me.r2);
  EXPECT_EQ(r.forces.mse, mf.mse);
  EXPECT_EQ(r.forces.mae, mf.mae);

  // The CSV holds the same predictions, bit-exactly.
  const std::string csv = read_text_file(o.csv);
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  std::vector<double> csv_e, csv_f;
  while (std::getline(in, line)) {
    const double pred = std::stod(line.substr(line.rfind(',') + 1));
    (line.rfind("energy,", 0) == 0 ? csv_e : csv_f).push_back(pred);
  }
  EXPECT_EQ(csv_e, e_pred);
  ASSERT_EQ(csv_f.size(), f_pred.size());
  for (std::size_t i = 0; i < f_pred.size(); ++i) EXPECT_EQ(csv_f[i], f_pred[i]) << i;

  // Without --force the CSV is not replaced.
  o.force = false;
  EXPECT_THROW(evaluate_dataset(o, out), Error);
  std::remove(o.csv.c_str());
  std::remove(pot.c_str());
}

TEST(CliRun, CheckForcesPassesAndFails) {
  const std::string pot = build_h2o("h2o_check.json");
  CheckForcesOptions o;
  o.potential = pot;
  o.data = std::string(QMLFF_SOURCE_DIR) + "/tests/data/ase_h2o.extxyz";
  std::ostringstream out;
  const CheckForcesResult r = check_forces(o, out);
  EXPECT_TRUE(r.passed) << out.str();
  EXPECT_LT(r.max_dev, 1e-7);
  EXPECT_LT(r.max_force_sum, 1e-12);
  o.step = 0.3;
  o.tol = 1e-9;
  EXPECT_FALSE(check_forces(o, out).passed);
  EXPECT_EQ(run_check_forces(o), kExitCheckFailed);
  std::remove(pot.c_str());
}

TEST(CliRun, InfoShowsTrainingMetricsFromProvenance) {
  FragmentModel m = load_potential_file(kData + "lih_d0.json");
  m.provenance_json =
      R"({"generator":"qmlff train","qmlff_version":"0.1.0","date":"2026-01-01T00:00:00Z",)"
      R"("datasets":[{"path":"lih.extxyz","checksum":"sha256:abc","frames":134}],)"
      R"("split":{"n_train":100,"n_val":17,"n_test":17},)"
      R"("metrics":{"test":{"n_frames":17,"energy":{"n":17,"mse":1e-6,"mae":8e-4,"rmse":1e-3,"r2":0.999,"max_abs":2e-3},)"
      R"("forces":{"n":102,"mse":4e-4,"mae":0.01,"rmse":0.02,"r2":0.99,"max_abs":0.05}},"steps":500,)"
      R"("units":{"energy":"eV","forces":"eV/Angstrom"},"post_correction":{"energy":{"c0":1},"forces":{"slope":1}}},)"
      R"("extra":1})";
  const std::string path = tmp("lih_prov.json");
  save_potential_file(m, path, true);
  InfoOptions o;
  o.potential = path;
  o.parameters = true;
  std::ostringstream out;
  EXPECT_EQ(run_info(o, out), kExitOk);
  const std::string s = out.str();
  for (const char* want : {"qmlff train", "lih.extxyz (134 frames) sha256:abc", "n_train 100", "metrics test:",
                           "RMSE 0.001 eV", "RMSE 0.02 eV/A", "R2 0.999", "training steps:", "extra",
                           "J[d=1,b=1,k=1]"})
    EXPECT_NE(s.find(want), std::string::npos) << want << "\n" << s;
  // Non-split entries of provenance.metrics (units, post_correction) are not shown as splits.
  EXPECT_EQ(s.find("n/a"), std::string::npos) << s;
  EXPECT_NE(s.find("post-correction:"), std::string::npos) << s;
  std::remove(path.c_str());
}

TEST(CliRun, BuildOptionsOverrideDefaults) {
  BuildOptions b;
  b.kind = "sivqlm_ab";
  b.depth = 0;
  b.species = {"Na", "H"};
  b.name = "nah";
  b.output = tmp("nah.json");
  b.force = true;
  std::ostringstream out;
  ASSERT_EQ(run_build(b, out), kExitOk);
  const FragmentModel m = load_potential_file(b.output);
  EXPECT_EQ(m.name, "nah");
  EXPECT_EQ(m.species, (std::vector<std::string>{"Na", "H"}));
  b.force = false;
  EXPECT_THROW(run_build(b, out), Error);
  EXPECT_EQ(guarded("build", [&] { return run_build(b, out); }), kExitError);
  std::remove(b.output.c_str());
}

// docs/potential-format.md promises save -> load -> save is byte-identical.
TEST(CliRun, BuiltFileRoundTripsByteIdentically) {
  for (const char* kind : {"sivqlm_ab", "sivqlm_ab2", "sivqlm_ab3", "sivqlm_ab2_dimer", "graph"}) {
    BuildOptions b;
    b.kind = kind;
    b.depth = 2;
    b.random_init = 1.0;
    b.seed = 11;
    b.scale = 0.1;
    b.offset = -1234.5678;
    b.output = tmp(std::string(kind) + ".json");
    b.force = true;
    if (std::string(kind) == "graph") b.species = {"N", "H", "H", "H"};
    std::ostringstream out;
    ASSERT_EQ(run_build(b, out), kExitOk);
    const std::string text = read_text_file(b.output);
    EXPECT_EQ(serialize_potential(parse_potential(text, b.output)), text) << kind;
    std::remove(b.output.c_str());
  }
}
