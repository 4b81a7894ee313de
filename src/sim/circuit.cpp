#include "sim/circuit.h"

#include <set>

#include "core/error.h"

namespace qmlff {

namespace {

void check_arg(const Circuit& c, const ArgSource& a, const std::string& where) {
  QMLFF_REQUIRE(a.param < c.n_params, where + ": parameter index " + std::to_string(a.param) +
                                          " out of range (circuit has " +
                                          std::to_string(c.n_params) + " parameters)");
  if (a.feature == Feature::One) return;
  QMLFF_REQUIRE(a.input >= 0 && a.input < c.n_inputs,
                where + ": input index " + std::to_string(a.input) + " out of range (circuit has " +
                    std::to_string(c.n_inputs) + " inputs)");
  if (a.feature == Feature::Component)
    QMLFF_REQUIRE(a.component >= 0 && a.component < 3, where + ": component must be 0, 1 or 2");
  if (a.feature == Feature::Distance) {
    QMLFF_REQUIRE(a.input2 >= 0 && a.input2 < c.n_inputs && a.input2 != a.input,
                  where + ": distance needs two different inputs in range");
    QMLFF_REQUIRE(a.width > 0.0, where + ": radial width must be positive");
  }
}

}  // namespace

void Circuit::validate() const {
  QMLFF_REQUIRE(n_qubits >= 1 && n_qubits <= kMaxQubits,
                "circuit: qubits must be between 1 and " + std::to_string(kMaxQubits) + ", got " +
                    std::to_string(n_qubits));
  QMLFF_REQUIRE(n_params >= 0 && n_inputs >= 0, "circuit: negative parameter or input count");
  std::set<int> used;
  for (const auto& p : initial.pairs) {
    for (int q : p) {
      QMLFF_REQUIRE(q >= 0 && q < n_qubits, "initial state: singlet qubit " + std::to_string(q) +
                                                " out of range");
      QMLFF_REQUIRE(used.insert(q).second,
                    "initial state: qubit " + std::to_string(q) + " is in two singlets");
    }
  }
  for (std::size_t k = 0; k < gates.size(); ++k) {
    const GateRecord& g = gates[k];
    const GateInfo& info = gate_info(g.kind);
    const std::string where = "gate " + std::to_string(k) + " (" + info.name + ")";
    for (int i = 0; i < info.n_qubits; ++i)
      QMLFF_REQUIRE(g.qubits[i] >= 0 && g.qubits[i] < n_qubits,
                    where + ": qubit " + std::to_string(g.qubits[i]) + " out of range [0, " +
                        std::to_string(n_qubits) + ")");
    for (int i = 0; i < info.n_qubits; ++i)
      for (int j = i + 1; j < info.n_qubits; ++j)
        QMLFF_REQUIRE(g.qubits[i] != g.qubits[j], where + ": the qubits of a gate must differ");
    for (int a = 0; a < info.n_args; ++a) check_arg(*this, g.args[a], where);
  }
  QMLFF_REQUIRE(!observable.empty(), "circuit: observable has no terms");
  for (std::size_t t = 0; t < observable.size(); ++t) {
    std::set<int> qs;
    for (const auto& [q, p] : observable[t].ops) {
      QMLFF_REQUIRE(q >= 0 && q < n_qubits,
                    "observable term " + std::to_string(t) + ": qubit out of range");
      QMLFF_REQUIRE(p == 'X' || p == 'Y' || p == 'Z',
                    "observable term " + std::to_string(t) + ": Pauli must be X, Y or Z");
      QMLFF_REQUIRE(qs.insert(q).second,
                    "observable term " + std::to_string(t) + ": qubit repeated in one term");
    }
  }
}

GateRecord make_gate(GateKind kind, int q0, int q1, int q2) {
  GateRecord g;
  g.kind = kind;
  g.qubits = {q0, q1, q2};
  return g;
}

ArgSource param_arg(int param, double coeff) {
  ArgSource a;
  a.param = param;
  a.coeff = coeff;
  return a;
}

ArgSource const_arg(double value) {
  ArgSource a;
  a.coeff = value;
  return a;
}

void set_encoding_args(GateRecord& g, int input, int param) {
  for (int c = 0; c < 3; ++c) {
    ArgSource a;
    a.param = param;
    a.feature = Feature::Component;
    a.input = input;
    a.component = c;
    g.args[c] = a;
  }
}

}  // namespace qmlff
