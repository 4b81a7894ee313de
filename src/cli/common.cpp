#include "cli/common.h"

#include <fmt/format.h>

#include <exception>
#include <iostream>

#include "core/error.h"
#include "io/potential_path.h"

namespace qmlff::cli {

int guarded(const std::string& sub, const std::function<int()>& body) {
  try {
    return body();
  } catch (const qmlff::Error& e) {
    std::cerr << "qmlff " << sub << ": error: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "qmlff " << sub << ": internal error: " << e.what() << "\n";
  }
  return kExitError;
}

CLI::Validator installed_potential() {
  return CLI::Validator(
      [](std::string& name) {
        name = qmlff::find_potential_file(name);
        return std::string();
      },
      "", "installed potential");
}

std::string exact(double v) { return fmt::format("{}", v); }

}  // namespace qmlff::cli
