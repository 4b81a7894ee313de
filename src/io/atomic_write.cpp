#include "io/atomic_write.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "core/error.h"

namespace qmlff {

void write_file_atomically(const std::string& path, const std::string& content, bool overwrite) {
  namespace fs = std::filesystem;
  if (!overwrite && fs::exists(path))
    throw Error(path + ": file exists; refusing to overwrite it (use --force to replace it)");
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(path + ": cannot create '" + tmp + "' (does the directory exist and is it writable?)");
    out << content;
    out.flush();
    if (!out) throw Error(path + ": write failed (disk full?)");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw Error(path + ": cannot rename temporary file into place: " + ec.message());
  }
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open file (check the path and permissions)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace qmlff
