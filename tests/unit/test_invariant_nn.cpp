// The classical baseline (invariant_nn): invariances by construction, exact forces,
// parameter and mixed derivatives against central differences, the training loss
// gradient with forces, potential-file round trip and errors, and a short training run.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <random>

#include "force_checks.h"
#include "io/atomic_write.h"
#include "io/dataset.h"
#include "io/potential_file.h"
#include "models/invariant_nn_eval.h"
#include "model_test_helpers.h"
#include "train/config.h"
#include "train/data.h"
#include "train/loss.h"
#include "train/trainer.h"
#include "train_test_helpers.h"

using namespace qmlff;
using namespace qmlff::testing;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kWater = {"O", "H", "H"};
const std::vector<std::string> kAmmonia = {"N", "H", "H", "H"};
const std::vector<std::string> kDimer = {"O", "H", "H", "O", "H", "H"};

// A network with random weights (LeCun-scaled, biases too, so every term matters) and a
// random descriptor standardisation.
FragmentModel random_nn(const std::vector<std::string>& species, std::mt19937& rng,
                        std::vector<int> hidden = {6, 5}) {
  BuilderOptions o = default_builder_options("invariant_nn");
  o.species = species;
  o.network.hidden = hidden;
  o.network.radial = 5;
  o.network.cutoff = 5.0;
  FragmentModel m = build_model("invariant_nn", o);
  std::normal_distribution<double> nd;
  const std::vector<int> fan = m.network->fan_in();
  for (std::size_t k = 0; k < m.parameters.size(); ++k)
    m.parameters[k] = fan[k] > 0 ? 1.5 * nd(rng) / std::sqrt(fan[k]) : 0.3 * nd(rng);
  InvariantNN& nn = *m.network;
  std::uniform_real_distribution<double> u(0.2, 2.0);
  nn.shift.assign(nn.elements.size(), std::vector<double>(nn.n_descriptors()));
  nn.scale = nn.shift;
  for (std::size_t e = 0; e < nn.elements.size(); ++e)
    for (int d = 0; d < nn.n_descriptors(); ++d) {
      nn.shift[e][d] = 0.3 * nd(rng);
      nn.scale[e][d] = u(rng);
    }
  m.scale = 0.7;
  m.offset = -3.0;
  return m;
}

std::vector<Vec3> geometry(const std::vector<std::string>& species, std::mt19937& rng) {
  if (species.size() == 3) return sample_geometry("sivqlm_ab2", rng);
  if (species.size() == 4) return sample_geometry("sivqlm_ab3", rng);
  return sample_geometry("sivqlm_ab2_dimer", rng);
}

}  // namespace

TEST(InvariantNN, LayoutLabelsAndBuilder) {
  std::mt19937 rng(1);
  const FragmentModel m = random_nn(kWater, rng);
  const InvariantNN& nn = *m.network;
  EXPECT_EQ(nn.elements, (std::vector<std::string>{"O", "H"}));
  EXPECT_EQ(nn.n_descriptors(), 10);
  // Per element: 10*6 + 6 + 6*5 + 5 + 5 (no output bias).
  EXPECT_EQ(nn.per_element(), 106);
  EXPECT_EQ(m.n_params(), 212);
  EXPECT_EQ(m.parameter_labels.size(), 212u);
  EXPECT_EQ(m.parameter_labels[0], "O.W1[0,0]");
  EXPECT_EQ(m.parameter_labels[106 + nn.bias_offset(2)], "H.b2[0]");
  EXPECT_EQ(m.parameter_labels.back(), "H.w_out[4]");
  for (const auto& l : m.parameter_labels) EXPECT_FALSE(is_encoding_scale_label(l)) << l;
  EXPECT_TRUE(m.has_symmetry("permutation:H"));
  EXPECT_TRUE(m.has_symmetry("rotation"));
  EXPECT_FALSE(m.has_symmetry("permutation:O"));
}

