#pragma once
// Builders turn a model kind and its hyperparameters into a FragmentModel (circuit
// records, input map, frame, default parameters). They are the only place that knows
// the circuit layouts of the papers; everything downstream just reads the records.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/fragment_model.h"

namespace qmlff {

struct BuilderOptions {
  int depth = 0;        // D: trainable layers (D + 1 encoding layers)
  int blocks = 1;       // B: repetitions of the exchange block inside a layer
  bool symmetry_breaking = false;  // RZ(eps_d) on all qubits after each trainable layer
  std::vector<std::string> species;  // overrides the default species (A, B) of a kind
  double radial_width = 1.0;          // graph models: width of exp(-r/width) edge weights
  int qubits = 0;                     // generic_vqlm: qubits (0 = max(3, internal coordinates))
  // sivqlm_ab2_dimer: what the B atoms (H) encode: "midpoint" (the seed: r - (r_A1 + r_A2)/2)
  // or "monomer" (r - r_A of their own molecule; small vectors, the A atoms keep +-r_AA/2)
  std::string dimer_inputs = "midpoint";
  // sivqlm_ab2_dimer: "seed" (exchange only inside {H,H}, {H',H'}, {O,O'}: the three
  // subsystems meet only through the ancilla, so the energy cannot depend on the relative
  // orientation of the molecules) or "molecule" (adds the S3-symmetric three-spin exchange
  // on each molecule's {O,H,H}, one J per layer shared by both molecules)
  std::string dimer_coupling = "seed";
  // sivqlm_ab: "su2" (the seed: exp(-i alpha x.sigma) of the lab vectors) or "bond" (the
  // same energy from the bond length alone through diagonal RZ encodings; see build_4qubit)
  std::string encoding = "su2";
  InvariantNNOptions network;  // invariant_nn: hidden widths, radial functions, cutoff
  // Fixed pair repulsion added to the model (models/pair_repulsion.h); empty groups are
  // replaced by PairRepulsion::default_groups for the kind.
  std::optional<PairRepulsion> repulsion;
  // Fixed damped Coulomb term (models/pair_coulomb.h); empty groups as for the repulsion.
  std::optional<PairCoulomb> coulomb;
  std::optional<MorseBonds> bonds;  // fixed Morse bonds added to the model (models/morse_bonds.h)
};

// Kinds: "sivqlm_ab" (LiH), "sivqlm_ab2" (H2O), "sivqlm_ab3" (NH3),
// "sivqlm_ab2_dimer" (water dimer), "graph" (one qubit per atom), "generic_vqlm"
// (non-equivariant baseline on internal coordinates, models/generic_vqlm.h),
// "invariant_nn" (classical baseline, no circuit: models/invariant_nn.h).
FragmentModel build_model(const std::string& kind, const BuilderOptions& opt);
std::vector<std::string> builder_kinds();

// The paper's settings for each kind (seed 001): D, B, symmetry breaking.
BuilderOptions default_builder_options(const std::string& kind);

}  // namespace qmlff
