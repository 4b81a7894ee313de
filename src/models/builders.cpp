#include "models/builders.h"

#include <algorithm>

#include "core/error.h"
#include "models/generic_vqlm.h"

namespace qmlff {

namespace {

// Collects gates and named parameters while a circuit is being laid out.
struct Layout {
  FragmentModel m;
  int add_param(const std::string& label, double value) {
    m.parameters.push_back(value);
    m.parameter_labels.push_back(label);
    return m.circuit.n_params++;
  }
  void gate(GateRecord g) { m.circuit.gates.push_back(g); }
  void encode(int qubit, int input, int param) {
    GateRecord g = make_gate(GateKind::Su2Encode, qubit);
    set_encoding_args(g, input, param);
    gate(g);
  }
  void refl_encode(int qubit, int ancilla, int input, int param) {
    GateRecord g = make_gate(GateKind::ReflEncode, qubit, ancilla);
    set_encoding_args(g, input, param);
    gate(g);
  }
  void one_arg(GateKind k, int param, int q0, int q1 = -1, int q2 = -1) {
    GateRecord g = make_gate(k, q0, q1, q2);
    g.args[0] = param_arg(param);
    gate(g);
  }
  void symmetry_breaking(int d) {
    const int p = add_param("eps[" + std::to_string(d) + "]", 0.1);
    for (int q = 0; q < m.circuit.n_qubits; ++q) one_arg(GateKind::RZ, p, q);
  }
  void heisenberg_observable(int a, int b, double coeff = 1.0, int zq = -1) {
    for (char p : {'X', 'Y', 'Z'}) {
      PauliTerm t{coeff, {{a, p}, {b, p}}};
      if (zq >= 0) t.ops.push_back({zq, 'Z'});
      m.circuit.observable.push_back(t);
    }
  }
};

std::string jlabel(int d, int b, int k) {
  return "J[d=" + std::to_string(d) + ",b=" + std::to_string(b) + ",k=" + std::to_string(k) + "]";
}

std::vector<std::string> species_or(const BuilderOptions& o, std::vector<std::string> def) {
  if (o.species.empty()) return def;
  QMLFF_REQUIRE(o.species.size() == def.size(),
                "builder: expected " + std::to_string(def.size()) + " species, got " +
                    std::to_string(o.species.size()));
  return o.species;
}

void check_depth(const BuilderOptions& o) {
  QMLFF_REQUIRE(o.depth >= 0 && o.depth <= 1000, "builder: depth D must be in [0, 1000]");
  QMLFF_REQUIRE(o.blocks >= 1 && o.blocks <= 100, "builder: blocks B must be in [1, 100]");
}

// LiH (AB), seed 001 Sec. II.D: x1 = (r_A - r_B)/2, x2 = -x1 on qubits (1,2,3,4) as
// (x1, x2, x1, x2); U_d = prod_b RH12 RH34 RH23; psi0 = S12 S34; O = s1.s2.
// H2O (AB2), Sec. II.E: x_k = r_Hk - r_O; U_d adds RH14 sharing j3; optional SB.
//
// LiH with encoding "bond": the same function through a cheaper circuit. The rest of the
// circuit is SU(2)-invariant, so rotating x1 onto z changes nothing; there x1 = (0, 0, r/2)
// and exp(-i alpha x1.sigma) = RZ(alpha r) (x2 = -x1: RZ(-alpha r)). So the circuit input is
// the internal coordinate |x1| = r/2 and the encodings are diagonal RZ gates of angle
// +-2 alpha |x1| (same parameters, same energy to rounding; E(3)-invariant by construction).
FragmentModel build_4qubit(const BuilderOptions& o, bool triatomic) {
  check_depth(o);
  const bool bond = o.encoding == "bond";
  Layout L;
  FragmentModel& m = L.m;
  m.kind = triatomic ? "sivqlm_ab2" : "sivqlm_ab";
  m.species = triatomic ? species_or(o, {"O", "H", "H"}) : species_or(o, {"Li", "H"});
  m.input_map = triatomic ? std::vector<std::vector<double>>{{-1, 1, 0}, {-1, 0, 1}}
                          : std::vector<std::vector<double>>{{0.5, -0.5}, {-0.5, 0.5}};
  m.circuit.n_qubits = 4;
  m.circuit.n_inputs = 2;
  if (bond) {
    m.input_map.resize(1);
    m.internal = InternalCoords({{InternalCoord::Type::Norm, 0, -1}});
    m.circuit.n_inputs = 1;
  }
  m.circuit.initial.type = InitialState::Type::Singlets;
  m.circuit.initial.pairs = {{0, 1}, {2, 3}};
  const int alpha = L.add_param("alpha", 1.0);
  auto encoding = [&]() {
    for (int q = 0; q < 4; ++q) {
      if (!bond) {
        L.encode(q, q % 2, alpha);
        continue;
      }
      GateRecord g = make_gate(GateKind::RZ, q);
      g.args[0] = param_arg(alpha, q % 2 == 0 ? 2.0 : -2.0);
      g.args[0].feature = Feature::Component;
      g.args[0].input = 0;
      g.args[0].component = 0;
      L.gate(g);
    }
  };
  encoding();
  for (int d = 1; d <= o.depth; ++d) {
    for (int b = 1; b <= o.blocks; ++b) {
      const int j1 = L.add_param(jlabel(d, b, 1), 0.0), j2 = L.add_param(jlabel(d, b, 2), 0.0),
                j3 = L.add_param(jlabel(d, b, 3), 0.0);
      L.one_arg(GateKind::Heisenberg, j1, 0, 1);
      L.one_arg(GateKind::Heisenberg, j2, 2, 3);
      L.one_arg(GateKind::Heisenberg, j3, 1, 2);
      if (triatomic) L.one_arg(GateKind::Heisenberg, j3, 0, 3);
    }
    if (o.symmetry_breaking) L.symmetry_breaking(d);
    encoding();
  }
  L.heisenberg_observable(0, 1);
  m.symmetries = {"translation", "rotation"};
  if (bond) m.symmetries.push_back("inversion");
  if (triatomic) {
    m.symmetries.push_back("permutation:" + m.species[1]);
    m.fragment_cutoff = 4.0;
  } else {
    m.fragment_cutoff = 6.0;
  }
  if (o.symmetry_breaking && !bond) {  // (the bond encoding is body-fixed already)
    // RZ on all qubits is a global rotation about z: use a body frame with z along the
    // permutation-invariant axis x1 + x2 (the H2O bisector direction) or x1 (LiH).
    m.frame = BodyFrame(triatomic ? std::vector<double>{1, 1} : std::vector<double>{1, 0});
  }
  return m;
}

// NH3 (AB3): N at the origin, x_k = r_Hk - r_N encoded on qubits k and k+3; psi0 =
// S03 S14 S25. Each block: the S3-symmetric three-spin exchange on {0,1,2} and on
// {3,4,5} (one gate each: their terms do not commute, so a product of pair gates would
// break S3) and RH(k,k+3) for k = 0..2 (disjoint, commuting). O = sum_{i<j<3} s_i.s_j.
FragmentModel build_ab3(const BuilderOptions& o) {
  check_depth(o);
  Layout L;
  FragmentModel& m = L.m;
  m.kind = "sivqlm_ab3";
  m.species = species_or(o, {"N", "H", "H", "H"});
  m.input_map = {{-1, 1, 0, 0}, {-1, 0, 1, 0}, {-1, 0, 0, 1}};
  m.circuit.n_qubits = 6;
  m.circuit.n_inputs = 3;
  m.circuit.initial.type = InitialState::Type::Singlets;
  m.circuit.initial.pairs = {{0, 3}, {1, 4}, {2, 5}};
  const int alpha = L.add_param("alpha", 1.0);
  auto encoding = [&]() {
    for (int q = 0; q < 6; ++q) L.encode(q, q % 3, alpha);
  };
  encoding();
  for (int d = 1; d <= o.depth; ++d) {
    for (int b = 1; b <= o.blocks; ++b) {
      const int j1 = L.add_param(jlabel(d, b, 1), 0.0), j2 = L.add_param(jlabel(d, b, 2), 0.0),
                j3 = L.add_param(jlabel(d, b, 3), 0.0);
      L.one_arg(GateKind::Heisenberg3, j1, 0, 1, 2);
      L.one_arg(GateKind::Heisenberg3, j2, 3, 4, 5);
      for (int k = 0; k < 3; ++k) L.one_arg(GateKind::Heisenberg, j3, k, k + 3);
    }
    if (o.symmetry_breaking) L.symmetry_breaking(d);
    encoding();
  }
  L.heisenberg_observable(0, 1);
  L.heisenberg_observable(0, 2);
  L.heisenberg_observable(1, 2);
  // A pyramid is not congruent to its mirror image by a rotation, and the SU(2)
  // equivariant circuit is not inversion invariant by itself: average the two images.
  m.inversion_average = true;
  m.symmetries = {"translation", "rotation", "inversion", "permutation:" + m.species[1]};
  m.fragment_cutoff = 4.0;
  if (o.symmetry_breaking) m.frame = BodyFrame({1, 1, 1});
  return m;
}

// Water dimer ((AB2)2), seed 001 Sec. II.F: 7 qubits, x_i = r_i - (r_A1 + r_A2)/2 for
// the six atoms (A1 B1a B1b A2 B2a B2b) on qubits 0..5 with the reflection ancilla 6,
// species-specific scales; U_d = RH(1,2)(j1) RH(4,5)(j1) RH(0,3)(j2) RZ_6(j3), optional
// SB; psi0 = S(1,2) S(4,5) S(3,0) |0>_6; O = (s0.s3) Z6.
FragmentModel build_ab2_dimer(const BuilderOptions& o) {
  check_depth(o);
  Layout L;
  FragmentModel& m = L.m;
  m.kind = "sivqlm_ab2_dimer";
  const auto sp = species_or(o, {"O", "H", "H"});
  m.species = {sp[0], sp[1], sp[2], sp[0], sp[1], sp[2]};
  QMLFF_REQUIRE(o.dimer_inputs == "midpoint" || o.dimer_inputs == "monomer",
                "builder 'sivqlm_ab2_dimer': inputs must be 'midpoint' or 'monomer', got '" + o.dimer_inputs + "'");
  const bool monomer = o.dimer_inputs == "monomer";
  QMLFF_REQUIRE(o.dimer_coupling == "seed" || o.dimer_coupling == "molecule",
                "builder 'sivqlm_ab2_dimer': coupling must be 'seed' or 'molecule', got '" + o.dimer_coupling + "'");
  const bool coupled = o.dimer_coupling == "molecule";
  for (int i = 0; i < 6; ++i) {
    std::vector<double> row(6, 0.0);
    row[i] += 1.0;
    if (monomer && i % 3 != 0) {
      row[i < 3 ? 0 : 3] -= 1.0;  // both molecules alike, so the molecule swap stays a relabelling
    } else {
      row[0] -= 0.5;
      row[3] -= 0.5;
    }
    m.input_map.push_back(row);
  }
  m.circuit.n_qubits = 7;
  m.circuit.n_inputs = 6;
  m.circuit.initial.type = InitialState::Type::Singlets;
  m.circuit.initial.pairs = {{1, 2}, {4, 5}, {3, 0}};
  const int alpha_a = L.add_param("alpha_" + sp[0], 1.0);
  const int alpha_b = L.add_param("alpha_" + sp[1], 1.0);
  auto encoding = [&]() {
    for (int q = 0; q < 6; ++q) L.refl_encode(q, 6, q, (q % 3 == 0) ? alpha_a : alpha_b);
  };
  encoding();
  for (int d = 1; d <= o.depth; ++d) {
    const int j1 = L.add_param(jlabel(d, 1, 1), 0.0), j2 = L.add_param(jlabel(d, 1, 2), 0.0),
              j3 = L.add_param(jlabel(d, 1, 3), 0.0);
    if (coupled) {
      const int j4 = L.add_param(jlabel(d, 1, 4), 0.0);
      L.one_arg(GateKind::Heisenberg3, j4, 0, 1, 2);
      L.one_arg(GateKind::Heisenberg3, j4, 3, 4, 5);
    }
    L.one_arg(GateKind::Heisenberg, j1, 1, 2);
    L.one_arg(GateKind::Heisenberg, j1, 4, 5);
    L.one_arg(GateKind::Heisenberg, j2, 0, 3);
    L.one_arg(GateKind::RZ, j3, 6);
    if (o.symmetry_breaking) L.symmetry_breaking(d);
    encoding();
  }
  L.heisenberg_observable(0, 3, 1.0, 6);
  // Without SB the model is invariant under rotations, inversion (the ancilla's Z6),
  // H permutations and the molecule swap. RZ layers leave only rotations about z; no
  // smooth body frame exists that is also invariant under inversion and the molecule
  // swap (a polar O-O axis flips under the swap), so SB dimer models are marked
  // "rotation:z" and refused in MD unless the user opts in.
  m.symmetries = {"translation", o.symmetry_breaking ? "rotation:z" : "rotation", "inversion",
                  "permutation:" + sp[1], "permutation:molecules"};
  m.fragment_cutoff = 8.0;
  return m;
}

// Graph-embedded model (reconstruction of seed 000 after Skolik et al.): one qubit per
// atom, H on all, then per layer exp(-i gamma_{l,pair type} sum_ij w(r_ij) Z_i Z_j) with
// w(r) = exp(-r/width) and RX_i(beta_{l,species}); O = mean_{i<j} Z_i Z_j. Parameters depend
// only on species, so the model is permutation invariant; only distances enter, so it
// is rotation and translation invariant.
FragmentModel build_graph(const BuilderOptions& o) {
  check_depth(o);
  QMLFF_REQUIRE(o.species.size() >= 2 && o.species.size() <= 16,
                "builder 'graph': give the species of the fragment's atoms (2 to 16)");
  Layout L;
  FragmentModel& m = L.m;
  m.kind = "graph";
  m.species = o.species;
  const int n = static_cast<int>(m.species.size());
  for (int k = 0; k < n; ++k) {
    std::vector<double> row(n, -1.0 / n);
    row[k] += 1.0;
    m.input_map.push_back(row);
  }
  m.circuit.n_qubits = n;
  m.circuit.n_inputs = n;
  m.circuit.initial.type = InitialState::Type::Plus;
  std::vector<std::string> kinds;  // distinct species, in order of appearance
  for (const auto& s : m.species)
    if (std::find(kinds.begin(), kinds.end(), s) == kinds.end()) kinds.push_back(s);
  for (int l = 1; l <= std::max(1, o.depth); ++l) {
    std::map<std::string, int> gamma, beta;
    for (int i = 0; i < n; ++i)
      for (int j = i + 1; j < n; ++j) {
        const std::string a = std::min(m.species[i], m.species[j]), b = std::max(m.species[i], m.species[j]);
        const std::string key = a + "-" + b;
        if (!gamma.count(key)) gamma[key] = L.add_param("gamma[l=" + std::to_string(l) + "," + key + "]", 0.5);
        GateRecord g = make_gate(GateKind::ZZ, i, j);
        ArgSource s = param_arg(gamma[key]);
        s.feature = Feature::Distance;
        s.input = i;
        s.input2 = j;
        s.radial = Radial::Exp;
        s.width = o.radial_width;
        g.args[0] = s;
        L.gate(g);
      }
    for (const auto& s : kinds) beta[s] = L.add_param("beta[l=" + std::to_string(l) + "," + s + "]", 0.5);
    for (int i = 0; i < n; ++i) L.one_arg(GateKind::RX, beta[m.species[i]], i);
  }
  // Readout: the mean of Z_i Z_j over all pairs. (The mean of Z_i would always vanish:
  // |+>^n, the ZZ evolutions and the RX layers all commute with the global flip X^n,
  // which flips the sign of every Z_i.)
  const double n_pairs = n * (n - 1) / 2.0;
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) m.circuit.observable.push_back({1.0 / n_pairs, {{i, 'Z'}, {j, 'Z'}}});
  m.symmetries = {"translation", "rotation", "inversion"};
  for (const auto& s : kinds)
    if (std::count(m.species.begin(), m.species.end(), s) > 1) m.symmetries.push_back("permutation:" + s);
  m.fragment_cutoff = 6.0;
  return m;
}

// Classical baseline: no circuit, the network reads the positions (models/invariant_nn.h).
// Weights start at zero here; the trainer draws them (init.type = lecun).
FragmentModel build_invariant_nn(const BuilderOptions& o) {
  FragmentModel m;
  m.kind = "invariant_nn";
  m.species = o.species;
  m.network = make_invariant_nn(o.species, o.network);
  m.parameters.assign(m.network->n_params(), 0.0);
  m.parameter_labels = m.network->labels();
  m.symmetries = {"translation", "rotation", "inversion"};
  for (const auto& s : m.network->elements)
    if (std::count(m.species.begin(), m.species.end(), s) > 1) m.symmetries.push_back("permutation:" + s);
  m.fragment_cutoff = m.species.size() == 2 ? 6.0 : 4.0;
  return m;
}

}  // namespace

