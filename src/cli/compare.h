#pragma once
// `qmlff compare CONFIG [--set key=value]... [-o OUTDIR] [--threads N] [--force]`: k-fold
// cross-validation of several models on one dataset, one table (docs/cli.md). The work is
// done by qmlff::train::run_compare_command (src/train/compare.h); this file binds the options.
#include <CLI/CLI.hpp>

namespace qmlff::cli {

void setup_compare(CLI::App& app);

}  // namespace qmlff::cli
