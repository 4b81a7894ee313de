#include "interface/many_body.h"

#include <cmath>
#include <cstdio>

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

namespace {
std::string fmt_g(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%g", v);
  return buf;
}
}  // namespace

std::string check_pair_model(const FragmentModel& model, const std::string& name, const std::string& file,
                             double r_c) {
  const EnergyTarget target = trained_energy_target(model);
  if (target == EnergyTarget::Total)
    throw Error("the two-body model '" + name + "' in " + file + " was trained on total energies (energy_key '" +
                trained_energy_key(model) +
                "'), which would count each molecule's own energy again in every pair. "
                "The many-body expansion needs a model trained on interaction energies "
                "(e.g. qmlff train --set data.energy_key=interaction_energy "
                "--set data.forces_key=interaction_forces)");
  if (r_c > model.fragment_cutoff)
    throw Error("R_C = " + fmt_g(r_c) + " A exceeds the fragment cutoff " + fmt_g(model.fragment_cutoff) +
                " A of the two-body model '" + name + "', beyond which it was not meant to be used");
  if (target == EnergyTarget::Unknown)
    return "the two-body model '" + name + "' in " + file +
           " has no training provenance; it is assumed to give interaction energies";
  return "";
}

double switch_pair_term(const SmoothSwitch& sw, const Vec3* pos, Vec3* frc, int n, int a0, int a1, double e2,
                        const std::array<double, 6>& w2, std::array<double, 6>* w_out) {
  double d[3], r2 = 0.0;
  for (int c = 0; c < 3; c++) {
    d[c] = pos[a1][c] - pos[a0][c];
    r2 += d[c] * d[c];
  }
  const double r = std::sqrt(r2);
  double dsdr = 0.0;
  const double s = sw.value(r, &dsdr);
  for (int a = 0; a < n; a++)
    for (double& c : frc[a]) c *= s;
  const double g = e2 * dsdr / r;  // F_0 += g d, F_1 -= g d
  for (int c = 0; c < 3; c++) {
    frc[a0][c] += g * d[c];
    frc[a1][c] -= g * d[c];
  }
  if (w_out) {
    // sum over the two anchors of r (x) F_switch = -g d (x) d
    const double dd[6] = {d[0] * d[0], d[1] * d[1], d[2] * d[2], d[0] * d[1], d[0] * d[2], d[1] * d[2]};
    for (int c = 0; c < 6; c++) (*w_out)[c] = s * w2[c] - g * dd[c];
  }
  return s * e2;
}

}  // namespace qmlff
