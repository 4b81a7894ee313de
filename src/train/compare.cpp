#include "train/compare.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "core/error.h"
#include "io/atomic_write.h"
#include "models/builders.h"
#include "train/config.h"
#include "train/trainer.h"

namespace qmlff::train {

using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

const char* const kSplits[] = {"test", "train"};
const char* const kQuantities[] = {"energy", "forces", "energy_post_corrected", "forces_post_corrected"};
const char* const kMetrics[] = {"r2", "mae", "rmse", "mse"};

// Deep merge: keys of `over` replace those of `base`, objects merge recursively.
void merge_into(json& base, const json& over) {
  for (auto it = over.begin(); it != over.end(); ++it) {
    if (it->is_object() && base.contains(it.key()) && base[it.key()].is_object())
      merge_into(base[it.key()], *it);
    else
      base[it.key()] = *it;
  }
}

std::string mean_pm(const CompareRow& r, const std::string& key, bool fixed) {
  const std::vector<double>* v = r.find(key);
  if (!v || v->empty()) return "—";
  const FoldStat s = fold_stat(*v);
  return fixed ? fmt::format("{:.4f} ± {:.4f}", s.mean, s.std) : fmt::format("{:.3e} ± {:.1e}", s.mean, s.std);
}

std::string cov_text(const CompareRow& r, const std::string& key) {
  const std::vector<double>* v = r.find(key);
  if (!v || v->empty()) return "—";
  const double c = fold_stat(*v).cov;
  return std::isfinite(c) ? fmt::format("{:.3f}", c) : "—";
}

std::string csv_num(double x) { return std::isfinite(x) ? fmt::format("{:.10g}", x) : std::string(); }

bool valid_label(const std::string& s) {
  if (s.empty() || s.size() > 64 || s == "." || s == "..") return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') return false;
  return true;
}

struct ModelPlan {
  std::string label;
  json config;  // resolved train config
};

std::vector<ModelPlan> plan_models(const json& cfg, const std::vector<std::string>& overrides) {
  QMLFF_REQUIRE(cfg.is_object(), "compare config: expected a JSON object");
  for (auto it = cfg.begin(); it != cfg.end(); ++it)
    QMLFF_REQUIRE(it.key() == "folds" || it.key() == "common" || it.key() == "models" || it.key() == "title",
                  "compare config key '" + it.key() + "': unknown key (folds, common, models, title)");
  const int folds = cfg.value("folds", 5);
  QMLFF_REQUIRE(folds >= 2, "compare config key 'folds': need at least 2 folds");
  const json common = cfg.value("common", json::object());
  QMLFF_REQUIRE(common.is_object(), "compare config key 'common': expected an object (train config keys)");
  QMLFF_REQUIRE(cfg.contains("models") && cfg["models"].is_array() && !cfg["models"].empty(),
                "compare config key 'models': expected a non-empty array of {\"label\", \"config\"}");
  std::vector<ModelPlan> plans;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < cfg["models"].size(); ++i) {
    const json& m = cfg["models"][i];
    const std::string where = "compare config key 'models[" + std::to_string(i) + "]'";
    QMLFF_REQUIRE(m.is_object() && m.contains("label") && m["label"].is_string() && m.contains("config") &&
                      m["config"].is_object(),
                  where + ": expected {\"label\": \"...\", \"config\": {...}}");
    ModelPlan p;
    p.label = m["label"].get<std::string>();
    QMLFF_REQUIRE(valid_label(p.label), where + ": label must be 1-64 characters of [A-Za-z0-9_.-] (it names a folder)");
    QMLFF_REQUIRE(seen.insert(p.label).second, where + ": duplicate label '" + p.label + "'");
    json merged = common;
    merge_into(merged, m["config"]);
    merged["cv"] = {{"folds", folds}};
    try {
      p.config = resolve_config(merged, overrides);
      parse_train_config(p.config);
    } catch (const Error& e) {
      throw Error("model '" + p.label + "': " + e.what());
    }
    plans.push_back(p);
  }
  return plans;
}

