#pragma once
// What qmlff.Potential holds: one loaded potential file behind a small interface, so that
// a new kind of model (e.g. atom-centred) is added by writing one more backend and one
// branch in load_potential_backend, without touching the bindings.
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "models/fragment_model.h"

namespace qmlff::python {

class PotentialBackend {
 public:
  virtual ~PotentialBackend() = default;
  virtual std::string kind() const = 0;
  virtual std::string name() const = 0;
  virtual std::vector<std::string> species() const = 0;  // fragment models: model order
  virtual std::vector<std::string> symmetries() const = 0;
  virtual double cutoff() const = 0;  // Å (fragment models: the fragment cutoff)
  // n atoms in any order with their species; writes forces (n x 3, eV/Å) and the virial
  // W_ij = sum r_i F_j (order xx yy zz xy xz yz, eV); returns the energy (eV). Throws
  // qmlff::Error for input the model cannot take.
  virtual double energy_forces(int n, const double* pos, const std::vector<std::string>& species, double* forces,
                               double* virial) = 0;
  // The fragment model for whole-system evaluation (SystemEvaluator) and training; null
  // for kinds that are not fragment models.
  virtual const FragmentModel* fragment_model() const { return nullptr; }
  // Atom-centred models: a whole structure, with per-atom energies (n entries, may be
  // null); cell (9 numbers, rows a b c, Å) and pbc (3 flags) may be null for none, else
  // every periodic image within the cutoff counts (interface/atomic_cell.h). Fragment
  // backends do not take whole structures.
  virtual bool atomic() const { return false; }
  virtual double structure(int n, const double* pos, const std::vector<std::string>& species, const double* cell,
                           const bool* pbc, double* forces, double* virial, double* atom_energies) {
    (void)n, (void)pos, (void)species, (void)cell, (void)pbc, (void)forces, (void)virial, (void)atom_energies;
    throw Error("structure: only atom-centred potentials evaluate whole structures");
  }
};

// Loads a potential file of any kind this build knows. Throws qmlff::Error naming the file.
std::unique_ptr<PotentialBackend> load_potential_backend(const std::string& path);

}  // namespace qmlff::python
