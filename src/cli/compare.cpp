#include "cli/compare.h"

#include <iostream>
#include <memory>

#include "train/compare.h"

namespace qmlff::cli {

void setup_compare(CLI::App& app) {
  auto opt = std::make_shared<train::CompareOptions>();
  CLI::App* sub = app.add_subcommand(
      "compare", "Cross-validate several models on one dataset with the trainer (k folds, two-phase loss as "
                 "configured) and write comparison.md and comparison.csv (docs/cli.md)");
  sub->add_option("CONFIG", opt->config, "compare config (JSON): folds, common train keys, models")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("--set", opt->overrides, "override a train config key for every model (repeatable)")
      ->take_all()
      ->allow_extra_args(false);
  sub->add_option("-o,--out", opt->out_dir, "output folder (default: compare-<config name>)");
  sub->add_option("--threads", opt->threads, "threads for the loss gradient")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  sub->add_flag("--force", opt->force, "overwrite an existing comparison and model outputs");
  sub->callback([opt] {
    // The command as typed, for the table's header (reproducibility).
    std::string cmd = "qmlff compare " + opt->config;
    for (const auto& s : opt->overrides) cmd += " --set " + s;
    if (!opt->out_dir.empty()) cmd += " -o " + opt->out_dir;
    cmd += " --threads " + std::to_string(opt->threads);
    opt->command_line = cmd;
    const int rc = train::run_compare_command(*opt, std::cout, std::cerr);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace qmlff::cli
