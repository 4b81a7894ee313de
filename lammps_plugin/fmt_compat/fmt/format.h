// Compatibility shim for the LAMMPS headers of Debian 12 (LAMMPS 29 Sep 2021).
//
// The LAMMPS headers include "fmt/format.h" (their bundled fmtlib 8 is not installed) and
// use fmt::make_args_checked in the variadic templates of Error::all/one/warning and
// utils::logmesg. Debian's fmt 9 removed make_args_checked, so we declare it here.
// Those variadic overloads would call LAMMPS functions taking LAMMPS's private fmt types
// (which do not link, or worse, have a different ABI), so any use of them is a compile
// error: call error->all/one/warning and utils::logmesg with one std::string only.
#pragma once
#include_next <fmt/format.h>

namespace fmt {
template <typename... Args, typename S>
auto make_args_checked(const S&, const Args&... args) -> decltype(fmt::make_format_args(args...)) {
  static_assert(sizeof(S) == 0,
                "qmlff: call LAMMPS error->all/one/warning and utils::logmesg with a single "
                "std::string (not a string literal or format arguments)");
  return fmt::make_format_args(args...);
}
}  // namespace fmt
