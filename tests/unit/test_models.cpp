// Fragment models: invariances, force equivariance, forces vs finite differences,
// virial vs strain derivative, and values pinned against an independent dense reference.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>

#include "force_checks.h"
#include "model_test_helpers.h"
#include "core/error.h"
#include "sim/initial_state.h"

using namespace qmlff;
using namespace qmlff::testing;

namespace {

struct Case {
  std::string kind;
  BuilderOptions opt;
  std::string label;
};

BuilderOptions monomer_inputs(BuilderOptions o) {
  o.dimer_inputs = "monomer";
  return o;
}

BuilderOptions bond_encoding(BuilderOptions o) {
  o.encoding = "bond";
  return o;
}

BuilderOptions molecule_coupling(BuilderOptions o) {
  o.dimer_coupling = "molecule";
  return o;
}

// A repulsion strong enough (0.1-1 eV at the test geometries) to dominate if it were wrong.
BuilderOptions with_repulsion(BuilderOptions o, const std::string& a, const std::string& b) {
  PairRepulsion rep;
  rep.terms = {{a, a, 40.0, 0.45}, {a, b, 25.0, 0.4}, {b, b, 10.0, 0.35}};
  o.repulsion = rep;
  return o;
}

// Water-like charges with a short damping length (1-3 eV at the test geometries).
BuilderOptions with_coulomb(BuilderOptions o) {
  PairCoulomb c;
  c.charges = {{"O", -0.8}, {"H", 0.4}};
  c.sigma = 0.6;
  o.coulomb = c;
  return o;
}

// Morse O-H bonds (equal, so the H swap stays a symmetry) and an H-H Urey-Bradley term.
BuilderOptions with_bonds(BuilderOptions o) {
  MorseBonds mb;
  mb.bonds = {{0, 1, 4.5, 2.3, 0.97}, {0, 2, 4.5, 2.3, 0.97}, {1, 2, 0.8, 1.5, 1.52}};
  o.bonds = mb;
  return o;
}

std::vector<Case> all_cases() {
  auto o = [](int d, int b, bool sb) {
    BuilderOptions x;
    x.depth = d;
    x.blocks = b;
    x.symmetry_breaking = sb;
    return x;
  };
  return {{"sivqlm_ab", o(4, 1, false), "LiH"},
          {"sivqlm_ab", o(3, 1, true), "LiH_SB"},
          {"sivqlm_ab", bond_encoding(o(4, 1, false)), "LiHBond"},
          {"sivqlm_ab", bond_encoding(o(3, 1, true)), "LiHBond_SB"},
          {"sivqlm_ab2", o(3, 2, false), "H2O"},
          {"sivqlm_ab2", o(3, 2, true), "H2O_SB"},
          {"sivqlm_ab3", o(3, 2, false), "NH3"},
          {"sivqlm_ab3", o(2, 1, true), "NH3_SB"},
          {"sivqlm_ab2_dimer", o(4, 1, false), "Dimer"},
          {"sivqlm_ab2_dimer", monomer_inputs(o(4, 1, false)), "DimerMonomerInputs"},
          {"sivqlm_ab2_dimer", molecule_coupling(monomer_inputs(o(3, 1, false))), "DimerMoleculeCoupling"},
          {"sivqlm_ab2_dimer", molecule_coupling(o(3, 1, false)), "DimerMoleculeCouplingMidpoint"},
          {"sivqlm_ab2_dimer", with_repulsion(molecule_coupling(monomer_inputs(o(3, 1, false))), "O", "H"),
           "DimerWithRepulsion"},
          {"sivqlm_ab2_dimer", with_coulomb(with_repulsion(molecule_coupling(monomer_inputs(o(3, 1, false))), "O", "H")),
           "DimerWithCoulomb"},
          {"sivqlm_ab2", with_bonds(with_repulsion(o(3, 2, false), "O", "H")), "H2OWithBaseline"},
          {"graph", o(3, 1, false), "GraphNH3"}};
}

double energy(FragmentEvaluator& ev, const std::vector<Vec3>& x) { return ev.energy(x.data()); }

// Permutations (model atom index lists) that the model declares it is invariant under.
std::vector<std::vector<int>> permutations(const std::string& kind) {
  if (kind == "sivqlm_ab2") return {{0, 2, 1}};
  if (kind == "sivqlm_ab3" || kind == "graph") return {{0, 2, 1, 3}, {0, 3, 1, 2}, {0, 2, 3, 1}};
  if (kind == "sivqlm_ab2_dimer") return {{0, 2, 1, 3, 4, 5}, {0, 1, 2, 3, 5, 4}, {3, 4, 5, 0, 1, 2}, {3, 5, 4, 0, 2, 1}};
  return {};
}

}  // namespace

