#include "train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <map>
#include <memory>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "io/atomic_write.h"
#include "io/metrics.h"
#include "io/potential_file.h"
#include "io/provenance_summary.h"
#include "models/builders.h"
#include "train/config.h"
#include "train/data.h"
#include "train/loss.h"
#include "train/optimizer.h"
#include "train/phase_eta.h"
#include "train/report.h"
#include "train/rng.h"
#include "train/train_model.h"

#ifndef QMLFF_VERSION
#define QMLFF_VERSION "unknown"
#endif

namespace qmlff::train {

using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kCheckpointFormat = "qmlff-train-checkpoint";

// Bit-exact doubles in checkpoints: 16 hex digits of the IEEE-754 pattern.
std::string hex_double(double x) {
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return fmt::format("{:016x}", u);
}
double unhex_double(const json& j, const std::string& what) {
  if (!j.is_string() || j.get<std::string>().size() != 16) throw Error("checkpoint: bad value in '" + what + "'");
  const std::uint64_t u = std::stoull(j.get<std::string>(), nullptr, 16);
  double x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
json hex_vector(const std::vector<double>& v) {
  json a = json::array();
  for (double x : v) a.push_back(hex_double(x));
  return a;
}
std::vector<double> unhex_vector(const json& j, const std::string& what) {
  if (!j.is_array()) throw Error("checkpoint: '" + what + "' must be an array");
  std::vector<double> v;
  for (const auto& x : j) v.push_back(unhex_double(x, what));
  return v;
}

std::string fmt_duration(double s) {
  if (!std::isfinite(s) || s < 0) return "--:--";
  const long long t = static_cast<long long>(s + 0.5);
  if (t >= 3600) return fmt::format("{}:{:02d}:{:02d}", t / 3600, (t / 60) % 60, t % 60);
  return fmt::format("{:d}:{:02d}", t / 60, t % 60);
}

std::string csv_num(double x) { return std::isfinite(x) ? fmt::format("{:.10g}", x) : std::string(); }

// Config keys that may differ between a checkpoint and --resume (they do not change
// the trajectory up to the checkpoint's step).
json trajectory_part(const json& cfg) {
  json j = cfg;
  j.erase("output");
  j.erase("steps");
  // Checkpoints written before model.coulomb existed lack the key; without charges it has no effect.
  json& model = j["model"];
  if (model.contains("coulomb") && model["coulomb"].value("charges", json::object()).empty()) model.erase("coulomb");
  return j;
}

struct SplitData {
  std::string name;
  std::vector<int> idx;
};

struct Predictions {
  std::vector<double> e_ref, e_pred, f_ref, f_pred;
  std::vector<std::vector<Vec3>> forces;  // per frame
  bool has_forces = false;
};

Predictions predict_split(LossEvaluator& ev, const std::vector<double>& theta, const std::vector<TrainFrame>& frames,
                          const std::vector<int>& idx) {
  Predictions p;
  ev.predict(theta, frames, idx, p.e_pred, p.forces);
  p.has_forces = !idx.empty();
  for (int i : idx) {
    p.e_ref.push_back(frames[i].energy);
    if (frames[i].forces.empty()) p.has_forces = false;
  }
  if (p.has_forces) {
    for (std::size_t k = 0; k < idx.size(); ++k)
      for (const auto& f : frames[idx[k]].forces) p.f_ref.insert(p.f_ref.end(), f.begin(), f.end());
    p.f_pred = flatten_forces(p.forces);
  }
  return p;
}

// One training run (a plain split, or one fold) writing into dir.
class Run {
 public:
  Run(const json& cfg_json, const TrainConfig& cfg, const TrainOptions& opt, std::string dir,
      std::string label, const std::vector<TrainFrame>& frames, const std::vector<int>& lines,
      const std::vector<SplitData>& splits, const json& datasets)
      : cfg_json_(cfg_json), cfg_(cfg), opt_(opt), dir_(std::move(dir)), label_(std::move(label)),
        frames_(frames), lines_(lines), splits_(splits), datasets_(datasets),
        log_(opt.log ? *opt.log : std::cerr) {}

  TrainSummary go();

 private:
  const std::vector<int>& split(const std::string& name) const {
    for (const auto& s : splits_)
      if (s.name == name) return s.idx;
    throw Error("internal: no split " + name);
  }
  std::string path(const std::string& f) const { return (fs::path(dir_) / f).string(); }
  double force_weight(int step) const {
    if (cfg_.loss.type == "energy") return 0.0;
    if (cfg_.loss.type == "two_phase" && step < cfg_.loss.energy_steps) return 0.0;
    return cfg_.loss.force_weight;
  }
  std::vector<int> batch(Rng& rng) const;
  void write_checkpoint(int step) const;
  bool load_checkpoint();
  std::string curve_row(int step, double lr, double fw, const LossValue& lv, bool with_val);
  void write_curve() const;
  void progress(int step, int total, const LossValue& lv, double lr, bool force_line);

  const json& cfg_json_;
  const TrainConfig& cfg_;
  const TrainOptions& opt_;
  std::string dir_, label_;
  const std::vector<TrainFrame>& frames_;
  const std::vector<int>& lines_;
  const std::vector<SplitData>& splits_;
  const json& datasets_;
  std::ostream& log_;

  std::unique_ptr<TrainModel> model_;
  std::unique_ptr<LossEvaluator> ev_;
  std::vector<TrainFrame> train_frames_;  // frames with label noise on the training split
  std::vector<double> theta_;
  AdamState adam_;
  Rng batch_rng_;
  int step_ = 0;
  std::vector<std::string> curve_;
  std::chrono::steady_clock::time_point t0_;
  int step_at_start_ = 0;
  std::chrono::steady_clock::time_point last_draw_;
  PhaseEta phase_eta_;  // step times per phase (energy-only, with forces) for the ETA
  json scaling_;
};

std::vector<int> Run::batch(Rng& rng) const {
  const std::vector<int>& train = split("train");
  if (cfg_.batch_size <= 0 || cfg_.batch_size >= static_cast<int>(train.size())) return train;
  // Partial Fisher-Yates on a fresh copy: the batch depends only on the RNG state.
  std::vector<int> v = train;
  const std::size_t b = cfg_.batch_size;
  for (std::size_t i = 0; i < b; ++i) std::swap(v[i], v[i + uniform_index(rng, v.size() - i)]);
  v.resize(b);
  std::sort(v.begin(), v.end());
  return v;
}

void Run::write_checkpoint(int step) const {
  json j;
  j["format"] = kCheckpointFormat;
  j["version"] = 1;
  j["config"] = cfg_json_;
  j["threads"] = ev_->n_threads();
  j["step"] = step;
  j["theta"] = hex_vector(theta_);
  j["adam_m"] = hex_vector(adam_.m);
  j["adam_v"] = hex_vector(adam_.v);
  j["adam_t"] = adam_.t;
  std::ostringstream rs;
  rs << batch_rng_;
  j["rng"] = rs.str();
  j["scaling_state"] = hex_vector(model_->scaling_state());
  j["curve"] = curve_;
  j["date"] = utc_now();
  write_file_atomically(path("checkpoint.json"), j.dump(1) + "\n", true);
  write_curve();
}

bool Run::load_checkpoint() {
  const std::string p = path("checkpoint.json");
  if (!fs::exists(p)) return false;
  json j;
  try {
    j = json::parse(read_text_file(p));
  } catch (const json::exception& e) {
    throw Error(p + ": not a valid checkpoint (" + e.what() + ")");
  }
  if (j.value("format", "") != kCheckpointFormat) throw Error(p + ": not a qmlff training checkpoint");
  try {
    if (trajectory_part(j.at("config")) != trajectory_part(cfg_json_))
      throw Error(p + ": the checkpoint was written with a different configuration (only 'steps' and "
                      "'output.*' may change on --resume); see config.json in " + dir_);
    // The loss sums are split over threads: another count gives another last bit, and the
    // run would no longer be the uninterrupted run that the provenance describes.
    const int threads = j.at("threads").get<int>();
    if (threads != ev_->n_threads())
      throw Error(fmt::format("{}: the checkpoint was written with {} threads, this run has {}; resume with "
                              "--threads {} (results are bitwise reproducible only for one thread count)",
                              p, threads, ev_->n_threads(), threads));
    step_ = j.at("step").get<int>();
    theta_ = unhex_vector(j.at("theta"), "theta");
    adam_.m = unhex_vector(j.at("adam_m"), "adam_m");
    adam_.v = unhex_vector(j.at("adam_v"), "adam_v");
    adam_.t = j.at("adam_t").get<long long>();
    std::istringstream rs(j.at("rng").get<std::string>());
    rs >> batch_rng_;
    if (!rs) throw Error(p + ": bad RNG state");
    if (unhex_vector(j.at("scaling_state"), "scaling_state") != model_->scaling_state())
      throw Error(p + ": the energy scaling differs from the checkpoint's (dataset changed?)");
    curve_ = j.at("curve").get<std::vector<std::string>>();
  } catch (const json::exception& e) {
    throw Error(p + ": damaged checkpoint (" + e.what() + ")");
  }
  if (theta_.size() != model_->parameters().size()) throw Error(p + ": parameter count differs from the model's");
  return true;
}

std::string Run::curve_row(int step, double lr, double fw, const LossValue& lv, bool with_val) {
  std::string row = fmt::format("{},{},{},{},{},{}", step, csv_num(lr), fw > 0 ? "energy+forces" : "energy",
                                csv_num(lv.loss), csv_num(lv.mse_e), fw > 0 ? csv_num(lv.mse_f) : std::string());
  const std::vector<int>& val = split("val");
  if (with_val && !val.empty()) {
    Predictions p = predict_split(*ev_, theta_, frames_, val);
    const Metrics me = compute_metrics(p.e_ref, p.e_pred);
    row += fmt::format(",{},{}", csv_num(me.mse), csv_num(me.mae));
    if (p.has_forces) {
      const Metrics mf = compute_metrics(p.f_ref, p.f_pred);
      row += fmt::format(",{},{}", csv_num(mf.mse), csv_num(mf.mae));
    } else {
      row += ",,";
    }
  } else {
    row += ",,,,";
  }
  return row;
}

void Run::write_curve() const {
  std::string s = "step,lr,phase,train_loss,train_mse_e,train_mse_f,val_mse_e,val_mae_e,val_mse_f,val_mae_f\n";
  for (const auto& r : curve_) s += r + "\n";
  write_file_atomically(path("learning_curve.csv"), s, true);
}

void Run::progress(int step, int total, const LossValue& lv, double lr, bool force_line) {
  const auto now = std::chrono::steady_clock::now();
  const double el = std::chrono::duration<double>(now - t0_).count();
  // remaining steps per phase: two_phase runs are energy-only before loss.energy_steps
  const long remaining = total - step;
  const long remaining_energy =
      cfg_.loss.type == "energy" ? remaining
      : cfg_.loss.type == "two_phase" ? std::clamp<long>(cfg_.loss.energy_steps - step, 0, remaining) : 0;
  const double eta = phase_eta_.eta(remaining_energy, remaining - remaining_energy);
  const std::string losses = lv.mse_f > 0 ? fmt::format("loss {:.3e} (E {:.3e} eV2, F {:.3e} eV2/A2)", lv.loss,
                                                        lv.mse_e, lv.mse_f)
                                          : fmt::format("loss {:.3e} eV2", lv.loss);
  if (opt_.progress_bar) {
    if (!force_line && step != total && std::chrono::duration<double>(now - last_draw_).count() < 0.1) return;
    last_draw_ = now;
    const int width = 24, fill = total > 0 ? width * step / total : width;
    log_ << fmt::format("\r[train{}] {:>6}/{} [{}{}] {:3d}% {}  lr {:.2e}  ETA {}   ", label_, step, total,
                        std::string(fill, '#'), std::string(width - fill, '-'), total > 0 ? 100 * step / total : 100,
                        losses, lr, fmt_duration(eta))
         << std::flush;
    if (step == total || force_line) log_ << "\n";
  } else if (force_line || step % cfg_.output.log_every == 0 || step == total) {
    log_ << fmt::format("[train{}] step {}/{}  {}  lr {:.3e}  elapsed {}  ETA {}\n", label_, step, total, losses, lr,
                        fmt_duration(el), fmt_duration(eta))
         << std::flush;
  }
}

TrainSummary Run::go() {
  fs::create_directories(dir_);
  // Model, initial parameters, label noise and scaling depend only on the config.
  model_ = make_train_model(cfg_);
  if (!cfg_.output.name.empty()) model_->set_name(cfg_.output.name);
  model_->initialise(cfg_.init, cfg_.seed);
  train_frames_ = frames_;
  add_label_noise(train_frames_, split("train"), cfg_.noise.energy_sigma, cfg_.noise.forces_sigma, cfg_.seed);
  scaling_ = model_->prepare(cfg_.scaling, train_frames_, split("train"));
  ev_ = model_->make_loss(opt_.threads);
  theta_ = model_->parameters();
  batch_rng_ = make_rng(cfg_.seed, 4);
  bool resumed = false;
  if (opt_.resume) resumed = load_checkpoint();
  if (resumed)
    log_ << fmt::format("[train{}] resuming from {} at step {}\n", label_, path("checkpoint.json"), step_);
  write_file_atomically(path("config.json"), cfg_json_.dump(2) + "\n", true);

  const double inv_s2 = model_->gradient_factor();
  const int total = cfg_.steps;
  log_ << fmt::format("[train{}] {} ({} parameters), {} train / {} val / {} test frames, {} threads, loss {}\n",
                      label_, model_->kind(), model_->parameters().size(), split("train").size(), split("val").size(),
                      split("test").size(), ev_->n_threads(), cfg_.loss.type);
  t0_ = std::chrono::steady_clock::now();
  last_draw_ = t0_ - std::chrono::seconds(1);
  step_at_start_ = step_;
  std::vector<double> grad;
  LossValue lv;
  auto step_start = std::chrono::steady_clock::now();
  while (step_ < total) {
    const double fw = force_weight(step_);
    const std::vector<int> b = batch(batch_rng_);
    lv = ev_->evaluate(theta_, train_frames_, b, fw, true);
    if (!std::isfinite(lv.loss)) throw Error("training diverged at step " + std::to_string(step_) + " (loss is not finite); lower optimizer.lr");
    const double lr = scheduled_lr(cfg_.optimizer, step_, total);
    curve_.push_back(curve_row(step_, lr, fw, lv, step_ % cfg_.output.eval_every == 0));
    grad.resize(lv.grad.size());
    for (std::size_t k = 0; k < grad.size(); ++k) grad[k] = lv.grad[k] * inv_s2;
    adam_update(cfg_.optimizer, lr, grad, adam_, theta_);
    const auto step_end = std::chrono::steady_clock::now();
    phase_eta_.record(fw > 0.0, std::chrono::duration<double>(step_end - step_start).count());
    step_start = step_end;
    ++step_;
    progress(step_, total, lv, lr, false);
    const bool stop = (opt_.stop_flag && *opt_.stop_flag) || step_ == opt_.stop_after_step;
    if (stop || (step_ % cfg_.output.checkpoint_every == 0 && step_ < total)) write_checkpoint(step_);
    if (stop) {
      if (opt_.progress_bar) log_ << "\n";
      throw Interrupted(fmt::format("training{} stopped at step {}/{}; checkpoint written to {}; continue with --resume",
                                    label_, step_, total, path("checkpoint.json")));
    }
  }
  const auto t1 = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(t1 - t0_).count();

  // Final row: full training loss at the final parameters (clean labels of the noisy set).
  const double fw_end = force_weight(std::max(0, total - 1));
  const LossValue final_lv = ev_->evaluate(theta_, train_frames_, split("train"), fw_end, false);
  curve_.push_back(curve_row(total, NAN, fw_end, final_lv, true));
  write_checkpoint(total);
  if (step_at_start_ == total) log_ << fmt::format("[train{}] checkpoint already at step {}\n", label_, total);

  model_->parameters() = theta_;
  // Metrics against the clean labels on every split.
  json metrics;
  std::map<std::string, Predictions> preds;
  for (const auto& s : splits_) preds[s.name] = predict_split(*ev_, theta_, frames_, s.idx);
  PostCorrection pc;
  if (cfg_.output.post_correction) {
    const Predictions& tr = preds["train"];
    pc = fit_post_correction(tr.e_ref, tr.e_pred, tr.has_forces ? tr.f_ref : std::vector<double>{},
                             tr.has_forces ? tr.f_pred : std::vector<double>{});
  }
  for (const auto& s : splits_) {
    const Predictions& p = preds[s.name];
    json m;
    m["n_frames"] = s.idx.size();
    if (s.idx.empty()) {
      metrics[s.name] = m;
      continue;
    }
    m["energy"] = metrics_to_json(compute_metrics(p.e_ref, p.e_pred));
    if (p.has_forces) m["forces"] = metrics_to_json(compute_metrics(p.f_ref, p.f_pred));
    if (pc.valid) {
      std::vector<double> ec;
      for (double e : p.e_pred) ec.push_back(pc.energy(e));
      m["energy_post_corrected"] = metrics_to_json(compute_metrics(p.e_ref, ec));
      if (pc.has_forces && p.has_forces) {
        std::vector<double> fc;
        for (double f : p.f_pred) fc.push_back(pc.force(f));
        m["forces_post_corrected"] = metrics_to_json(compute_metrics(p.f_ref, fc));
      }
    }
    metrics[s.name] = m;
  }
  if (pc.valid) metrics["post_correction"] = post_correction_to_json(pc);
  metrics["final_train_loss"] = {{"loss", final_lv.loss}, {"mse_e", final_lv.mse_e}, {"mse_f", final_lv.mse_f}};
  metrics["scaling"] = scaling_;
  metrics["units"] = {{"energy", "eV"}, {"forces", "eV/Angstrom"}, {"mse_energy", "eV^2"}, {"mse_forces", "eV^2/Angstrom^2"}};
  metrics["steps"] = total;
  metrics["timing"] = {{"threads", ev_->n_threads()},
                       {"steps_this_session", total - step_at_start_},
                       {"seconds_this_session", seconds},
                       {"seconds_per_step", total > step_at_start_ ? seconds / (total - step_at_start_) : 0.0},
                       {"resumed", resumed}};

  json prov;
  prov["generator"] = "qmlff train";
  prov["qmlff_version"] = QMLFF_VERSION;
  prov["date"] = utc_now();
  prov["datasets"] = datasets_;
  prov["split"] = {{"n_train", split("train").size()}, {"n_val", split("val").size()}, {"n_test", split("test").size()}};
  prov["config"] = cfg_json_;
  prov["metrics"] = metrics;
  prov["threads"] = ev_->n_threads();
  // which figures a rerun reproduces: bitwise on any x86-64 only from a portable build
  prov["build"] = QMLFF_BUILD_MODE;
  model_->save(path("potential.json"), prov.dump());
  write_file_atomically(path("metrics.json"), metrics.dump(2) + "\n", true);

  std::string pe = "split,frame,line,e_ref,e_pred\n", pf = "split,frame,atom,component,f_ref,f_pred\n";
  for (const auto& s : splits_) {
    const Predictions& p = preds[s.name];
    for (std::size_t k = 0; k < s.idx.size(); ++k) {
      const int i = s.idx[k];
      pe += fmt::format("{},{},{},{:.12g},{:.12g}\n", s.name, i, lines_[i], p.e_ref[k], p.e_pred[k]);
      if (p.has_forces)
        for (std::size_t a = 0; a < p.forces[k].size(); ++a)
          for (int x = 0; x < 3; ++x)
            pf += fmt::format("{},{},{},{},{:.10g},{:.10g}\n", s.name, i, a, "xyz"[x], frames_[i].forces[a][x],
                              p.forces[k][a][x]);
    }
  }
  write_file_atomically(path("parity_energy.csv"), pe, true);
  write_file_atomically(path("parity_forces.csv"), pf, true);

  auto line = [&](const std::string& s) {
    if (!metrics.contains(s) || !metrics[s].contains("energy")) return;
    const json& m = metrics[s];
    // metrics.json holds null where a metric is undefined (e.g. R2 of one frame): "n/a"
    auto text = [](const json& v, const char* spec) { return metric_text(v.is_null() ? NAN : v.get<double>(), spec); };
    std::string t = fmt::format("[train{}] {:5s} MSE(E) {} eV2  MAE(E) {} eV  R2(E) {}", label_, s,
                                text(m["energy"]["mse"], "{:.3e}"), text(m["energy"]["mae"], "{:.3e}"),
                                text(m["energy"]["r2"], "{:.6f}"));
    if (m.contains("forces"))
      t += fmt::format("  MSE(F) {} eV2/A2  MAE(F) {} eV/A", text(m["forces"]["mse"], "{:.3e}"),
                       text(m["forces"]["mae"], "{:.3e}"));
    log_ << t << "\n";
  };
  log_ << fmt::format("[train{}] done: {} steps in {:.1f} s ({:.1f} ms/step); outputs in {}\n", label_,
                      total - step_at_start_, seconds,
                      total > step_at_start_ ? 1e3 * seconds / (total - step_at_start_) : 0.0, dir_);
  for (const auto& s : splits_) line(s.name);

  TrainSummary out;
  if (model_->fragment()) out.model = *model_->fragment();
  out.parameters = theta_;
  out.metrics = metrics;
  out.steps_done = total;
  return out;
}

std::string resolve_path(const std::string& p, const std::string& base) {
  if (p.empty() || base.empty() || fs::path(p).is_absolute()) return p;
  return (fs::path(base) / p).lexically_normal().string();
}

void check_outputs(const std::string& dir, bool force, bool resume) {
  if (force || resume) return;
  for (const auto& f : output_file_names()) {
    const fs::path p = fs::path(dir) / f;
    if (fs::exists(p))
      throw Error(p.string() + " exists; pass --force to overwrite it (or --resume to continue from its checkpoint)");
  }
}

// CoV = sigma / mu (population sigma) of a metric over folds.
json fold_stats(const std::vector<double>& v) {
  double mu = 0, var = 0;
  for (double x : v) mu += x;
  mu /= v.size();
  for (double x : v) var += (x - mu) * (x - mu);
  const double sd = std::sqrt(var / v.size());
  return {{"mean", mu}, {"std", sd}, {"cov", mu != 0 ? json(sd / mu) : json(nullptr)}, {"values", v}};
}

// --resume continues a run; with nothing to continue it is a mistake (a wrong -o, say), not
// a fresh start. k-fold runs need a checkpoint of at least one fold (later folds start fresh).
void require_checkpoint(const std::string& out_dir, std::size_t n_runs) {
  const fs::path dir(out_dir);
  if (n_runs == 1 && fs::exists(dir / "checkpoint.json")) return;
  for (std::size_t f = 0; n_runs > 1 && f < n_runs; ++f)
    if (fs::exists(dir / ("fold_" + std::to_string(f)) / "checkpoint.json")) return;
  throw Error("--resume: no checkpoint to resume from in " + out_dir +
              (n_runs == 1 ? " (checkpoint.json)" : " (fold_<f>/checkpoint.json)") +
              "; check -o, or start the run without --resume");
}

}  // namespace

const std::vector<std::string>& output_file_names() {
  static const std::vector<std::string> names = {"potential.json",    "metrics.json",      "learning_curve.csv",
                                                 "parity_energy.csv", "parity_forces.csv", "checkpoint.json",
                                                 "config.json",       "cv_metrics.json"};
  return names;
}

TrainSummary run_training(const json& resolved, const TrainOptions& opt) {
  const TrainConfig cfg = parse_train_config(resolved);
  std::ostream& log = opt.log ? *opt.log : std::cerr;
  QMLFF_REQUIRE(opt.threads >= 1 && opt.threads <= 256, "--threads must be in [1, 256]");
  const std::unique_ptr<TrainModel> proto = make_train_model(cfg);
  const bool need_forces = cfg.loss.type != "energy";

  // Data: one file split by fractions / folds, or explicit train/val/test files.
  std::vector<TrainFrame> frames;
  std::vector<int> lines;
  json datasets = json::array();
  std::vector<std::vector<int>> file_ranges;
  auto load = [&](const std::string& p, bool extra = false) {
    DataConfig dc = cfg.data;
    if (extra) dc.max_frames = 0;  // max_frames counts frames of data.file only
    LoadedData d = proto->load(resolve_path(p, opt.base_dir), dc, need_forces);
    std::vector<int> r;
    for (std::size_t i = 0; i < d.frames.size(); ++i) {
      r.push_back(static_cast<int>(frames.size()));
      frames.push_back(std::move(d.frames[i]));
      lines.push_back(d.lines[i]);
    }
    datasets.push_back({{"path", p}, {"opened_as", d.path}, {"checksum", d.checksum}, {"frames", r.size()}});
    return r;
  };
  std::vector<std::vector<SplitData>> runs;
  if (!cfg.data.file.empty()) {
    std::vector<int> all = load(cfg.data.file);
    for (const auto& f : cfg.data.extra_files) {
      const std::vector<int> more = load(f, true);
      all.insert(all.end(), more.begin(), more.end());
    }
    const int n = static_cast<int>(all.size());
    if (cfg.folds >= 2) {
      for (const Split& s : kfold_splits(n, cfg.folds, cfg.seed))
        runs.push_back({{"train", s.train}, {"val", s.val}, {"test", s.test}});
    } else {
      const Split s = split_by_fractions(n, cfg.data.val_fraction, cfg.data.test_fraction, cfg.seed);
      runs.push_back({{"train", s.train}, {"val", s.val}, {"test", s.test}});
    }
  } else {
    std::vector<SplitData> s{{"train", load(cfg.data.train)}, {"val", {}}, {"test", {}}};
    if (!cfg.data.val.empty()) s[1].idx = load(cfg.data.val);
    if (!cfg.data.test.empty()) s[2].idx = load(cfg.data.test);
    runs.push_back(s);
  }

  if (opt.resume) require_checkpoint(opt.out_dir, runs.size());
  fs::create_directories(opt.out_dir);
  if (runs.size() == 1) {
    check_outputs(opt.out_dir, opt.force, opt.resume);
    Run r(resolved, cfg, opt, opt.out_dir, "", frames, lines, runs[0], datasets);
    return r.go();
  }
  // k-fold cross-validation.
  check_outputs(opt.out_dir, opt.force, opt.resume);
  for (std::size_t f = 0; f < runs.size(); ++f)
    check_outputs((fs::path(opt.out_dir) / ("fold_" + std::to_string(f))).string(), opt.force, opt.resume);
  json folds = json::array();
  std::map<std::string, std::vector<double>> series;
  TrainSummary last;
  for (std::size_t f = 0; f < runs.size(); ++f) {
    const std::string dir = (fs::path(opt.out_dir) / ("fold_" + std::to_string(f))).string();
    const std::string mfile = (fs::path(dir) / "metrics.json").string();
    json m;
    if (opt.resume && fs::exists(mfile) && fs::exists((fs::path(dir) / "checkpoint.json")) &&
        json::parse(read_text_file((fs::path(dir) / "checkpoint.json").string())).value("step", -1) == cfg.steps) {
      log << fmt::format("[train] fold {} already finished; reusing {}\n", f, mfile);
      m = json::parse(read_text_file(mfile));
    } else {
      Run r(resolved, cfg, opt, dir, fmt::format(" fold {}/{}", f + 1, runs.size()), frames, lines, runs[f], datasets);
      last = r.go();
      m = last.metrics;
    }
    folds.push_back({{"fold", f}, {"test_frames", runs[f][2].idx}, {"metrics", m}});
    for (const char* s : {"train", "test"})
      for (const char* q : {"energy", "forces", "energy_post_corrected", "forces_post_corrected"})
        if (m.contains(s) && m[s].contains(q))
          for (const char* k : {"mse", "mae", "rmse", "r2"})
            if (m[s][q].contains(k) && m[s][q][k].is_number())
              series[std::string(s) + "." + q + "." + k].push_back(m[s][q][k].get<double>());
  }
  json cv;
  cv["folds"] = folds;
  cv["k"] = runs.size();
  json summary;
  for (const auto& [k, v] : series)
    if (v.size() == runs.size()) summary[k] = fold_stats(v);
  cv["summary"] = summary;
  cv["note"] = "cov = std/mean across folds (population std)";
  write_file_atomically((fs::path(opt.out_dir) / "cv_metrics.json").string(), cv.dump(2) + "\n", true);
  if (summary.contains("test.energy.rmse"))
    log << fmt::format("[train] {}-fold CV: test RMSE(E) mean {:.3e} eV, CoV {}\n", runs.size(),
                       summary["test.energy.rmse"]["mean"].get<double>(), summary["test.energy.rmse"]["cov"].dump());
  last.metrics = cv;
  return last;
}

}  // namespace qmlff::train
