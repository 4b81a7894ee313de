#include "sim/circuit_pruning.h"

#include <vector>

#include "sim/gate_slots.h"

namespace qmlff {

namespace {

int n_gate_qubits(const GateRecord& g) { return gate_info(g.kind).n_qubits; }

bool same_gate_matrix(const GateRecord& a, const GateRecord& b) {
  if (a.kind != b.kind) return false;
  for (int k = 0; k < gate_info(a.kind).n_args; ++k)
    if (!same_arg_source(a.args[k], b.args[k])) return false;
  return true;
}

// Marks the gates after which nothing on their qubits reaches the observable.
void mark_outside_light_cone(const Circuit& c, std::vector<char>& keep) {
  std::vector<char> live(c.n_qubits, 0);
  for (const PauliTerm& t : c.observable)
    for (const auto& op : t.ops) live[op.first] = 1;
  for (std::size_t k = c.gates.size(); k-- > 0;) {
    if (!keep[k]) continue;
    const GateRecord& g = c.gates[k];
    bool touches = false;
    for (int q = 0; q < n_gate_qubits(g); ++q) touches = touches || live[g.qubits[q]];
    if (!touches) {
      keep[k] = 0;
      continue;
    }
    for (int q = 0; q < n_gate_qubits(g); ++q) live[g.qubits[q]] = 1;
  }
}

// Index of the first kept gate touching qubit q, or -1.
int first_on(const Circuit& c, const std::vector<char>& keep, int q) {
  for (std::size_t k = 0; k < c.gates.size(); ++k) {
    if (!keep[k]) continue;
    const GateRecord& g = c.gates[k];
    for (int j = 0; j < n_gate_qubits(g); ++j)
      if (g.qubits[j] == q) return static_cast<int>(k);
  }
  return -1;
}

void mark_singlet_pairs(const Circuit& c, std::vector<char>& keep) {
  if (c.initial.type != InitialState::Type::Singlets) return;
  for (const auto& pair : c.initial.pairs) {
    for (;;) {
      const int a = first_on(c, keep, pair[0]), b = first_on(c, keep, pair[1]);
      if (a < 0 || b < 0 || n_gate_qubits(c.gates[a]) != 1 || n_gate_qubits(c.gates[b]) != 1 ||
          !same_gate_matrix(c.gates[a], c.gates[b]))
        break;
      keep[a] = keep[b] = 0;
    }
  }
}

}  // namespace

Circuit prune_circuit(const Circuit& c) {
  std::vector<char> keep(c.gates.size(), 1);
  mark_outside_light_cone(c, keep);
  mark_singlet_pairs(c, keep);
  Circuit out = c;
  out.gates.clear();
  for (std::size_t k = 0; k < c.gates.size(); ++k)
    if (keep[k]) out.gates.push_back(c.gates[k]);
  return out;
}

}  // namespace qmlff
