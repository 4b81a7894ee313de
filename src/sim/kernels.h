#pragma once
// Closed-form application of small operators to a state vector.
// Qubit q is bit q of the basis index. For a two-qubit operator on (q0, q1) the local
// basis index is 2*bit(q0) + bit(q1), so kron(A on q0, B on q1) is the natural layout.
#include <complex>
#include <cstddef>

#include "sim/types.h"

namespace qmlff::kernels {

// psi <- U psi, U a 2x2 matrix on qubit q.
void apply_1q(cplx* psi, int n_qubits, int q, const cplx* u);
// psi <- U^dagger psi.
void apply_1q_adjoint(cplx* psi, int n_qubits, int q, const cplx* u);
// out = U^dagger for a 2x2 matrix u (row-major).
inline void adjoint_1q(const cplx* u, cplx* out) {
  out[0] = std::conj(u[0]);
  out[1] = std::conj(u[2]);
  out[2] = std::conj(u[1]);
  out[3] = std::conj(u[3]);
}
// Tangent pair of a moving one-qubit gate: psid <- U psid + Ud psi, psi <- U psi in one
// pass (Ud = dU along the input direction).
void apply_1q_tangent(cplx* psi, cplx* psid, int n_qubits, int q, const cplx* u, const cplx* ud);
// psi <- U psi, U a 4x4 matrix on (q0, q1).
void apply_2q(cplx* psi, int n_qubits, int q0, int q1, const cplx* u);
void apply_2q_adjoint(cplx* psi, int n_qubits, int q0, int q1, const cplx* u);
// Structured two-qubit operators: a partial swap (d on |00>,|11>; [[a, b], [b, a]] on
// |01>,|10>), as every Heisenberg exchange and its derivatives are, and diagonals.
void apply_partial_swap(cplx* psi, int n_qubits, int q0, int q1, cplx d, cplx a, cplx b);
void apply_diag_1q(cplx* psi, int n_qubits, int q, cplx d0, cplx d1);
void apply_diag_2q(cplx* psi, int n_qubits, int q0, int q1, const cplx* d);
// Backward step of RZ(t) = exp(-i t Z/2) in generator form, as exchange_step: dE/dt =
// Im <lam_k-1|Z|phi_k-1>. First lam <- diag(d) lam with d = U^dag's diagonal (null: lam
// is already lam_k-1), then m[0] += <lam|Z|phi>; the tangent form also moves lamd and
// adds <lam|Z|phid> + <lamd|Z|phi> to md[0].
void rz_step(cplx* lam, const cplx* phi, int n_qubits, int q, const cplx* d, cplx* m);
void rz_step_tangent(cplx* lam, cplx* lamd, const cplx* phi, const cplx* phid, int n_qubits, int q, const cplx* d,
                     cplx* m, cplx* md);
// The diagonal entries m[0], m[5], m[10], m[15] of contract_2q_add (all a diagonal
// two-qubit gate's derivatives need), added to m.
void contract_diag_2q_add(const cplx* lam, const cplx* phi, int n_qubits, int q0, int q1, cplx* m);
// Backward step of a Heisenberg exchange in generator form. U = exp(-i J (2 SWAP - I)) is
// a symmetric partial swap; dU/dJ = -i (2 SWAP - I) U with SWAP commuting with U, so
// dE/dJ = 2 Re <lam_k|dU/dJ|phi_k-1> = 4 Im <lam_k-1|SWAP|phi_k-1> (<lam_k-1|phi_k-1> = E
// is real): one sum instead of a contraction. First lam <- U^dag lam, with dab = (d, a, b)
// of U^dag as apply_partial_swap (null: lam is already lam_k-1), then m[0] += <lam|SWAP|phi>.
// The tangent form also undoes U on lamd and adds <lam|SWAP|phid> + <lamd|SWAP|phi> to md[0].
void exchange_step(cplx* lam, const cplx* phi, int n_qubits, int q0, int q1, const cplx* dab, cplx* m);
void exchange_step_tangent(cplx* lam, cplx* lamd, const cplx* phi, const cplx* phid, int n_qubits, int q0, int q1,
                           const cplx* dab, cplx* m, cplx* md);
// Tangent variants (mixed derivatives): as the plain ones into m, and in the same pass
// md += contraction(lam, phid) + contraction(lamd, phi).
void contract_1q_tangent_add(const cplx* lam, const cplx* lamd, const cplx* phi, const cplx* phid, int n_qubits,
                             int q, cplx* m, cplx* md);
// One backward step of a one-qubit gate in one pass over lam: contract_1q_add, then
// lam <- v lam (v = U^dag). The tangent form (two passes): contract_1q_tangent_add, then
// lamd <- v lamd + vd lam (vd = U'^dag, or null for a gate that does not move) and lam <- v lam.
void contract_apply_1q(cplx* lam, const cplx* phi, int n_qubits, int q, const cplx* v, cplx* m);
void contract_apply_1q_tangent(cplx* lam, cplx* lamd, const cplx* phi, const cplx* phid, int n_qubits, int q,
                               const cplx* v, const cplx* vd, cplx* m, cplx* md);
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

// S3-symmetric exchange on (q[0], q[1], q[2]): U = alpha I + beta (P01 + P02 + P12), the
// form of exp(-i J (s0.s1 + s0.s2 + s1.s2)) and of its derivatives (kernels_exchange3.cpp).
void apply_exchange3(cplx* psi, int n_qubits, const int* q, cplx alpha, cplx beta);
// Adds m[0] = <lam|phi> and m[1] = <lam| P01 + P02 + P12 |phi>; then
// <lam|alpha I + beta sum P|phi> = alpha m[0] + beta m[1].
void contract_exchange3_add(const cplx* lam, const cplx* phi, int n_qubits, const int* q, cplx* m);
// alpha and beta of a dense 8x8 matrix of that form (local index as apply_3q).
void exchange3_parts(const cplx* u, cplx& alpha, cplx& beta);

// Reflection-encoding form U = c I + A (x) X_anc on (q, anc), A a 2x2 matrix on q. Every
// refl_encode matrix and derivative has this form; in the ancilla's X basis it is the
// block diagonal (c + A, c - A), which halves the work of a dense 4x4.
void apply_refl(cplx* psi, int n_qubits, int q, int anc, cplx c, const cplx* a);
// Tangent pair: psid <- U psid + U' psi, psi <- U psi in one pass, U' = cd I + ad (x) X.
// Returns false, doing nothing, when anc is qubit 0 (the caller takes three steps).
bool apply_refl_tangent(cplx* psi, cplx* psid, int n_qubits, int q, int anc, cplx c, const cplx* a, cplx cd,
                        const cplx* ad);
// Adds the 2x2 contractions of the ancilla sums (m[0..3]) and differences (m[4..7]):
// with s = v(q,0) + v(q,1), d = v(q,0) - v(q,1), m[2i+j] += sum_rest conj(s_lam_i) s_phi_j.
// Then <lam|c I + A (x) X|phi> = 1/2 sum_ij [(c d_ij + A_ij) m_ij + (c d_ij - A_ij) m_4+ij].
void contract_refl_add(const cplx* lam, const cplx* phi, int n_qubits, int q, int anc, cplx* m);
// The same contraction moved back across the gate U = c I + A (x) X: from m_after, taken of
// lam_k and phi_k = U phi_k-1, adds that of lam_k and phi_k-1 to m. Since
// <lam_k|G|phi_k-1> = <lam_k|G U^dag|phi_k>, each block is M <- M' conj(c +- A).
void refl_contraction_before_add(const cplx* m_after, cplx c, const cplx* a, cplx* m);
// psi <- W psi for a dense operator on all dim amplitudes, W given column by column as
// ab = [A_0 B_0 A_1 B_1 ...] with A_c = W[:, c] and B_c = i W[:, c] as interleaved doubles
// (2 dim each): W psi = sum_c A_c Re psi_c + B_c Im psi_c, plain FMAs that vectorise.
// dim <= kMaxDenseDim.
constexpr int kMaxDenseDim = 16;
void apply_dense_ab(cplx* psi, int dim, const double* ab);
// psi_i <- d_i psi_i (or conj(d_i) psi_i) for a full-state diagonal d.
void apply_diag(cplx* psi, std::size_t dim, const cplx* d, bool conjugate);
// psi <- W psi for W block diagonal after ordering the basis by `order`: block b holds
// the indices order[start[b] .. start[b+1]) and its matrix follows the previous blocks'
// in w, column-major with block_stride(m) rows and columns (odd blocks padded with zeros
// so that every block is a whole number of two-row registers). m <= kMaxBlockDim.
constexpr int kMaxBlockDim = 20;  // C(6, 3): weight blocks of up to 6 qubits
constexpr int block_stride(int m) { return m == 1 ? 1 : m + (m & 1); }
void apply_blocks(cplx* psi, const int* order, const int* start, int n_blocks, const cplx* w);
// The same W applied to two states in one pass over w.
void apply_blocks2(cplx* psi_a, cplx* psi_b, const int* order, const int* start, int n_blocks, const cplx* w);
// v_i = conj(lam_i) d_i phi_i for a full-state diagonal d (null: the identity); with lamd
// and phid also vd_i = conj(lamd_i) d_i phi_i + conj(lam_i) d_i phid_i. A diagonal run's
// generator-form sums are real-weighted sums of v (see rz_step, real_weighted_sum).
void diagonal_products(const cplx* lam, const cplx* phi, const cplx* d, std::size_t dim, cplx* v,
                       const cplx* lamd = nullptr, const cplx* phid = nullptr, cplx* vd = nullptr);
// sum_i w_i v_i for a real weight vector w.
cplx real_weighted_sum(const cplx* v, const double* w, std::size_t dim);
// ab layout of a row-major dim x dim matrix w (or of its adjoint).
void dense_to_ab(const cplx* w, int dim, bool adjoint, double* ab);

// sum_ab A_ab M_ab for a k-qubit operator (dim = 2^k).
cplx trace_product(const cplx* a, const cplx* m, int dim);

cplx inner(const cplx* a, const cplx* b, std::size_t n);  // <a|b>

}  // namespace qmlff::kernels
