#pragma once
// AtomicAssembler: evaluates an atom-centred model (models/atomic_model.h) on the atoms one
// MPI rank sees, n2p2's InterfaceLammps shape. No LAMMPS headers: the pair style passes
// raw arrays, and the tests do the same.
//
// Call order (every force evaluation):
//   1. AtomicAssembler a(model);                          once, after loading the file
//   2. a.set_local_atoms(nlocal, nall, tag, species);     owned [0, nlocal), ghosts after
//   3. a.add_neighbour(i, j, dx, dy, dz) for every owned i and every atom j (owned or
//      ghost) near it, d = r_j - r_i; a full list: each owned atom's whole neighbourhood
//      (pairs at or beyond the model cutoff are dropped here)
//   4. a.compute(want_atom_virial)
//   5. energy(), add_forces(f), add_atom_energies(e), virial(), add_atom_virials(v)
//
// Energy: E = sum over owned atoms i of E_i, each from AtomicEvaluator::atom() (e0
// included). Forces go to owned and ghost atoms; the caller sums ghost forces into their
// owners (LAMMPS: reverse communication, newton pair on). Global virial
// W = -sum_i sum_j d_ij (x) dE_i/dd_ij (LAMMPS order xx yy zz xy xz yz), equal to the
// f.r sum over owned and ghost atoms; the per-atom virial gives half of each neighbour
// term to i and half to j (the pair-split convention of LAMMPS's many-body ML styles),
// so it sums to W once ghost entries are summed into their owners.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/atomic_evaluator.h"

namespace qmlff {

class AtomicAssembler {
 public:
  explicit AtomicAssembler(const AtomicModel& model);

  const AtomicModel& model() const { return evaluator_.model(); }
  double cutoff() const { return model().cutoff(); }

  // tag: atom IDs (named in errors, may be null: then local indices are named); species:
  // model species index per atom, -1 for atoms the model does not handle (they are
  // neither centres nor neighbours). The arrays must live until compute() returns.
  void set_local_atoms(int nlocal, int nall, const std::int64_t* tag, const int* species);
  // Throws qmlff::Error naming both atom IDs when j sits on i (d = 0).
  void add_neighbour(int i, int j, double dx, double dy, double dz);
  // Evaluates every owned atom with a species. Throws qmlff::Error naming the atom.
  void compute(bool want_atom_virial);

  double energy() const { return energy_; }
  int n_evaluated() const { return n_evaluated_; }
  const std::array<double, 6>& virial() const { return virial_; }
  double atom_energy(int i) const { return atom_energy_[i]; }
  const Vec3& force(int i) const { return force_[i]; }
  const std::array<double, 6>& atom_virial(int i) const { return atom_virial_[i]; }
  // Adds scale times the results to per-atom arrays (rows of 3 / 6; energies: [0, nlocal)).
  void add_forces(double* const* f, double scale) const;
  void add_atom_energies(double* e, double scale) const;
  void add_atom_virials(double* const* v, double scale) const;

 private:
  std::string atom_name(int i) const;

  struct Entry {
    int i, j;
    Vec3 d;
  };
  AtomicEvaluator evaluator_;
  int nlocal_ = 0, nall_ = 0;
  const std::int64_t* tag_ = nullptr;
  const int* species_ = nullptr;
  std::vector<Entry> entries_;
  double energy_ = 0.0;
  int n_evaluated_ = 0;
  std::array<double, 6> virial_{};
  std::vector<double> atom_energy_;
  std::vector<Vec3> force_;
  std::vector<std::array<double, 6>> atom_virial_;
  bool have_atom_virial_ = false;
  // scratch: entries grouped by centre
  std::vector<int> start_, order_, fill_;
  std::vector<AtomicNeighbour> nb_;
  std::vector<Vec3> dE_dd_;
};

}  // namespace qmlff
