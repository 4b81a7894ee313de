#pragma once
// Energies, forces, virials and training derivatives of one fragment model.
// Holds a circuit evaluator (or, for the classical baseline, a network evaluator) and
// scratch space: use one per thread.
#include <array>
#include <optional>
#include <vector>

#include "models/fragment_model.h"
#include "models/invariant_nn_eval.h"
#include "sim/evaluator.h"

namespace qmlff {

// LAMMPS order: xx, yy, zz, xy, xz, yz; W_ij = sum_a r_a,i F_a,j (= -dE/d strain_ij).
using Virial6 = std::array<double, 6>;

class FragmentEvaluator {
 public:
  explicit FragmentEvaluator(const FragmentModel& model);

  const FragmentModel& model() const { return model_; }

  // positions: n_atoms, in model species order, in one periodic image (Å). Energy in eV.
  double energy(const Vec3* positions);
  // Forces (eV/Å) overwritten; virial optional (eV).
  double energy_forces(const Vec3* positions, Vec3* forces, Virial6* virial = nullptr);

  // For training with the model's current parameters replaced by theta:
  //   energy, forces, dE/dtheta (size n_params), and, when w is given,
  //   d/dtheta (sum_a F_a . w_a) (size n_params).
  double train_terms(const double* theta, const Vec3* positions, Vec3* forces, double* dE_dtheta,
                     const Vec3* w, double* dFw_dtheta);

  // Circuit inputs for the given positions (after the frame, if any).
  const std::vector<Vec3>& inputs(const Vec3* positions);

 private:
  void compute_inputs(const Vec3* positions, bool with_jacobian);
  // Circuit value and derivatives with respect to the circuit inputs, averaged over the
  // inversion images when the model asks for it. Results land in d_inputs_ (and the
  // theta arrays); w_inputs is a direction in circuit-input space or null.
  double circuit_terms(const double* theta, const Vec3* w_inputs, double* d_theta, double* dir,
                       double* dd_theta);
  void inputs_to_forces(const std::vector<Vec3>& dE_du, Vec3* forces);

  // Network models: the same scaling and sign conventions around E_raw and its derivatives.
  double network_terms(const double* theta, const Vec3* positions, Vec3* forces, double* dE_dtheta, const Vec3* w,
                       double* dFw_dtheta);

  FragmentModel model_;
  std::optional<CircuitEvaluator> circuit_eval_;  // exactly one of these two is set
  std::optional<InvariantNNEvaluator> network_eval_;
  std::vector<Vec3> network_grad_;
  std::vector<Vec3> lab_inputs_, inputs_, d_inputs_, dir_inputs_, lab_dir_, lab_grad_;
  std::vector<Vec3> image_inputs_, image_dir_, image_d_inputs_;
  std::vector<double> image_d_theta_, image_dd_theta_;
  std::vector<double> frame_jac_;  // d circuit inputs / d lab inputs (frame or internal coordinates)
};

}  // namespace qmlff
