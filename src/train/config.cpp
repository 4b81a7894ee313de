#include "train/config.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "io/json_text.h"

namespace qmlff::train {

using json = nlohmann::json;

namespace {

[[noreturn]] void fail(const std::string& key, const std::string& what) {
  throw Error("config key '" + key + "': " + what);
}

// Type compatibility of a user value with the default's type.
bool same_kind(const json& def, const json& v) {
  if (def.is_number_integer()) return v.is_number_integer();
  if (def.is_number()) return v.is_number();
  if (def.is_boolean()) return v.is_boolean();
  if (def.is_string()) return v.is_string();
  if (def.is_array()) return v.is_array();
  if (def.is_object()) return v.is_object();
  return true;
}

std::string kind_name(const json& def) {
  if (def.is_number_integer()) return "an integer";
  if (def.is_number()) return "a number";
  if (def.is_boolean()) return "true or false";
  if (def.is_string()) return "a string";
  if (def.is_array()) return "an array";
  if (def.is_object()) return "an object";
  return "a value";
}

void merge(json& into, const json& from, const std::string& prefix) {
  if (!from.is_object()) fail(prefix.empty() ? "(top level)" : prefix, "expected an object");
  for (auto it = from.begin(); it != from.end(); ++it) {
    const std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (!into.contains(it.key())) fail(key, "unknown key (see docs/training.md for the keys)");
    json& d = into[it.key()];
    // An empty default object is a map with free keys (model.coulomb.charges: species -> q).
    if (d.is_object() && !d.empty()) {
      if (!it->is_object()) fail(key, "expected an object, got " + std::string(it->type_name()));
      merge(d, *it, key);
    } else {
      if (!same_kind(d, *it))
        fail(key, "expected " + kind_name(d) + ", got " + std::string(it->type_name()) + " (" + it->dump() + ")");
      d = *it;
    }
  }
}

const json& at(const json& j, const std::string& path) {
  const json* cur = &j;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!cur->is_object() || !cur->contains(part)) fail(path, "missing");
    cur = &(*cur)[part];
    if (dot == std::string::npos) return *cur;
    start = dot + 1;
  }
}

