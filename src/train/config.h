#pragma once
// Training configuration: a JSON document resolved against per-kind defaults.
//
//   resolve_config(file_json, overrides)  -> full JSON (defaults + file + --set overrides)
//   parse_train_config(resolved)          -> TrainConfig (typed, validated)
//
// Every error names the offending key ("config key 'optimizer.lr': ..."). Unknown keys
// are errors, so a typo never silently falls back to a default. The resolved JSON is
// what the potential file's provenance records. docs/training.md lists every key.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/atomic_builder.h"
#include "models/builders.h"

namespace qmlff::train {

struct DataConfig {
  std::string file;   // one labelled file, split by fractions (or k-fold)
  std::string train;  // or explicit files (val/test optional)
  std::string val;
  std::string test;
  double val_fraction = 0.0;
  double test_fraction = 0.5;
  std::string energy_key = "energy";
  std::string forces_key = "forces";
  int max_frames = 0;  // 0 = all (first N frames of data.file after reading; for quick runs)
  // Appended to the frames of data.file before the split (e.g. the close-contact dimers).
  std::vector<std::string> extra_files;
};

struct ScheduleConfig {
  std::string type = "constant";  // constant | exponential | cosine | step
  double decay_rate = 0.1;        // exponential: lr * decay_rate^(step/decay_steps)
  int decay_steps = 1000;
  double min_lr = 0.0;            // cosine: floor
  int step_size = 1000;           // step: lr * gamma^floor(step/step_size)
  double gamma = 0.5;
  int warmup_steps = 0;           // linear warm-up from 0 (all types)
};

struct OptimizerConfig {
  std::string type = "adam";
  double lr = 0.01;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  ScheduleConfig schedule;
};

struct LossConfig {
  std::string type = "energy";  // energy | energy_forces | two_phase
  double force_weight = 1.0;    // w in MSE(E) + w MSE(F) (eV^2 vs eV^2/Å^2)
  int energy_steps = 0;         // two_phase: energy-only steps before adding forces
};

struct ScalingConfig {
  std::string type = "minmax";  // minmax | none (fragment models); per_atom (atom-centred)
  double margin = 0.0;          // fraction of the observable range left free at each end
  // per_atom: output scale = scale_factor * RMS residual per frame / sqrt(mean atoms per frame)
  double scale_factor = 2.0;
};

struct NoiseConfig {
  double energy_sigma = 0.0;  // eV, Gaussian noise added to the training energies
  double forces_sigma = 0.0;  // eV/Å, added to each training force component
};

struct InitConfig {
  std::string type = "near_identity";  // near_identity | random_uniform | builder | lecun (networks)
  double sigma = 0.01;                 // near_identity: N(0, sigma) for non-scale params
  double low = -3.141592653589793;     // random_uniform bounds
  double high = 3.141592653589793;
  double alpha = 1.0;                  // value of the encoding scales ("alpha*")
};

struct OutputConfig {
  std::string name;          // model name written into the potential file
  int log_every = 50;        // plain log line period (non-terminal)
  int eval_every = 100;      // validation metrics in the learning curve
  int checkpoint_every = 200;
  bool post_correction = true;
};

struct TrainConfig {
  std::string kind;
  BuilderOptions builder;         // fragment kinds
  AtomicBuilderOptions atomic;    // atom-centred kinds ("atomic", "atomic_baseline")
  DataConfig data;
  int folds = 0;  // k-fold cross-validation when >= 2
  OptimizerConfig optimizer;
  int steps = 3000;
  int batch_size = 0;  // 0 = full batch
  LossConfig loss;
  ScalingConfig scaling;
  NoiseConfig noise;
  InitConfig init;
  std::uint64_t seed = 0;
  OutputConfig output;
};

// The atom-centred kinds (trained per atom, any composition).
bool is_atomic_kind(const std::string& kind);

// Defaults for a model kind (the seed's settings; see docs/training.md).
nlohmann::json default_config(const std::string& kind);

// "a.b.c=value": value parsed as JSON when it is valid JSON, else taken as a string.
// Throws qmlff::Error naming the override when it has no '='.
void apply_override(nlohmann::json& j, const std::string& assignment);

// Merges file JSON and overrides into the defaults of the kind named by model.kind.
// Throws qmlff::Error naming the key for unknown keys and type mismatches.
nlohmann::json resolve_config(const nlohmann::json& file_json, const std::vector<std::string>& overrides);

// Typed view of a resolved config; throws qmlff::Error naming the key on bad values.
TrainConfig parse_train_config(const nlohmann::json& resolved);

// Reads a config file (JSON; parse errors give file:line). Throws qmlff::Error.
nlohmann::json read_config_file(const std::string& path);

}  // namespace qmlff::train
