#include "io/potential_path.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace qmlff {

std::string installed_potentials_dir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("QMLFF_POTENTIALS"); env && *env) return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const fs::path dir = exe.parent_path().parent_path() / "share" / "qmlff" / "potentials";
  return fs::is_directory(dir, ec) ? dir.string() : std::string();
}

std::string find_potential_file(const std::string& name) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (name.find('/') != std::string::npos || fs::exists(name, ec)) return name;
  const std::string dir = installed_potentials_dir();
  if (dir.empty()) return name;
  const fs::path p = fs::path(dir) / name;
  return fs::is_regular_file(p, ec) ? p.string() : name;
}

}  // namespace qmlff
