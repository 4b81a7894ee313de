#include "io/potential_file.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/atomic_write.h"
#include "io/json_reader.h"
#include "io/json_text.h"
#include "io/network_json.h"

namespace qmlff {

using json = nlohmann::json;

namespace {

using Reader = JsonReader;

const char* feature_name(Feature f) {
  switch (f) {
    case Feature::One: return "one";
    case Feature::Component: return "component";
    case Feature::Distance: return "distance";
  }
  return "?";
}
const char* radial_name(Radial r) {
  switch (r) {
    case Radial::Identity: return "identity";
    case Radial::Inverse: return "inverse";
    case Radial::Exp: return "exp";
    case Radial::Gaussian: return "gaussian";
  }
  return "?";
}

json arg_to_json(const ArgSource& a) {
  json j = json::object();
  if (a.param >= 0) j["param"] = a.param;
  if (a.coeff != 1.0 || a.param < 0) j["coeff"] = a.coeff;
  if (a.feature != Feature::One) j["feature"] = feature_name(a.feature);
  if (a.feature == Feature::Component) {
    j["input"] = a.input;
    j["component"] = a.component;
  }
  if (a.feature == Feature::Distance) {
    j["input"] = a.input;
    j["input2"] = a.input2;
    j["radial"] = radial_name(a.radial);
    j["width"] = a.width;
  }
  return j;
}

ArgSource arg_from_json(const Reader& r, const json& j, const std::string& path) {
  ArgSource a;
  if (!j.is_object()) r.fail(path, "expected an object such as {\"param\": 3}");
  for (auto it = j.begin(); it != j.end(); ++it) {
    static const char* known[] = {"param", "coeff", "feature", "input", "input2", "component", "radial", "width"};
    if (std::find(std::begin(known), std::end(known), it.key()) == std::end(known))
      r.fail(path + "." + it.key(), "unknown key");
  }
  if (j.contains("param")) a.param = r.integer(j["param"], path + ".param");
  if (j.contains("coeff")) a.coeff = r.number(j["coeff"], path + ".coeff");
  const std::string f = j.contains("feature") ? r.string(j["feature"], path + ".feature") : "one";
  if (f == "one") {
    a.feature = Feature::One;
  } else if (f == "component") {
    a.feature = Feature::Component;
    a.input = r.integer(r.at(j, "input", path), path + ".input");
    a.component = r.integer(r.at(j, "component", path), path + ".component");
  } else if (f == "distance") {
    a.feature = Feature::Distance;
    a.input = r.integer(r.at(j, "input", path), path + ".input");
    a.input2 = r.integer(r.at(j, "input2", path), path + ".input2");
    const std::string rad = r.string(r.at(j, "radial", path), path + ".radial");
    if (rad == "identity") a.radial = Radial::Identity;
    else if (rad == "inverse") a.radial = Radial::Inverse;
    else if (rad == "exp") a.radial = Radial::Exp;
    else if (rad == "gaussian") a.radial = Radial::Gaussian;
    else r.fail(path + ".radial", "unknown radial function '" + rad + "' (identity, inverse, exp, gaussian)");
    if (j.contains("width")) a.width = r.number(j["width"], path + ".width");
  } else {
    r.fail(path + ".feature", "unknown feature '" + f + "' (one, component, distance)");
  }
  return a;
}

bool is_encoding(GateKind k) { return k == GateKind::Su2Encode || k == GateKind::ReflEncode; }

// Encoding gates whose args are theta[p] * u[input][c] are written as {"input", "param"}.
bool standard_encoding(const GateRecord& g) {
  for (int c = 0; c < 3; ++c) {
    const ArgSource& a = g.args[c];
    if (a.feature != Feature::Component || a.component != c || a.input != g.args[0].input ||
        a.param != g.args[0].param || a.coeff != 1.0)
      return false;
  }
  return true;
}

json gate_to_json(const GateRecord& g) {
  const GateInfo& info = gate_info(g.kind);
  json j;
  j["type"] = info.name;
  j["qubits"] = std::vector<int>(g.qubits.begin(), g.qubits.begin() + info.n_qubits);
  if (is_encoding(g.kind) && standard_encoding(g)) {
    j["input"] = g.args[0].input;
    if (g.args[0].param >= 0) j["param"] = g.args[0].param;
    return j;
  }
  if (info.n_args == 1 && g.args[0].feature == Feature::One && g.args[0].param >= 0 && g.args[0].coeff == 1.0) {
    j["param"] = g.args[0].param;
    return j;
  }
  if (info.n_args > 0) {
    j["args"] = json::array();
    for (int a = 0; a < info.n_args; ++a) j["args"].push_back(arg_to_json(g.args[a]));
  }
  return j;
}

GateRecord gate_from_json(const Reader& r, const json& j, const std::string& path) {
  GateRecord g;
  g.kind = [&] {
    try {
      return gate_kind_from_name(r.string(r.at(j, "type", path), path + ".type"));
    } catch (const Error& e) {
      r.fail(path + ".type", e.what());
    }
  }();
  const GateInfo& info = gate_info(g.kind);
  const json& qs = r.array(r.at(j, "qubits", path), path + ".qubits");
  if (static_cast<int>(qs.size()) != info.n_qubits)
    r.fail(path + ".qubits", "gate '" + std::string(info.name) + "' acts on " + std::to_string(info.n_qubits) +
                                 " qubit(s), got " + std::to_string(qs.size()));
  for (int i = 0; i < info.n_qubits; ++i) g.qubits[i] = r.integer(qs[i], path + ".qubits");
  if (j.contains("args")) {
    const json& args = r.array(j["args"], path + ".args");
    if (static_cast<int>(args.size()) != info.n_args)
      r.fail(path + ".args", "gate '" + std::string(info.name) + "' takes " + std::to_string(info.n_args) +
                                 " argument(s), got " + std::to_string(args.size()));
    for (int a = 0; a < info.n_args; ++a)
      g.args[a] = arg_from_json(r, args[a], path + ".args[" + std::to_string(a) + "]");
  } else if (is_encoding(g.kind)) {
    const int input = r.integer(r.at(j, "input", path), path + ".input");
    set_encoding_args(g, input, j.contains("param") ? r.integer(j["param"], path + ".param") : -1);
  } else if (info.n_args == 1) {
    g.args[0] = param_arg(r.integer(r.at(j, "param", path), path + ".param"));
  }
  return g;
}

std::string term_to_string(const PauliTerm& t) {
  std::string s;
  for (const auto& [q, p] : t.ops) s += (s.empty() ? "" : " ") + std::string(1, p) + std::to_string(q);
  return s;
}

PauliTerm term_from_json(const Reader& r, const json& j, const std::string& path) {
  PauliTerm t;
  t.coeff = r.number(r.at(j, "coeff", path), path + ".coeff");
  const std::string s = r.string(r.at(j, "paulis", path), path + ".paulis");
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ') {
      ++i;
      continue;
    }
    const char p = s[i++];
    if (p != 'X' && p != 'Y' && p != 'Z')
      r.fail(path + ".paulis", "expected Pauli letters X, Y, Z followed by a qubit index, e.g. \"X0 X3 Z6\"");
    std::size_t j2 = i;
    while (j2 < s.size() && std::isdigit(static_cast<unsigned char>(s[j2]))) ++j2;
    if (j2 == i) r.fail(path + ".paulis", "missing qubit index after '" + std::string(1, p) + "'");
    t.ops.push_back({std::stoi(s.substr(i, j2 - i)), p});
    i = j2;
  }
  return t;
}

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

  const json& c = r.at(j, "circuit", "");
  m.circuit.n_qubits = r.integer(r.at(c, "qubits", "circuit"), "circuit.qubits");
  m.circuit.n_inputs = m.internal ? m.internal->size() : static_cast<int>(m.input_map.size());
  const json& init = r.at(c, "initial_state", "circuit");
  const std::string itype = r.string(r.at(init, "type", "circuit.initial_state"), "circuit.initial_state.type");
  if (itype == "zero") {
    m.circuit.initial.type = InitialState::Type::Zero;
  } else if (itype == "plus") {
    m.circuit.initial.type = InitialState::Type::Plus;
  } else if (itype == "singlets") {
    m.circuit.initial.type = InitialState::Type::Singlets;
    const json& pairs = r.array(r.at(init, "pairs", "circuit.initial_state"), "circuit.initial_state.pairs");
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const std::string p = "circuit.initial_state.pairs[" + std::to_string(i) + "]";
      const json& pr = r.array(pairs[i], p);
      if (pr.size() != 2) r.fail(p, "expected two qubit indices");
      m.circuit.initial.pairs.push_back({r.integer(pr[0], p), r.integer(pr[1], p)});
    }
  } else {
    r.fail("circuit.initial_state.type", "unknown type '" + itype + "' (zero, plus, singlets)");
  }
  const json& gates = r.array(r.at(c, "gates", "circuit"), "circuit.gates");
  for (std::size_t k = 0; k < gates.size(); ++k)
    m.circuit.gates.push_back(gate_from_json(r, gates[k], "circuit.gates[" + std::to_string(k) + "]"));
  const json& obs = r.array(r.at(c, "observable", "circuit"), "circuit.observable");
  for (std::size_t k = 0; k < obs.size(); ++k)
    m.circuit.observable.push_back(term_from_json(r, obs[k], "circuit.observable[" + std::to_string(k) + "]"));
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
  json c;
  c["qubits"] = m.circuit.n_qubits;
  json init;
  switch (m.circuit.initial.type) {
    case InitialState::Type::Zero: init["type"] = "zero"; break;
    case InitialState::Type::Plus: init["type"] = "plus"; break;
    case InitialState::Type::Singlets:
      init["type"] = "singlets";
      init["pairs"] = json::array();
      for (const auto& p : m.circuit.initial.pairs) init["pairs"].push_back({p[0], p[1]});
  }
  c["initial_state"] = init;
  c["gates"] = json::array();
  for (const auto& g : m.circuit.gates) c["gates"].push_back(gate_to_json(g));
  c["observable"] = json::array();
  for (const auto& t : m.circuit.observable) c["observable"].push_back({{"coeff", t.coeff}, {"paulis", term_to_string(t)}});
  j["circuit"] = c;
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
