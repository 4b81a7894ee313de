#include "models/fragment_model.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace qmlff {

bool FragmentModel::has_symmetry(const std::string& s) const {
  return std::find(symmetries.begin(), symmetries.end(), s) != symmetries.end();
}

double FragmentModel::baseline(const Vec3* positions, Vec3* forces) const {
  double e = 0.0;
  if (repulsion) e += repulsion->evaluate(species, positions, forces);
  if (coulomb) e += coulomb->evaluate(species, positions, forces);
  if (bonds) e += bonds->evaluate(positions, forces);
  return e;
}

void FragmentModel::validate() const {
  QMLFF_REQUIRE(!species.empty(), "model '" + name + "': no species");
  QMLFF_REQUIRE(parameter_labels.empty() || parameter_labels.size() == parameters.size(),
                "model '" + name + "': parameter_labels and parameters differ in length");
  QMLFF_REQUIRE(std::isfinite(scale) && std::isfinite(offset) && scale != 0.0,
                "model '" + name + "': output scale must be finite and non-zero");
  QMLFF_REQUIRE(fragment_cutoff > 0.0, "model '" + name + "': fragment_cutoff must be positive");
  try {
    if (repulsion) repulsion->validate(species);
    if (coulomb) coulomb->validate(species);
    if (bonds) bonds->validate(n_atoms());
  } catch (const Error& e) {
    throw Error("model '" + name + "': " + e.what());
  }
  if (network) {
    // A network reads the positions itself: nothing of the circuit path may be set.
    QMLFF_REQUIRE(input_map.empty() && !frame && !internal && !inversion_average && circuit.n_qubits == 0 &&
                      circuit.gates.empty(),
                  "model '" + name + "': a network model has no inputs, frame, internal coordinates or circuit");
    try {
      network->validate(species);
    } catch (const Error& e) {
      throw Error("model '" + name + "': " + e.what());
    }
    QMLFF_REQUIRE(static_cast<int>(parameters.size()) == network->n_params(),
                  "model '" + name + "': " + std::to_string(parameters.size()) +
                      " parameter values but the network has " + std::to_string(network->n_params()));
    return;
  }
  if (internal) {
    QMLFF_REQUIRE(!frame, "model '" + name + "': a body frame and internal coordinates exclude each other");
    QMLFF_REQUIRE(internal->size() == circuit.n_inputs,
                  "model '" + name + "': " + std::to_string(internal->size()) +
                      " internal coordinates but the circuit uses " + std::to_string(circuit.n_inputs) + " inputs");
    try {
      internal->validate(n_lab_inputs());
    } catch (const Error& e) {
      throw Error("model '" + name + "': " + e.what());
    }
  } else {
    QMLFF_REQUIRE(static_cast<int>(input_map.size()) == circuit.n_inputs,
                  "model '" + name + "': input_map has " + std::to_string(input_map.size()) +
                      " rows but the circuit uses " + std::to_string(circuit.n_inputs) + " inputs");
  }
  for (std::size_t k = 0; k < input_map.size(); ++k) {
    QMLFF_REQUIRE(input_map[k].size() == species.size(),
                  "model '" + name + "': input_map row " + std::to_string(k) + " has " +
                      std::to_string(input_map[k].size()) + " entries, expected one per atom (" +
                      std::to_string(species.size()) + ")");
    double sum = 0;
    for (double c : input_map[k]) sum += c;
    // Translation invariance (and forces summing to zero) needs each row to sum to zero.
    if (has_symmetry("translation"))
      QMLFF_REQUIRE(std::abs(sum) < 1e-12,
                    "model '" + name + "': input_map row " + std::to_string(k) +
                        " does not sum to zero, so the model is not translation invariant");
  }
  QMLFF_REQUIRE(static_cast<int>(parameters.size()) == circuit.n_params,
                "model '" + name + "': " + std::to_string(parameters.size()) +
                    " parameter values but the circuit has " + std::to_string(circuit.n_params));
  if (frame)
    QMLFF_REQUIRE(static_cast<int>(frame->z_coeff().size()) == circuit.n_inputs,
                  "model '" + name + "': frame z_axis needs one coefficient per input");
  circuit.validate();
}

}  // namespace qmlff
