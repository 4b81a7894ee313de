#include "cli/portable_libm.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>

namespace qmlff::cli {

void pin_baseline_libm([[maybe_unused]] char** argv) {
#if QMLFF_PORTABLE_BUILD
  constexpr const char* kPinned = "QMLFF_BASELINE_LIBM";
  if (std::getenv(kPinned)) return;
  const char* old = std::getenv("GLIBC_TUNABLES");
  const std::string tunables = (old && *old ? std::string(old) + ":" : std::string()) +
                               "glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4";
  setenv("GLIBC_TUNABLES", tunables.c_str(), 1);
  setenv(kPinned, "1", 1);
  execv("/proc/self/exe", argv);
  std::cerr << "qmlff: warning: could not re-execute with the baseline libm (GLIBC_TUNABLES); results may "
               "differ in the last bits from other CPUs\n";
#endif
}

}  // namespace qmlff::cli