class ModelCase : public ::testing::TestWithParam<Case> {};

TEST_P(ModelCase, InvariantUnderRotationTranslationPermutation) {
  const Case& c = GetParam();
  std::mt19937 rng(11);
  FragmentEvaluator ev(random_model(c.kind, c.opt, rng));
  for (int trial = 0; trial < 5; ++trial) {
    const auto x = sample_geometry(c.kind, rng);
    const double e0 = energy(ev, x);
    const Mat3 R = random_rotation(rng);
    EXPECT_NEAR(energy(ev, rotate(R, x)), e0, 1e-12) << "rotation";
    auto t = x;
    for (auto& v : t) v = {v[0] + 3.7, v[1] - 12.1, v[2] + 0.4};
    EXPECT_NEAR(energy(ev, t), e0, 1e-12) << "translation";
    for (const auto& p : permutations(c.kind)) {
      std::vector<Vec3> y;
      for (int i : p) y.push_back(x[i]);
      EXPECT_NEAR(energy(ev, y), e0, 1e-12) << "permutation";
    }
    if (ev.model().has_symmetry("inversion")) {
      auto y = x;
      for (auto& v : y) v = {-v[0], -v[1], -v[2]};
      EXPECT_NEAR(energy(ev, y), e0, 1e-12) << "inversion";
    }
  }
}

TEST_P(ModelCase, ForcesRotateWithTheMolecule) {
  const Case& c = GetParam();
  std::mt19937 rng(12);
  FragmentEvaluator ev(random_model(c.kind, c.opt, rng));
  const auto x = sample_geometry(c.kind, rng);
  const int n = static_cast<int>(x.size());
  std::vector<Vec3> f(n), fr(n);
  ev.energy_forces(x.data(), f.data());
  const Mat3 R = random_rotation(rng);
  const auto xr = rotate(R, x);
  ev.energy_forces(xr.data(), fr.data());
  for (int a = 0; a < n; ++a) {
    const Vec3 rf = rotate_vec(R, f[a]);
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(fr[a][k], rf[k], 1e-11);
  }
}

TEST_P(ModelCase, ForcesMatchFiniteDifferencesAndSumToZero) {
  const Case& c = GetParam();
  std::mt19937 rng(13);
  FragmentEvaluator ev(random_model(c.kind, c.opt, rng));
  const auto x = sample_geometry(c.kind, rng);
  const int n = static_cast<int>(x.size());
  std::vector<Vec3> f(n);
  ev.energy_forces(x.data(), f.data());
  expect_forces_match_finite_differences(ev, x, f);
}

TEST_P(ModelCase, VirialEqualsStrainDerivative) {
  const Case& c = GetParam();
  std::mt19937 rng(14);
  FragmentEvaluator ev(random_model(c.kind, c.opt, rng));
  auto x = sample_geometry(c.kind, rng);
  for (auto& v : x) v = {v[0] + 5.0, v[1] - 2.0, v[2] + 1.0};  // away from the origin
  std::vector<Vec3> f(x.size());
  Virial6 w;
  ev.energy_forces(x.data(), f.data(), &w);
  // W_ij = -dE/d eps_ij for r -> (1 + eps) r
  const int idx[6][2] = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
  const double h = 1e-6;
  for (int v = 0; v < 6; ++v) {
    auto strained = [&](double e) {
      auto y = x;
      for (auto& r : y) r[idx[v][1]] += 0.0, r[idx[v][0]] += e * r[idx[v][1]];
      return energy(ev, y);
    };
    // d/d eps of E((1+eps e_i e_j^T) r) = sum_a dE/dr_a,i r_a,j = -sum_a F_a,i r_a,j
    const double fd = -(strained(h) - strained(-h)) / (2 * h);
    double ref = 0;
    for (std::size_t a = 0; a < x.size(); ++a) ref += f[a][idx[v][0]] * x[a][idx[v][1]];
    EXPECT_NEAR(fd, ref, 1e-6 * std::max(1.0, std::abs(ref)));
    EXPECT_NEAR(w[v], ref, 1e-10 * std::max(1.0, std::abs(ref)));
  }
}