double num(const json& j, const std::string& k) {
  const json& v = at(j, k);
  if (!v.is_number()) fail(k, "expected a number");
  const double x = v.get<double>();
  if (!std::isfinite(x)) fail(k, "expected a finite number");
  return x;
}
double positive(const json& j, const std::string& k) {
  const double x = num(j, k);
  if (!(x > 0)) fail(k, "must be > 0, got " + at(j, k).dump());
  return x;
}
double nonneg(const json& j, const std::string& k) {
  const double x = num(j, k);
  if (x < 0) fail(k, "must be >= 0, got " + at(j, k).dump());
  return x;
}
long long integer(const json& j, const std::string& k, long long lo, long long hi) {
  const json& v = at(j, k);
  if (!v.is_number_integer()) fail(k, "expected an integer");
  const long long x = v.get<long long>();
  if (x < lo || x > hi) fail(k, "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + v.dump());
  return x;
}
std::string str(const json& j, const std::string& k) {
  const json& v = at(j, k);
  if (!v.is_string()) fail(k, "expected a string");
  return v.get<std::string>();
}
std::string one_of(const json& j, const std::string& k, const std::vector<std::string>& allowed) {
  const std::string s = str(j, k);
  std::string list;
  for (const auto& a : allowed) {
    if (s == a) return s;
    list += (list.empty() ? "" : ", ") + a;
  }
  fail(k, "'" + s + "' is not one of: " + list);
}
bool boolean(const json& j, const std::string& k) {
  const json& v = at(j, k);
  if (!v.is_boolean()) fail(k, "expected true or false");
  return v.get<bool>();
}

// The groups of a pair term: one integer per atom, or [] for the kind's default.
std::vector<int> parse_groups(const json& j, const std::string& key) {
  std::vector<int> groups;
  for (const auto& g : at(j, key)) {
    if (!g.is_number_integer()) fail(key, "expected an array of integers, one per atom");
    groups.push_back(g.get<int>());
  }
  return groups;
}

// model.repulsion: {"terms": [{"species": ["O", "H"], "A": eV, "rho": Å}, ...],
// "groups": [one per atom] or [] for the kind's default}; no terms = no repulsion.
std::optional<PairRepulsion> parse_repulsion(const json& j) {
  const json& terms = at(j, "model.repulsion.terms");
  if (terms.empty()) return std::nullopt;
  PairRepulsion rep;
  for (std::size_t k = 0; k < terms.size(); ++k) {
    const std::string key = "model.repulsion.terms[" + std::to_string(k) + "]";
    const json& t = terms[k];
    if (!t.is_object() || !t.contains("species") || !t["species"].is_array() || t["species"].size() != 2 ||
        !t["species"][0].is_string() || !t["species"][1].is_string() || !t.contains("A") || !t["A"].is_number() ||
        !t.contains("rho") || !t["rho"].is_number() || t.size() != 3)
      fail(key, "expected {\"species\": [\"O\", \"H\"], \"A\": <eV>, \"rho\": <Angstrom>}, got " + t.dump());
    rep.terms.push_back({t["species"][0].get<std::string>(), t["species"][1].get<std::string>(), t["A"].get<double>(),
                         t["rho"].get<double>()});
  }
  rep.groups = parse_groups(j, "model.repulsion.groups");
  return rep;
}

// model.coulomb: {"charges": {"O": -0.8, "H": 0.4} (species -> q in e), "sigma": Å,
// "groups": [one per atom] or [] for the kind's default}; no charges = no Coulomb term.
std::optional<PairCoulomb> parse_coulomb(const json& j) {
  const json& charges = at(j, "model.coulomb.charges");
  if (charges.empty()) return std::nullopt;
  PairCoulomb c;
  for (auto it = charges.begin(); it != charges.end(); ++it) {
    if (!it->is_number() || !std::isfinite(it->get<double>()))
      fail("model.coulomb.charges." + it.key(), "expected a finite number (charge in e), got " + it->dump());
    c.charges.push_back({it.key(), it->get<double>()});
  }
  c.sigma = num(j, "model.coulomb.sigma");
  if (!(c.sigma > 0))  // the default 0 means "not given"
    fail("model.coulomb.sigma", "must be > 0 when charges are given (the damping length in Angstrom), got " +
                                    at(j, "model.coulomb.sigma").dump());
  c.groups = parse_groups(j, "model.coulomb.groups");
  return c;
}

// model.bonds: {"terms": [{"atoms": [0, 1], "D": eV, "alpha": 1/Å, "r0": Å}, ...]}; no terms = none.
std::optional<MorseBonds> parse_bonds(const json& j) {
  const json& terms = at(j, "model.bonds.terms");
  if (terms.empty()) return std::nullopt;
  MorseBonds mb;
  for (std::size_t k = 0; k < terms.size(); ++k) {
    const json& t = terms[k];
    const bool ok = t.is_object() && t.size() == 4 && t.contains("atoms") && t["atoms"].is_array() &&
                    t["atoms"].size() == 2 && t["atoms"][0].is_number_integer() && t["atoms"][1].is_number_integer();
    bool nums = ok;
    for (const char* key : {"D", "alpha", "r0"}) nums = nums && t.contains(key) && t[key].is_number();
    if (!nums)
      fail("model.bonds.terms[" + std::to_string(k) + "]",
           "expected {\"atoms\": [0, 1], \"D\": <eV>, \"alpha\": <1/Angstrom>, \"r0\": <Angstrom>}, got " + t.dump());
    mb.bonds.push_back({t["atoms"][0].get<int>(), t["atoms"][1].get<int>(), t["D"].get<double>(),
                        t["alpha"].get<double>(), t["r0"].get<double>()});
  }
  return mb;
}

// The model block of the atom-centred kinds (models/atomic_builder.h).
json atomic_model_defaults(const std::string& kind) {
  const AtomicBuilderOptions a;
  const bool baseline = kind == "atomic_baseline";
  return {{"kind", kind},
          {"species", json::array()},
          {"cutoff", a.basis.cutoff},
          {"radial", {{"type", baseline ? "linear" : "gaussian"}, {"n", a.basis.n}, {"r_min", a.basis.r_min},
                      {"width", a.basis.width}}},
          {"vector_channels", a.vector_channels},
          {"scalar_channels", baseline ? 0 : a.scalar_channels},
          {"depth", a.layers}};
}

void parse_atomic_model(const json& j, TrainConfig& c) {
  AtomicBuilderOptions& a = c.atomic;
  a.species_blind = c.kind == "atomic_baseline";
  for (const auto& s : at(j, "model.species")) {
    if (!s.is_string()) fail("model.species", "expected an array of element symbols");
    a.species.push_back(s.get<std::string>());
  }
  if (a.species.empty()) fail("model.species", "list the species the model covers, e.g. [\"C\", \"H\", \"O\"]");
  a.basis.cutoff = positive(j, "model.cutoff");
  a.basis.type = one_of(j, "model.radial.type", {"gaussian", "linear"}) == "linear" ? RadialBasis::Type::Linear
                                                                                    : RadialBasis::Type::Gaussian;
  a.basis.n = static_cast<int>(integer(j, "model.radial.n", 1, 64));
  a.basis.r_min = nonneg(j, "model.radial.r_min");
  a.basis.width = positive(j, "model.radial.width");
  if (a.basis.type == RadialBasis::Type::Gaussian && a.basis.r_min >= a.basis.cutoff)
    fail("model.radial.r_min", "must be below model.cutoff");
  a.vector_channels = static_cast<int>(integer(j, "model.vector_channels", 2, 16));
  if (a.vector_channels % 2 != 0) fail("model.vector_channels", "must be even (qubits paired into singlets)");
  a.scalar_channels = static_cast<int>(integer(j, "model.scalar_channels", 0, 16));
  a.layers = static_cast<int>(integer(j, "model.depth", 0, 1000));
}

}  // namespace

