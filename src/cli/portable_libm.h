#pragma once
// Portable builds (cmake -DQMLFF_PORTABLE=ON) promise the same numbers on every x86-64 CPU.
// Our own code is compiled for the baseline instruction set, but glibc's libm picks FMA/AVX2
// variants of sin, cos, exp, ... at run time on CPUs that have them, and those round some
// results differently (measured: training parameters differ in the last bits). Pinning the
// baseline variants takes GLIBC_TUNABLES, which the dynamic loader reads only at start-up.
namespace qmlff::cli {

// In a portable build: if the baseline libm is not pinned yet, sets GLIBC_TUNABLES and
// re-executes the program (same arguments); returns only when nothing had to be done, in
// other builds, or when the re-exec fails (then the run goes on, with a warning).
void pin_baseline_libm(char** argv);

}  // namespace qmlff::cli