// Rotation, inversion, translation and like-atom permutations leave E unchanged and
// carry the forces along (rotated, permuted), to 1e-12.
TEST(InvariantNN, InvariantUnderRotationTranslationPermutation) {
  for (const auto& species : {kWater, kAmmonia, kDimer}) {
    std::mt19937 rng(7);
    const FragmentModel m = random_nn(species, rng);
    FragmentEvaluator ev(m);
    for (int trial = 0; trial < 3; ++trial) {
      const std::vector<Vec3> x = geometry(species, rng);
      std::vector<Vec3> f0(x.size()), f1(x.size());
      const double e0 = ev.energy_forces(x.data(), f0.data());
      const Mat3 R = random_rotation(rng);
      std::vector<Vec3> y = rotate(R, x);
      for (auto& v : y) {
        v[0] += 3.1;
        v[1] -= 1.7;
        v[2] += 0.4;
      }
      const double e1 = ev.energy_forces(y.data(), f1.data());
      EXPECT_NEAR(e1, e0, 1e-12 * std::max(1.0, std::abs(e0)));
      for (std::size_t a = 0; a < x.size(); ++a) {
        const Vec3 rf = rotate_vec(R, f0[a]);
        for (int k = 0; k < 3; ++k) EXPECT_NEAR(f1[a][k], rf[k], 1e-12);
      }
      std::vector<Vec3> inv = x;
      for (auto& v : inv)
        for (double& c : v) c = -c;
      EXPECT_NEAR(ev.energy(inv.data()), e0, 1e-12 * std::max(1.0, std::abs(e0)));
      // Swap the first two H atoms (indices 1 and 2 in every species list here).
      std::vector<Vec3> p = x;
      std::swap(p[1], p[2]);
      EXPECT_NEAR(ev.energy(p.data()), e0, 1e-12 * std::max(1.0, std::abs(e0)));
      if (species.size() == 6) {  // the molecule swap of the dimer
        std::vector<Vec3> s = {x[3], x[4], x[5], x[0], x[1], x[2]};
        EXPECT_NEAR(ev.energy(s.data()), e0, 1e-12 * std::max(1.0, std::abs(e0)));
      }
    }
  }
}

TEST(InvariantNN, ForcesMatchFiniteDifferences) {
  for (const auto& species : {std::vector<std::string>{"Li", "H"}, kWater, kAmmonia, kDimer}) {
    std::mt19937 rng(3);
    const FragmentModel m = random_nn(species, rng, {7, 4, 3});
    FragmentEvaluator ev(m);
    const std::vector<Vec3> x =
        species.size() == 2 ? std::vector<Vec3>{{0.1, 0.2, -0.1}, {1.0, 0.9, 0.6}} : geometry(species, rng);
    std::vector<Vec3> f(x.size());
    ev.energy_forces(x.data(), f.data());
    expect_forces_match_finite_differences(ev, x, f);
  }
}

// Beyond the cutoff a pair contributes nothing, and fc' (rc) = 0 keeps the forces
// continuous there: a LiH bond just inside and just outside rc.
TEST(InvariantNN, CutoffIsSmooth) {
  std::mt19937 rng(5);
  const FragmentModel m = random_nn({"Li", "H"}, rng);
  FragmentEvaluator ev(m);
  const double rc = m.network->cutoff;
  std::vector<Vec3> in{{0, 0, 0}, {rc - 1e-7, 0, 0}}, out{{0, 0, 0}, {rc + 1e-7, 0, 0}}, far{{0, 0, 0}, {rc + 3, 0, 0}};
  std::vector<Vec3> f_in(2), f_out(2);
  const double e_in = ev.energy_forces(in.data(), f_in.data());
  const double e_out = ev.energy_forces(out.data(), f_out.data());
  EXPECT_NEAR(e_in, e_out, 1e-10);
  EXPECT_NEAR(f_in[1][0], 0.0, 1e-6);
  EXPECT_EQ(f_out[1][0], 0.0);
  EXPECT_EQ(ev.energy(far.data()), e_out);
}

