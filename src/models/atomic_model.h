#pragma once
// An atom-centred model (issue 19, after seed 002): the energy of any structure made of
// the model's species is a sum of atomic energies,
//
//   E = sum_i [ e0(s_i) + scale(s_i) * (C_{s_i}(u_i) + C_{s_i}(P u_i)) / 2 ],
//
// where s_i is atom i's species and C_s the value of centre species s's circuit. Its
// inputs u_i are the atom's environment, summed over the neighbours j within the cutoff
// (so the circuit's size never depends on the neighbour count):
//
//   vector channels  u_c = sum_j R_c(s_j, r_ij) rhat_ij,   R_c(t, r) = sum_b W[c][t][b] g_b(r) fc(r)
//   scalar channels  v_e = sum_j S_e(s_j, r_ij),           S_e(t, r) = sum_b V[e][t][b] g_b(r) fc(r)
//
// (rhat_ij = (r_j - r_i)/r_ij). Distances enter only through the learnable,
// species-dependent radial functions R and S; directions only through the unit vectors,
// which the circuit encodes with SU(2)-equivariant rotations exp(-i u_c . sigma). The
// scalar channels enter as angles of Heisenberg exchanges (SU(2)-invariant), as circuit
// inputs (v_e, 0, 0). P negates the vector channels (inversion); the average over both
// images makes E invariant under inversion, the sums make it invariant under
// permutations of identical atoms, and the circuit under rotations.
//
// Every trainable number is an entry of one parameter vector; the circuit parameters and
// radial weights of a centre are indices into it, so sharing (the seed's species-blind
// baseline) is just equal indices. Weight index -1 means a fixed zero.
#include <string>
#include <vector>

#include "models/atomic_radial.h"
#include "sim/circuit.h"

namespace qmlff {

struct AtomicCentre {
  Circuit circuit;                // inputs: n_vector vector channels, then n_scalar (v, 0, 0)
  std::vector<int> circuit_params;  // global parameter index of each circuit parameter
  // weights[c][t][b]: global parameter index of the weight of basis function b for
  // neighbour species t in channel c (vector channels first, then scalar channels).
  std::vector<std::vector<std::vector<int>>> weights;
  double scale = 1.0;  // eV per unit of the circuit value
  double e0 = 0.0;     // reference energy of the species (eV)
};

struct AtomicModel {
  std::string name;
  std::string kind = "atomic";
  std::vector<std::string> species;  // the species the file knows; index = species id
  RadialBasis basis;                 // basis.cutoff is the model's cutoff
  int n_vector = 0;                  // vector channels per centre
  int n_scalar = 0;                  // scalar channels per centre
  std::vector<AtomicCentre> centres;  // one per species, in species order
  std::vector<double> parameters;
  std::vector<std::string> parameter_labels;
  std::vector<std::string> symmetries;
  std::string provenance_json = "{}";

  double cutoff() const { return basis.cutoff; }
  int n_species() const { return static_cast<int>(species.size()); }
  int n_channels() const { return n_vector + n_scalar; }
  int n_params() const { return static_cast<int>(parameters.size()); }
  // Index of a species name, or -1.
  int species_index(const std::string& s) const;
  // Throws qmlff::Error naming the centre, channel or index that is inconsistent.
  void validate() const;
};

}  // namespace qmlff
