// Each gate equals the matrix exponential of its generator and is unitary; the
// kernels agree with the dense 2^n operator built from Kronecker products.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <random>
#include <unsupported/Eigen/MatrixFunctions>

#include "sim/gates.h"
#include "sim/kernels.h"

using namespace qmlff;
using Mat = Eigen::MatrixXcd;

namespace {

const cplx I1{0.0, 1.0};

Mat pauli(char p) {
  Mat m(2, 2);
  switch (p) {
    case 'X': m << 0, 1, 1, 0; break;
    case 'Y': m << 0, -I1, I1, 0; break;
    case 'Z': m << 1, 0, 0, -1; break;
    default: m = Mat::Identity(2, 2);
  }
  return m;
}

Mat kron(const Mat& a, const Mat& b) {
  Mat r(a.rows() * b.rows(), a.cols() * b.cols());
  for (int i = 0; i < a.rows(); ++i)
    for (int j = 0; j < a.cols(); ++j) r.block(i * b.rows(), j * b.cols(), b.rows(), b.cols()) = a(i, j) * b;
  return r;
}

Mat to_mat(const cplx* u, int d) {
  Mat m(d, d);
  for (int r = 0; r < d; ++r)
    for (int c = 0; c < d; ++c) m(r, c) = u[d * r + c];
  return m;
}

Mat gate(GateKind k, const double* g) {
  cplx u[kMaxGateEntries];
  gate_matrix(k, g, u);
  return to_mat(u, 1 << gate_info(k).n_qubits);
}

void expect_close(const Mat& a, const Mat& b, double tol) {
  ASSERT_EQ(a.rows(), b.rows());
  EXPECT_LE((a - b).cwiseAbs().maxCoeff(), tol) << "A=\n" << a << "\nB=\n" << b;
}

}  // namespace

TEST(Gates, EncodingsEqualMatrixExponential) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> d(-2.0, 2.0);
  for (int trial = 0; trial < 20; ++trial) {
    // include tiny arguments where the series branch is used
    const double scale = trial < 5 ? 1e-3 : 1.0;
    const double g[3] = {scale * d(rng), scale * d(rng), scale * d(rng)};
    Mat gen = g[0] * pauli('X') + g[1] * pauli('Y') + g[2] * pauli('Z');
    Mat ref = (Mat(-I1 * gen)).exp();
    expect_close(gate(GateKind::Su2Encode, g), ref, 1e-13);
    Mat gen2 = kron(gen, pauli('X'));
    expect_close(gate(GateKind::ReflEncode, g), (Mat(-I1 * gen2)).exp(), 1e-13);
  }
}

TEST(Gates, SingleArgumentGatesEqualMatrixExponential) {
  for (double t : {-1.7, -0.3, 0.0, 0.4, 2.9}) {
    const double g[1] = {t};
    Mat heis = kron(pauli('X'), pauli('X')) + kron(pauli('Y'), pauli('Y')) + kron(pauli('Z'), pauli('Z'));
    expect_close(gate(GateKind::Heisenberg, g), Mat(-I1 * t * heis).exp(), 1e-13);
    expect_close(gate(GateKind::RX, g), Mat(-I1 * (t / 2) * pauli('X')).exp(), 1e-13);
    expect_close(gate(GateKind::RY, g), Mat(-I1 * (t / 2) * pauli('Y')).exp(), 1e-13);
    expect_close(gate(GateKind::RZ, g), Mat(-I1 * (t / 2) * pauli('Z')).exp(), 1e-13);
    expect_close(gate(GateKind::ZZ, g), Mat(-I1 * t * kron(pauli('Z'), pauli('Z'))).exp(), 1e-13);
    Mat id = Mat::Identity(2, 2), h3 = Mat::Zero(8, 8);
    for (char p : {'X', 'Y', 'Z'})
      h3 += kron(kron(pauli(p), pauli(p)), id) + kron(kron(pauli(p), id), pauli(p)) +
            kron(kron(id, pauli(p)), pauli(p));
    expect_close(gate(GateKind::Heisenberg3, g), Mat(-I1 * t * h3).exp(), 1e-13);
  }
}

TEST(Gates, ConstantGates) {
  Mat h(2, 2);
  h << 1, 1, 1, -1;
  expect_close(gate(GateKind::H, nullptr), h / std::sqrt(2.0), 1e-15);
  Mat cnot = Mat::Zero(4, 4);
  cnot(0, 0) = cnot(1, 1) = cnot(2, 3) = cnot(3, 2) = 1;
  expect_close(gate(GateKind::CNOT, nullptr), cnot, 0);
  Mat cz = Mat::Identity(4, 4);
  cz(3, 3) = -1;
  expect_close(gate(GateKind::CZ, nullptr), cz, 0);
}

