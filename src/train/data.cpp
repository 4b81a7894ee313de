#include "train/data.h"
// GCC 12 reports false maybe-uninitialized warnings inside its AVX-512 intrinsic headers
// when Eigen is compiled with -march=native (the tests target disables the same warning).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "geom/atom_distances.h"
#include "io/frame_matching.h"
#include "models/invariant_nn_eval.h"
#include "sim/observable.h"

namespace qmlff::train {

Dataset read_training_file(const std::string& path, const DataConfig& c, bool require_forces) {
  ExtxyzOptions opt;
  opt.energy_key = c.energy_key;
  opt.forces_key = c.forces_key;
  opt.require_energy = true;
  opt.require_forces = require_forces;
  Dataset ds = read_extxyz(path, opt);
  if (c.max_frames > 0 && ds.frames.size() > static_cast<std::size_t>(c.max_frames)) ds.frames.resize(c.max_frames);
  QMLFF_REQUIRE(!ds.frames.empty(), path + ": no frames");
  return ds;
}

LoadedData load_training_data(const std::string& path, const FragmentModel& model, const DataConfig& c,
                              bool require_forces) {
  const Dataset ds = read_training_file(path, c, require_forces);
  LoadedData out;
  out.path = path;
  out.checksum = ds.checksum;
  for (std::size_t i = 0; i < ds.frames.size(); ++i) {
    const Frame& f = ds.frames[i];
    const std::string where = path + ":" + std::to_string(f.line);
    QMLFF_REQUIRE(f.energy.has_value(), where + ": frame has no energy label '" + c.energy_key + "'");
    const std::vector<int> order = match_species_order(f.species, model.species, where);
    TrainFrame t;
    t.positions = reorder_to_model(f.positions, order);
    // coinciding atoms give NaN gradients, reported later as a diverging run
    if (const auto p = find_atom_pair_problem(f.positions.data(), static_cast<int>(f.positions.size()), 0.0))
      throw Error(where + ": " +
                  describe_atom_pair_problem(*p, std::to_string(p->a + 1) + " (" + f.species[p->a] + ")",
                                             std::to_string(p->b + 1) + " (" + f.species[p->b] + ")", 0.0, model.name));
    t.energy = *f.energy;
    if (!f.forces.empty()) t.forces = reorder_to_model(f.forces, order);
    QMLFF_REQUIRE(!require_forces || t.forces.size() == model.species.size(),
                  where + ": frame has no force labels '" + c.forces_key + "' (the loss uses forces)");
    out.frames.push_back(std::move(t));
    out.lines.push_back(f.line);
  }
  return out;
}

Split split_by_fractions(int n, double val_fraction, double test_fraction, std::uint64_t seed) {
  std::vector<int> perm(n);
  for (int i = 0; i < n; ++i) perm[i] = i;
  Rng rng = make_rng(seed, 1);
  shuffle(perm, rng);
  const int n_test = static_cast<int>(std::lround(test_fraction * n));
  const int n_val = static_cast<int>(std::lround(val_fraction * n));
  QMLFF_REQUIRE(n - n_test - n_val >= 1, "split: no frames left for training (" + std::to_string(n) + " frames)");
  Split s;
  s.test.assign(perm.begin(), perm.begin() + n_test);
  s.val.assign(perm.begin() + n_test, perm.begin() + n_test + n_val);
  s.train.assign(perm.begin() + n_test + n_val, perm.end());
  for (auto* v : {&s.train, &s.val, &s.test}) std::sort(v->begin(), v->end());
  return s;
}

std::vector<Split> kfold_splits(int n, int k, std::uint64_t seed) {
  QMLFF_REQUIRE(k >= 2 && k <= n, "k-fold: need 2 <= k <= number of frames (" + std::to_string(n) + ")");
  std::vector<int> perm(n);
  for (int i = 0; i < n; ++i) perm[i] = i;
  Rng rng = make_rng(seed, 1);
  shuffle(perm, rng);
  std::vector<Split> out(k);
  for (int f = 0; f < k; ++f) {
    const int b = static_cast<int>(static_cast<long long>(f) * n / k);
    const int e = static_cast<int>(static_cast<long long>(f + 1) * n / k);
    for (int i = 0; i < n; ++i) (i >= b && i < e ? out[f].test : out[f].train).push_back(perm[i]);
    std::sort(out[f].test.begin(), out[f].test.end());
    std::sort(out[f].train.begin(), out[f].train.end());
  }
  return out;
}

void add_label_noise(std::vector<TrainFrame>& frames, const std::vector<int>& idx, double e_sigma,
                     double f_sigma, std::uint64_t seed) {
  if (e_sigma <= 0 && f_sigma <= 0) return;
  Rng rng = make_rng(seed, 3);
  for (int i : idx) {
    TrainFrame& t = frames[i];
    if (e_sigma > 0) t.energy += e_sigma * normal01(rng);
    if (f_sigma > 0)
      for (auto& f : t.forces)
        for (double& x : f) x += f_sigma * normal01(rng);
  }
}

std::pair<double, double> observable_range(const Circuit& c) {
  QMLFF_REQUIRE(c.n_qubits >= 1 && c.n_qubits <= 12, "observable range: dense diagonalisation needs <= 12 qubits");
  const int dim = 1 << c.n_qubits;
  CompiledObservable obs(c.observable, c.n_qubits);
  Eigen::MatrixXcd m(dim, dim);
  std::vector<cplx> e(dim), col(dim);
  for (int j = 0; j < dim; ++j) {
    std::fill(e.begin(), e.end(), cplx{});
    e[j] = 1.0;
    obs.apply(e.data(), col.data());
    for (int i = 0; i < dim; ++i) m(i, j) = col[i];
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXcd> es(m, Eigen::EigenvaluesOnly);
  QMLFF_REQUIRE(es.info() == Eigen::Success, "observable range: eigensolver failed");
  return {es.eigenvalues().minCoeff(), es.eigenvalues().maxCoeff()};
}

std::pair<double, double> output_range(const FragmentModel& model) {
  if (model.network) return {-1.0, 1.0};
  return observable_range(model.circuit);
}

std::pair<double, double> set_minmax_scaling(FragmentModel& model, const std::vector<TrainFrame>& frames,
                                             const std::vector<int>& idx, double margin, double omin,
                                             double omax) {
  // With a fixed baseline (repulsion, coulomb, bonds) the circuit only has to span E - E_baseline.
  double emin = std::numeric_limits<double>::infinity(), emax = -emin;
  for (int i : idx) {
    const double e = frames[i].energy - model.baseline(frames[i].positions.data(), nullptr);
    emin = std::min(emin, e);
    emax = std::max(emax, e);
  }
  QMLFF_REQUIRE(!idx.empty(), "MinMax scaling: no training frames");
  QMLFF_REQUIRE(omax > omin, "MinMax scaling: the observable has a single eigenvalue");
  double span = emax - emin;
  if (!(span > 0)) span = 1.0;  // all energies equal: unit scale, offset centres them
  const double lo = omin + margin * (omax - omin), hi = omax - margin * (omax - omin);
  model.scale = span / (hi - lo);
  model.offset = emin - model.scale * lo;
  return {emin, emax};
}

void standardise_network_inputs(FragmentModel& model, const std::vector<TrainFrame>& frames, const std::vector<int>& idx) {
  if (!model.network) return;
  std::vector<const Vec3*> positions;
  for (int i : idx) positions.push_back(frames[i].positions.data());
  fit_descriptor_standardisation(*model.network, model.species, positions);
}

void init_parameters(FragmentModel& model, const InitConfig& c, std::uint64_t seed) {
  Rng rng = make_rng(seed, 2);
  if (c.type == "lecun") {
    QMLFF_REQUIRE(model.network, "config key 'init.type': 'lecun' is for network models (invariant_nn); circuit "
                                 "models use near_identity, random_uniform or builder");
    const std::vector<int> fan = model.network->fan_in();
    for (std::size_t k = 0; k < model.parameters.size(); ++k)
      model.parameters[k] = fan[k] > 0 ? normal01(rng) / std::sqrt(static_cast<double>(fan[k])) : 0.0;
    return;
  }
  if (c.type == "builder") return;
  for (std::size_t k = 0; k < model.parameters.size(); ++k)
    model.parameters[k] =
        initial_circuit_parameter(k < model.parameter_labels.size() ? model.parameter_labels[k] : std::string(), c, rng);
}

double initial_circuit_parameter(const std::string& label, const InitConfig& c, Rng& rng) {
  if (is_encoding_scale_label(label)) return c.alpha;
  if (c.type == "near_identity") return c.sigma * normal01(rng);
  return c.low + (c.high - c.low) * uniform01(rng);
}

}  // namespace qmlff::train