INSTANTIATE_TEST_SUITE_P(AllKinds, ModelCase, ::testing::ValuesIn(all_cases()),
                         [](const auto& info) { return info.param.label; });

// ---- Pinned values -------------------------------------------------------------------

namespace {

using Mat = Eigen::MatrixXcd;
const cplx I1{0, 1};

Mat pauli(char p) {
  Mat m(2, 2);
  if (p == 'X') m << 0, 1, 1, 0;
  if (p == 'Y') m << 0, -I1, I1, 0;
  if (p == 'Z') m << 1, 0, 0, -1;
  if (p == 'I') m = Mat::Identity(2, 2);
  return m;
}

// Full operator with single-qubit factors: qubit q is bit q (rightmost factor is qubit 0).
Mat op(int n, const std::vector<std::pair<int, Mat>>& factors) {
  Mat full = Mat::Identity(1, 1);
  for (int q = n - 1; q >= 0; --q) {
    Mat f = Mat::Identity(2, 2);
    for (const auto& [qq, m] : factors)
      if (qq == q) f = m;
    Mat k(full.rows() * 2, full.cols() * 2);
    for (int i = 0; i < full.rows(); ++i)
      for (int j = 0; j < full.cols(); ++j) k.block(2 * i, 2 * j, 2, 2) = full(i, j) * f;
    full = k;
  }
  return full;
}

Mat expm_herm(const Mat& H, double t) {  // exp(-i t H) for Hermitian H
  Eigen::SelfAdjointEigenSolver<Mat> es(H);
  Eigen::VectorXcd ph = (-I1 * t * es.eigenvalues().cast<cplx>()).array().exp();
  return es.eigenvectors() * ph.asDiagonal() * es.eigenvectors().adjoint();
}

// Independent dense evaluation of a circuit, gate by gate from the definitions
// (generators as sums of Pauli products), in the documented order.
double dense_value(const Circuit& c, const std::vector<double>& th, const std::vector<Vec3>& u) {
  const int n = c.n_qubits;
  auto psi0 = prepare_initial_state(c.initial, n);
  Eigen::VectorXcd psi = Eigen::Map<Eigen::VectorXcd>(psi0.data(), psi0.size());
  const char P[3] = {'X', 'Y', 'Z'};
  for (const GateRecord& g : c.gates) {
    auto argv = [&](int a) {
      const ArgSource& s = g.args[a];
      double v = s.coeff * (s.param >= 0 ? th[s.param] : 1.0);
      if (s.feature == Feature::Component) v *= u[s.input][s.component];
      return v;
    };
    Mat H = Mat::Zero(1 << n, 1 << n);
    double t = 1.0;
    switch (g.kind) {
      case GateKind::Su2Encode:
        for (int a = 0; a < 3; ++a) H += argv(a) * op(n, {{g.qubits[0], pauli(P[a])}});
        break;
      case GateKind::ReflEncode:
        for (int a = 0; a < 3; ++a) H += argv(a) * op(n, {{g.qubits[0], pauli(P[a])}, {g.qubits[1], pauli('X')}});
        break;
      case GateKind::Heisenberg:
        for (char p : P) H += op(n, {{g.qubits[0], pauli(p)}, {g.qubits[1], pauli(p)}});
        t = argv(0);
        break;
      case GateKind::Heisenberg3:
        for (char p : P)
          H += op(n, {{g.qubits[0], pauli(p)}, {g.qubits[1], pauli(p)}}) +
               op(n, {{g.qubits[0], pauli(p)}, {g.qubits[2], pauli(p)}}) +
               op(n, {{g.qubits[1], pauli(p)}, {g.qubits[2], pauli(p)}});
        t = argv(0);
        break;
      case GateKind::RZ:
        H = 0.5 * op(n, {{g.qubits[0], pauli('Z')}});
        t = argv(0);
        break;
      default:
        ADD_FAILURE() << "dense reference: gate not covered";
    }
    psi = expm_herm(H, t) * psi;
  }
  Mat O = Mat::Zero(1 << n, 1 << n);
  for (const auto& term : c.observable) {
    std::vector<std::pair<int, Mat>> f;
    for (const auto& [q, p] : term.ops) f.push_back({q, pauli(p)});
    O += term.coeff * op(n, f);
  }
  return (psi.adjoint() * O * psi)(0, 0).real();
}

}  // namespace

