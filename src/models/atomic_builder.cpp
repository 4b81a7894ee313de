#include "models/atomic_builder.h"

#include "core/error.h"

namespace qmlff {

namespace {

// Adds a parameter (value, label) and returns its index.
int add_param(AtomicModel& m, double value, const std::string& label) {
  m.parameters.push_back(value);
  m.parameter_labels.push_back(label);
  return m.n_params() - 1;
}

GateRecord heisenberg(int q0, int q1, ArgSource arg) {
  GateRecord g = make_gate(GateKind::Heisenberg, q0, q1);
  g.args[0] = arg;
  return g;
}

}  // namespace

AtomicModel build_atomic_model(const AtomicBuilderOptions& o) {
  const int K = o.vector_channels, L = o.scalar_channels, D = o.layers;
  if (o.species.empty()) throw Error("atomic builder: no species");
  if (K < 2 || K % 2 != 0) throw Error("atomic builder: vector_channels must be even and at least 2 (one qubit each, "
                                       "paired into singlets); got " + std::to_string(K));
  if (L < 0) throw Error("atomic builder: scalar_channels must be >= 0");
  if (D < 0) throw Error("atomic builder: layers must be >= 0");
  o.basis.validate();
  AtomicModel m;
  m.species = o.species;
  m.basis = o.basis;
  m.n_vector = K;
  m.n_scalar = L;
  m.kind = o.species_blind ? "atomic_baseline" : "atomic";
  m.name = m.kind;
  m.symmetries = {"translation", "rotation", "inversion", "permutation"};
  const int S = static_cast<int>(o.species.size()), NB = o.basis.size();
  const int n_centres = o.species_blind ? 1 : S;  // distinct parameter sets

  // Radial weights W[centre][channel][neighbour species][b].
  std::vector<std::vector<std::vector<std::vector<int>>>> W(n_centres);
  for (int s = 0; s < n_centres; ++s) {
    W[s].assign(K + L, std::vector<std::vector<int>>(S, std::vector<int>(NB, -1)));
    const int n_nb = o.species_blind ? 1 : S;
    for (int c = 0; c < K + L; ++c)
      for (int t = 0; t < n_nb; ++t)
        for (int b = 0; b < NB; ++b) {
          std::string label = "w_" + (c < K ? "v" + std::to_string(c) : "s" + std::to_string(c - K));
          if (!o.species_blind) label += "_" + o.species[s] + o.species[t];
          const int p = add_param(m, 0.0, label + "_" + std::to_string(b));
          if (o.species_blind)
            for (int tt = 0; tt < S; ++tt) W[s][c][tt][b] = p;
          else
            W[s][c][t][b] = p;
        }
  }

  for (int s = 0; s < n_centres; ++s) {
    const std::string sfx = o.species_blind ? "" : "_" + o.species[s];
    AtomicCentre centre;
    Circuit& c = centre.circuit;
    c.n_qubits = K;
    c.n_inputs = K + L;
    c.initial.type = InitialState::Type::Singlets;
    for (int q = 0; q + 1 < K; q += 2) c.initial.pairs.push_back({q, q + 1});
    auto local = [&](double value, const std::string& label) {
      centre.circuit_params.push_back(add_param(m, value, label + sfx));
      return static_cast<int>(centre.circuit_params.size()) - 1;
    };
    for (int d = 0; d <= D; ++d) {
      for (int q = 0; q < K; ++q) {
        GateRecord g = make_gate(GateKind::Su2Encode, q);
        set_encoding_args(g, q, local(1.0, "alpha_" + std::to_string(d) + "_" + std::to_string(q)));
        c.gates.push_back(g);
      }
      if (d == D) break;
      const int n_ring = K == 2 ? 1 : K;
      for (int q = 0; q < n_ring; ++q)
        c.gates.push_back(heisenberg(q, (q + 1) % K, param_arg(local(0.0, "J_" + std::to_string(d) + "_" + std::to_string(q)))));
      for (int e = 0; e < L; ++e) {
        ArgSource a = param_arg(local(0.0, "kappa_" + std::to_string(d) + "_" + std::to_string(e)));
        a.feature = Feature::Component;
        a.input = K + e;
        a.component = 0;
        c.gates.push_back(heisenberg(e % K, (e + 1) % K, a));
      }
    }
    c.observable = {{1.0, {{0, 'X'}, {1, 'X'}}}, {1.0, {{0, 'Y'}, {1, 'Y'}}}, {1.0, {{0, 'Z'}, {1, 'Z'}}}};
    c.n_params = static_cast<int>(centre.circuit_params.size());
    centre.weights = W[s];
    m.centres.push_back(centre);
  }
  while (static_cast<int>(m.centres.size()) < S) m.centres.push_back(m.centres[0]);  // species-blind: shared
  m.validate();
  return m;
}

}  // namespace qmlff
