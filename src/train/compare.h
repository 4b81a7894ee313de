#pragma once
// `qmlff compare`: k-fold cross-validation of several models on one dataset with the
// trainer, summarised as one table (docs/cli.md, "compare").
//
// Config (JSON):
//   { "folds": 5,                       // default 5
//     "common": { ...train config... },  // shared keys: data, steps, loss, optimizer, ...
//     "models": [ {"label": "siVQLM", "config": { "model": {"kind": "sivqlm_ab"}, ... }}, ... ] }
// Each model's train config is common merged with its own config (its keys win), then
// cv.folds = folds, then the --set overrides. OUTDIR/<label>/ holds that model's
// trainer outputs (fold_<f>/, cv_metrics.json); OUTDIR/comparison.md and .csv the table.
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace qmlff::train {

// Mean and population standard deviation over folds; cov = std/mean (NaN for mean 0).
struct FoldStat {
  double mean = 0, std = 0, cov = 0;
  int n = 0;
};
FoldStat fold_stat(const std::vector<double>& v);

// One row of the table: per-fold metrics of one model and their statistics.
struct CompareRow {
  std::string label, kind;
  int params = 0;     // trainable parameters: circuit angles or network weights (scale/offset fixed by MinMax)
  int folds = 0;
  double seconds = 0;  // wall time of all folds
  // key "test.energy.rmse" etc. -> one value per fold
  std::vector<std::pair<std::string, std::vector<double>>> series;
  const std::vector<double>* find(const std::string& key) const;
};

// Per-fold series of the metrics in a trainer's cv_metrics.json (test and train splits,
// raw and post-corrected energy/forces; r2, mae, rmse, mse).
std::vector<std::pair<std::string, std::vector<double>>> fold_series(const nlohmann::json& cv_metrics);

std::string comparison_markdown(const std::vector<CompareRow>& rows, const std::string& title,
                                const std::string& command);
std::string comparison_csv(const std::vector<CompareRow>& rows);

struct CompareOptions {
  std::string config;
  std::vector<std::string> overrides;  // applied to every model's train config
  std::string out_dir;                 // default compare-<config stem>
  int threads = 1;
  bool force = false;
  std::string command_line;  // recorded in the markdown
};

// Returns the process exit code (0 done, 2 bad input, 130 stopped by a signal).
int run_compare_command(const CompareOptions& o, std::ostream& out, std::ostream& err);

}  // namespace qmlff::train
