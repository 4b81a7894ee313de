#pragma once
// The training loss of a fragment model over a set of labelled frames, and its exact
// gradient with respect to the circuit parameters theta.
//
//   L(theta) = (1/N) sum_f (E_f - E_f^ref)^2
//            + w_F (1/(3 N n_atoms)) sum_f sum_a |F_fa - F_fa^ref|^2          (eV^2, eV^2/Å^2)
//
// dL/dtheta = (2/N) sum_f (E_f - E_f^ref) dE_f/dtheta
//           + w_F/(3 N n_atoms) sum_f d/dtheta (sum_a F_fa . r_fa),  r_fa = 2 (F_fa - F_fa^ref),
// the second term by forward-over-adjoint (FragmentEvaluator::train_terms with w = r).
// Frames are split into fixed contiguous chunks, one per thread (one FragmentEvaluator
// each); per-chunk sums run in frame order and are added in chunk order, so results are
// bitwise reproducible for a given thread count.
#include <memory>
#include <vector>

#include "models/fragment_evaluator.h"
#include "models/fragment_model.h"

namespace qmlff::train {

// One labelled frame with atoms in the model's species order.
struct TrainFrame {
  std::vector<Vec3> positions;
  double energy = 0.0;
  std::vector<Vec3> forces;  // empty when unlabelled
};

struct LossValue {
  double loss = 0.0;    // L as above
  double mse_e = 0.0;   // eV^2
  double mse_f = 0.0;   // eV^2/Å^2 (0 when forces were not used)
  std::vector<double> grad;  // dL/dtheta (empty when not requested)
};

class LossEvaluator {
 public:
  // The model's scale and offset are fixed for the evaluator's lifetime.
  LossEvaluator(const FragmentModel& model, int n_threads);

  int n_threads() const { return static_cast<int>(evals_.size()); }
  const FragmentModel& model() const { return evals_[0]->model(); }

  // Loss over frames[idx[i]]. force_weight > 0 adds the force term (every frame must
  // carry forces). want_grad = false skips the parameter derivatives.
  LossValue evaluate(const std::vector<double>& theta, const std::vector<TrainFrame>& frames,
                     const std::vector<int>& idx, double force_weight, bool want_grad);

  // Energies (and forces, n_atoms per frame, model order) of frames[idx[i]].
  void predict(const std::vector<double>& theta, const std::vector<TrainFrame>& frames,
               const std::vector<int>& idx, std::vector<double>& energies,
               std::vector<std::vector<Vec3>>& forces);

 private:
  template <class F>
  void parallel_chunks(std::size_t n, F&& body);

  std::vector<std::unique_ptr<FragmentEvaluator>> evals_;
};

}  // namespace qmlff::train