TEST(PinnedValues, LiHDepthZeroClosedForm) {
  // D = 0: qubits (0,1) hold a singlet rotated by U (x) U^dag with U = exp(-i a x1.sigma),
  // so <s1.s2> = -2 cos(4 a |x1|) - 1 = -2 cos(2 a r) - 1 with r the bond length.
  BuilderOptions o;
  o.depth = 0;
  FragmentModel m = build_model("sivqlm_ab", o);
  m.parameters[0] = 0.83;
  FragmentEvaluator ev(m);
  const std::vector<Vec3> x = {{0.1, -0.3, 0.2}, {0.9, 0.6, -0.4}};
  const double r = std::sqrt(0.8 * 0.8 + 0.9 * 0.9 + 0.6 * 0.6);
  EXPECT_NEAR(ev.energy(x.data()), -2.0 * std::cos(2.0 * 0.83 * r) - 1.0, 1e-14);
}

// The bond encoding is the su2 circuit rotated so the bond lies along z (build_4qubit):
// with the same parameters both must give the same energy and forces, with and without
// the symmetry-breaking layers (whose su2 model uses a body frame along the bond).
TEST(LiHModel, BondEncodingEqualsSu2Encoding) {
  std::mt19937 rng(31);
  for (bool sb : {false, true}) {
    BuilderOptions o;
    o.depth = 5;
    o.symmetry_breaking = sb;
    const FragmentModel su2 = random_model("sivqlm_ab", o, rng);
    o.encoding = "bond";
    FragmentModel bond = build_model("sivqlm_ab", o);
    ASSERT_EQ(bond.parameter_labels, su2.parameter_labels);
    bond.parameters = su2.parameters;
    bond.scale = su2.scale;
    bond.offset = su2.offset;
    EXPECT_EQ(std::count_if(bond.circuit.gates.begin(), bond.circuit.gates.end(),
                            [](const GateRecord& g) { return g.kind == GateKind::Su2Encode; }),
              0);
    FragmentEvaluator a(su2), b(bond);
    for (int trial = 0; trial < 5; ++trial) {
      const auto x = sample_geometry("sivqlm_ab", rng);
      std::vector<Vec3> fa(2), fb(2);
      const double ea = a.energy_forces(x.data(), fa.data()), eb = b.energy_forces(x.data(), fb.data());
      EXPECT_NEAR(ea, eb, 1e-12) << "sb " << sb;
      for (int i = 0; i < 2; ++i)
        for (int c = 0; c < 3; ++c) EXPECT_NEAR(fa[i][c], fb[i][c], 1e-11) << "sb " << sb;
    }
  }
  BuilderOptions bad;
  bad.encoding = "bond";
  EXPECT_THROW(build_model("sivqlm_ab2", bad), Error);
}

TEST(PinnedValues, OneLayerModelsMatchIndependentDenseReference) {
  std::mt19937 rng(21);
  for (const Case& c : all_cases()) {
    if (c.kind == "graph") continue;
    BuilderOptions o = c.opt;
    o.depth = 1;
    FragmentModel m = random_model(c.kind, o, rng);
    m.scale = 1.0;
    m.offset = 0.0;
    m.frame.reset();  // compare the bare circuit
    const auto rep = m.repulsion;
    const auto coulomb = m.coulomb;
    const auto bonds = m.bonds;
    m.repulsion.reset();
    m.coulomb.reset();
    m.bonds.reset();
    FragmentEvaluator ev(m);
    const auto x = sample_geometry(c.kind, rng);
    const auto& u = ev.inputs(x.data());
    const double dense = dense_value(m.circuit, m.parameters, u);
    EXPECT_NEAR(ev.energy(x.data()), dense, 1e-12) << c.label;
    if (rep || coulomb || bonds) {  // with the baseline: the same circuit value plus the (independently tested) terms
      m.repulsion = rep;
      m.coulomb = coulomb;
      m.bonds = bonds;
      FragmentEvaluator with(m);
      EXPECT_NEAR(with.energy(x.data()), dense + m.baseline(x.data(), nullptr), 1e-12) << c.label;
    }
  }
}

