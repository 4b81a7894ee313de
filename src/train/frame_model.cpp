#include "train/frame_model.h"

#include "models/atomic_evaluator.h"
#include "models/fragment_evaluator.h"

namespace qmlff::train {

namespace {

class FragmentFrameModel final : public FrameModel {
 public:
  explicit FragmentFrameModel(const FragmentModel& m) : ev_(m) {}
  double train_terms(const double* theta, const TrainFrame& f, Vec3* forces, double* dE, const Vec3* w,
                     double* dFw) override {
    return ev_.train_terms(theta, f.positions.data(), forces, dE, w, dFw);
  }

 private:
  FragmentEvaluator ev_;
};

class AtomicFrameModel final : public FrameModel {
 public:
  explicit AtomicFrameModel(const AtomicModel& m) : ev_(m) {}
  double train_terms(const double* theta, const TrainFrame& f, Vec3* forces, double* dE, const Vec3* w,
                     double* dFw) override {
    return ev_.train_terms(theta, f.positions.data(), f.species.data(), f.n_atoms(), forces, dE, w, dFw);
  }

 private:
  AtomicEvaluator ev_;
};

}  // namespace

std::unique_ptr<FrameModel> make_frame_model(const FragmentModel& model) {
  return std::make_unique<FragmentFrameModel>(model);
}
std::unique_ptr<FrameModel> make_frame_model(const AtomicModel& model) {
  return std::make_unique<AtomicFrameModel>(model);
}

}  // namespace qmlff::train