std::vector<std::string> builder_kinds() {
  return {"sivqlm_ab", "sivqlm_ab2", "sivqlm_ab3", "sivqlm_ab2_dimer", "graph", "generic_vqlm", "invariant_nn"};
}

BuilderOptions default_builder_options(const std::string& kind) {
  BuilderOptions o;
  if (kind == "sivqlm_ab") {
    o.depth = 22;
    o.blocks = 1;
  } else if (kind == "sivqlm_ab2") {
    o.depth = 11;
    o.blocks = 2;
    o.symmetry_breaking = true;
  } else if (kind == "sivqlm_ab3") {
    o.depth = 8;
    o.blocks = 2;
  } else if (kind == "sivqlm_ab2_dimer") {
    o.depth = 30;  // the paper also used SB; see build_ab2_dimer for why it is off here
  } else if (kind == "graph") {
    o.depth = 4;
  } else if (kind == "generic_vqlm") {
    o.depth = 13;  // seed 001's LiH generic VQLM (94 weights with scale and offset)
  } else if (kind == "invariant_nn") {
    // Depth and blocks do not apply; the network's sizes are in o.network.
  } else {
    build_model(kind, o);  // throws with the list of kinds
  }
  return o;
}

FragmentModel build_model(const std::string& kind, const BuilderOptions& opt) {
  // Every other kind has only the seed's encoding; refuse rather than ignore the option.
  QMLFF_REQUIRE(opt.encoding == "su2" || (opt.encoding == "bond" && kind == "sivqlm_ab"),
                "builder '" + kind + "': encoding must be 'su2'" + (kind == "sivqlm_ab" ? " or 'bond'" : "") +
                    ", got '" + opt.encoding + "'");
  FragmentModel m;
  if (kind == "sivqlm_ab") {
    m = build_4qubit(opt, false);
  } else if (kind == "sivqlm_ab2") {
    m = build_4qubit(opt, true);
  } else if (kind == "sivqlm_ab3") {
    m = build_ab3(opt);
  } else if (kind == "sivqlm_ab2_dimer") {
    m = build_ab2_dimer(opt);
  } else if (kind == "graph") {
    m = build_graph(opt);
  } else if (kind == "generic_vqlm") {
    m = build_generic_vqlm(opt);
  } else if (kind == "invariant_nn") {
    m = build_invariant_nn(opt);
  } else {
    std::string known;
    for (const auto& k : builder_kinds()) known += (known.empty() ? "" : ", ") + k;
    throw Error("unknown model kind '" + kind + "' (known: " + known + ")");
  }
  m.name = kind;
  // Empty groups of the pair terms mean the kind's default (the two molecules of a dimer).
  const std::vector<int> groups = PairRepulsion::default_groups(kind, m.n_atoms());
  m.repulsion = opt.repulsion;
  if (m.repulsion && m.repulsion->groups.empty()) m.repulsion->groups = groups;
  m.coulomb = opt.coulomb;
  if (m.coulomb && m.coulomb->groups.empty()) m.coulomb->groups = groups;
  m.bonds = opt.bonds;
  m.validate();
  return m;
}

}  // namespace qmlff
