#include "io/potential_file.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/atomic_write.h"
#include "io/circuit_json.h"
#include "io/json_reader.h"
#include "io/json_text.h"
#include "io/network_json.h"

namespace qmlff {

using json = nlohmann::json;

namespace {

using Reader = JsonReader;

// The input map, frame, internal coordinates and circuit of a circuit model.
void read_circuit_model(const Reader& r, const json& j, FragmentModel& m) {
  const json& inputs = r.array(r.at(j, "inputs", ""), "inputs");
  for (std::size_t k = 0; k < inputs.size(); ++k)
    m.input_map.push_back(r.numbers(inputs[k], "inputs[" + std::to_string(k) + "]"));
  const json& frame = r.at(j, "frame", "");
  if (!frame.is_null()) m.frame = BodyFrame(r.numbers(r.at(frame, "z_axis", "frame"), "frame.z_axis"));
  if (j.contains("inversion_average")) {
    if (!j["inversion_average"].is_boolean()) r.fail("inversion_average", "expected true or false");
    m.inversion_average = j["inversion_average"].get<bool>();
  }

  if (j.contains("internal_coordinates") && !j["internal_coordinates"].is_null()) {
    const json& ic = r.array(j["internal_coordinates"], "internal_coordinates");
    std::vector<InternalCoord> coords;
    for (std::size_t k = 0; k < ic.size(); ++k) {
      const std::string p = "internal_coordinates[" + std::to_string(k) + "]";
      InternalCoord c;
      try {
        c.type = InternalCoord::parse_type(r.string(r.at(ic[k], "type", p), p + ".type"));
      } catch (const Error& e) {
        r.fail(p + ".type", e.what());
      }
      const json& in = r.array(r.at(ic[k], "inputs", p), p + ".inputs");
      const std::size_t want = c.type == InternalCoord::Type::Norm ? 1 : 2;
      if (in.size() != want) r.fail(p + ".inputs", "expected " + std::to_string(want) + " input index(es)");
      c.a = r.integer(in[0], p + ".inputs");
      if (want == 2) c.b = r.integer(in[1], p + ".inputs");
      coords.push_back(c);
    }
    m.internal = InternalCoords(coords);
  }

  const int n_inputs = m.internal ? m.internal->size() : static_cast<int>(m.input_map.size());
  m.circuit = circuit_from_json(r, r.at(j, "circuit", ""), "circuit", n_inputs);
}

// Counterpart of read_circuit_model.
void write_circuit_model(const FragmentModel& m, json& j) {
  j["inputs"] = m.input_map;
  j["frame"] = m.frame ? json{{"z_axis", m.frame->z_coeff()}} : json(nullptr);
  j["inversion_average"] = m.inversion_average;
  if (m.internal) {
    // Only written when present, so files of the other kinds are unchanged.
    json ic = json::array();
    for (const auto& c : m.internal->coords()) {
      json e = {{"type", InternalCoord::type_name(c.type)}, {"inputs", {c.a}}};
      if (c.type != InternalCoord::Type::Norm) e["inputs"].push_back(c.b);
      ic.push_back(e);
    }
    j["internal_coordinates"] = ic;
  }
  j["circuit"] = circuit_to_json(m.circuit);
}

// The "groups" of a pair term (repulsion, coulomb): one integer per atom.
std::vector<int> groups_from_json(const Reader& r, const json& j, const std::string& path) {
  std::vector<int> groups;
  const json& g = r.array(r.at(j, "groups", path), path + ".groups");
  for (std::size_t k = 0; k < g.size(); ++k) groups.push_back(r.integer(g[k], path + ".groups[" + std::to_string(k) + "]"));
  return groups;
}

json repulsion_to_json(const PairRepulsion& rep) {
  json terms = json::array();
  for (const auto& t : rep.terms) terms.push_back({{"species", {t.species_a, t.species_b}}, {"A", t.A}, {"rho", t.rho}});
  return {{"form", "born_mayer"}, {"groups", rep.groups}, {"terms", terms}};
}

PairRepulsion repulsion_from_json(const Reader& r, const json& j, const std::string& path) {
  if (!j.is_object()) r.fail(path, "expected an object {\"form\": \"born_mayer\", \"groups\": [...], \"terms\": [...]}");
  const std::string form = r.string(r.at(j, "form", path), path + ".form");
  if (form != "born_mayer") r.fail(path + ".form", "unknown form '" + form + "' (born_mayer: A exp(-r/rho))");
  PairRepulsion rep;
  rep.groups = groups_from_json(r, j, path);
  const json& terms = r.array(r.at(j, "terms", path), path + ".terms");
  for (std::size_t k = 0; k < terms.size(); ++k) {
    const std::string tp = path + ".terms[" + std::to_string(k) + "]";
    const std::vector<std::string> sp = r.strings(r.at(terms[k], "species", tp), tp + ".species");
    if (sp.size() != 2) r.fail(tp + ".species", "expected two species, e.g. [\"O\", \"H\"]");
    PairRepulsion::Term t;
    t.species_a = sp[0];
    t.species_b = sp[1];
    t.A = r.number(r.at(terms[k], "A", tp), tp + ".A");
    t.rho = r.number(r.at(terms[k], "rho", tp), tp + ".rho");
    rep.terms.push_back(t);
  }
  return rep;
}

json coulomb_to_json(const PairCoulomb& c) {
  json charges = json::array();
  for (const auto& q : c.charges) charges.push_back({{"species", q.species}, {"q", q.q}});
  return {{"charges", charges}, {"groups", c.groups}, {"sigma", c.sigma}};
}

PairCoulomb coulomb_from_json(const Reader& r, const json& j, const std::string& path) {
  if (!j.is_object()) r.fail(path, "expected an object {\"charges\": [...], \"groups\": [...], \"sigma\": ...}");
  // Unknown keys are refused: a misspelt or newer field would otherwise be evaluated as absent.
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "charges" && it.key() != "groups" && it.key() != "sigma")
      r.fail(path + "." + it.key(), "unknown key");
  PairCoulomb c;
  c.groups = groups_from_json(r, j, path);
  c.sigma = r.number(r.at(j, "sigma", path), path + ".sigma");
  const json& charges = r.array(r.at(j, "charges", path), path + ".charges");
  for (std::size_t k = 0; k < charges.size(); ++k) {
    const std::string cp = path + ".charges[" + std::to_string(k) + "]";
    c.charges.push_back({r.string(r.at(charges[k], "species", cp), cp + ".species"),
                         r.number(r.at(charges[k], "q", cp), cp + ".q")});
  }
  return c;
}

json bonds_to_json(const MorseBonds& mb) {
  json terms = json::array();
  for (const auto& b : mb.bonds) terms.push_back({{"atoms", {b.a, b.b}}, {"D", b.D}, {"alpha", b.alpha}, {"r0", b.r0}});
  return {{"form", "morse"}, {"terms", terms}};
}

MorseBonds bonds_from_json(const Reader& r, const json& j, const std::string& path) {
  if (!j.is_object()) r.fail(path, "expected an object {\"form\": \"morse\", \"terms\": [...]}");
  const std::string form = r.string(r.at(j, "form", path), path + ".form");
  if (form != "morse") r.fail(path + ".form", "unknown form '" + form + "' (morse: D (1 - exp(-alpha (r - r0)))^2)");
  MorseBonds mb;
  const json& terms = r.array(r.at(j, "terms", path), path + ".terms");
  for (std::size_t k = 0; k < terms.size(); ++k) {
    const std::string tp = path + ".terms[" + std::to_string(k) + "]";
    const json& atoms = r.array(r.at(terms[k], "atoms", tp), tp + ".atoms");
    if (atoms.size() != 2) r.fail(tp + ".atoms", "expected two atom indices, e.g. [0, 1]");
    MorseBonds::Bond b;
    b.a = r.integer(atoms[0], tp + ".atoms[0]");
    b.b = r.integer(atoms[1], tp + ".atoms[1]");
    b.D = r.number(r.at(terms[k], "D", tp), tp + ".D");
    b.alpha = r.number(r.at(terms[k], "alpha", tp), tp + ".alpha");
    b.r0 = r.number(r.at(terms[k], "r0", tp), tp + ".r0");
    mb.bonds.push_back(b);
  }
  return mb;
}

}  // namespace

