#include "io/circuit_json.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"

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

}  // namespace

Circuit circuit_from_json(const JsonReader& r, const json& j, const std::string& path, int n_inputs) {
  Circuit c;
  c.n_qubits = r.integer(r.at(j, "qubits", path), path + ".qubits");
  c.n_inputs = n_inputs;
  const json& init = r.at(j, "initial_state", path);
  const std::string itype = r.string(r.at(init, "type", path + ".initial_state"), path + ".initial_state.type");
  if (itype == "zero") {
    c.initial.type = InitialState::Type::Zero;
  } else if (itype == "plus") {
    c.initial.type = InitialState::Type::Plus;
  } else if (itype == "singlets") {
    c.initial.type = InitialState::Type::Singlets;
    const json& pairs = r.array(r.at(init, "pairs", path + ".initial_state"), path + ".initial_state.pairs");
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const std::string p = path + ".initial_state.pairs[" + std::to_string(i) + "]";
      const json& pr = r.array(pairs[i], p);
      if (pr.size() != 2) r.fail(p, "expected two qubit indices");
      c.initial.pairs.push_back({r.integer(pr[0], p), r.integer(pr[1], p)});
    }
  } else {
    r.fail(path + ".initial_state.type", "unknown type '" + itype + "' (zero, plus, singlets)");
  }
  const json& gates = r.array(r.at(j, "gates", path), path + ".gates");
  for (std::size_t k = 0; k < gates.size(); ++k)
    c.gates.push_back(gate_from_json(r, gates[k], path + ".gates[" + std::to_string(k) + "]"));
  const json& obs = r.array(r.at(j, "observable", path), path + ".observable");
  for (std::size_t k = 0; k < obs.size(); ++k)
    c.observable.push_back(term_from_json(r, obs[k], path + ".observable[" + std::to_string(k) + "]"));
  return c;
}

json circuit_to_json(const Circuit& m) {
  json c;
  c["qubits"] = m.n_qubits;
  json init;
  switch (m.initial.type) {
    case InitialState::Type::Zero: init["type"] = "zero"; break;
    case InitialState::Type::Plus: init["type"] = "plus"; break;
    case InitialState::Type::Singlets:
      init["type"] = "singlets";
      init["pairs"] = json::array();
      for (const auto& p : m.initial.pairs) init["pairs"].push_back({p[0], p[1]});
  }
  c["initial_state"] = init;
  c["gates"] = json::array();
  for (const auto& g : m.gates) c["gates"].push_back(gate_to_json(g));
  c["observable"] = json::array();
  for (const auto& t : m.observable) c["observable"].push_back({{"coeff", t.coeff}, {"paulis", term_to_string(t)}});
  return c;
}

}  // namespace qmlff
