#pragma once
// Gates that cannot change the expectation value, removed before evaluation (their
// derivatives are exactly zero):
//  * gates outside the observable's backward light cone (after them, nothing touches
//    their qubits, and they commute with the observable: U^dag O U = O);
//  * the first gates on both qubits of an initial singlet when they are the same
//    single-qubit gate: (U x U)|singlet> = det(U)|singlet>, a global phase (NH3's first
//    encoding layer).
#include "sim/circuit.h"

namespace qmlff {

Circuit prune_circuit(const Circuit& c);

}  // namespace qmlff
