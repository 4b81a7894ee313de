#pragma once
// A fragment model: the complete description of one quantum-learned potential for a
// fixed set of atoms (a molecule or a pair of molecules), as read from a potential file.
//
//   positions r_a (atoms in the model's species order)
//     -> inputs u_k = sum_a input_map[k][a] r_a       (translation handled here: rows sum to 0)
//     -> optional body frame u_k -> R(u) u_k           (for models invariant only about z)
//        or internal coordinates u -> (q_j(u), 0, 0)    (bond lengths, angles; generic VQLM)
//     -> circuit value <O>(theta, u)
//     -> E = scale * <O> + offset  (+ E_rep + E_coul + E_bonds: optional fixed pair repulsion,
//                                    damped Coulomb and Morse bonds, functions of the positions only)
// Forces and virial follow by the chain rule from the circuit's adjoint derivatives.
//
// The classical baseline (`invariant_nn`) has no circuit: `network` replaces the input
// map, frame and circuit, and maps the positions directly to E_raw, with the same
// parameters vector and the same output scaling E = scale * E_raw + offset.
#include <optional>
#include <string>
#include <vector>

#include "geom/body_frame.h"
#include "geom/internal_coords.h"
#include "models/invariant_nn.h"
#include "models/morse_bonds.h"
#include "models/pair_coulomb.h"
#include "models/pair_repulsion.h"
#include "sim/circuit.h"

namespace qmlff {

// Builders label the encoding scales "alpha" or "alpha_<species>"; initialisers treat
// them apart from the exchange angles (a scale near 1 rather than near 0).
inline bool is_encoding_scale_label(const std::string& label) { return label.rfind("alpha", 0) == 0; }

struct FragmentModel {
  std::string name;                  // e.g. "h2o-sivqlm"
  std::string kind;                  // builder that made it, e.g. "sivqlm_ab2"
  std::vector<std::string> species;  // one per atom, in model order
  std::vector<std::vector<double>> input_map;  // [n lab inputs][n_atoms]
  std::optional<BodyFrame> frame;
  // When set, the circuit's inputs are these coordinates of the lab inputs (one circuit
  // input per coordinate) instead of the lab inputs themselves. Excludes a frame.
  std::optional<InternalCoords> internal;
  // E = (E(u) + E(Pu))/2, P a mirror (y -> -y): makes a model that is only SO(3)-invariant also invariant
  // under inversion (needed for non-planar fragments such as NH3, whose SU(2)-equivariant
  // circuits can otherwise tell a geometry from its mirror image).
  bool inversion_average = false;
  Circuit circuit;                     // empty (0 qubits) when network is set
  std::optional<InvariantNN> network;  // set for the classical baseline instead of a circuit
  std::vector<double> parameters;
  std::vector<std::string> parameter_labels;
  double scale = 1.0;
  double offset = 0.0;
  // Fixed short-range repulsion added to E (models/pair_repulsion.h); not trained.
  std::optional<PairRepulsion> repulsion;
  // Fixed damped Coulomb term added to E (models/pair_coulomb.h); not trained.
  std::optional<PairCoulomb> coulomb;
  // Fixed Morse bonds added to E (models/morse_bonds.h); not trained.
  std::optional<MorseBonds> bonds;
  // E_rep + E_coul + E_bonds at the positions (0 without any); adds their forces when given.
  double baseline(const Vec3* positions, Vec3* forces) const;
  std::vector<std::string> symmetries;  // e.g. "translation", "rotation", "permutation:H"
  // Largest distance between two atoms of one fragment that the model is meant for (Å);
  // the LAMMPS pair style needs ghost atoms out to this distance.
  double fragment_cutoff = 5.0;
  std::string provenance_json = "{}";  // free-form provenance, kept verbatim

  int n_atoms() const { return static_cast<int>(species.size()); }
  int n_lab_inputs() const { return static_cast<int>(input_map.size()); }
  int n_params() const { return network ? network->n_params() : circuit.n_params; }
  bool has_symmetry(const std::string& s) const;
  // Throws qmlff::Error when parts disagree (sizes, translation invariance of the map, ...).
  void validate() const;
};

}  // namespace qmlff
