#include "io/reencode.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/error.h"
#include "io/potential_file.h"

namespace qmlff {

namespace {

// The values of a trained file that the builder does not lay out: copied, never compared.
void copy_values(const FragmentModel& from, FragmentModel& to) {
  to.name = from.name;
  to.scale = from.scale;
  to.offset = from.offset;
  to.repulsion = from.repulsion;
  to.coulomb = from.coulomb;
  to.bonds = from.bonds;
  to.fragment_cutoff = from.fragment_cutoff;
  to.provenance_json = from.provenance_json;
}

std::string describe(const std::string& kind, const BuilderOptions& o) {
  return "kind " + kind + ", D=" + std::to_string(o.depth) + ", B=" + std::to_string(o.blocks) +
         ", sb=" + (o.symmetry_breaking ? "yes" : "no") + ", encoding " + o.encoding;
}

}  // namespace

Reencoded reencode_model(const FragmentModel& src, const std::string& encoding) {
  const std::string& kind = src.kind;
  const std::string who = "re-encoding '" + src.name + "'";
  QMLFF_REQUIRE(!src.network && (kind == "sivqlm_ab" || kind == "sivqlm_ab2" || kind == "sivqlm_ab3"),
                who + ": kind '" + kind + "' is not supported (sivqlm_ab, sivqlm_ab2 or sivqlm_ab3)");
  QMLFF_REQUIRE(src.parameter_labels.size() == src.parameters.size(),
                who + ": every parameter needs its label (the file has " + std::to_string(src.parameters.size()) +
                    " values and " + std::to_string(src.parameter_labels.size()) + " labels)");

  // The builder options, from the labels the builders write.
  BuilderOptions o;
  o.depth = 0;
  o.blocks = 0;
  o.species = src.species;
  static const std::regex j_label(R"(J\[d=(\d+),b=(\d+),k=[123]\])"), eps_label(R"(eps\[\d+\])");
  for (const auto& label : src.parameter_labels) {
    std::smatch mt;
    if (std::regex_match(label, mt, j_label)) {
      o.depth = std::max(o.depth, std::stoi(mt[1].str()));
      o.blocks = std::max(o.blocks, std::stoi(mt[2].str()));
    } else if (std::regex_match(label, eps_label)) {
      o.symmetry_breaking = true;
    } else {
      QMLFF_REQUIRE(label == "alpha", who + ": parameter label '" + label + "' is not one the " + kind +
                                          " builder writes (alpha, J[d=..,b=..,k=..], eps[d])");
    }
  }
  o.blocks = std::max(o.blocks, 1);
  const bool has_su2 = std::any_of(src.circuit.gates.begin(), src.circuit.gates.end(),
                                   [](const GateRecord& g) { return g.kind == GateKind::Su2Encode; });
  o.encoding = kind == "sivqlm_ab" && !has_su2 ? "bond" : "su2";

  // The source must be exactly the builder's layout for those options.
  FragmentModel probe = build_model(kind, o);
  copy_values(src, probe);
  probe.parameters = src.parameters;
  const auto a = nlohmann::json::parse(serialize_potential(src)), b = nlohmann::json::parse(serialize_potential(probe));
  if (a != b) {
    const auto patch = nlohmann::json::diff(b, a);
    throw Error(who + ": the file is not the circuit the builder lays out for " + describe(kind, o) +
                " (first difference at '" + patch.at(0).at("path").get<std::string>() +
                "'), so its parameters cannot be mapped by meaning");
  }

  // The new layout, every parameter taken by its label.
  Reencoded r{FragmentModel(), o};
  BuilderOptions t = o;
  t.encoding = encoding;
  r.model = build_model(kind, t);
  std::map<std::string, double> by_label;
  for (std::size_t i = 0; i < src.parameters.size(); ++i)
    QMLFF_REQUIRE(by_label.emplace(src.parameter_labels[i], src.parameters[i]).second,
                  who + ": parameter label '" + src.parameter_labels[i] + "' occurs twice");
  QMLFF_REQUIRE(r.model.parameters.size() == by_label.size(),
                who + ": the " + encoding + " layout has " + std::to_string(r.model.parameters.size()) +
                    " parameters, the source " + std::to_string(by_label.size()));
  for (std::size_t i = 0; i < r.model.parameters.size(); ++i) {
    const auto it = by_label.find(r.model.parameter_labels[i]);
    QMLFF_REQUIRE(it != by_label.end(),
                  who + ": the " + encoding + " layout's parameter '" + r.model.parameter_labels[i] + "' is not in the source");
    r.model.parameters[i] = it->second;
  }
  copy_values(src, r.model);
  r.model.validate();
  return r;
}

}  // namespace qmlff
