#pragma once
// What the loss needs of a model kind: the training terms of one labelled frame. Fragment
// models (fixed atoms, FragmentEvaluator) and atom-centred models (any structure,
// AtomicEvaluator) both train through this, so the loss, the trainer, cross-validation
// and the metrics are shared. One instance per thread (evaluators hold scratch space).
#include <memory>
#include <vector>

#include "models/atomic_model.h"
#include "models/fragment_model.h"
#include "sim/types.h"

namespace qmlff::train {

// One labelled frame. Fragment models: atoms in the model's species order, species empty.
// Atom-centred models: any atoms, species[a] the model's species index of atom a.
struct TrainFrame {
  std::vector<Vec3> positions;
  std::vector<int> species;
  double energy = 0.0;
  std::vector<Vec3> forces;  // empty when unlabelled
  int n_atoms() const { return static_cast<int>(positions.size()); }
};

class FrameModel {
 public:
  virtual ~FrameModel() = default;
  // Energy; forces (n_atoms entries, overwritten) may be null; dE/dtheta (overwritten)
  // may be null; with w (n_atoms directions) also d/dtheta (sum_a F_a . w_a) (overwritten).
  virtual double train_terms(const double* theta, const TrainFrame& frame, Vec3* forces, double* dE_dtheta,
                             const Vec3* w, double* dFw_dtheta) = 0;
};

std::unique_ptr<FrameModel> make_frame_model(const FragmentModel& model);
std::unique_ptr<FrameModel> make_frame_model(const AtomicModel& model);

}  // namespace qmlff::train
