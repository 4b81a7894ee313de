#include "io/network_json.h"

#include <algorithm>
#include <iterator>

namespace qmlff {

using json = nlohmann::json;

json network_to_json(const InvariantNN& nn) {
  json j = {{"elements", nn.elements}, {"centres", nn.centres}, {"eta", nn.eta},
            {"cutoff", nn.cutoff},     {"hidden", nn.hidden},   {"activation", "tanh"}};
  if (!nn.shift.empty()) {
    j["descriptor_shift"] = nn.shift;
    j["descriptor_scale"] = nn.scale;
  }
  return j;
}

InvariantNN network_from_json(const JsonReader& r, const json& j, const std::string& path) {
  if (!j.is_object()) r.fail(path, "expected an object");
  static const char* known[] = {"elements", "centres",    "eta",          "cutoff",
                                "hidden",   "activation", "descriptor_shift", "descriptor_scale"};
  for (auto it = j.begin(); it != j.end(); ++it)
    if (std::find(std::begin(known), std::end(known), it.key()) == std::end(known))
      r.fail(path + "." + it.key(),
             "unknown key (elements, centres, eta, cutoff, hidden, activation, descriptor_shift, descriptor_scale)");
  InvariantNN nn;
  nn.elements = r.strings(r.at(j, "elements", path), path + ".elements");
  nn.centres = r.numbers(r.at(j, "centres", path), path + ".centres");
  nn.eta = r.numbers(r.at(j, "eta", path), path + ".eta");
  nn.cutoff = r.number(r.at(j, "cutoff", path), path + ".cutoff");
  const json& hidden = r.array(r.at(j, "hidden", path), path + ".hidden");
  for (std::size_t i = 0; i < hidden.size(); ++i)
    nn.hidden.push_back(r.integer(hidden[i], path + ".hidden[" + std::to_string(i) + "]"));
  for (const char* key : {"descriptor_shift", "descriptor_scale"}) {
    if (!j.contains(key)) continue;
    const std::string p = path + "." + key;
    auto& table = std::string(key) == "descriptor_shift" ? nn.shift : nn.scale;
    const json& rows = r.array(j[key], p);
    for (std::size_t e = 0; e < rows.size(); ++e) table.push_back(r.numbers(rows[e], p + "[" + std::to_string(e) + "]"));
  }
  // tanh is the only activation; the key is written so a file says what it computes.
  if (j.contains("activation")) {
    const std::string a = r.string(j["activation"], path + ".activation");
    if (a != "tanh") r.fail(path + ".activation", "unknown activation '" + a + "' (tanh)");
  }
  return nn;
}

}  // namespace qmlff