void check_no_overwrite(const std::string& out_dir, const std::vector<ModelPlan>& plans) {
  for (const char* f : {"comparison.md", "comparison.csv"}) {
    const fs::path p = fs::path(out_dir) / f;
    if (fs::exists(p)) throw Error(p.string() + " exists; pass --force to overwrite the comparison");
  }
  for (const auto& p : plans) {
    const fs::path d = fs::path(out_dir) / p.label;
    if (fs::exists(d) && !fs::is_empty(d)) throw Error(d.string() + " is not empty; pass --force to overwrite it");
  }
}

}  // namespace

FoldStat fold_stat(const std::vector<double>& v) {
  FoldStat s;
  s.n = static_cast<int>(v.size());
  if (v.empty()) return s;
  for (double x : v) s.mean += x;
  s.mean /= s.n;
  double var = 0;
  for (double x : v) var += (x - s.mean) * (x - s.mean);
  s.std = std::sqrt(var / s.n);
  s.cov = s.mean != 0 ? s.std / s.mean : NAN;
  return s;
}

const std::vector<double>* CompareRow::find(const std::string& key) const {
  for (const auto& [k, v] : series)
    if (k == key) return &v;
  return nullptr;
}

std::vector<std::pair<std::string, std::vector<double>>> fold_series(const json& cv) {
  std::vector<std::pair<std::string, std::vector<double>>> out;
  const json& folds = cv.at("folds");
  for (const char* s : kSplits)
    for (const char* q : kQuantities)
      for (const char* k : kMetrics) {
        std::vector<double> v;
        for (const json& f : folds) {
          const json& m = f.at("metrics");
          if (m.contains(s) && m[s].contains(q) && m[s][q].contains(k) && m[s][q][k].is_number())
            v.push_back(m[s][q][k].get<double>());
        }
        // A metric missing in some fold (e.g. R² of a constant) is left out rather than
        // averaged over fewer folds.
        if (v.size() == folds.size()) out.push_back({std::string(s) + "." + q + "." + k, v});
      }
  return out;
}

std::string comparison_markdown(const std::vector<CompareRow>& rows, const std::string& title,
                                const std::string& command) {
  std::string md = "# " + title + "\n\n";
  if (!command.empty()) md += "Command: `" + command + "`\n\n";
  const int k = rows.empty() ? 0 : rows[0].folds;
  md += fmt::format(
      "{}-fold cross-validation; metrics on each fold's held-out frames, mean ± σ over the {} folds "
      "(population σ); CoV = σ/μ of the RMSE across folds. Params: trainable parameters (circuit angles or "
      "network weights; the output scale and offset are fixed by MinMax scaling). Time: wall time of all folds.\n\n",
      k, k);
  md += "| model | kind | params | R²(E) | MAE(E) eV | RMSE(E) eV | R²(F) | MAE(F) eV/Å | RMSE(F) eV/Å | "
        "CoV RMSE(E) | CoV RMSE(F) | time |\n";
  md += "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : rows)
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.0f} s |\n", r.label, r.kind, r.params,
                      mean_pm(r, "test.energy.r2", true), mean_pm(r, "test.energy.mae", false),
                      mean_pm(r, "test.energy.rmse", false), mean_pm(r, "test.forces.r2", true),
                      mean_pm(r, "test.forces.mae", false), mean_pm(r, "test.forces.rmse", false),
                      cov_text(r, "test.energy.rmse"), cov_text(r, "test.forces.rmse"), r.seconds);
  md += "\nAfter the seed-000 post-correction (quadratic in E, linear in F, fitted on each fold's training "
        "frames):\n\n";
  md += "| model | R²(E) | RMSE(E) eV | R²(F) | RMSE(F) eV/Å | CoV RMSE(E) | CoV RMSE(F) |\n";
  md += "|---|---|---|---|---|---|---|\n";
  for (const auto& r : rows)
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", r.label, mean_pm(r, "test.energy_post_corrected.r2", true),
                      mean_pm(r, "test.energy_post_corrected.rmse", false),
                      mean_pm(r, "test.forces_post_corrected.r2", true),
                      mean_pm(r, "test.forces_post_corrected.rmse", false),
                      cov_text(r, "test.energy_post_corrected.rmse"), cov_text(r, "test.forces_post_corrected.rmse"));
  // Per-fold errors: a large CoV is often one fold (e.g. one holding the edge of the data).
  for (const char* q : {"energy", "forces"}) {
    md += fmt::format("\nPer-fold test RMSE({}) {}:\n\n| model |", q[0] == 'e' ? "E" : "F", q[0] == 'e' ? "eV" : "eV/Å");
    for (int f = 0; f < k; ++f) md += fmt::format(" fold {} |", f);
    md += "\n|---|";
    for (int f = 0; f < k; ++f) md += "---|";
    md += "\n";
    for (const auto& r : rows) {
      md += "| " + r.label + " |";
      const std::vector<double>* v = r.find(std::string("test.") + q + ".rmse");
      for (int f = 0; f < k; ++f) md += v && f < static_cast<int>(v->size()) ? fmt::format(" {:.3e} |", (*v)[f]) : " — |";
      md += "\n";
    }
  }
  md += "\nPer-fold values and train-split metrics: comparison.csv and <model>/cv_metrics.json.\n";
  return md;
}

