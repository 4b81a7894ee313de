#pragma once
// `qmlff eval FILE DATA.extxyz`: predictions of a potential on a labelled dataset,
// error metrics against the labels and an optional CSV for parity plots.
#include <iosfwd>
#include <string>

#include <CLI/CLI.hpp>

#include "io/metrics.h"

namespace qmlff::cli {

struct EvalOptions {
  std::string potential;
  std::string data;
  std::string energy_key = "energy";
  std::string forces_key = "forces";
  std::string csv;          // empty: no CSV
  bool force = false;       // overwrite an existing CSV
  bool per_atom = false;    // print every atom's forces, not just per-frame summaries
  bool quiet = false;       // only the metrics
  bool allow_beyond_cutoff = false;  // evaluate frames with atoms beyond the fragment cutoff
};

struct EvalResult {
  Metrics energy;  // over frames with an energy label (eV)
  Metrics forces;  // over force components of frames with a force label (eV/Å)
  std::size_t n_frames = 0;
};

void setup_eval(CLI::App& app);
// Evaluates, prints to `out`, writes the CSV; throws qmlff::Error on bad input.
EvalResult evaluate_dataset(const EvalOptions& opt, std::ostream& out);
int run_eval(const EvalOptions& opt);

}  // namespace qmlff::cli
