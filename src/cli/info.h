#pragma once
// `qmlff info FILE`: what a potential file contains.
#include <iosfwd>
#include <string>

#include <CLI/CLI.hpp>

namespace qmlff::cli {

struct InfoOptions {
  std::string potential;  // potential file (JSON)
  bool parameters = false;  // also list every parameter value with its label
};

void setup_info(CLI::App& app);
// Prints the summary to `out`; returns the exit code. Throws qmlff::Error for bad files.
int run_info(const InfoOptions& opt, std::ostream& out);
int run_info(const InfoOptions& opt);

}  // namespace qmlff::cli
