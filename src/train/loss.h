#pragma once
// The training loss of a model over a set of labelled frames, and its exact gradient
// with respect to the parameters theta.
//
//   L(theta) = (1/N) sum_f ((E_f - E_f^ref) / n_f)^p                      (eV^2; p = per atom)
//            + w_F (1/(3 sum_f n_f)) sum_f sum_a |F_fa - F_fa^ref|^2      (eV^2/Å^2)
//
// with n_f = 1 for fragment models (energies per structure) and n_f = the frame's atom
// count for atom-centred models (energies per atom, so that molecules of different size
// weigh alike). The gradient of the force term is a sum of d/dtheta (sum_a F_fa . r_fa),
// r_fa = 2 (F_fa - F_fa^ref), by forward-over-adjoint (FrameModel::train_terms with w = r).
// Frames are split into fixed contiguous chunks, one per thread (one FrameModel each);
// per-chunk sums run in frame order and are added in chunk order, so results are
// bitwise reproducible for a given thread count.
#include <functional>
#include <memory>
#include <vector>

#include "train/frame_model.h"

namespace qmlff::train {

struct LossValue {
  double loss = 0.0;    // L as above
  double mse_e = 0.0;   // eV^2
  double mse_f = 0.0;   // eV^2/Å^2 (0 when forces were not used)
  std::vector<double> grad;  // dL/dtheta (empty when not requested)
};

class LossEvaluator {
 public:
  using Factory = std::function<std::unique_ptr<FrameModel>()>;
  // energy_per_atom: the energy term compares E/n_atoms (atom-centred models).
  LossEvaluator(const Factory& make, int n_params, int n_threads, bool energy_per_atom);
  LossEvaluator(const FragmentModel& model, int n_threads);  // energies per structure
  LossEvaluator(const AtomicModel& model, int n_threads);    // energies per atom

  int n_threads() const { return static_cast<int>(evals_.size()); }
  bool energy_per_atom() const { return energy_per_atom_; }

  // Loss over frames[idx[i]]. force_weight > 0 adds the force term (every frame must
  // carry forces). want_grad = false skips the parameter derivatives.
  LossValue evaluate(const std::vector<double>& theta, const std::vector<TrainFrame>& frames,
                     const std::vector<int>& idx, double force_weight, bool want_grad);

  // Energies (and forces, per frame in its atom order) of frames[idx[i]].
  void predict(const std::vector<double>& theta, const std::vector<TrainFrame>& frames,
               const std::vector<int>& idx, std::vector<double>& energies,
               std::vector<std::vector<Vec3>>& forces);

 private:
  template <class F>
  void parallel_chunks(std::size_t n, F&& body);

  std::vector<std::unique_ptr<FrameModel>> evals_;
  int n_params_ = 0;
  bool energy_per_atom_ = false;
};

}  // namespace qmlff::train
