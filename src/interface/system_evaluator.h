#pragma once
// SystemEvaluator: energy, forces, virial and per-atom energies of a whole system of
// molecules (optionally periodic) with fragment models, for front ends without LAMMPS (the
// Python module and its ASE calculator). It follows pair_style qml exactly: fragments are
// molecules (FragmentAssembler), the many-body expansion adds switched pair terms of the
// two-body model (many_body.h), periodic images come from PeriodicImages, and per-atom
// energies split each term equally over its atoms.
//
//   SystemEvaluator sys(models, options);      // checks as pair_style/pair_coeff/init do
//   double e = sys.compute(n, pos, species, mol, cell, forces, virial, energies);
//
// Not thread-safe (one scratch evaluator per model); use one per thread.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "interface/fragment_assembler.h"
#include "interface/many_body.h"
#include "interface/periodic_images.h"
#include "models/fragment_evaluator.h"

namespace qmlff {

// The pair style's keywords (docs/lammps.md, "Syntax").
struct SystemOptions {
  bool many_body = false;  // mbe R_S R_C
  double r_s = 0.0, r_c = 0.0;
  bool allow_noninvariant = false;
  std::vector<std::string> sources;  // per model, where it came from (messages); optional
};

class SystemEvaluator {
 public:
  // Throws qmlff::Error like the pair style's set-up: two models of one composition, a
  // model that is not rotation invariant (unless allowed), mbe without a usable two-body
  // model. Warnings (a two-body model without provenance) are kept in warnings().
  SystemEvaluator(std::vector<FragmentModel> models, const SystemOptions& options);

  const std::vector<std::string>& species() const { return assembler_->species(); }
  int species_index(const std::string& name) const { return assembler_->species_index(name); }
  const std::vector<std::string>& warnings() const { return warnings_; }
  const std::vector<FragmentModel>& models() const { return models_; }

  // n atoms at pos (n x 3, Å), species indices (species_index; every atom must have one),
  // molecule IDs mol (> 0; atoms with one ID form one molecule). Writes forces (n x 3,
  // eV/Å), the virial W_ij = sum r_i F_j over the terms' atoms in their images (order xx yy
  // zz xy xz yz, eV) and, when energies is not null, per-atom energies (eV). Returns the
  // energy (eV). Throws qmlff::Error naming the molecule or atom (IDs = index + 1).
  double compute(int n, const double* pos, const int* species, const std::int64_t* mol, const Cell& cell,
                 double* forces, double* virial, double* energies);
  int n_terms() const { return n_terms_; }  // terms evaluated by the last compute

 private:
  void check_fragment_size(const Fragment& f) const;
  void find_pairs();

  std::vector<FragmentModel> models_;
  std::vector<FragmentEvaluator> evaluators_;
  std::unique_ptr<FragmentAssembler> assembler_;
  std::unique_ptr<SmoothSwitch> switch_;
  std::vector<std::string> warnings_;
  double reach_ = 0.0;  // ghost atoms out to this distance beyond the cell
  int n_terms_ = 0;

  // scratch
  PeriodicImages images_;
  std::vector<std::int64_t> mol_;
  std::vector<int> species_;
  std::vector<std::array<int, 2>> pairs_;
  std::vector<Vec3> pos_, frc_;
};

}  // namespace qmlff
