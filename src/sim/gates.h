#pragma once
// The gate set of the simulator, each as a closed-form function of its arguments.
// Every gate acts on one or two qubits; its matrix and the first and second
// derivatives of the matrix with respect to its (at most three) real arguments are
// built here, so the evaluator never needs a dense 2^n operator or finite differences.
#include <cstdint>
#include <string>

#include "sim/types.h"

namespace qmlff {

enum class GateKind : std::uint8_t {
  Su2Encode,   // exp(-i g.sigma_q), g in R^3                      (1 qubit, 3 args)
  ReflEncode,  // exp(-i (g.sigma_q) X_anc), qubits (q, anc)       (2 qubits, 3 args)
  Heisenberg,  // exp(-i J sigma_q0.sigma_q1): a partial swap      (2 qubits, 1 arg)
  RX,          // exp(-i phi/2 X)                                  (1 qubit, 1 arg)
  RY,          // exp(-i phi/2 Y)
  RZ,          // exp(-i phi/2 Z)
  ZZ,          // exp(-i g Z_q0 Z_q1)                              (2 qubits, 1 arg)
  H,           // Hadamard                                         (1 qubit, 0 args)
  CNOT,        // control q0, target q1                            (2 qubits, 0 args)
  CZ,          //                                                  (2 qubits, 0 args)
  Heisenberg3, // exp(-i J (s0.s1 + s0.s2 + s1.s2)): S3-symmetric   (3 qubits, 1 arg)
};

struct GateInfo {
  const char* name;
  int n_qubits;
  int n_args;
};

const GateInfo& gate_info(GateKind kind);
// Throws qmlff::Error listing the known names when `name` is not one of them.
GateKind gate_kind_from_name(const std::string& name);

// Matrices are row-major, dimension 2^n_qubits; per-argument blocks are kMaxGateEntries apart.
void gate_matrix(GateKind kind, const double* args, cplx* u);
// du[kMaxGateEntries*a + ...] = dU/d(args[a]).
void gate_matrix_d1(GateKind kind, const double* args, cplx* du);
// out[kMaxGateEntries*a + ...] = sum_b d2U/d(args[a])d(args[b]) * dir[b].
void gate_matrix_d2_dir(GateKind kind, const double* args, const double* dir, cplx* out);

}  // namespace qmlff
