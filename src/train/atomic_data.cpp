#include "train/atomic_data.h"

#include <cmath>

#include <Eigen/Dense>

#include "core/error.h"
#include "io/dataset.h"
#include "models/atomic_evaluator.h"
#include "train/rng.h"

namespace qmlff::train {

using json = nlohmann::json;

LoadedData load_atomic_training_data(const std::string& path, const AtomicModel& model, const DataConfig& c,
                                     bool require_forces) {
  const Dataset ds = read_training_file(path, c, require_forces);
  LoadedData out;
  out.path = path;
  out.checksum = ds.checksum;
  std::string known;
  for (const auto& s : model.species) known += (known.empty() ? "" : ", ") + s;
  for (std::size_t i = 0; i < ds.frames.size(); ++i) {
    const Frame& f = ds.frames[i];
    const std::string where = path + ":" + std::to_string(f.line) + " (frame " + std::to_string(i + 1) + ")";
    QMLFF_REQUIRE(f.energy.has_value(), where + ": frame has no energy label '" + c.energy_key + "'");
    TrainFrame t;
    for (std::size_t a = 0; a < f.species.size(); ++a) {
      const int s = model.species_index(f.species[a]);
      if (s < 0)
        throw Error(where + ": atom " + std::to_string(a + 1) + " is " + f.species[a] +
                    ", a species the model does not know (it knows " + known +
                    "); train a model that lists it in model.species");
      t.species.push_back(s);
    }
    t.positions = f.positions;
    t.energy = *f.energy;
    t.forces = f.forces;
    QMLFF_REQUIRE(!require_forces || t.forces.size() == t.positions.size(),
                  where + ": frame has no force labels '" + c.forces_key + "' (the loss uses forces)");
    out.frames.push_back(std::move(t));
    out.lines.push_back(f.line);
  }
  return out;
}

json fit_atomic_scaling(AtomicModel& model, const std::vector<TrainFrame>& frames, const std::vector<int>& idx,
                        double scale_factor) {
  QMLFF_REQUIRE(!idx.empty(), "per-atom scaling: no training frames");
  const int S = model.n_species(), n = static_cast<int>(idx.size());
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(n, S);
  Eigen::VectorXd b(n);
  double atoms = 0.0;
  for (int k = 0; k < n; ++k) {
    const TrainFrame& f = frames[idx[k]];
    for (int s : f.species) A(k, s) += 1.0;
    b(k) = f.energy;
    atoms += f.n_atoms();
  }
  // Minimum-norm least squares: a species absent from the training set gets e0 = 0, and
  // species whose counts are proportional in every frame (one molecule) share the energy
  // by the norm. An SVD with an explicit relative threshold: exactly proportional integer
  // columns must count as rank-deficient (a pivoted QR at machine precision let rounding
  // decide, and returned e0 of 1e11 eV that cancel).
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(A, Eigen::ComputeThinU | Eigen::ComputeThinV);
  svd.setThreshold(1e-9);
  const Eigen::VectorXd e0 = svd.solve(b);
  const Eigen::VectorXd resid = b - A * e0;
  const double rms = std::sqrt(resid.squaredNorm() / n);
  const double mean_atoms = atoms / n;
  double scale = scale_factor * rms / std::sqrt(mean_atoms);
  if (!(scale > 1e-6)) scale = 1e-6;  // energies fully explained by e0: any small scale

  // The circuits' mean value per species at the initial parameters (unit scale, no e0),
  // moved into e0 so that the initial model equals the least-squares baseline on average.
  AtomicModel probe = model;
  for (auto& c : probe.centres) c.scale = 1.0, c.e0 = 0.0;
  AtomicEvaluator ev(probe);
  std::vector<double> sum(S, 0.0), count(S, 0.0), ea;
  for (int i : idx) {
    const TrainFrame& f = frames[i];
    ea.resize(f.n_atoms());
    ev.structure(f.positions.data(), f.species.data(), f.n_atoms(), nullptr, nullptr, ea.data());
    for (int a = 0; a < f.n_atoms(); ++a) sum[f.species[a]] += ea[a], count[f.species[a]] += 1.0;
  }
  json per_species = json::object();
  for (int s = 0; s < S; ++s) {
    const double mean_c = count[s] > 0 ? sum[s] / count[s] : 0.0;
    model.centres[s].scale = scale;
    model.centres[s].e0 = e0(s) - scale * mean_c;
    per_species[model.species[s]] = {{"e0_least_squares", e0(s)}, {"mean_circuit_value", mean_c},
                                     {"e0", model.centres[s].e0}, {"atoms", count[s]}};
  }
  return {{"type", "per_atom"}, {"scale", scale}, {"scale_factor", scale_factor},
          {"rms_residual_after_e0", rms}, {"mean_atoms_per_frame", mean_atoms}, {"species", per_species}};
}

void init_atomic_parameters(AtomicModel& model, const InitConfig& c, std::uint64_t seed) {
  QMLFF_REQUIRE(c.type != "lecun", "config key 'init.type': 'lecun' is for network models (invariant_nn)");
  if (c.type == "builder") return;
  Rng rng = make_rng(seed, 2);
  // |u_c| ~ sigma sqrt(active basis functions x neighbours): of order one for Gaussians
  // (g <= 1, one or two active per neighbour); the linear basis g = r fc is of order r_c / 4
  // per neighbour (a molecule's two bonded neighbours at 1 A then give |u| ~ 0.8 at r_c = 5 A).
  const double weight_sigma = model.basis.type == RadialBasis::Type::Linear ? 2.0 / model.basis.cutoff
                                                                           : 1.0 / std::sqrt(model.basis.size());
  for (std::size_t k = 0; k < model.parameters.size(); ++k) {
    const std::string& label = model.parameter_labels[k];
    if (label.rfind("w_", 0) == 0) {
      model.parameters[k] = weight_sigma * normal01(rng);
    } else if (label.rfind("alpha", 0) == 0) {
      model.parameters[k] = c.alpha;
    } else if (c.type == "near_identity") {
      model.parameters[k] = c.sigma * normal01(rng);
    } else {
      model.parameters[k] = c.low + (c.high - c.low) * uniform01(rng);
    }
  }
}

}  // namespace qmlff::train
