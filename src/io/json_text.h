#pragma once
// Parsing a JSON document (potential files, training configs) so that every failure reads
// "<source>:<line>: not valid JSON (...)": syntax errors, and numbers beyond the range of a
// double such as 1e400 (nlohmann reports those as out_of_range without a position).
#include <string>

#include <nlohmann/json.hpp>

namespace qmlff {

// Throws qmlff::Error naming the source and the line of the offending character.
nlohmann::json parse_json_text(const std::string& text, const std::string& source);

}  // namespace qmlff
