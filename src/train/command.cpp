#include "train/command.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "core/error.h"
#include "train/config.h"
#include "train/trainer.h"

namespace qmlff::train {

namespace {

volatile std::sig_atomic_t g_stop = 0;

extern "C" void on_stop_signal(int) { g_stop = 1; }

// Restores the previous handlers when the run ends.
struct SignalGuard {
  using Handler = void (*)(int);
  Handler old_int, old_term;
  SignalGuard() {
    g_stop = 0;
    old_int = std::signal(SIGINT, on_stop_signal);
    old_term = std::signal(SIGTERM, on_stop_signal);
  }
  ~SignalGuard() {
    std::signal(SIGINT, old_int);
    std::signal(SIGTERM, old_term);
  }
};

}  // namespace

int run_train_command(const TrainCommandOptions& o, std::ostream& out, std::ostream& err) {
  namespace fs = std::filesystem;
  try {
    const nlohmann::json cfg = resolve_config(read_config_file(o.config), o.overrides);
    parse_train_config(cfg);  // validate before touching the output folder
    if (o.print_config) {
      out << cfg.dump(2) << "\n";
      return 0;
    }
    TrainOptions opt;
    opt.out_dir = o.out_dir.empty() ? "train-" + fs::path(o.config).stem().string() : o.out_dir;
    opt.base_dir = fs::path(o.config).parent_path().string();
    opt.threads = o.threads;
    opt.resume = o.resume;
    opt.force = o.force;
    opt.progress_bar = isatty(fileno(stderr)) != 0;
    opt.log = &err;
    opt.stop_flag = &g_stop;
    SignalGuard guard;
    run_training(cfg, opt);
    out << "qmlff train: outputs in " << opt.out_dir << "\n";
    return 0;
  } catch (const Interrupted& e) {
    err << "qmlff train: " << e.what() << "\n";
    return 130;
  } catch (const std::exception& e) {
    err << "qmlff train: error: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace qmlff::train
