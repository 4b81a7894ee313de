#include "sim/gates.h"

#include <cmath>
#include <utility>

#include "core/error.h"

namespace qmlff {

namespace {

const GateInfo kInfo[] = {
    {"su2_encode", 1, 3}, {"refl_encode", 2, 3}, {"heisenberg", 2, 1}, {"rx", 1, 1},
    {"ry", 1, 1},         {"rz", 1, 1},          {"zz", 2, 1},         {"h", 1, 0},
    {"cnot", 2, 0},       {"cz", 2, 0},          {"heisenberg3", 3, 1},
};

const cplx I1{0.0, 1.0};

// Pauli matrices X, Y, Z (row-major 2x2).
const cplx kPauli[3][4] = {
    {0.0, 1.0, 1.0, 0.0},
    {0.0, -I1, I1, 0.0},
    {1.0, 0.0, 0.0, -1.0},
};

int dim_of(GateKind k) { return 1 << gate_info(k).n_qubits; }

void zero(cplx* m, int n) {
  for (int i = 0; i < n; ++i) m[i] = 0.0;
}

void matmul(const cplx* a, const cplx* b, cplx* c, int d) {
  for (int r = 0; r < d; ++r)
    for (int col = 0; col < d; ++col) {
      cplx s{};
      for (int k = 0; k < d; ++k) s += a[d * r + k] * b[d * k + col];
      c[d * r + col] = s;
    }
}

// Generator K_a of the encoding gates: sigma_a, or sigma_a (x) X_anc for the reflection form.
void encode_generator(GateKind k, int a, cplx* out) {
  if (k == GateKind::Su2Encode) {
    for (int i = 0; i < 4; ++i) out[i] = kPauli[a][i];
    return;
  }
  zero(out, 16);
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 2; ++c)
      for (int rr = 0; rr < 2; ++rr)  // X on the ancilla: off-diagonal ones
        out[4 * (2 * r + rr) + (2 * c + (1 - rr))] = kPauli[a][2 * r + c];
}

// For s = |g|^2: C = cos(sqrt s), S = sin(sqrt s)/sqrt s and the derivatives S', S''
// with respect to s; a Taylor series near s = 0 keeps them exact to rounding.
struct EncodeCoefs {
  double C, S, S1, S2;
};

EncodeCoefs encode_coefs(double s) {
  EncodeCoefs e{};
  if (s < 0.1) {
    // Taylor series in s, Horner form: S = sum_k (-s)^k/(2k+1)!, C = sum_k (-s)^k/(2k)!,
    // S' and S'' term by term; 9 terms leave a remainder below 1e-17 for s < 0.1.
    constexpr int K = 9;
    double S = 0, S1 = 0, S2 = 0, C = 0;
    for (int k = K; k >= 0; --k) {
      double f_odd = 1.0, f_even = 1.0;  // (2k+1)!, (2k)!
      for (int i = 2; i <= 2 * k + 1; ++i) {
        f_odd *= i;
        if (i <= 2 * k) f_even *= i;
      }
      const double sign = (k % 2 == 0) ? 1.0 : -1.0;
      S = S * s + sign / f_odd;
      C = C * s + sign / f_even;
      if (k >= 1) S1 = S1 * s + sign * k / f_odd;
      if (k >= 2) S2 = S2 * s + sign * k * (k - 1) / f_odd;
    }
    e = {C, S, S1, S2};
  } else {
    const double r = std::sqrt(s);
    e.C = std::cos(r);
    e.S = std::sin(r) / r;
    e.S1 = (e.C - e.S) / (2.0 * s);
    e.S2 = (-0.5 * e.S - 3.0 * e.S1) / (2.0 * s);
  }
  return e;
}

// g.sigma as a row-major 2x2 matrix.
inline void pauli_dot(const double* g, cplx* m) {
  m[0] = g[2];
  m[1] = cplx(g[0], -g[1]);
  m[2] = cplx(g[0], g[1]);
  m[3] = -g[2];
}

// Fast paths for the single-qubit encoding (the hot gate of the 4- and 6-qubit models).
void su2_encode_matrix(const double* g, cplx* u) {
  const EncodeCoefs e = encode_coefs(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
  cplx gs[4];
  pauli_dot(g, gs);
  for (int i = 0; i < 4; ++i) u[i] = -I1 * e.S * gs[i];
  u[0] += e.C;
  u[3] += e.C;
}

void su2_encode_d1(const double* g, cplx* du) {
  const EncodeCoefs e = encode_coefs(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
  cplx gs[4];
  pauli_dot(g, gs);
  for (int a = 0; a < 3; ++a) {
    cplx* out = du + kMaxGateEntries * a;
    for (int i = 0; i < 4; ++i) out[i] = -I1 * (2.0 * g[a] * e.S1 * gs[i] + e.S * kPauli[a][i]);
    out[0] += -g[a] * e.S;
    out[3] += -g[a] * e.S;
  }
}

// U = C I - i S (g.K)
void encode_matrix(GateKind k, const double* g, cplx* u) {
  if (k == GateKind::Su2Encode) return su2_encode_matrix(g, u);
  const int d = dim_of(k), n = d * d;
  const EncodeCoefs e = encode_coefs(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
  cplx K[16];
  zero(u, n);
  for (int i = 0; i < d; ++i) u[i * d + i] = e.C;
  for (int a = 0; a < 3; ++a) {
    encode_generator(k, a, K);
    for (int i = 0; i < n; ++i) u[i] += -I1 * e.S * g[a] * K[i];
  }
}

void encode_d1(GateKind k, const double* g, cplx* du) {
  if (k == GateKind::Su2Encode) return su2_encode_d1(g, du);
  const int d = dim_of(k), n = d * d;
  const EncodeCoefs e = encode_coefs(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
  cplx K[3][16], gK[16];
  zero(gK, n);
  for (int a = 0; a < 3; ++a) {
    encode_generator(k, a, K[a]);
    for (int i = 0; i < n; ++i) gK[i] += g[a] * K[a][i];
  }
  // dU/dg_a = -g_a S I - i [2 g_a S' (g.K) + S K_a]
  for (int a = 0; a < 3; ++a) {
    cplx* out = du + kMaxGateEntries * a;
    for (int i = 0; i < n; ++i) out[i] = -I1 * (2.0 * g[a] * e.S1 * gK[i] + e.S * K[a][i]);
    for (int i = 0; i < d; ++i) out[i * d + i] += -g[a] * e.S;
  }
}

void encode_d2_dir(GateKind k, const double* g, const double* gd, cplx* out_all) {
  const int d = dim_of(k), n = d * d;
  const EncodeCoefs e = encode_coefs(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
  cplx K[3][16], gK[16], dK[16];
  zero(gK, n);
  zero(dK, n);
  double gdot = 0.0;
  for (int a = 0; a < 3; ++a) {
    encode_generator(k, a, K[a]);
    gdot += g[a] * gd[a];
    for (int i = 0; i < n; ++i) {
      gK[i] += g[a] * K[a][i];
      dK[i] += gd[a] * K[a][i];
    }
  }
  // sum_b d2U/dg_a dg_b gd_b = -(gd_a S + 2 g_a (g.gd) S') I
  //   - i [2 gd_a S' (g.K) + 4 g_a (g.gd) S'' (g.K) + 2 g_a S' (gd.K) + 2 (g.gd) S' K_a]
  for (int a = 0; a < 3; ++a) {
    cplx* out = out_all + kMaxGateEntries * a;
    const double cg = 2.0 * gd[a] * e.S1 + 4.0 * g[a] * gdot * e.S2;
    for (int i = 0; i < n; ++i)
      out[i] = -I1 * (cg * gK[i] + 2.0 * g[a] * e.S1 * dK[i] + 2.0 * gdot * e.S1 * K[a][i]);
    for (int i = 0; i < d; ++i) out[i * d + i] += -(gd[a] * e.S + 2.0 * g[a] * gdot * e.S1);
  }
}

// Single-argument gates U = exp(-i t G): G (the "generator" times its angle factor).
void single_generator(GateKind k, cplx* G) {
  switch (k) {
    case GateKind::RX:
    case GateKind::RY:
    case GateKind::RZ: {
      const int p = k == GateKind::RX ? 0 : (k == GateKind::RY ? 1 : 2);
      for (int i = 0; i < 4; ++i) G[i] = 0.5 * kPauli[p][i];
      return;
    }
    case GateKind::ZZ:
      zero(G, 16);
      G[0] = 1.0;
      G[5] = -1.0;
      G[10] = -1.0;
      G[15] = 1.0;
      return;
    case GateKind::Heisenberg3: {  // sum over the three pairs of 2 SWAP_ij - I
      zero(G, 64);
      for (int c = 0; c < 8; ++c) {
        G[8 * c + c] -= 3.0;
        const int bits[3] = {(c >> 2) & 1, (c >> 1) & 1, c & 1};
        for (int i = 0; i < 3; ++i)
          for (int j = i + 1; j < 3; ++j) {
            int b[3] = {bits[0], bits[1], bits[2]};
            std::swap(b[i], b[j]);
            G[8 * (4 * b[0] + 2 * b[1] + b[2]) + c] += 2.0;
          }
      }
      return;
    }
    case GateKind::Heisenberg:  // sigma.sigma = 2 SWAP - I
      zero(G, 16);
      G[0] = 1.0;
      G[5] = -1.0;
      G[6] = 2.0;
      G[9] = 2.0;
      G[10] = -1.0;
      G[15] = 1.0;
      return;
    default:
      throw Error("internal: gate has no single generator");
  }
}

void single_matrix(GateKind k, double t, cplx* u) {
  switch (k) {
    case GateKind::RX:
    case GateKind::RY:
    case GateKind::RZ:
    case GateKind::ZZ: {  // G^2 = c^2 I with c = 1/2 or 1
      const double c = k == GateKind::ZZ ? 1.0 : 0.5;
      const int d = dim_of(k);
      cplx G[16];
      single_generator(k, G);
      for (int i = 0; i < d * d; ++i) u[i] = -I1 * std::sin(c * t) / c * G[i];
      for (int i = 0; i < d; ++i) u[i * d + i] += std::cos(c * t);
      return;
    }
    case GateKind::Heisenberg3: {  // G has eigenvalues +-3, so U = cos 3J I - i sin 3J G/3
      cplx G[64];
      single_generator(k, G);
      for (int i = 0; i < 64; ++i) u[i] = -I1 * (std::sin(3.0 * t) / 3.0) * G[i];
      for (int i = 0; i < 8; ++i) u[9 * i] += std::cos(3.0 * t);
      return;
    }
    case GateKind::Heisenberg: {  // e^{iJ} (cos 2J I - i sin 2J SWAP)
      const cplx ph = std::exp(I1 * t);
      const cplx a = ph * std::cos(2.0 * t), b = -I1 * ph * std::sin(2.0 * t);
      zero(u, 16);
      u[0] = a + b;
      u[15] = a + b;
      u[5] = a;
      u[10] = a;
      u[6] = b;
      u[9] = b;
      return;
    }
    default:
      throw Error("internal: not a single-argument gate");
  }
}

void constant_matrix(GateKind k, cplx* u) {
  const double r = 1.0 / std::sqrt(2.0);
  switch (k) {
    case GateKind::H:
      u[0] = r;
      u[1] = r;
      u[2] = r;
      u[3] = -r;
      return;
    case GateKind::CNOT:  // |b0 b1> -> |b0, b1 xor b0>
      zero(u, 16);
      u[0] = 1.0;
      u[5] = 1.0;
      u[11] = 1.0;
      u[14] = 1.0;
      return;
    case GateKind::CZ:
      zero(u, 16);
      u[0] = 1.0;
      u[5] = 1.0;
      u[10] = 1.0;
      u[15] = -1.0;
      return;
    default:
      throw Error("internal: not a constant gate");
  }
}

}  // namespace

const GateInfo& gate_info(GateKind kind) { return kInfo[static_cast<int>(kind)]; }

GateKind gate_kind_from_name(const std::string& name) {
  std::string known;
  for (int i = 0; i < static_cast<int>(sizeof(kInfo) / sizeof(kInfo[0])); ++i) {
    if (name == kInfo[i].name) return static_cast<GateKind>(i);
    known += (i ? ", " : "") + std::string(kInfo[i].name);
  }
  throw Error("unknown gate type '" + name + "' (known: " + known + ")");
}

void gate_matrix(GateKind kind, const double* args, cplx* u) {
  switch (gate_info(kind).n_args) {
    case 3:
      encode_matrix(kind, args, u);
      return;
    case 1:
      single_matrix(kind, args[0], u);
      return;
    default:
      constant_matrix(kind, u);
  }
}

void gate_matrix_d1(GateKind kind, const double* args, cplx* du) {
  switch (gate_info(kind).n_args) {
    case 3:
      encode_d1(kind, args, du);
      return;
    case 1: {  // dU/dt = -i G U
      const int d = dim_of(kind);
      cplx G[64], U[64];
      single_generator(kind, G);
      single_matrix(kind, args[0], U);
      matmul(G, U, du, d);
      for (int i = 0; i < d * d; ++i) du[i] *= -I1;
      return;
    }
    default:
      return;
  }
}

void gate_matrix_d2_dir(GateKind kind, const double* args, const double* dir, cplx* out) {
  switch (gate_info(kind).n_args) {
    case 3:
      encode_d2_dir(kind, args, dir, out);
      return;
    case 1: {  // d2U/dt2 = -G^2 U
      const int d = dim_of(kind);
      cplx G[64], U[64], GU[64];
      single_generator(kind, G);
      single_matrix(kind, args[0], U);
      matmul(G, U, GU, d);
      matmul(G, GU, out, d);
      for (int i = 0; i < d * d; ++i) out[i] *= -dir[0];
      return;
    }
    default:
      return;
  }
}

}  // namespace qmlff
