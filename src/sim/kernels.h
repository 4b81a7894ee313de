#pragma once
// Closed-form application of small operators to a state vector.
// Qubit q is bit q of the basis index. For a two-qubit operator on (q0, q1) the local
// basis index is 2*bit(q0) + bit(q1), so kron(A on q0, B on q1) is the natural layout.
#include <cstddef>

#include "sim/types.h"

namespace qmlff::kernels {

// psi <- U psi, U a 2x2 matrix on qubit q.
void apply_1q(cplx* psi, int n_qubits, int q, const cplx* u);
// psi <- U^dagger psi.
void apply_1q_adjoint(cplx* psi, int n_qubits, int q, const cplx* u);
// psi <- U psi, U a 4x4 matrix on (q0, q1).
void apply_2q(cplx* psi, int n_qubits, int q0, int q1, const cplx* u);
void apply_2q_adjoint(cplx* psi, int n_qubits, int q0, int q1, const cplx* u);
// Structured two-qubit operators: a partial swap (d on |00>,|11>; [[a, b], [b, a]] on
// |01>,|10>), as every Heisenberg exchange and its derivatives are, and diagonals.
void apply_partial_swap(cplx* psi, int n_qubits, int q0, int q1, cplx d, cplx a, cplx b);
void apply_diag_1q(cplx* psi, int n_qubits, int q, cplx d0, cplx d1);
void apply_diag_2q(cplx* psi, int n_qubits, int q0, int q1, const cplx* d);
// The entries of the 2-qubit contraction M that a partial swap touches:
// m[0]=M(00,00), m[1]=M(01,01), m[2]=M(01,10), m[3]=M(10,01), m[4]=M(10,10), m[5]=M(11,11).
void contract_partial_swap(const cplx* lam, const cplx* phi, int n_qubits, int q0, int q1, cplx* m);
// psi <- U psi, U an 8x8 matrix on (q0, q1, q2), local index 4*bit(q0) + 2*bit(q1) + bit(q2).
void apply_3q(cplx* psi, int n_qubits, const int* q, const cplx* u);
void apply_3q_adjoint(cplx* psi, int n_qubits, const int* q, const cplx* u);

// M_ab = sum_rest conj(lam_{a,rest}) phi_{b,rest}; then <lam|A|phi> = sum_ab A_ab M_ab.
void contract_1q(const cplx* lam, const cplx* phi, int n_qubits, int q, cplx* m);
void contract_2q(const cplx* lam, const cplx* phi, int n_qubits, int q0, int q1, cplx* m);
// Adds contract(lam, phi) to m.
void contract_1q_add(const cplx* lam, const cplx* phi, int n_qubits, int q, cplx* m);
void contract_2q_add(const cplx* lam, const cplx* phi, int n_qubits, int q0, int q1, cplx* m);
void contract_3q_add(const cplx* lam, const cplx* phi, int n_qubits, const int* q, cplx* m);

// sum_ab A_ab M_ab for a k-qubit operator (dim = 2^k).
cplx trace_product(const cplx* a, const cplx* m, int dim);

cplx inner(const cplx* a, const cplx* b, std::size_t n);  // <a|b>

}  // namespace qmlff::kernels
