#pragma once
// Gates with the same kind and the same argument sources have the same matrix: the
// encodings of one input repeat in every layer and exchange gates share couplings. The
// evaluator builds each distinct matrix once per call and, since every derivative is
// linear in the gate's contraction of <lam| and |phi>, sums the contractions of a
// slot's gates and takes the traces once per slot.
#include <cstdint>
#include <vector>

#include "sim/circuit.h"

namespace qmlff {

// How a gate is applied and contracted (structured kernels where the matrix allows).
enum class Kernel : std::uint8_t { Dense1, Dense2, Dense3, PartialSwap, Diag1, Diag2, Refl, Exchange3 };

struct GateSlot {
  GateKind kind = GateKind::H;
  Kernel kernel = Kernel::Dense1;
  std::array<ArgSource, 3> args{};
  int n_args = 0;
  int dim2 = 0;     // matrix entries
  int n_contr = 0;  // contraction entries
  bool theta_only = true;
  // Values of the current call.
  double g[3] = {0, 0, 0}, gdot[3] = {0, 0, 0};
  bool moving = false;    // gdot != 0
  bool du_valid = false;  // du holds dU/dg for the current g
  // Offsets into the evaluator's matrix store (u, du, udot) and accumulators (m, md).
  std::size_t u = 0, du = 0, udot = 0, m = 0, md = 0;
};

Kernel kernel_for(GateKind kind);
// Exchanges and RZ are contracted in generator form (one sum, see kernels::exchange_step).
inline bool generator_form(Kernel k) { return k == Kernel::PartialSwap || k == Kernel::Diag1; }
// c = U(00,00) and A_ij = U((i,0),(j,1)) of a reflection-form matrix U = c I + A (x) X
// (kernels::apply_refl); with adjoint those of U^dag, (c*, A^dag).
inline cplx refl_parts(const cplx* m, bool adjoint, cplx* a) {
  auto cj = [adjoint](cplx z) { return adjoint ? std::conj(z) : z; };
  a[0] = cj(m[1]);
  a[1] = cj(adjoint ? m[9] : m[3]);
  a[2] = cj(adjoint ? m[3] : m[9]);
  a[3] = cj(m[11]);
  return cj(m[0]);
}
// Two gates of one kind with equal sources have equal matrices.
bool same_arg_source(const ArgSource& a, const ArgSource& b);
// Contraction entries a kernel accumulates (see gate_contraction in evaluator.cpp).
int contraction_size(Kernel k);

// Fills slots and gate_slot (the slot of each gate), and the store/accumulator sizes.
// With share = false every gate gets its own slot (the reference layout for tests).
void build_slots(const Circuit& c, bool share, std::vector<GateSlot>& slots, std::vector<int>& gate_slot,
                 std::size_t& store_size, std::size_t& acc_size);

}  // namespace qmlff
