#pragma once
// `qmlff train CONFIG [--set key=value]... [--resume] [--force] [-o OUTDIR] [--threads N]`:
// trains a fragment model on labelled frames (docs/training.md). The work is done by
// qmlff::train::run_train_command (src/train/command.h); this file binds the options.
#include <CLI/CLI.hpp>

namespace qmlff::cli {

void setup_train(CLI::App& app);

}  // namespace qmlff::cli
