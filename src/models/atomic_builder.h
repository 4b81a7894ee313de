#pragma once
// The atom-centred model's builder (models/atomic_model.h): one circuit per centre
// species on n_vector qubits, re-uploading the environment D + 1 times:
//
//   psi0 = singlets on (0,1), (2,3), ...
//   for d = 0..D:  exp(-i alpha_{d,c} u_c . sigma_c) on every qubit c        (equivariant)
//                  then, for d < D, a ring of Heisenberg exchanges J_{d,c} on (c, c+1)
//                  and, per scalar channel e, an exchange kappa_{d,e} v_e on
//                  (e mod K, e+1 mod K)                                      (invariant)
//   O = sigma_0 . sigma_1
//
// Parameters: the radial weights W (per centre, channel, neighbour species, basis
// function), then per centre alpha, J and kappa. The species-blind baseline (the
// seed's earlier architecture) shares every weight and circuit parameter between species.
#include <string>
#include <vector>

#include "models/atomic_model.h"

namespace qmlff {

struct AtomicBuilderOptions {
  std::vector<std::string> species;
  RadialBasis basis;
  int vector_channels = 4;  // qubits of each circuit (even, >= 2)
  int scalar_channels = 2;
  int layers = 4;           // D: trainable layers (D + 1 encodings)
  bool species_blind = false;
};

// Throws qmlff::Error for inconsistent options (odd or too few channels, no species).
// Parameters start at: weights 0 (the trainer initialises them), alpha 1, J and kappa 0.
AtomicModel build_atomic_model(const AtomicBuilderOptions& o);

}  // namespace qmlff
