#include "io/atomic_potential_file.h"

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/atomic_write.h"
#include "io/circuit_json.h"
#include "io/json_reader.h"
#include "io/json_text.h"

namespace qmlff {

using json = nlohmann::json;

namespace {

json parse_json(const std::string& text, const std::string& source) {
  json j = parse_json_text(text, source);
  if (!j.is_object()) throw Error(source + ": expected a JSON object at the top level");
  return j;
}

bool kind_is_atomic(const json& j) {
  auto it = j.find("kind");
  return it != j.end() && it->is_string() && it->get<std::string>().rfind("atomic", 0) == 0;
}

std::vector<int> indices(const JsonReader& r, const json& j, const std::string& path) {
  std::vector<int> v;
  const json& a = r.array(j, path);
  for (std::size_t i = 0; i < a.size(); ++i) v.push_back(r.integer(a[i], path + "[" + std::to_string(i) + "]"));
  return v;
}

}  // namespace

bool potential_text_is_atomic(const std::string& text, const std::string& source) {
  return kind_is_atomic(parse_json(text, source));
}

bool potential_file_is_atomic(const std::string& path) { return potential_text_is_atomic(read_text_file(path), path); }

std::string serialize_atomic_potential(const AtomicModel& m) {
  json j;
  j["format"] = "qmlff-potential";
  j["version"] = kAtomicPotentialVersion;
  j["name"] = m.name;
  j["kind"] = m.kind;
  j["species"] = m.species;
  j["units"] = {{"energy", "eV"}, {"length", "angstrom"}};
  j["symmetries"] = m.symmetries;
  j["cutoff"] = m.basis.cutoff;
  json basis = {{"type", RadialBasis::type_name(m.basis.type)}};
  if (m.basis.type == RadialBasis::Type::Gaussian) {
    basis["n"] = m.basis.n;
    basis["r_min"] = m.basis.r_min;
    basis["width"] = m.basis.width;
  }
  j["radial_basis"] = basis;
  j["channels"] = {{"vector", m.n_vector}, {"scalar", m.n_scalar}};
  j["centres"] = json::array();
  for (int s = 0; s < m.n_species(); ++s) {
    const AtomicCentre& c = m.centres[s];
    j["centres"].push_back({{"species", m.species[s]},
                            {"circuit", circuit_to_json(c.circuit)},
                            {"circuit_params", c.circuit_params},
                            {"weights", c.weights},
                            {"scale", c.scale},
                            {"e0", c.e0}});
  }
  j["parameters"] = {{"values", m.parameters}, {"labels", m.parameter_labels}};
  j["provenance"] = json::parse(m.provenance_json.empty() ? "{}" : m.provenance_json);
  return j.dump(1) + "\n";
}

AtomicModel parse_atomic_potential(const std::string& text, const std::string& source) {
  const JsonReader r{source};
  const json j = parse_json(text, source);
  const std::string format = r.string(r.at(j, "format", ""), "format");
  if (format != "qmlff-potential") r.fail("format", "expected \"qmlff-potential\", got \"" + format + "\"");
  AtomicModel m;
  m.kind = r.string(r.at(j, "kind", ""), "kind");
  if (!kind_is_atomic(j))
    r.fail("kind", "'" + m.kind + "' is a fragment model, not an atom-centred one (kind 'atomic' or 'atomic_baseline')");
  const int version = r.integer(r.at(j, "version", ""), "version");
  if (version != kAtomicPotentialVersion)
    r.fail("version", "atom-centred potentials are version " + std::to_string(kAtomicPotentialVersion) + ", got " +
                          std::to_string(version) + " (upgrade qmlff or convert the file)");
  m.name = j.contains("name") ? r.string(j["name"], "name") : source;
  m.species = r.strings(r.at(j, "species", ""), "species");
  const json& units = r.at(j, "units", "");
  const std::string eu = r.string(r.at(units, "energy", "units"), "units.energy");
  const std::string lu = r.string(r.at(units, "length", "units"), "units.length");
  if (eu != "eV") r.fail("units.energy", "expected \"eV\", got \"" + eu + "\"");
  if (lu != "angstrom") r.fail("units.length", "expected \"angstrom\", got \"" + lu + "\"");
  m.symmetries = r.strings(r.at(j, "symmetries", ""), "symmetries");
  m.basis.cutoff = r.number(r.at(j, "cutoff", ""), "cutoff");
  const json& basis = r.at(j, "radial_basis", "");
  try {
    m.basis.type = RadialBasis::parse_type(r.string(r.at(basis, "type", "radial_basis"), "radial_basis.type"));
  } catch (const Error& e) {
    if (std::string(e.what()).rfind(source, 0) == 0) throw;
    r.fail("radial_basis.type", e.what());
  }
  if (m.basis.type == RadialBasis::Type::Gaussian) {
    m.basis.n = r.integer(r.at(basis, "n", "radial_basis"), "radial_basis.n");
    m.basis.r_min = r.number(r.at(basis, "r_min", "radial_basis"), "radial_basis.r_min");
    m.basis.width = r.number(r.at(basis, "width", "radial_basis"), "radial_basis.width");
  } else {
    m.basis.n = 1;
  }
  const json& ch = r.at(j, "channels", "");
  m.n_vector = r.integer(r.at(ch, "vector", "channels"), "channels.vector");
  m.n_scalar = r.integer(r.at(ch, "scalar", "channels"), "channels.scalar");
  const json& centres = r.array(r.at(j, "centres", ""), "centres");
  if (centres.size() != m.species.size())
    r.fail("centres", "expected one centre per species (" + std::to_string(m.species.size()) + "), got " +
                          std::to_string(centres.size()));
  for (std::size_t s = 0; s < centres.size(); ++s) {
    const std::string p = "centres[" + std::to_string(s) + "]";
    const json& cj = centres[s];
    const std::string sp = r.string(r.at(cj, "species", p), p + ".species");
    if (sp != m.species[s]) r.fail(p + ".species", "expected '" + m.species[s] + "' (centres follow 'species'), got '" + sp + "'");
    AtomicCentre c;
    c.circuit = circuit_from_json(r, r.at(cj, "circuit", p), p + ".circuit", m.n_vector + m.n_scalar);
    c.circuit_params = indices(r, r.at(cj, "circuit_params", p), p + ".circuit_params");
    c.circuit.n_params = static_cast<int>(c.circuit_params.size());
    const json& w = r.array(r.at(cj, "weights", p), p + ".weights");
    for (std::size_t k = 0; k < w.size(); ++k) {
      const std::string pk = p + ".weights[" + std::to_string(k) + "]";
      std::vector<std::vector<int>> per_species;
      const json& wk = r.array(w[k], pk);
      for (std::size_t t = 0; t < wk.size(); ++t)
        per_species.push_back(indices(r, wk[t], pk + "[" + std::to_string(t) + "]"));
      c.weights.push_back(per_species);
    }
    c.scale = r.number(r.at(cj, "scale", p), p + ".scale");
    c.e0 = r.number(r.at(cj, "e0", p), p + ".e0");
    m.centres.push_back(c);
  }
  const json& params = r.at(j, "parameters", "");
  m.parameters = r.numbers(r.at(params, "values", "parameters"), "parameters.values");
  if (params.contains("labels")) m.parameter_labels = r.strings(params["labels"], "parameters.labels");
  if (j.contains("provenance")) m.provenance_json = j["provenance"].dump();
  try {
    m.validate();
  } catch (const Error& e) {
    throw Error(source + ": " + e.what());
  }
  return m;
}

AtomicModel load_atomic_potential_file(const std::string& path) {
  return parse_atomic_potential(read_text_file(path), path);
}

void save_atomic_potential_file(const AtomicModel& model, const std::string& path, bool overwrite) {
  write_file_atomically(path, serialize_atomic_potential(model), overwrite);
}

}  // namespace qmlff
