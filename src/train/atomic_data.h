#pragma once
// Training data and preparation of atom-centred models: frames of any size and
// composition, per-species reference energies by least squares, the output scale, and
// the initial parameters.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/atomic_model.h"
#include "train/config.h"
#include "train/data.h"

namespace qmlff::train {

// Reads an extended XYZ file; species names become the model's species indices. An atom
// of a species the model does not know is an error naming the file, line, frame and atom.
LoadedData load_atomic_training_data(const std::string& path, const AtomicModel& model, const DataConfig& c,
                                     bool require_forces);

// e0 per species: least-squares fit of E_f = sum_s n_fs e0_s over frames[idx] (minimum
// norm where the compositions do not determine every e0, e.g. one molecule); the output
// scale: scale_factor * RMS(E_f - sum_s n_fs e0_s) / sqrt(mean atoms per frame); then e0
// absorbs the circuits' mean value at the initial parameters, so training starts from the
// least-squares baseline. Returns the metrics' "scaling" record.
nlohmann::json fit_atomic_scaling(AtomicModel& model, const std::vector<TrainFrame>& frames,
                                  const std::vector<int>& idx, double scale_factor);

// Circuit parameters as init_parameters does for fragment models ("alpha*" = c.alpha, the
// others by c.type); radial weights N(0, sigma) with sigma = 1/sqrt(n_basis) (Gaussian
// basis; 2/r_c for the linear one): every channel starts with an environment vector of
// order one, where the circuit's gradient is not small (it vanishes at u = 0).
void init_atomic_parameters(AtomicModel& model, const InitConfig& c, std::uint64_t seed);

}  // namespace qmlff::train