// dE/dtheta and d/dtheta (sum_a F_a . w_a) from train_terms against central differences.
TEST(InvariantNN, ParameterAndMixedDerivativesMatchFiniteDifferences) {
  for (const auto& species : {kWater, kAmmonia}) {
    std::mt19937 rng(11);
    const FragmentModel m = random_nn(species, rng);
    FragmentEvaluator ev(m);
    const std::vector<Vec3> x = geometry(species, rng);
    std::normal_distribution<double> nd;
    std::vector<Vec3> w(x.size());
    for (auto& v : w)
      for (double& c : v) c = nd(rng);
    const int np = m.n_params();
    std::vector<double> theta = m.parameters, de(np), dfw(np), de2(np);
    std::vector<Vec3> f(x.size());
    const double e = ev.train_terms(theta.data(), x.data(), f.data(), de.data(), w.data(), dfw.data());
    // The mixed call gives the same energy, forces and dE/dtheta as the plain ones.
    std::vector<Vec3> f2(x.size());
    EXPECT_EQ(ev.train_terms(theta.data(), x.data(), f2.data(), de2.data(), nullptr, nullptr), e);
    EXPECT_EQ(de2, de);
    EXPECT_EQ(f2, f);
    auto fw = [&](const std::vector<double>& t) {
      std::vector<Vec3> ff(x.size());
      ev.train_terms(t.data(), x.data(), ff.data(), nullptr, nullptr, nullptr);
      double s = 0;
      for (std::size_t a = 0; a < x.size(); ++a)
        for (int k = 0; k < 3; ++k) s += ff[a][k] * w[a][k];
      return s;
    };
    const double h = 1e-6;
    for (int p = 0; p < np; ++p) {
      std::vector<double> tp = theta, tm = theta;
      tp[p] += h;
      tm[p] -= h;
      const double fd_e = (ev.train_terms(tp.data(), x.data(), nullptr, nullptr, nullptr, nullptr) -
                           ev.train_terms(tm.data(), x.data(), nullptr, nullptr, nullptr, nullptr)) /
                          (2 * h);
      const double fd_fw = (fw(tp) - fw(tm)) / (2 * h);
      EXPECT_NEAR(de[p], fd_e, 1e-7 * std::max(1.0, std::abs(fd_e))) << m.parameter_labels[p];
      EXPECT_NEAR(dfw[p], fd_fw, 1e-7 * std::max(1.0, std::abs(fd_fw))) << m.parameter_labels[p];
    }
  }
}

// The full training loss (energies and forces) through LossEvaluator, as the trainer uses it.
TEST(InvariantNN, TrainingLossGradientMatchesFiniteDifferences) {
  std::mt19937 rng(13);
  const FragmentModel m = random_nn(kWater, rng, {5, 4});
  std::normal_distribution<double> nd;
  std::vector<train::TrainFrame> frames(4);
  for (auto& fr : frames) {
    fr.positions = geometry(kWater, rng);
    for (int a = 0; a < 3; ++a) fr.forces.push_back({nd(rng), nd(rng), nd(rng)});
    fr.energy = nd(rng);
  }
  const std::vector<int> idx{0, 1, 2, 3};
  std::vector<double> theta = m.parameters;
  for (double w : {0.0, 0.7}) {
    train::LossEvaluator ev(m, 2);
    expect_loss_gradient_matches_finite_differences(ev, theta, frames, idx, w, 1e-6, "invariant_nn H2O");
  }
}

TEST(InvariantNN, PotentialFileRoundTrip) {
  std::mt19937 rng(17);
  FragmentModel m = random_nn(kAmmonia, rng);
  m.name = "nh3-nn";
  const std::string text = serialize_potential(m);
  const json j = json::parse(text);
  EXPECT_TRUE(j.contains("network"));
  for (const char* key : {"circuit", "inputs", "frame", "inversion_average"}) EXPECT_FALSE(j.contains(key)) << key;
  const FragmentModel back = parse_potential(text, "nh3-nn.json");
  EXPECT_EQ(serialize_potential(back), text);
  EXPECT_EQ(back.parameters, m.parameters);
  FragmentEvaluator a(m), b(back);
  const std::vector<Vec3> x = geometry(kAmmonia, rng);
  std::vector<Vec3> fa(4), fb(4);
  EXPECT_EQ(a.energy_forces(x.data(), fa.data()), b.energy_forces(x.data(), fb.data()));
  EXPECT_EQ(fa, fb);
}

