#pragma once
// A circuit is data: an initial state, a list of gate records and an observable.
// Each gate argument is computed from a source: a constant, a trainable parameter,
// or a parameter times a feature of the circuit inputs (3-vectors u_k), such as one
// Cartesian component of u_k or a radial function of |u_k - u_l|.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/gates.h"
#include "sim/types.h"

namespace qmlff {

enum class Feature : std::uint8_t {
  One,        // 1
  Component,  // u[input][component]
  Distance,   // f(|u[input] - u[input2]|)
};

enum class Radial : std::uint8_t {
  Identity,  // r
  Inverse,   // 1/r
  Exp,       // exp(-r/width)
  Gaussian,  // exp(-(r/width)^2)
};

// g = coeff * (param >= 0 ? theta[param] : 1) * feature(u)
struct ArgSource {
  double coeff = 1.0;
  int param = -1;
  Feature feature = Feature::One;
  int input = -1;
  int input2 = -1;
  int component = 0;
  Radial radial = Radial::Identity;
  double width = 1.0;

  bool depends_on_inputs() const { return feature != Feature::One; }
};

struct GateRecord {
  GateKind kind = GateKind::H;
  std::array<int, kMaxGateQubits> qubits{-1, -1, -1};
  std::array<ArgSource, 3> args{};
};

// Weighted Pauli string: coeff * prod_k P_k(qubit_k), P in {X, Y, Z}.
struct PauliTerm {
  double coeff = 1.0;
  std::vector<std::pair<int, char>> ops;
};

struct InitialState {
  enum class Type { Zero, Singlets, Plus };
  Type type = Type::Zero;
  // Singlets (|01> - |10>)/sqrt2 on each pair; qubits in no pair start in |0>.
  std::vector<std::array<int, 2>> pairs;
};

// Largest circuit the simulator accepts (2^24 amplitudes, 256 MiB per state).
constexpr int kMaxQubits = 24;

struct Circuit {
  int n_qubits = 0;
  int n_inputs = 0;  // number of input 3-vectors
  int n_params = 0;
  InitialState initial;
  std::vector<GateRecord> gates;
  std::vector<PauliTerm> observable;

  // Throws qmlff::Error naming the gate (by position) and the bad field.
  void validate() const;
};

// Helpers to write gate records compactly (builders and tests).
GateRecord make_gate(GateKind kind, int q0, int q1 = -1, int q2 = -1);
ArgSource param_arg(int param, double coeff = 1.0);
ArgSource const_arg(double value);
// Three args g_c = theta[param] * u[input][c] of an encoding gate.
void set_encoding_args(GateRecord& g, int input, int param);

}  // namespace qmlff
