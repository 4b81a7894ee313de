#pragma once
// Potential files of atom-centred models (format "qmlff-potential", version 4, kind
// "atomic" or "atomic_baseline"; docs/potential-format.md, "Atom-centred models").
// Fragment files (versions 1-3) are read by io/potential_file.h; front ends that take
// both ask potential_file_is_atomic() first.
#include <string>

#include "models/atomic_model.h"

namespace qmlff {

constexpr int kAtomicPotentialVersion = 4;

// True when the file (or text) holds an atom-centred model: its "kind" starts with
// "atomic". Throws qmlff::Error naming the file when it is not readable JSON.
bool potential_file_is_atomic(const std::string& path);
bool potential_text_is_atomic(const std::string& json_text, const std::string& source_name);

// Throw qmlff::Error naming the file and the offending field.
AtomicModel load_atomic_potential_file(const std::string& path);
AtomicModel parse_atomic_potential(const std::string& json_text, const std::string& source_name);
std::string serialize_atomic_potential(const AtomicModel& model);
// Atomic write; refuses to replace an existing file unless overwrite is true.
void save_atomic_potential_file(const AtomicModel& model, const std::string& path, bool overwrite);

}  // namespace qmlff
