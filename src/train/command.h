#pragma once
// `qmlff train CONFIG [--set key=value]... [--resume] [--force] [-o OUTDIR] [--threads N]`
// without the argument parser: src/cli/train.cpp binds the options and calls this.
#include <iosfwd>
#include <string>
#include <vector>

namespace qmlff::train {

struct TrainCommandOptions {
  std::string config;                  // JSON config file
  std::vector<std::string> overrides;  // key=value
  bool resume = false;
  bool force = false;
  std::string out_dir;  // default: train-<config file stem> in the current directory
  int threads = 2;
  bool print_config = false;  // print the resolved config and exit
};

// Installs SIGINT/SIGTERM handlers for the run (a stop request finishes the current step,
// writes a checkpoint and returns 130). Returns the process exit code: 0 done, 2 bad input
// (printed to err as "qmlff train: error: ..."), 130 stopped by a signal.
int run_train_command(const TrainCommandOptions& o, std::ostream& out, std::ostream& err);

}  // namespace qmlff::train
