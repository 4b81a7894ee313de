#pragma once
#include <string>

namespace qmlff {

// Writes `content` to `path` through a temporary file in the same directory and an
// atomic rename, so readers never see a half-written file. Refuses to replace an
// existing file unless overwrite is true (the message says to pass --force).
void write_file_atomically(const std::string& path, const std::string& content, bool overwrite);
std::string read_text_file(const std::string& path);

}  // namespace qmlff
