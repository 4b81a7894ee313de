#pragma once
#include <vector>

#include "sim/circuit.h"

namespace qmlff {

// The initial state as a full state vector (2^n amplitudes).
std::vector<cplx> prepare_initial_state(const InitialState& init, int n_qubits);

}  // namespace qmlff
