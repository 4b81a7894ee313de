#include "cli/train.h"

#include <iostream>
#include <memory>

#include "train/command.h"

namespace qmlff::cli {

void setup_train(CLI::App& app) {
  auto opt = std::make_shared<train::TrainCommandOptions>();
  CLI::App* sub = app.add_subcommand(
      "train", "Train a fragment model on ab initio energies and forces and write a potential file, "
               "metrics, a learning curve and parity data (docs/training.md)");
  sub->add_option("CONFIG", opt->config, "training config (JSON); relative data paths are relative to it")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("--set", opt->overrides, "override a config key, e.g. --set optimizer.lr=0.01 (repeatable)")
      ->take_all()
      ->allow_extra_args(false);
  sub->add_flag("--resume", opt->resume, "continue from OUTDIR/checkpoint.json");
  sub->add_flag("--force", opt->force, "overwrite existing outputs in OUTDIR");
  sub->add_option("-o,--out", opt->out_dir, "output folder (default: train-<config name>)");
  sub->add_option("--threads", opt->threads, "threads for the loss gradient (results are deterministic per count)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  sub->add_flag("--print-config", opt->print_config, "print the resolved config (defaults + file + --set) and exit");
  sub->callback([opt] {
    const int rc = train::run_train_command(*opt, std::cout, std::cerr);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace qmlff::cli
