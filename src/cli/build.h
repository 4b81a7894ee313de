#pragma once
// `qmlff build KIND -o FILE`: an untrained potential file from one of the model builders.
// `qmlff build --from TRAINED --encoding E -o FILE`: a trained siVQLM file laid out again with
// another encoding (io/reencode.h), the same parameters, checked to give the same energies.
#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace qmlff::cli {

struct BuildOptions {
  std::string kind;                  // builder kind (sivqlm_ab, sivqlm_ab2, ...)
  int depth = -1;                    // -1: the kind's default
  int blocks = -1;                   // -1: the kind's default
  bool sb = false;                   // force symmetry-breaking layers on
  bool no_sb = false;                // force them off
  std::vector<std::string> species;  // empty: the kind's default species
  double radial_width = -1.0;        // graph models; <= 0: default
  int qubits = 0;                    // generic_vqlm; 0: max(3, internal coordinates)
  std::string name;                  // empty: the kind
  double scale = 1.0;                // output scaling E = scale*<O> + offset
  double offset = 0.0;
  double random_init = 0.0;          // > 0: parameters uniform in [-r, r] instead of the defaults
  unsigned long long seed = 1;       // for --random-init (std::mt19937_64)
  std::string encoding;               // empty: the builder's default ("su2"); required with --from
  std::string from;                   // a trained file to re-encode instead of a new model
  std::vector<std::string> check_data;  // with --from: also compare on these frames (extxyz)
  std::string output;
  bool force = false;
};

void setup_build(CLI::App& app);
int run_build(const BuildOptions& opt, std::ostream& out);
int run_build(const BuildOptions& opt);

}  // namespace qmlff::cli
