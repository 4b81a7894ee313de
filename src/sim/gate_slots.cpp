#include "sim/gate_slots.h"

namespace qmlff {

bool same_arg_source(const ArgSource& a, const ArgSource& b) {
  return a.coeff == b.coeff && a.param == b.param && a.feature == b.feature && a.input == b.input &&
         a.input2 == b.input2 && a.component == b.component && a.radial == b.radial && a.width == b.width;
}

namespace {

bool same_slot(const GateSlot& s, const GateRecord& g) {
  if (s.kind != g.kind) return false;
  for (int a = 0; a < s.n_args; ++a)
    if (!same_arg_source(s.args[a], g.args[a])) return false;
  return true;
}

}  // namespace

Kernel kernel_for(GateKind kind) {
  switch (kind) {
    case GateKind::Heisenberg:
      return Kernel::PartialSwap;
    case GateKind::Heisenberg3:
      return Kernel::Exchange3;
    case GateKind::RZ:
      return Kernel::Diag1;
    case GateKind::ZZ:
    case GateKind::CZ:
      return Kernel::Diag2;
    case GateKind::ReflEncode:
      return Kernel::Refl;
    default:
      break;
  }
  const int nq = gate_info(kind).n_qubits;
  return nq == 1 ? Kernel::Dense1 : (nq == 2 ? Kernel::Dense2 : Kernel::Dense3);
}

int contraction_size(Kernel k) {
  switch (k) {
    case Kernel::PartialSwap:  // generator form: kernels::exchange_step, rz_step
    case Kernel::Diag1:
      return 1;
    case Kernel::Exchange3:
      return 2;
    case Kernel::Refl:
      return 8;
    case Kernel::Dense1:
      return 4;
    case Kernel::Dense2:
    case Kernel::Diag2:
      return 16;
    default:
      return 64;
  }
}

void build_slots(const Circuit& c, bool share, std::vector<GateSlot>& slots, std::vector<int>& gate_slot,
                 std::size_t& store_size, std::size_t& acc_size) {
  slots.clear();
  gate_slot.assign(c.gates.size(), -1);
  store_size = acc_size = 0;
  for (std::size_t k = 0; k < c.gates.size(); ++k) {
    const GateRecord& g = c.gates[k];
    if (share)
      for (std::size_t s = 0; s < slots.size() && gate_slot[k] < 0; ++s)
        if (same_slot(slots[s], g)) gate_slot[k] = static_cast<int>(s);
    if (gate_slot[k] >= 0) continue;
    const GateInfo& info = gate_info(g.kind);
    GateSlot s;
    s.kind = g.kind;
    s.kernel = kernel_for(g.kind);
    s.n_args = info.n_args;
    for (int a = 0; a < info.n_args; ++a) {
      s.args[a] = g.args[a];
      s.theta_only = s.theta_only && !g.args[a].depends_on_inputs();
    }
    s.dim2 = 1 << (2 * info.n_qubits);
    s.n_contr = contraction_size(s.kernel);
    s.u = store_size;
    s.du = s.u + s.dim2;
    s.udot = s.du + s.n_args * s.dim2;
    store_size = s.udot + (s.theta_only ? 0 : s.dim2);
    s.m = acc_size;
    s.md = s.m + s.n_contr;
    acc_size = s.md + s.n_contr;
    gate_slot[k] = static_cast<int>(slots.size());
    slots.push_back(s);
  }
}

}  // namespace qmlff