TEST(Gates, AllGatesUnitary) {
  const double g[3] = {0.3, -1.1, 0.7};
  for (int k = 0; k <= static_cast<int>(GateKind::Heisenberg3); ++k) {
    Mat u = gate(static_cast<GateKind>(k), g);
    expect_close(u.adjoint() * u, Mat::Identity(u.rows(), u.cols()), 1e-14);
  }
}

TEST(Gates, UnknownNameIsRejected) {
  EXPECT_EQ(gate_kind_from_name("heisenberg"), GateKind::Heisenberg);
  EXPECT_THROW(gate_kind_from_name("heisenbreg"), std::runtime_error);
}

TEST(Kernels, MatchDenseKroneckerOperators) {
  const int n = 4;
  std::mt19937 rng(7);
  std::normal_distribution<double> nd;
  Eigen::VectorXcd psi(1 << n);
  for (int i = 0; i < psi.size(); ++i) psi(i) = cplx(nd(rng), nd(rng));
  const double g[3] = {0.5, -0.2, 0.9};
  // Full operator for a gate on (q0, q1): qubit q is bit q, i.e. the rightmost Kronecker factor is qubit 0.
  auto embed2 = [&](const Mat& u, int q0, int q1) {
    Mat full = Mat::Zero(1 << n, 1 << n);
    for (int c = 0; c < (1 << n); ++c)
      for (int r = 0; r < (1 << n); ++r) {
        const int rest_mask = ~((1 << q0) | (1 << q1));
        if ((r & rest_mask) != (c & rest_mask)) continue;
        const int lr = 2 * ((r >> q0) & 1) + ((r >> q1) & 1), lc = 2 * ((c >> q0) & 1) + ((c >> q1) & 1);
        full(r, c) = u(lr, lc);
      }
    return full;
  };
  for (auto [q0, q1] : {std::pair{0, 1}, {3, 1}, {2, 0}, {1, 3}}) {
    Mat u = gate(GateKind::ReflEncode, g);
    Eigen::VectorXcd ref = embed2(u, q0, q1) * psi, out = psi;
    // Eigen stores column-major: build a row-major buffer for the kernel instead.
    cplx buf[16];
    for (int r = 0; r < 4; ++r)
      for (int c = 0; c < 4; ++c) buf[4 * r + c] = u(r, c);
    out = psi;
    kernels::apply_2q(out.data(), n, q0, q1, buf);
    EXPECT_LT((out - ref).cwiseAbs().maxCoeff(), 1e-14);
    out = psi;
    kernels::apply_2q_adjoint(out.data(), n, q0, q1, buf);
    EXPECT_LT((out - embed2(u.adjoint(), q0, q1) * psi).cwiseAbs().maxCoeff(), 1e-14);
  }
  {  // three-qubit gate on (q0, q1, q2) = (3, 0, 2)
    const int q[3] = {3, 0, 2};
    const double t[1] = {0.37};
    Mat u = gate(GateKind::Heisenberg3, t);
    cplx buf[64];
    for (int r = 0; r < 8; ++r)
      for (int c = 0; c < 8; ++c) buf[8 * r + c] = u(r, c);
    Mat full = Mat::Zero(1 << n, 1 << n);
    auto local = [&](int i) { return 4 * ((i >> q[0]) & 1) + 2 * ((i >> q[1]) & 1) + ((i >> q[2]) & 1); };
    const int mask = (1 << q[0]) | (1 << q[1]) | (1 << q[2]);
    for (int r = 0; r < (1 << n); ++r)
      for (int c = 0; c < (1 << n); ++c)
        if ((r & ~mask) == (c & ~mask)) full(r, c) = u(local(r), local(c));
    Eigen::VectorXcd out = psi;
    kernels::apply_3q(out.data(), n, q, buf);
    EXPECT_LT((out - full * psi).cwiseAbs().maxCoeff(), 1e-14);
  }
  for (int q = 0; q < n; ++q) {
    Mat u = gate(GateKind::Su2Encode, g);
    cplx buf[4] = {u(0, 0), u(0, 1), u(1, 0), u(1, 1)};
    Eigen::VectorXcd out = psi;
    kernels::apply_1q(out.data(), n, q, buf);
    Mat full = Mat::Identity(1, 1);
    for (int k = n - 1; k >= 0; --k) full = kron(full, k == q ? u : Mat::Identity(2, 2));
    EXPECT_LT((out - full * psi).cwiseAbs().maxCoeff(), 1e-14);
  }
}