TEST(InvariantNN, MalformedFilesNameTheField) {
  std::mt19937 rng(19);
  const json good = json::parse(serialize_potential(random_nn(kWater, rng)));
  auto err = [&](const std::function<void(json&)>& edit) {
    json j = good;
    edit(j);
    return error_of([&] { parse_potential(j.dump(), "bad.json"); });
  };
  auto has = [](const std::string& e, const std::string& what) {
    EXPECT_NE(e.find(what), std::string::npos) << e;
  };
  has(err([](json& j) { j["network"]["widths"] = {8}; }), "field 'network.widths': unknown key");
  has(err([](json& j) { j["network"].erase("eta"); }), "field 'network.eta': missing");
  has(err([](json& j) { j["network"]["hidden"] = {8, "x"}; }), "field 'network.hidden[1]': expected an integer");
  has(err([](json& j) { j["network"]["cutoff"] = "far"; }), "field 'network.cutoff': expected a number");
  has(err([](json& j) { j["network"]["activation"] = "relu"; }), "field 'network.activation': unknown activation 'relu'");
  has(err([](json& j) { j["network"]["eta"].erase(0); }), "eta needs one value per centre");
  has(err([](json& j) { j["network"]["eta"][0] = -1.0; }), "eta must be positive");
  has(err([](json& j) { j["network"]["elements"] = {"O"}; }), "species 'H' has no network");
  has(err([](json& j) { j["network"]["elements"] = {"O", "H", "C"}; }), "element 'C' does not occur");
  has(err([](json& j) {
        j["parameters"]["values"].erase(0);
        j["parameters"].erase("labels");
      }),
      "211 parameter values but the network has 212");
  has(err([](json& j) { j["circuit"] = json::object(); }), "field 'circuit': not used by a network model");
  has(err([](json& j) { j["inputs"] = json::array(); }), "field 'inputs': not used by a network model");
}

