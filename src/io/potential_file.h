#pragma once
// Potential files: one JSON document per fragment model (format "qmlff-potential").
// The format is documented field by field in docs/potential-format.md.
#include <string>

#include "models/fragment_model.h"

namespace qmlff {

constexpr const char* kPotentialFormat = "qmlff-potential";
// Version 2 added the optional "repulsion" and "bonds" blocks, version 3 the "coulomb" block; a
// file is written with the oldest version that has its blocks, so older qmlff builds keep
// reading the files they can and refuse (by version) those they would evaluate wrongly.
constexpr int kPotentialVersion = 3;
constexpr int kPotentialOldestVersion = 1;

// Throws qmlff::Error naming the file and the offending field.
FragmentModel load_potential_file(const std::string& path);
FragmentModel parse_potential(const std::string& json_text, const std::string& source_name);
std::string serialize_potential(const FragmentModel& model);
// Writes atomically (temporary file + rename). Refuses to replace an existing file
// unless overwrite is true.
void save_potential_file(const FragmentModel& model, const std::string& path, bool overwrite);

}  // namespace qmlff
