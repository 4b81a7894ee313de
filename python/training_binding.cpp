// qmlff._core.train: the trainer of `qmlff train` (src/train/trainer.h) from Python. The run
// happens on a worker thread while this thread waits with the interpreter's signal checks,
// so Ctrl-C (KeyboardInterrupt) stops it the way SIGINT stops `qmlff train`: the current
// step finishes, a checkpoint is written (resume=True continues), then KeyboardInterrupt.
#include <pybind11/stl.h>

#include <chrono>
#include <csignal>
#include <exception>
#include <future>
#include <iostream>
#include <sstream>
#include <thread>

#include "bindings.h"
#include "train/config.h"
#include "train/trainer.h"

namespace py = pybind11;

namespace qmlff::python {

namespace {

struct TrainRun {
  std::string metrics_json;
  int steps_done = 0;
};

TrainRun train(const std::string& config_json, const std::string& config_path, const std::vector<std::string>& overrides,
               const std::string& out_dir, const std::string& base_dir, int threads, bool resume, bool force, bool quiet) {
  const nlohmann::json file_json =
      config_path.empty() ? nlohmann::json::parse(config_json) : train::read_config_file(config_path);
  const nlohmann::json cfg = train::resolve_config(file_json, overrides);
  train::parse_train_config(cfg);  // validate before touching the output folder
  train::TrainOptions opt;
  opt.out_dir = out_dir;
  opt.base_dir = base_dir;
  opt.threads = threads;
  opt.resume = resume;
  opt.force = force;
  std::ostringstream sink;
  if (quiet) opt.log = &sink;
  volatile std::sig_atomic_t stop = 0;  // set by this thread, read by the trainer after each step
  opt.stop_flag = &stop;

  std::packaged_task<train::TrainSummary()> task([&] { return train::run_training(cfg, opt); });
  std::future<train::TrainSummary> result = task.get_future();
  std::thread worker;
  {
    py::gil_scoped_release release;
    worker = std::thread(std::move(task));
  }
  std::exception_ptr interrupt;
  while (result.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
    if (interrupt) continue;
    try {
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    } catch (py::error_already_set&) {
      interrupt = std::current_exception();
      stop = 1;
    }
    py::gil_scoped_release release;  // let other Python threads run while we wait
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  worker.join();
  if (interrupt) {
    try {
      result.get();
    } catch (const train::Interrupted&) {
    }
    std::rethrow_exception(interrupt);
  }
  const train::TrainSummary s = result.get();
  return {s.metrics.dump(), s.steps_done};
}

}  // namespace

void bind_training(py::module_& m) {
  m.def(
      "train",
      [](const std::string& config_json, const std::string& config_path, const std::vector<std::string>& overrides,
         const std::string& out_dir, const std::string& base_dir, int threads, bool resume, bool force, bool quiet) {
        const TrainRun r = train(config_json, config_path, overrides, out_dir, base_dir, threads, resume, force, quiet);
        return py::make_tuple(r.metrics_json, r.steps_done);
      },
      py::arg("config_json"), py::arg("config_path"), py::arg("overrides"), py::arg("out_dir"), py::arg("base_dir"),
      py::arg("threads"), py::arg("resume"), py::arg("force"), py::arg("quiet"),
      "Low-level trainer call; use qmlff.train. Returns (metrics JSON text, steps done).");
}

}  // namespace qmlff::python
