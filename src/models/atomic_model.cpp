#include "models/atomic_model.h"

#include "core/error.h"

namespace qmlff {

int AtomicModel::species_index(const std::string& s) const {
  for (int t = 0; t < n_species(); ++t)
    if (species[t] == s) return t;
  return -1;
}

void AtomicModel::validate() const {
  basis.validate();
  if (species.empty()) throw Error("atomic model: no species");
  for (int a = 0; a < n_species(); ++a)
    for (int b = a + 1; b < n_species(); ++b)
      if (species[a] == species[b]) throw Error("atomic model: species '" + species[a] + "' listed twice");
  if (n_vector < 0 || n_scalar < 0 || n_channels() == 0)
    throw Error("atomic model: needs at least one channel (vector_channels + scalar_channels > 0)");
  if (static_cast<int>(centres.size()) != n_species())
    throw Error("atomic model: " + std::to_string(centres.size()) + " centres for " + std::to_string(n_species()) +
                " species (one centre per species, in species order)");
  if (!parameter_labels.empty() && parameter_labels.size() != parameters.size())
    throw Error("atomic model: " + std::to_string(parameter_labels.size()) + " parameter labels for " +
                std::to_string(parameters.size()) + " parameters");
  const int np = n_params();
  auto check_index = [&](int p, const std::string& where) {
    if (p < -1 || p >= np)
      throw Error("atomic model: " + where + " refers to parameter " + std::to_string(p) + " of " + std::to_string(np));
  };
  for (int s = 0; s < n_species(); ++s) {
    const AtomicCentre& c = centres[s];
    const std::string who = "centre '" + species[s] + "'";
    try {
      c.circuit.validate();
    } catch (const Error& e) {
      throw Error("atomic model: " + who + ": " + e.what());
    }
    if (c.circuit.n_inputs != n_channels())
      throw Error("atomic model: " + who + ": circuit has " + std::to_string(c.circuit.n_inputs) + " inputs, expected " +
                  std::to_string(n_channels()) + " (vector + scalar channels)");
    if (static_cast<int>(c.circuit_params.size()) != c.circuit.n_params)
      throw Error("atomic model: " + who + ": " + std::to_string(c.circuit_params.size()) +
                  " circuit parameter indices for a circuit with " + std::to_string(c.circuit.n_params));
    for (int p : c.circuit_params) {
      check_index(p, who + " circuit");
      if (p < 0) throw Error("atomic model: " + who + ": circuit parameters cannot be fixed zeros (-1)");
    }
    if (static_cast<int>(c.weights.size()) != n_channels())
      throw Error("atomic model: " + who + ": weights for " + std::to_string(c.weights.size()) + " channels, expected " +
                  std::to_string(n_channels()));
    for (int ch = 0; ch < n_channels(); ++ch) {
      if (static_cast<int>(c.weights[ch].size()) != n_species())
        throw Error("atomic model: " + who + ": channel " + std::to_string(ch) + " has weights for " +
                    std::to_string(c.weights[ch].size()) + " neighbour species, expected " + std::to_string(n_species()));
      for (const auto& w : c.weights[ch]) {
        if (static_cast<int>(w.size()) != basis.size())
          throw Error("atomic model: " + who + ": channel " + std::to_string(ch) + " has " + std::to_string(w.size()) +
                      " weights per neighbour species, expected " + std::to_string(basis.size()) + " (basis size)");
        for (int p : w) check_index(p, who + " weights");
      }
    }
    if (!(c.scale > 0.0)) throw Error("atomic model: " + who + ": output scale must be positive");
  }
}

}  // namespace qmlff