std::string serialize_potential(const FragmentModel& m) {
  json j;
  j["format"] = kPotentialFormat;
  // The oldest version that has every block the model uses, so older readers keep reading the rest.
  j["version"] = m.coulomb ? 3 : m.repulsion || m.bonds ? 2 : 1;
  j["name"] = m.name;
  j["kind"] = m.kind;
  j["species"] = m.species;
  j["units"] = {{"energy", "eV"}, {"length", "angstrom"}};
  j["symmetries"] = m.symmetries;
  j["fragment_cutoff"] = m.fragment_cutoff;
  if (m.network)
    j["network"] = network_to_json(*m.network);
  else
    write_circuit_model(m, j);
  j["parameters"] = {{"values", m.parameters}, {"labels", m.parameter_labels}};
  j["output"] = {{"scale", m.scale}, {"offset", m.offset}};
  if (m.repulsion) j["repulsion"] = repulsion_to_json(*m.repulsion);
  if (m.coulomb) j["coulomb"] = coulomb_to_json(*m.coulomb);
  if (m.bonds) j["bonds"] = bonds_to_json(*m.bonds);
  j["provenance"] = json::parse(m.provenance_json.empty() ? "{}" : m.provenance_json);
  return j.dump(1) + "\n";
}

FragmentModel parse_potential(const std::string& text, const std::string& source) {
  Reader r{source};
  const json j = parse_json_text(text, source);
  if (!j.is_object()) throw Error(source + ": expected a JSON object at the top level");
  const std::string format = r.string(r.at(j, "format", ""), "format");
  if (format != kPotentialFormat)
    r.fail("format", "expected \"" + std::string(kPotentialFormat) + "\", got \"" + format + "\"");
  if (j.contains("kind") && j["kind"].is_string() && j["kind"].get<std::string>().rfind("atomic", 0) == 0)
    r.fail("kind", "'" + j["kind"].get<std::string>() +
                       "' is an atom-centred model; this command or option takes fragment models only");
  const int version = r.integer(r.at(j, "version", ""), "version");
  if (version < kPotentialOldestVersion || version > kPotentialVersion)
    r.fail("version", "unsupported version " + std::to_string(version) + " (this qmlff reads version " +
                          std::to_string(kPotentialOldestVersion) + " to " + std::to_string(kPotentialVersion) +
                          "; upgrade qmlff or convert the file)");
  FragmentModel m;
  m.name = j.contains("name") ? r.string(j["name"], "name") : source;
  m.kind = r.string(r.at(j, "kind", ""), "kind");
  m.species = r.strings(r.at(j, "species", ""), "species");
  const json& units = r.at(j, "units", "");
  const std::string eu = r.string(r.at(units, "energy", "units"), "units.energy");
  const std::string lu = r.string(r.at(units, "length", "units"), "units.length");
  if (eu != "eV") r.fail("units.energy", "expected \"eV\", got \"" + eu + "\"");
  if (lu != "angstrom") r.fail("units.length", "expected \"angstrom\", got \"" + lu + "\"");
  m.symmetries = r.strings(r.at(j, "symmetries", ""), "symmetries");
  m.fragment_cutoff = r.number(r.at(j, "fragment_cutoff", ""), "fragment_cutoff");
  if (j.contains("network")) {
    // The classical baseline: the network replaces everything of the circuit path.
    for (const char* key : {"inputs", "frame", "internal_coordinates", "inversion_average", "circuit"})
      if (j.contains(key)) r.fail(key, "not used by a network model (the file has a 'network'); remove it");
    m.network = network_from_json(r, j["network"], "network");
  } else {
    read_circuit_model(r, j, m);
  }

  const json& params = r.at(j, "parameters", "");
  m.parameters = r.numbers(r.at(params, "values", "parameters"), "parameters.values");
  if (params.contains("labels")) m.parameter_labels = r.strings(params["labels"], "parameters.labels");
  if (!m.network) m.circuit.n_params = static_cast<int>(m.parameters.size());
  const json& out = r.at(j, "output", "");
  m.scale = r.number(r.at(out, "scale", "output"), "output.scale");
  m.offset = r.number(r.at(out, "offset", "output"), "output.offset");
  if (j.contains("repulsion")) {
    if (version < 2) r.fail("repulsion", "needs format version 2 (the file says " + std::to_string(version) + ")");
    m.repulsion = repulsion_from_json(r, j["repulsion"], "repulsion");
  }
  if (j.contains("coulomb")) {
    if (version < 3) r.fail("coulomb", "needs format version 3 (the file says " + std::to_string(version) + ")");
    m.coulomb = coulomb_from_json(r, j["coulomb"], "coulomb");
  }
  if (j.contains("bonds")) {
    if (version < 2) r.fail("bonds", "needs format version 2 (the file says " + std::to_string(version) + ")");
    m.bonds = bonds_from_json(r, j["bonds"], "bonds");
  }
  if (j.contains("provenance")) m.provenance_json = j["provenance"].dump();
  try {
    m.validate();
  } catch (const Error& e) {
    throw Error(source + ": " + e.what());
  }
  return m;
}

FragmentModel load_potential_file(const std::string& path) {
  return parse_potential(read_text_file(path), path);
}

void save_potential_file(const FragmentModel& model, const std::string& path, bool overwrite) {
  write_file_atomically(path, serialize_potential(model), overwrite);
}

}  // namespace qmlff
