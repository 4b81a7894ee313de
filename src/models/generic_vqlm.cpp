#include "models/generic_vqlm.h"

#include <algorithm>
#include <string>

#include "core/error.h"

namespace qmlff {

// Star-shaped fragment: species[0] is the centre A, the others are bonded to it
// (LiH: r; H2O: r1, r2, angle; NH3: three bonds, three angles). Lab inputs
// u_k = r_{k+1} - r_A; internal coordinates: |u_k| for every arm, then the angle between
// every pair of arms. On n qubits (default max(3, m) for m coordinates), qubit q
// re-uploads coordinate q mod m.
//
//   |0>^n -> E_0 -> [ RY(t) RZ(t) on every qubit, CNOT ring ] E_1 -> ... -> E_D
//   E_e = prod_q RY_q(alpha_e * x_{q mod m})       (one trainable scale per encoding layer)
//   O = (1/n) sum_q Z_q
//
// Parameter count (D + 1) + 2 n D: LiH D = 13, n = 3 gives 92, H2O D = 11 gives 78; with
// the output scale and offset these are the 94 and 80 weights of seed 001's generic VQLMs.
// Not permutation invariant (arms sit on different qubits); rotation and inversion
// invariance come from the coordinates, not from the circuit.
FragmentModel build_generic_vqlm(const BuilderOptions& o) {
  QMLFF_REQUIRE(o.depth >= 0 && o.depth <= 1000, "builder: depth D must be in [0, 1000]");
  QMLFF_REQUIRE(o.species.size() >= 2 && o.species.size() <= 5,
                "builder 'generic_vqlm': give the species, centre atom first (2 to 5 atoms, e.g. Li H or O H H)");
  FragmentModel m;
  m.kind = "generic_vqlm";
  m.species = o.species;
  const int arms = static_cast<int>(m.species.size()) - 1;
  std::vector<InternalCoord> coords;
  for (int k = 0; k < arms; ++k) {
    std::vector<double> row(m.species.size(), 0.0);
    row[0] = -1.0;
    row[k + 1] = 1.0;
    m.input_map.push_back(row);
    coords.push_back({InternalCoord::Type::Norm, k, -1});
  }
  for (int k = 0; k < arms; ++k)
    for (int l = k + 1; l < arms; ++l) coords.push_back({InternalCoord::Type::Angle, k, l});
  const int nc = static_cast<int>(coords.size());
  m.internal = InternalCoords(coords);
  const int n = o.qubits > 0 ? o.qubits : std::max(3, nc);
  QMLFF_REQUIRE(n <= 16, "builder 'generic_vqlm': at most 16 qubits");
  Circuit& c = m.circuit;
  c.n_qubits = n;
  c.n_inputs = nc;
  c.initial.type = InitialState::Type::Zero;
  auto add_param = [&](const std::string& label, double value) {
    m.parameters.push_back(value);
    m.parameter_labels.push_back(label);
    return c.n_params++;
  };
  auto encoding = [&](int e) {
    const int alpha = add_param("alpha[e=" + std::to_string(e) + "]", 1.0);
    for (int q = 0; q < n; ++q) {
      GateRecord g = make_gate(GateKind::RY, q);
      ArgSource s = param_arg(alpha);
      s.feature = Feature::Component;
      s.input = q % nc;
      s.component = 0;
      g.args[0] = s;
      c.gates.push_back(g);
    }
  };
  encoding(0);
  for (int d = 1; d <= o.depth; ++d) {
    for (int q = 0; q < n; ++q)
      for (GateKind k : {GateKind::RY, GateKind::RZ}) {
        const char* name = k == GateKind::RY ? "ry" : "rz";
        GateRecord g = make_gate(k, q);
        g.args[0] = param_arg(add_param(std::string(name) + "[d=" + std::to_string(d) + ",q=" + std::to_string(q) + "]", 0.0));
        c.gates.push_back(g);
      }
    // CNOT ring (a ladder for two qubits): the hardware-efficient entangler.
    for (int q = 0; q + 1 < n; ++q) c.gates.push_back(make_gate(GateKind::CNOT, q, q + 1));
    if (n > 2) c.gates.push_back(make_gate(GateKind::CNOT, n - 1, 0));
    encoding(d);
  }
  for (int q = 0; q < n; ++q) c.observable.push_back({1.0 / n, {{q, 'Z'}}});
  m.symmetries = {"translation", "rotation", "inversion"};
  m.fragment_cutoff = arms == 1 ? 6.0 : 4.0;
  return m;
}

}  // namespace qmlff
