#pragma once
// Energies, forces, virials and training derivatives of an atom-centred model
// (models/atomic_model.h). Two levels:
//
//   atom():      one atom's energy E_i from its neighbour list (species and displacement
//                d_j = r_j - r_i of every neighbour inside the cutoff) and dE_i/dd_j: what
//                the LAMMPS pair style calls with its full neighbour list.
//   structure(): a whole non-periodic structure (a molecule of a dataset): neighbours by
//                all pairs, forces, virial, per-atom energies; and train_terms() for the
//                trainer (dE/dtheta and d/dtheta of F . w, as FragmentEvaluator).
//
// The circuits run on the simulator's CircuitEvaluator, one per centre species; the
// radial sums and their chain rule are done here. Holds scratch space: one per thread.
#include <array>
#include <memory>
#include <vector>

#include "models/atomic_model.h"
#include "sim/evaluator.h"

namespace qmlff {

struct AtomicNeighbour {
  int species = 0;  // species index in the model
  Vec3 d{};         // r_j - r_i (Å)
};

class AtomicEvaluator {
 public:
  explicit AtomicEvaluator(const AtomicModel& model);

  const AtomicModel& model() const { return model_; }

  // E_i (eV, including e0) of an atom of species `centre` with n neighbours (all within
  // the cutoff or beyond it: beyond contributes nothing). dE_dd (n entries) may be null.
  // Throws qmlff::Error when a neighbour sits on the centre (|d| = 0).
  double atom(int centre, const AtomicNeighbour* nb, int n, Vec3* dE_dd);

  // As atom() with the parameters theta, plus dE_i/dtheta added to d_theta (n_params) and,
  // when dir (per neighbour: w_j - w_i) is given, d/dtheta (sum_j dE_i/dd_j . dir_j)
  // added to dd_theta. Either theta output may be null.
  double atom_train(const double* theta, int centre, const AtomicNeighbour* nb, int n, const Vec3* dir, Vec3* dE_dd,
                    double* d_theta, double* dd_theta);

  // A non-periodic structure: species[a] is a species index. forces (overwritten),
  // virial (LAMMPS order xx yy zz xy xz yz, eV) and atom_energies may be null.
  double structure(const Vec3* positions, const int* species, int n_atoms, Vec3* forces,
                   std::array<double, 6>* virial = nullptr, double* atom_energies = nullptr);

  // Training terms of a structure with parameters theta: energy, forces, dE/dtheta
  // (overwritten), and when w is given d/dtheta (sum_a F_a . w_a) (overwritten).
  double train_terms(const double* theta, const Vec3* positions, const int* species, int n_atoms, Vec3* forces,
                     double* dE_dtheta, const Vec3* w, double* dFw_dtheta);

 private:
  struct NeighbourTerms {  // per neighbour, for the current atom
    double r = 0.0;
    Vec3 rhat{};
    std::vector<double> g, g1;  // basis values and r-derivatives (cutoff folded in)
  };
  // Radial sums of the current atom's environment into inputs_; fills terms_.
  void environment(const double* theta, int centre, const AtomicNeighbour* nb, int n);
  // The neighbour list of atom a of a structure (all other atoms within the cutoff).
  void structure_neighbours(const Vec3* positions, const int* species, int n_atoms, int a);
  double weight(const double* theta, int p) const { return p >= 0 ? theta[p] : 0.0; }

  AtomicModel model_;
  std::vector<std::unique_ptr<CircuitEvaluator>> circuits_;  // one per centre species
  std::vector<NeighbourTerms> terms_;
  std::vector<AtomicNeighbour> nb_;
  std::vector<int> nb_index_;
  std::vector<Vec3> inputs_, image_, grad_, grad_image_, w_in_, w_image_, ddu_, ddu_image_, dE_dd_, dir_nb_;
  std::vector<double> theta_local_, dth_, dth_image_, ddth_, ddth_image_;
};

}  // namespace qmlff