bool is_atomic_kind(const std::string& kind) { return kind == "atomic" || kind == "atomic_baseline"; }

json default_config(const std::string& kind) {
  json j;
  if (is_atomic_kind(kind)) {
    j["model"] = atomic_model_defaults(kind);
  } else {
  BuilderOptions b = default_builder_options(kind);  // throws for unknown kinds
  j["model"] = {{"kind", kind},
                {"depth", b.depth},
                {"blocks", b.blocks},
                {"symmetry_breaking", b.symmetry_breaking},
                {"species", json::array()},
                {"radial_width", b.radial_width},
                {"repulsion", {{"terms", json::array()}, {"groups", json::array()}}},
                {"coulomb", {{"charges", json::object()}, {"sigma", 0.0}, {"groups", json::array()}}},
                {"bonds", {{"terms", json::array()}}}};
  }
  j["data"] = {{"file", ""},          {"train", ""},          {"val", ""},
               {"test", ""},          {"val_fraction", 0.0},  {"test_fraction", 0.5},
               {"energy_key", "energy"}, {"forces_key", "forces"}, {"max_frames", 0},
               {"extra_files", json::array()}};
  j["cv"] = {{"folds", 0}};
  j["optimizer"] = {{"type", "adam"},
                    {"lr", 0.01},
                    {"beta1", 0.9},
                    {"beta2", 0.999},
                    {"eps", 1e-8},
                    {"schedule",
                     {{"type", "constant"},
                      {"decay_rate", 0.1},
                      {"decay_steps", 1000},
                      {"min_lr", 0.0},
                      {"step_size", 1000},
                      {"gamma", 0.5},
                      {"warmup_steps", 0}}}};
  j["steps"] = 3000;
  j["batch"] = {{"size", 0}};
  j["loss"] = {{"type", "energy"}, {"force_weight", 1.0}, {"energy_steps", 0}};
  j["scaling"] = {{"type", "minmax"}, {"margin", 0.0}};
  j["noise"] = {{"energy_sigma", 0.0}, {"forces_sigma", 0.0}};
  j["init"] = {{"type", "near_identity"},
               {"sigma", 0.01},
               {"low", -3.141592653589793},
               {"high", 3.141592653589793},
               {"alpha", 1.0}};
  j["seed"] = 0;
  j["output"] = {{"name", ""}, {"log_every", 50}, {"eval_every", 100}, {"checkpoint_every", 200},
                 {"post_correction", true}};
  if (is_atomic_kind(kind)) {
    // Per-species reference energies by least squares, then one output scale (docs/training.md).
    j["scaling"] = {{"type", "per_atom"}, {"scale_factor", 2.0}};
    j["loss"]["type"] = "two_phase";
    j["loss"]["energy_steps"] = 500;
    j["loss"]["force_weight"] = 0.1;
    j["optimizer"]["lr"] = 0.005;
    j["data"]["test_fraction"] = 0.2;
  }
  if (kind == "graph") {
    // Seed 000: energies first, then energies and forces.
    j["loss"]["type"] = "two_phase";
    j["loss"]["energy_steps"] = 1500;
  }
  if (is_atomic_kind(kind)) return j;
  const BuilderOptions b = default_builder_options(kind);
  if (kind == "sivqlm_ab") {
    j["data"]["test_fraction"] = 0.6;  // paper: 53 train / 81 test
    j["model"]["encoding"] = b.encoding;
  }
  // Only this kind has the key, so resolved configs (and checkpoints) of the others are unchanged.
  if (kind == "generic_vqlm") j["model"]["qubits"] = b.qubits;
  if (kind == "sivqlm_ab2_dimer") {
    j["model"]["inputs"] = b.dimer_inputs;
    j["model"]["coupling"] = b.dimer_coupling;
  }
  if (kind == "invariant_nn") {
    j["model"]["hidden"] = b.network.hidden;
    j["model"]["radial"] = b.network.radial;
    j["model"]["cutoff"] = b.network.cutoff;
    j["init"]["type"] = "lecun";  // a near-identity start leaves a tanh network with vanishing gradients
  }
  return j;
}

