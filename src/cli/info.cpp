#include "cli/info.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>
#include <map>

#include "cli/common.h"
#include "io/atomic_potential_file.h"
#include "io/frame_matching.h"
#include "io/potential_file.h"
#include "io/provenance_summary.h"
#include "sim/gates.h"

namespace qmlff::cli {

namespace {

void row(std::ostream& out, const std::string& label, const std::string& text) {
  out << fmt::format("{:<18} {}\n", label + ":", text);
}

std::string join(const std::vector<std::string>& v, const std::string& sep = " ") {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

std::string pauli_string(const PauliTerm& t) {
  std::string s;
  for (const auto& [q, p] : t.ops) s += (s.empty() ? "" : " ") + std::string(1, p) + std::to_string(q);
  return s.empty() ? "I" : s;
}

}  // namespace

void setup_info(CLI::App& app) {
  auto opt = std::make_shared<InfoOptions>();
  CLI::App* sub = app.add_subcommand("info", "Summarise a potential file: species, circuit, parameters, "
                                              "symmetries, units, output scaling, training metrics");
  sub->add_option("FILE", opt->potential, "potential file (JSON; a bare name also in the installed potentials)")
      ->required()
      ->transform(installed_potential())
      ->check(CLI::ExistingFile);
  sub->add_flag("--parameters", opt->parameters, "also list every parameter value with its label");
  bind_callback(sub, opt, [](const InfoOptions& o) { return run_info(o); });
}

int run_info(const InfoOptions& opt) { return run_info(opt, std::cout); }

namespace {

void circuit_rows(std::ostream& out, const FragmentModel& m) {
  const Circuit& c = m.circuit;
  row(out, "qubits", std::to_string(c.n_qubits));
  row(out, "inputs", std::to_string(m.input_map.size()) + " vectors u_k = sum_a inputs[k][a] r_a");

  std::map<std::string, int> by_type, encoding_by_type;
  int n_input_gates = 0;
  for (const auto& g : c.gates) {
    ++by_type[gate_info(g.kind).name];
    const int na = gate_info(g.kind).n_args;
    bool dep = false;
    for (int a = 0; a < na; ++a) dep = dep || g.args[static_cast<std::size_t>(a)].depends_on_inputs();
    n_input_gates += dep ? 1 : 0;
    if (dep) ++encoding_by_type[gate_info(g.kind).name];
  }
  auto counts = [](const std::map<std::string, int>& m) {
    std::string s;
    for (const auto& [name, n] : m) s += (s.empty() ? "" : ", ") + name + " " + std::to_string(n);
    return s;
  };
  row(out, "gates", std::to_string(c.gates.size()) + " (" + counts(by_type) + "); " + std::to_string(n_input_gates) +
                        " depend on the geometry");
  // The gates that read the geometry, and what they read (LiH: the builder's su2 or bond encoding).
  std::string enc = encoding_by_type.empty() ? "none" : counts(encoding_by_type);
  enc += m.internal ? " of the internal coordinates" : m.frame ? " of the inputs in the body frame" : " of the lab inputs u_k";
  if (m.kind == "sivqlm_ab") enc += encoding_by_type.count("su2_encode") ? " (sivqlm_ab encoding su2)" : " (sivqlm_ab encoding bond)";
  row(out, "encoding", enc);
  std::string init;
  switch (c.initial.type) {
    case InitialState::Type::Zero: init = "|0...0>"; break;
    case InitialState::Type::Plus: init = "|+...+>"; break;
    case InitialState::Type::Singlets:
      init = "singlets on";
      for (const auto& p : c.initial.pairs) init += fmt::format(" ({},{})", p[0], p[1]);
      break;
  }
  row(out, "initial state", init);
  std::string obs;
  for (const auto& t : c.observable) obs += (obs.empty() ? "" : " + ") + fmt::format("{:g}*[{}]", t.coeff, pauli_string(t));
  row(out, "observable", fmt::format("{} term(s): {}", c.observable.size(), obs.size() > 200 ? obs.substr(0, 200) + " ..." : obs));
}

void network_rows(std::ostream& out, const InvariantNN& nn) {
  std::string widths = std::to_string(nn.n_descriptors());
  for (int h : nn.hidden) widths += " -> " + std::to_string(h) + " tanh";
  row(out, "network", "invariant NN, one per element (" + join(nn.elements) + "): " + widths + " -> 1, atomic energies summed");
  row(out, "descriptors", fmt::format("{} Gaussians of r_ij per neighbour element, centres {:g}..{:g} A, cosine cutoff {:g} A",
                                      nn.n_radial(), nn.centres.front(), nn.centres.back(), nn.cutoff));
}

void parameter_rows(std::ostream& out, const std::vector<double>& values, const std::vector<std::string>& labels,
                    bool list) {
  row(out, "parameters", std::to_string(values.size()));
  if (!list) return;
  for (std::size_t i = 0; i < values.size(); ++i)
    out << fmt::format("  {:>5} {:<24} {}\n", i, i < labels.size() ? labels[i] : "", exact(values[i]));
}

void provenance_rows(std::ostream& out, const std::string& provenance_json) {
  const auto prov = summarize_provenance(provenance_json);
  if (prov.empty()) {
    row(out, "provenance", "(none: untrained or hand-made file)");
  } else {
    out << "provenance:\n";
    for (const auto& [k, v] : prov) out << fmt::format("  {:<24} {}\n", k + ":", v);
  }
}

// An atom-centred model (models/atomic_model.h).
int atomic_info(const InfoOptions& opt, std::ostream& out) {
  const AtomicModel m = load_atomic_potential_file(opt.potential);
  row(out, "file", opt.potential);
  row(out, "name", m.name);
  row(out, "kind", m.kind + " (atom-centred: E = sum of atomic energies, any structure of these species)");
  row(out, "species", join(m.species));
  row(out, "units", "energy eV, length angstrom, forces eV/angstrom");
  row(out, "cutoff", fmt::format("{} angstrom (smooth: value and two derivatives vanish there)", exact(m.cutoff())));
  row(out, "radial basis", m.basis.type == RadialBasis::Type::Linear
                               ? std::string("linear: g(r) = r fc(r) (raw neighbour vectors)")
                               : fmt::format("{} Gaussians, centres {:g}..{:g} A, width {:g} A, times fc(r)", m.basis.n,
                                             m.basis.centre(0), m.basis.centre(m.basis.size() - 1), m.basis.width));
  row(out, "channels", fmt::format("{} vector (u_c = sum_j R_c(r_ij) rhat_ij, encoded), {} scalar (exchange angles)",
                                   m.n_vector, m.n_scalar));
  for (int s = 0; s < m.n_species(); ++s) {
    const AtomicCentre& c = m.centres[s];
    row(out, "centre " + m.species[s],
        fmt::format("{} qubits, {} gates, {} circuit parameters; E_i = {} + {} * <O> (mean of the inversion images)",
                    c.circuit.n_qubits, c.circuit.gates.size(), c.circuit.n_params, exact(c.e0), exact(c.scale)));
  }
  parameter_rows(out, m.parameters, m.parameter_labels, opt.parameters);
  row(out, "symmetries", m.symmetries.empty() ? "(none declared)" : join(m.symmetries, ", "));
  provenance_rows(out, m.provenance_json);
  return kExitOk;
}

}  // namespace

int run_info(const InfoOptions& opt, std::ostream& out) {
  if (potential_file_is_atomic(opt.potential)) return atomic_info(opt, out);
  const FragmentModel m = load_potential_file(opt.potential);
  row(out, "file", opt.potential);
  row(out, "name", m.name);
  row(out, "kind", m.kind);
  row(out, "species", join(m.species) + " (" + composition_string(m.species) + ", " +
                          std::to_string(m.n_atoms()) + " atoms, in model order)");
  row(out, "units", "energy eV, length angstrom, forces eV/angstrom");
  if (m.network)
    network_rows(out, *m.network);
  else
    circuit_rows(out, m);
  if (m.repulsion) {
    std::string terms;
    for (const auto& t : m.repulsion->terms)
      terms += fmt::format("{}{}-{}: A {:g} eV, rho {:g} A", terms.empty() ? "" : "; ", t.species_a, t.species_b, t.A, t.rho);
    row(out, "repulsion", "fixed A exp(-r/rho) between atoms of different groups (" +
                              fmt::format("{}", fmt::join(m.repulsion->groups, " ")) + "): " + terms);
  }
  if (m.coulomb) {
    std::string charges;
    for (const auto& c : m.coulomb->charges)
      charges += fmt::format("{}{} {:g} e", charges.empty() ? "" : "; ", c.species, c.q);
    row(out, "coulomb", "fixed k_e q_a q_b erf(r/sigma)/r between atoms of different groups (" +
                            fmt::format("{}", fmt::join(m.coulomb->groups, " ")) +
                            fmt::format("), sigma {:g} A: ", m.coulomb->sigma) + charges);
  }
  if (m.bonds) {
    std::string terms;
    for (const auto& b : m.bonds->bonds)
      terms += fmt::format("{}{}-{} ({}{}): D {:g} eV, alpha {:g} 1/A, r0 {:g} A", terms.empty() ? "" : "; ", b.a, b.b,
                           m.species[b.a], m.species[b.b], b.D, b.alpha, b.r0);
    row(out, "bonds", "fixed Morse D (1 - exp(-alpha (r - r0)))^2: " + terms);
  }
  parameter_rows(out, m.parameters, m.parameter_labels, opt.parameters);
  row(out, "symmetries", m.symmetries.empty() ? "(none declared)" : join(m.symmetries, ", "));
  if (m.frame) {
    std::string z;
    for (double v : m.frame->z_coeff()) z += (z.empty() ? "" : " ") + fmt::format("{:g}", v);
    row(out, "frame", "body-fixed; z axis along sum_k c_k u_k with c = [" + z + "]");
  } else if (!m.network) {
    row(out, "frame", "lab frame (no body frame)");
  }
  if (m.internal) {
    std::vector<std::string> q;
    for (const auto& c : m.internal->coords())
      q.push_back(InternalCoord::type_name(c.type) + "(u" + std::to_string(c.a) +
                  (c.b >= 0 ? ", u" + std::to_string(c.b) : std::string()) + ")");
    row(out, "internal coordinates", join(q, " ") + " (circuit input j = (q_j, 0, 0))");
  }
  row(out, "output", fmt::format("E = scale * {} + offset with scale {} eV, offset {} eV",
                                 m.network ? "E_raw" : "<O>", exact(m.scale), exact(m.offset)));
  row(out, "fragment cutoff", fmt::format("{} angstrom", exact(m.fragment_cutoff)));
  provenance_rows(out, m.provenance_json);
  return kExitOk;
}

}  // namespace qmlff::cli
