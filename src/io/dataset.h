#pragma once
// Labelled structures (extended XYZ, as written by ASE) in eV and Å.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/types.h"

namespace qmlff {

struct Frame {
  std::vector<std::string> species;
  std::vector<Vec3> positions;
  std::optional<double> energy;            // the energy label (key chosen when reading)
  std::vector<Vec3> forces;                // empty when the frame has no force label
  std::map<std::string, std::string> info; // every key=value of the comment line, unquoted
  std::map<std::string, std::vector<double>> arrays;  // other numeric per-atom columns, flattened
  int line = 0;                            // 1-based line of the atom-count line in the file
};

struct Dataset {
  std::string path;
  std::vector<Frame> frames;
  std::string checksum;  // of the file's bytes (for provenance)
};

struct ExtxyzOptions {
  std::string energy_key = "energy";  // header key used as the energy label
  std::string forces_key = "forces";  // per-atom column used as the force label
  bool require_energy = false;        // error (file:line) if a frame lacks the energy key
  bool require_forces = false;
};

// Throws qmlff::Error with "file:line: what was expected" for malformed input.
Dataset read_extxyz(const std::string& path, const ExtxyzOptions& opt = {});
void write_extxyz(const std::string& path, const std::vector<Frame>& frames, bool overwrite);

}  // namespace qmlff