void apply_override(json& j, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error("--set '" + assignment + "': expected key=value, e.g. optimizer.lr=0.01");
  const std::string key = assignment.substr(0, eq), text = assignment.substr(eq + 1);
  json value = json::parse(text, nullptr, false);
  if (value.is_discarded()) value = text;
  json* cur = &j;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty()) throw Error("--set '" + assignment + "': empty component in key '" + key + "'");
    if (!cur->is_object()) fail(key, "cannot set a field inside a non-object");
    if (dot == std::string::npos) {
      (*cur)[part] = value;
      return;
    }
    if (!cur->contains(part)) (*cur)[part] = json::object();
    cur = &(*cur)[part];
    start = dot + 1;
  }
}

json resolve_config(const json& file_json, const std::vector<std::string>& overrides) {
  json user = file_json.is_null() ? json::object() : file_json;
  if (!user.is_object()) fail("(top level)", "expected a JSON object");
  for (const auto& o : overrides) apply_override(user, o);
  if (!user.contains("model") || !user["model"].is_object() || !user["model"].contains("kind"))
    fail("model.kind", "missing (one of sivqlm_ab, sivqlm_ab2, sivqlm_ab3, sivqlm_ab2_dimer, graph, generic_vqlm, invariant_nn, "
                       "atomic, atomic_baseline)");
  const json& k = user["model"]["kind"];
  if (!k.is_string()) fail("model.kind", "expected a string");
  json resolved;
  try {
    resolved = default_config(k.get<std::string>());
  } catch (const Error& e) {
    fail("model.kind", e.what());
  }
  merge(resolved, user, "");
  return resolved;
}

