#pragma once
// Error type thrown by the qmlff library. Front ends (CLI, LAMMPS pair style)
// catch it and report the message; messages say what is wrong and what to do.
#include <stdexcept>
#include <string>

namespace qmlff {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace qmlff

// Precondition check with a message built only on failure.
#define QMLFF_REQUIRE(cond, msg)                 \
  do {                                           \
    if (!(cond)) throw ::qmlff::Error(msg);      \
  } while (0)
