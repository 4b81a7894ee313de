#pragma once
// The "network" object of a potential file (kind invariant_nn; docs/potential-format.md).
#include <string>

#include <nlohmann/json.hpp>

#include "io/json_reader.h"
#include "models/invariant_nn.h"

namespace qmlff {

nlohmann::json network_to_json(const InvariantNN& nn);
// Checks types and keys (an unknown key is an error naming it); sizes and values are
// checked by InvariantNN::validate when the model is validated.
InvariantNN network_from_json(const JsonReader& r, const nlohmann::json& j, const std::string& path);

}  // namespace qmlff