std::string comparison_csv(const std::vector<CompareRow>& rows) {
  std::string csv = "label,kind,params,folds,seconds";
  std::vector<std::string> keys;
  for (const char* s : kSplits)
    for (const char* q : kQuantities)
      for (const char* k : kMetrics) keys.push_back(std::string(s) + "." + q + "." + k);
  for (const auto& k : keys) csv += "," + k + ".mean," + k + ".std," + k + ".cov";
  csv += "\n";
  for (const auto& r : rows) {
    csv += fmt::format("{},{},{},{},{}", r.label, r.kind, r.params, r.folds, csv_num(r.seconds));
    for (const auto& k : keys) {
      const std::vector<double>* v = r.find(k);
      if (!v) {
        csv += ",,,";
        continue;
      }
      const FoldStat s = fold_stat(*v);
      csv += "," + csv_num(s.mean) + "," + csv_num(s.std) + "," + csv_num(s.cov);
    }
    csv += "\n";
  }
  return csv;
}

int run_compare_command(const CompareOptions& o, std::ostream& out, std::ostream& err) {
  try {
    const json cfg = read_config_file(o.config);
    const std::vector<ModelPlan> plans = plan_models(cfg, o.overrides);
    const std::string dir = o.out_dir.empty() ? "compare-" + fs::path(o.config).stem().string() : o.out_dir;
    if (!o.force) check_no_overwrite(dir, plans);
    fs::create_directories(dir);
    std::vector<CompareRow> rows;
    for (const auto& p : plans) {
      TrainOptions opt;
      opt.out_dir = (fs::path(dir) / p.label).string();
      opt.base_dir = fs::path(o.config).parent_path().string();
      opt.threads = o.threads;
      opt.force = o.force;
      opt.log = &err;
      err << fmt::format("[compare] {} ({}): {}-fold CV\n", p.label, p.config["model"]["kind"].get<std::string>(),
                         p.config["cv"]["folds"].get<int>());
      const auto t0 = std::chrono::steady_clock::now();
      const TrainSummary s = run_training(p.config, opt);
      CompareRow r;
      r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      r.label = p.label;
      r.kind = p.config["model"]["kind"].get<std::string>();
      r.params = static_cast<int>(s.parameters.size());
      r.folds = static_cast<int>(s.metrics.at("folds").size());
      r.series = fold_series(s.metrics);
      rows.push_back(r);
    }
    const std::string title = cfg.value("title", "Model comparison: " + fs::path(o.config).stem().string());
    write_file_atomically((fs::path(dir) / "comparison.md").string(), comparison_markdown(rows, title, o.command_line),
                          o.force);
    write_file_atomically((fs::path(dir) / "comparison.csv").string(), comparison_csv(rows), o.force);
    out << "qmlff compare: table in " << (fs::path(dir) / "comparison.md").string() << " and comparison.csv\n";
    return 0;
  } catch (const std::exception& e) {
    err << "qmlff compare: error: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace qmlff::train
