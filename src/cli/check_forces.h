#pragma once
// `qmlff check-forces FILE DATA.extxyz`: analytic forces of a potential against central
// finite differences of its energy, on every frame of a dataset.
#include <iosfwd>
#include <string>

#include <CLI/CLI.hpp>

namespace qmlff::cli {

struct CheckForcesOptions {
  std::string potential;
  std::string data;
  double step = 1e-5;  // finite-difference displacement h (Å): truncation ~h², rounding ~eps·|E|/h
  // Largest allowed |F_analytic - F_fd| / max(1 eV/Å, max_a |F_a|) of a frame: an absolute
  // tolerance in eV/Å for small forces, relative to the frame's largest force otherwise.
  double tol = 1e-6;
  bool quiet = false;
  bool allow_beyond_cutoff = false;  // check frames with atoms beyond the fragment cutoff
};

struct CheckForcesResult {
  double max_dev = 0.0;        // largest |F - F_fd| over all frames, atoms, components (eV/Å)
  double max_rel = 0.0;        // largest |F - F_fd| / max(1 eV/Å, max|F| of the frame)
  std::size_t worst_frame = 0; // 1-based, frame with the largest max_rel
  double max_force_sum = 0.0;  // largest |sum_a F_a| component (translation invariance)
  double max_coordinate = 0.0; // largest |position component| (Å): FD precision falls with it
  bool passed = false;
};

void setup_check_forces(CLI::App& app);
CheckForcesResult check_forces(const CheckForcesOptions& opt, std::ostream& out);
// kExitOk when every deviation is within the tolerance, kExitCheckFailed otherwise.
int run_check_forces(const CheckForcesOptions& opt);

}  // namespace qmlff::cli