TEST(PinnedValues, DimerDetectsGlobalExchangeSignFlip) {
  // For LiH and H2O flipping all J leaves E unchanged (so sign errors hide there);
  // the dimer's RZ on the ancilla breaks that, so its value pins the sign convention.
  std::mt19937 rng(5);
  BuilderOptions o;
  o.depth = 2;
  FragmentModel m = random_model("sivqlm_ab2_dimer", o, rng);
  FragmentEvaluator ev(m);
  const auto x = sample_geometry("sivqlm_ab2_dimer", rng);
  FragmentModel flipped = m;  // flip the exchanges (k=1,2), not the ancilla rotation (k=3)
  for (std::size_t i = 0; i < m.parameters.size(); ++i)
    if (m.parameter_labels[i][0] == 'J' && m.parameter_labels[i].find("k=3") == std::string::npos)
      flipped.parameters[i] = -flipped.parameters[i];
  FragmentEvaluator ev2(flipped);
  EXPECT_GT(std::abs(ev.energy(x.data()) - ev2.energy(x.data())), 1e-4);
  // and the H2O model really is invariant under the global flip
  FragmentModel w = random_model("sivqlm_ab2", o, rng);
  FragmentModel wf = w;
  for (std::size_t i = 0; i < w.parameters.size(); ++i)
    if (w.parameter_labels[i][0] == 'J') wf.parameters[i] = -wf.parameters[i];
  const auto y = sample_geometry("sivqlm_ab2", rng);
  FragmentEvaluator e1(w), e2(wf);
  EXPECT_NEAR(e1.energy(y.data()), e2.energy(y.data()), 1e-12);
}

TEST(GraphModel, EnergyDependsOnTheGeometry) {
  // Guards against readouts that a symmetry of the circuit forces to a constant.
  std::mt19937 rng(8);
  BuilderOptions o;
  o.depth = 3;
  FragmentEvaluator ev(random_model("graph", o, rng));
  const auto x = sample_geometry("graph", rng);
  std::vector<Vec3> f(x.size());
  ev.energy_forces(x.data(), f.data());
  double fmax = 0;
  for (const auto& v : f)
    for (double c : v) fmax = std::max(fmax, std::abs(c));
  EXPECT_GT(fmax, 1e-3);
  auto y = x;
  y[1][0] += 0.2;
  EXPECT_GT(std::abs(ev.energy(y.data()) - ev.energy(x.data())), 1e-4);
}

// The seed's dimer circuit has exchange only inside {H1a,H1b}, {H2a,H2b} and {O1,O2}; these
// meet only through the reflection ancilla, so each subsystem contributes rotation
// invariants of its own vectors. With monomer inputs the energy is then blind to a rigid
// rotation of one molecule about its O (and with midpoint inputs to a rotation about the
// O-O axis). model.coupling = molecule adds exchange inside each {O,H,H} and must see it.
TEST(DimerModel, MoleculeCouplingSeesTheRelativeOrientation) {
  std::mt19937 rng(21);
  const auto x = sample_geometry("sivqlm_ab2_dimer", rng);
  const Mat3 R = random_rotation(rng);
  auto y = x;  // molecule 2 (atoms 3..5) rotated rigidly about its O
  for (int a = 4; a < 6; ++a) {
    const Vec3 d = rotate_vec(R, {x[a][0] - x[3][0], x[a][1] - x[3][1], x[a][2] - x[3][2]});
    for (int c = 0; c < 3; ++c) y[a][c] = x[3][c] + d[c];
  }
  BuilderOptions o;
  o.depth = 3;
  o.dimer_inputs = "monomer";
  FragmentEvaluator seed(random_model("sivqlm_ab2_dimer", o, rng));
  EXPECT_NEAR(seed.energy(x.data()), seed.energy(y.data()), 1e-12);
  o.dimer_coupling = "molecule";
  FragmentEvaluator coupled(random_model("sivqlm_ab2_dimer", o, rng));
  EXPECT_GT(std::abs(coupled.energy(x.data()) - coupled.energy(y.data())), 1e-4);
}

TEST(PinnedValues, ParameterCountsMatchThePaper) {
  auto count = [](const std::string& k, int d, int b, bool sb) {
    BuilderOptions o;
    o.depth = d;
    o.blocks = b;
    o.symmetry_breaking = sb;
    return build_model(k, o).circuit.n_params;
  };
  EXPECT_EQ(count("sivqlm_ab", 22, 1, false), 67);
  EXPECT_EQ(count("sivqlm_ab2", 11, 2, false), 67);
  EXPECT_EQ(count("sivqlm_ab2", 11, 2, true), 78);
  EXPECT_EQ(count("sivqlm_ab2_dimer", 30, 1, true), 122);
  BuilderOptions c;
  c.depth = 30;
  c.dimer_coupling = "molecule";
  EXPECT_EQ(build_model("sivqlm_ab2_dimer", c).circuit.n_params, 122);  // 2 + 4 D
}
