#pragma once
// Labelled structures (extended XYZ, as written by ASE) in eV and Å.
#include <array>
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
  std::optional<std::array<double, 9>> lattice;  // Lattice="a1x a1y a1z a2x ... a3z" (Å), if given
  std::array<bool, 3> pbc{false, false, false};  // pbc="T T T"; false when absent
};

struct Dataset {
  std::string path;
  std::vector<Frame> frames;
  std::string checksum;  // "sha256:<64 hex digits>" of the file's bytes (for provenance)
};

struct ExtxyzOptions {
  std::string energy_key = "energy";  // header key used as the energy label
  std::string forces_key = "forces";  // per-atom column used as the force label
  bool require_energy = false;        // error (file:line) if a frame lacks the energy key
  bool require_forces = false;
};

// Throws qmlff::Error with "file:line: what was expected" for malformed input.
// Format and conventions: docs/datasets.md.
Dataset read_extxyz(const std::string& path, const ExtxyzOptions& opt = {});
// Same, from text in memory; `source_name` is used in messages and Dataset::path.
Dataset parse_extxyz(const std::string& text, const std::string& source_name, const ExtxyzOptions& opt = {});

// Writes frames as ASE-compatible extended XYZ with shortest round-trip number formatting
// (values read back bit-identically). The energy goes to opt.energy_key, the forces to the
// opt.forces_key column; info entries and arrays are written too. Atomic (temporary file +
// rename); refuses to replace an existing file unless overwrite is true.
void write_extxyz(const std::string& path, const std::vector<Frame>& frames, bool overwrite,
                  const ExtxyzOptions& opt = {});
std::string format_extxyz(const std::vector<Frame>& frames, const ExtxyzOptions& opt = {});

// "sha256:<hex>" of the bytes.
std::string sha256_checksum(const std::string& bytes);

}  // namespace qmlff