TrainConfig parse_train_config(const json& j) {
  TrainConfig c;
  c.kind = str(j, "model.kind");
  if (is_atomic_kind(c.kind)) {
    parse_atomic_model(j, c);
  } else {
  c.builder.depth = static_cast<int>(integer(j, "model.depth", 0, 1000));
  c.builder.blocks = static_cast<int>(integer(j, "model.blocks", 1, 100));
  c.builder.symmetry_breaking = boolean(j, "model.symmetry_breaking");
  for (const auto& s : at(j, "model.species")) {
    if (!s.is_string()) fail("model.species", "expected an array of element symbols");
    c.builder.species.push_back(s.get<std::string>());
  }
  c.builder.radial_width = positive(j, "model.radial_width");
  if (at(j, "model").contains("qubits")) c.builder.qubits = static_cast<int>(integer(j, "model.qubits", 0, 16));
  if (at(j, "model").contains("inputs")) c.builder.dimer_inputs = one_of(j, "model.inputs", {"midpoint", "monomer"});
  if (at(j, "model").contains("coupling")) c.builder.dimer_coupling = one_of(j, "model.coupling", {"seed", "molecule"});
  if (at(j, "model").contains("encoding")) c.builder.encoding = one_of(j, "model.encoding", {"su2", "bond"});
  if (at(j, "model").contains("hidden")) {
    c.builder.network.hidden.clear();
    for (const auto& h : at(j, "model.hidden")) {
      if (!h.is_number_integer() || h.get<long long>() < 1 || h.get<long long>() > 256)
        fail("model.hidden", "expected an array of layer widths in [1, 256], e.g. [8, 8]");
      c.builder.network.hidden.push_back(h.get<int>());
    }
    if (c.builder.network.hidden.empty() || c.builder.network.hidden.size() > 8)
      fail("model.hidden", "expected 1 to 8 hidden layers");
    c.builder.network.radial = static_cast<int>(integer(j, "model.radial", 1, 64));
    c.builder.network.cutoff = positive(j, "model.cutoff");
  }

  c.builder.repulsion = parse_repulsion(j);
  c.builder.coulomb = parse_coulomb(j);
  c.builder.bonds = parse_bonds(j);
  }

  c.data.file = str(j, "data.file");
  for (const auto& f : at(j, "data.extra_files")) {
    if (!f.is_string() || f.get<std::string>().empty()) fail("data.extra_files", "expected an array of file paths");
    c.data.extra_files.push_back(f.get<std::string>());
  }
  if (!c.data.extra_files.empty() && c.data.file.empty())
    fail("data.extra_files", "extra files are appended to data.file before the split; give data.file");
  c.data.train = str(j, "data.train");
  c.data.val = str(j, "data.val");
  c.data.test = str(j, "data.test");
  c.data.val_fraction = nonneg(j, "data.val_fraction");
  c.data.test_fraction = nonneg(j, "data.test_fraction");
  c.data.energy_key = str(j, "data.energy_key");
  c.data.forces_key = str(j, "data.forces_key");
  c.data.max_frames = static_cast<int>(integer(j, "data.max_frames", 0, 100000000));
  if (c.data.file.empty() == c.data.train.empty())
    fail("data.file", c.data.file.empty() ? "give either data.file (split by fractions) or data.train"
                                          : "data.file and data.train are mutually exclusive");
  if (c.data.val_fraction + c.data.test_fraction >= 1.0)
    fail("data.test_fraction", "data.val_fraction + data.test_fraction must be < 1");
  c.folds = static_cast<int>(integer(j, "cv.folds", 0, 1000));
  if (c.folds == 1) fail("cv.folds", "use 0 (no cross-validation) or at least 2 folds");
  if (c.folds >= 2 && c.data.file.empty()) fail("cv.folds", "k-fold cross-validation needs data.file");

  c.optimizer.type = one_of(j, "optimizer.type", {"adam"});
  c.optimizer.lr = positive(j, "optimizer.lr");
  c.optimizer.beta1 = nonneg(j, "optimizer.beta1");
  c.optimizer.beta2 = nonneg(j, "optimizer.beta2");
  if (c.optimizer.beta1 >= 1) fail("optimizer.beta1", "must be < 1");
  if (c.optimizer.beta2 >= 1) fail("optimizer.beta2", "must be < 1");
  c.optimizer.eps = positive(j, "optimizer.eps");
  auto& s = c.optimizer.schedule;
  s.type = one_of(j, "optimizer.schedule.type", {"constant", "exponential", "cosine", "step"});
  s.decay_rate = positive(j, "optimizer.schedule.decay_rate");
  s.decay_steps = static_cast<int>(integer(j, "optimizer.schedule.decay_steps", 1, 1000000000));
  s.min_lr = nonneg(j, "optimizer.schedule.min_lr");
  s.step_size = static_cast<int>(integer(j, "optimizer.schedule.step_size", 1, 1000000000));
  s.gamma = positive(j, "optimizer.schedule.gamma");
  s.warmup_steps = static_cast<int>(integer(j, "optimizer.schedule.warmup_steps", 0, 1000000000));

  c.steps = static_cast<int>(integer(j, "steps", 0, 1000000000));
  c.batch_size = static_cast<int>(integer(j, "batch.size", 0, 100000000));

  c.loss.type = one_of(j, "loss.type", {"energy", "energy_forces", "two_phase"});
  c.loss.force_weight = nonneg(j, "loss.force_weight");
  c.loss.energy_steps = static_cast<int>(integer(j, "loss.energy_steps", 0, 1000000000));
  if (c.loss.type == "two_phase" && c.loss.energy_steps > c.steps)
    fail("loss.energy_steps", "must not exceed steps (" + std::to_string(c.steps) + ")");

  if (is_atomic_kind(c.kind)) {
    c.scaling.type = one_of(j, "scaling.type", {"per_atom"});
    c.scaling.scale_factor = positive(j, "scaling.scale_factor");
  } else {
    c.scaling.type = one_of(j, "scaling.type", {"minmax", "none"});
    c.scaling.margin = nonneg(j, "scaling.margin");
    if (c.scaling.margin >= 0.5) fail("scaling.margin", "must be < 0.5");
  }

  c.noise.energy_sigma = nonneg(j, "noise.energy_sigma");
  c.noise.forces_sigma = nonneg(j, "noise.forces_sigma");

  c.init.type = one_of(j, "init.type", {"near_identity", "random_uniform", "builder", "lecun"});
  c.init.sigma = nonneg(j, "init.sigma");
  c.init.low = num(j, "init.low");
  c.init.high = num(j, "init.high");
  if (!(c.init.high > c.init.low)) fail("init.high", "must be greater than init.low");
  c.init.alpha = num(j, "init.alpha");

  const json& seed = at(j, "seed");
  if (!seed.is_number_integer() || (seed.is_number_integer() && !seed.is_number_unsigned() && seed.get<long long>() < 0))
    fail("seed", "expected a non-negative integer");
  c.seed = seed.get<std::uint64_t>();

  c.output.name = str(j, "output.name");
  c.output.log_every = static_cast<int>(integer(j, "output.log_every", 1, 1000000000));
  c.output.eval_every = static_cast<int>(integer(j, "output.eval_every", 1, 1000000000));
  c.output.checkpoint_every = static_cast<int>(integer(j, "output.checkpoint_every", 1, 1000000000));
  c.output.post_correction = boolean(j, "output.post_correction");
  return c;
}

json read_config_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open the config file");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  return parse_json_text(text, path);
}

}  // namespace qmlff::train
