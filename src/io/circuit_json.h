#pragma once
// A circuit (qubits, initial state, gates, observable) as the "circuit" object of a
// potential file (docs/potential-format.md). Shared by the fragment and atom-centred
// potential files. Errors name the file and the field under `path`.
#include <string>

#include <nlohmann/json.hpp>

#include "io/json_reader.h"
#include "sim/circuit.h"

namespace qmlff {

// n_inputs is set by the caller (the model around the circuit defines its inputs).
Circuit circuit_from_json(const JsonReader& r, const nlohmann::json& j, const std::string& path, int n_inputs);
nlohmann::json circuit_to_json(const Circuit& c);

}  // namespace qmlff
