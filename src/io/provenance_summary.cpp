#include "io/provenance_summary.h"

#include <fmt/format.h>

#include <ctime>
#include <nlohmann/json.hpp>

namespace qmlff {

namespace {

using json = nlohmann::json;

std::string text(const json& j) { return j.is_string() ? j.get<std::string>() : j.dump(); }

std::string num(const json& m, const char* key) {
  auto it = m.find(key);
  if (it == m.end() || !it->is_number()) return "n/a";
  return fmt::format("{:.6g}", it->get<double>());
}

std::string metrics_row(const json& m, const char* unit) {
  if (!m.is_object()) return text(m);
  return fmt::format("RMSE {} {}, MAE {} {}, MSE {} ({})^2, R2 {}, n {}", num(m, "rmse"), unit, num(m, "mae"), unit,
                     num(m, "mse"), unit, num(m, "r2"), m.contains("n") ? text(m["n"]) : "n/a");
}

}  // namespace

std::vector<std::pair<std::string, std::string>> summarize_provenance(const std::string& provenance_json) {
  std::vector<std::pair<std::string, std::string>> rows;
  json p;
  try {
    p = json::parse(provenance_json.empty() ? "{}" : provenance_json);
  } catch (const json::exception&) {
    rows.emplace_back("provenance", "(not valid JSON)");
    return rows;
  }
  if (!p.is_object()) {
    if (!p.is_null()) rows.emplace_back("provenance", text(p));
    return rows;
  }
  for (const char* key : {"generator", "qmlff_version", "date", "threads"})
    if (p.contains(key)) rows.emplace_back(key, text(p[key]));
  if (p.contains("datasets")) {
    const json& ds = p["datasets"];
    if (ds.is_array()) {
      for (const auto& d : ds) {
        if (d.is_object())
          rows.emplace_back("dataset", (d.contains("path") ? text(d["path"]) : "?") +
                                           (d.contains("frames") ? " (" + text(d["frames"]) + " frames)" : "") +
                                           (d.contains("checksum") ? " " + text(d["checksum"]) : ""));
        else
          rows.emplace_back("dataset", text(d));
      }
    } else {
      rows.emplace_back("datasets", text(ds));
    }
  }
  if (p.contains("split") && p["split"].is_object()) {
    std::string s;
    for (auto it = p["split"].begin(); it != p["split"].end(); ++it)
      s += (s.empty() ? "" : ", ") + it.key() + " " + text(it.value());
    rows.emplace_back("split", s);
  }
  if (p.contains("metrics")) {
    const json& ms = p["metrics"];
    if (!ms.is_object()) {
      rows.emplace_back("metrics", text(ms));
    } else {
      for (auto it = ms.begin(); it != ms.end(); ++it) {
        const json& m = it.value();
        // A split's entry: {"n_frames", "energy": {metrics}, "forces": {metrics}, ...}.
        auto is_metrics = [](const json& x) { return x.is_object() && (x.contains("rmse") || x.contains("mse")); };
        const bool split = m.is_object() && (m.contains("n_frames") || (m.contains("energy") && is_metrics(m["energy"])) ||
                                             (m.contains("forces") && is_metrics(m["forces"])));
        if (!split) continue;
        if (m.contains("n_frames")) rows.emplace_back("metrics " + it.key(), text(m["n_frames"]) + " frames");
        if (m.contains("energy")) rows.emplace_back("  energy", metrics_row(m["energy"], "eV"));
        if (m.contains("forces")) rows.emplace_back("  forces", metrics_row(m["forces"], "eV/A"));
        if (m.contains("energy_post_corrected"))
          rows.emplace_back("  energy (post-corrected)", metrics_row(m["energy_post_corrected"], "eV"));
        if (m.contains("forces_post_corrected"))
          rows.emplace_back("  forces (post-corrected)", metrics_row(m["forces_post_corrected"], "eV/A"));
      }
      if (ms.contains("steps")) rows.emplace_back("training steps", text(ms["steps"]));
      if (ms.contains("post_correction")) rows.emplace_back("post-correction", "fitted on the training split (see the file)");
    }
  }
  // Records of `qmlff build --from` (a trained file laid out with another encoding).
  if (p.contains("conversions") && p["conversions"].is_array()) {
    for (const auto& c : p["conversions"]) {
      const json& src = c.is_object() && c.contains("source") ? c["source"] : json();
      const json& chk = c.is_object() && c.contains("check") ? c["check"] : json();
      if (!src.is_object() || !chk.is_object()) {
        rows.emplace_back("converted", text(c));
        continue;
      }
      rows.emplace_back("converted", fmt::format("{} by {}: from {} ({}), encoding {} -> {}", c.value("date", "?"),
                                                 c.value("generator", "?"), src.value("path", "?"),
                                                 src.value("checksum", "?"), src.value("encoding", "?"),
                                                 c.value("encoding", "?")));
      rows.emplace_back("  same E and F", fmt::format("on {} geometries: max |dE| {} eV, max |dF| {} eV/A",
                                                      chk.contains("geometries") ? text(chk["geometries"]) : "?",
                                                      num(chk, "max_abs_energy_deviation"),
                                                      num(chk, "max_abs_force_deviation")));
    }
  }
  std::string other;
  for (auto it = p.begin(); it != p.end(); ++it) {
    static const char* shown[] = {"generator", "qmlff_version", "date", "threads", "datasets", "split", "metrics", "conversions"};
    bool s = false;
    for (const char* k : shown) s = s || it.key() == k;
    if (!s) other += (other.empty() ? "" : ", ") + it.key();
  }
  if (!other.empty()) rows.emplace_back("other provenance keys", other);
  return rows;
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace qmlff
