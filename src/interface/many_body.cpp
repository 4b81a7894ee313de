#include "interface/many_body.h"

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace qmlff {

SmoothSwitch::SmoothSwitch(double r_s, double r_c) : r_s_(r_s), r_c_(r_c) {
  QMLFF_REQUIRE(r_s >= 0.0 && r_c > r_s,
                "many-body switch: need 0 <= r_s < r_c, got r_s = " + std::to_string(r_s) +
                    " and r_c = " + std::to_string(r_c));
}

double SmoothSwitch::value(double r, double* dsdr) const {
  if (r <= r_s_) {
    *dsdr = 0.0;
    return 1.0;
  }
  if (r >= r_c_) {
    *dsdr = 0.0;
    return 0.0;
  }
  const double w = r_c_ - r_s_;
  const double t = (r - r_s_) / w;
  const double t2 = t * t;
  *dsdr = -30.0 * t2 * (1.0 - t) * (1.0 - t) / w;
  return 1.0 - t2 * t * (10.0 - 15.0 * t + 6.0 * t2);
}

std::string trained_energy_key(const FragmentModel& model) {
  const auto j = nlohmann::json::parse(model.provenance_json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return "";
  const auto cfg = j.find("config");
  if (cfg == j.end() || !cfg->is_object()) return "";
  const auto data = cfg->find("data");
  if (data == cfg->end() || !data->is_object()) return "";
  const auto key = data->find("energy_key");
  return key != data->end() && key->is_string() ? key->get<std::string>() : "";
}

EnergyTarget trained_energy_target(const FragmentModel& model) {
  const std::string key = trained_energy_key(model);
  if (key.empty()) return EnergyTarget::Unknown;
  return key.find("interaction") != std::string::npos ? EnergyTarget::Interaction : EnergyTarget::Total;
}

}  // namespace qmlff
