#pragma once
// The training loop behind `qmlff train`:
//
//   json cfg = resolve_config(read_config_file(path), overrides);
//   TrainOptions opt;  opt.out_dir = "run1";  opt.base_dir = <config file's folder>;
//   TrainSummary s = run_training(cfg, opt);
//
// Per run it writes to out_dir (atomically; an existing output is refused unless
// opt.force or opt.resume): potential.json (with provenance), metrics.json,
// learning_curve.csv, parity_energy.csv, parity_forces.csv, config.json (resolved) and
// checkpoint.json (every output.checkpoint_every steps and on a stop request).
// With cv.folds = k >= 2 each fold gets out_dir/fold_<f>/ and out_dir/cv_metrics.json
// holds per-fold metrics and CoV = sigma/mu across folds.
#include <csignal>
#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "models/fragment_model.h"

namespace qmlff::train {

// Thrown after a stop request: a checkpoint has been written; --resume continues.
class Interrupted : public Error {
 public:
  using Error::Error;
};

struct TrainOptions {
  std::string out_dir = "train-out";
  std::string base_dir;  // relative dataset paths are resolved against it ("" = cwd)
  int threads = 2;
  bool resume = false;
  bool force = false;
  bool progress_bar = false;  // redraw one status line (a terminal); else periodic log lines
  std::ostream* log = nullptr;  // null = std::cerr
  const volatile std::sig_atomic_t* stop_flag = nullptr;  // checked after every step
  int stop_after_step = -1;  // testing: act as if a stop was requested after this step
};

struct TrainSummary {
  FragmentModel model;       // the trained fragment model (last fold for cross-validation); empty for atom-centred kinds
  std::vector<double> parameters;  // the trained parameters, any kind
  nlohmann::json metrics;    // metrics.json (or cv_metrics.json) content
  int steps_done = 0;
};

TrainSummary run_training(const nlohmann::json& resolved_config, const TrainOptions& opt);

// Names of the files a run writes into its output folder.
const std::vector<std::string>& output_file_names();

}  // namespace qmlff::train
