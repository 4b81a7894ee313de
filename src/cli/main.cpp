// qmlff: command-line front end of the library. Each subcommand lives in its own file
// pair (src/cli/<name>.{h,cpp}); this file only registers them. Usage: docs/cli.md.
#include <CLI/CLI.hpp>

#include "cli/portable_libm.h"
#include "cli/subcommands.h"

int main(int argc, char** argv) {
  qmlff::cli::pin_baseline_libm(argv);  // portable builds only: the same libm on every CPU
  CLI::App app{"qmlff: quantum-learned force fields (build, train, inspect, evaluate and check potentials)", "qmlff"};
  app.set_version_flag("--version", std::string("qmlff ") + QMLFF_VERSION);
  app.require_subcommand(1);
  qmlff::cli::setup_info(app);
  qmlff::cli::setup_eval(app);
  qmlff::cli::setup_check_forces(app);
  qmlff::cli::setup_build(app);
  qmlff::cli::setup_train(app);
  qmlff::cli::setup_compare(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
