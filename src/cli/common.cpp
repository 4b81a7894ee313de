#include "cli/common.h"

#include <fmt/format.h>

#include <exception>
#include <iostream>

#include "core/error.h"

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

std::string exact(double v) { return fmt::format("{}", v); }

}  // namespace qmlff::cli
