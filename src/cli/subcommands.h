#pragma once
// Every `qmlff` subcommand registers itself through one setup_<name>(CLI::App&) function,
// defined in src/cli/<name>.cpp next to its options struct and run_<name>() (see
// notes/style.md, section 5). main.cpp only calls these.
#include <CLI/CLI.hpp>

namespace qmlff::cli {

void setup_info(CLI::App& app);          // info.cpp
void setup_eval(CLI::App& app);          // eval.cpp
void setup_check_forces(CLI::App& app);  // check_forces.cpp
void setup_build(CLI::App& app);         // build.cpp

void setup_train(CLI::App& app);         // train.cpp (trainer; docs/training.md)
void setup_compare(CLI::App& app);       // compare.cpp (k-fold comparison of models; docs/cli.md)

}  // namespace qmlff::cli