// The trainer's standardisation: mean 0 and standard deviation 1 of every descriptor
// whose spread exceeds the floor of the scale (0.01); the rest only shrink.
TEST(InvariantNN, DescriptorStandardisation) {
  std::mt19937 rng(29);
  for (const auto& species : {std::vector<std::string>{"Li", "H"}, kWater}) {
    BuilderOptions o = default_builder_options("invariant_nn");
    o.species = species;
    FragmentModel m = build_model("invariant_nn", o);
    std::vector<train::TrainFrame> frames(12);
    std::uniform_real_distribution<double> bond(1.2, 3.0);
    for (auto& f : frames)
      f.positions = species.size() == 2 ? std::vector<Vec3>{{0, 0, 0}, {bond(rng), 0, 0}} : geometry(species, rng);
    std::vector<int> idx(frames.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<int>(i);
    train::standardise_network_inputs(m, frames, idx);
    m.validate();
    InvariantNNEvaluator ev(*m.network, m.species);
    const int D = m.network->n_descriptors();
    for (int e = 0; e < 2; ++e) {
      Eigen::VectorXd sum = Eigen::VectorXd::Zero(D), sq = Eigen::VectorXd::Zero(D);
      double n = 0;
      for (const auto& f : frames) {
        const Eigen::MatrixXd& x = ev.descriptors(f.positions.data(), e);
        sum += x.rowwise().sum();
        sq += x.array().square().matrix().rowwise().sum();
        n += static_cast<double>(x.cols());
      }
      for (int d = 0; d < D; ++d) {
        EXPECT_NEAR(sum(d) / n, 0.0, 1e-9) << species.size() << " e" << e << " d" << d;
        // Variance 1 unless the scale was floored (far Gaussian tails, empty blocks).
        const double scale = m.network->scale[e][d];
        if (scale > 0.01)
          EXPECT_NEAR(sq(d) / n, 1.0, 1e-9) << species.size() << " e" << e << " d" << d;
        else
          EXPECT_LE(sq(d) / n, 1.0 + 1e-9) << species.size() << " e" << e << " d" << d;
      }
    }
  }
}

// Config defaults and keys of the kind, and the LeCun initialisation.
TEST(InvariantNN, TrainConfigAndInitialisation) {
  const json r = train::resolve_config(json{{"model", {{"kind", "invariant_nn"}, {"species", kWater}}},
                                            {"data", {{"file", "x.extxyz"}}}},
                                       {"model.hidden=[12,6]", "model.radial=4"});
  const train::TrainConfig c = train::parse_train_config(r);
  EXPECT_EQ(c.init.type, "lecun");
  EXPECT_EQ(c.builder.network.hidden, (std::vector<int>{12, 6}));
  EXPECT_EQ(c.builder.network.radial, 4);
  EXPECT_EQ(c.builder.network.cutoff, 6.0);
  FragmentModel m = build_model("invariant_nn", c.builder);
  train::init_parameters(m, c.init, 0);
  const std::vector<int> fan = m.network->fan_in();
  double sq = 0;
  int n = 0;
  for (std::size_t k = 0; k < fan.size(); ++k) {
    if (fan[k] == 0) {
      EXPECT_EQ(m.parameters[k], 0.0);
    } else if (fan[k] == 8) {  // the first layer: 2 elements x 4 radial functions
      sq += m.parameters[k] * m.parameters[k];
      ++n;
    }
  }
  EXPECT_NEAR(sq / n, 1.0 / 8, 0.05);
  EXPECT_NE(error_of([] {
              train::parse_train_config(train::resolve_config(
                  json{{"model", {{"kind", "invariant_nn"}, {"hidden", {0}}}}, {"data", {{"file", "x"}}}}, {}));
            }).find("config key 'model.hidden'"),
            std::string::npos);
  FragmentModel circuit = build_model("sivqlm_ab", default_builder_options("sivqlm_ab"));
  EXPECT_NE(error_of([&] { train::init_parameters(circuit, c.init, 0); }).find("init.type"), std::string::npos);
}

// End to end: a short two-phase run on data from a random network of the same shape
// lowers the loss, writes a loadable potential, and resumes bit for bit.
TEST(InvariantNN, ShortTrainingRunAndResume) {
  const fs::path dir = fs::path(QMLFF_BINARY_DIR) / "test_train_tmp" / "invariant_nn";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::mt19937 rng(23);
  FragmentModel teacher = random_nn(kWater, rng, {8, 8});
  teacher.scale = 0.3;
  FragmentEvaluator tev(teacher);
  std::vector<Frame> data;
  for (int i = 0; i < 30; ++i) {
    Frame f;
    f.species = kWater;
    f.positions = geometry(kWater, rng);
    f.forces.resize(3);
    f.energy = tev.energy_forces(f.positions.data(), f.forces.data());
    data.push_back(f);
  }
  const std::string path = (dir / "water.extxyz").string();
  write_extxyz(path, data, true);
  const json cfg = train::resolve_config(
      json{{"model", {{"kind", "invariant_nn"}, {"species", kWater}, {"hidden", {8, 8}}}},
           {"data", {{"file", path}, {"test_fraction", 0.3}}},
           {"steps", 200},
           {"optimizer", {{"lr", 0.01}}},
           {"loss", {{"type", "two_phase"}, {"energy_steps", 100}, {"force_weight", 0.1}}},
           {"output", {{"eval_every", 50}, {"checkpoint_every", 1000}, {"log_every", 1000}}}},
      {});
  std::ostringstream log;
  train::TrainOptions a;
  a.out_dir = (dir / "a").string();
  a.log = &log;
  const train::TrainSummary full = train::run_training(cfg, a);
  const json metrics = json::parse(read_text_file((dir / "a" / "metrics.json").string()));
  EXPECT_GT(metrics["train"]["energy"]["r2"].get<double>(), 0.9) << metrics.dump(1);
  const FragmentModel m = load_potential_file((dir / "a" / "potential.json").string());
  EXPECT_EQ(m.kind, "invariant_nn");
  EXPECT_EQ(m.parameters, full.model.parameters);

  train::TrainOptions b = a;
  b.out_dir = (dir / "b").string();
  b.stop_after_step = 120;
  EXPECT_THROW(train::run_training(cfg, b), train::Interrupted);
  b.stop_after_step = -1;
  b.resume = true;
  const train::TrainSummary resumed = train::run_training(cfg, b);
  EXPECT_EQ(resumed.model.parameters, full.model.parameters);
}
