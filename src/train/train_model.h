#pragma once
// The model kinds the trainer builds, scales, trains and saves, behind one interface, so
// the loop, checkpoints, cross-validation and metrics (train/trainer.cpp) are shared:
// fragment models (circuits and networks of one composition) and atom-centred models.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/config.h"
#include "train/data.h"
#include "train/loss.h"

namespace qmlff::train {

class TrainModel {
 public:
  virtual ~TrainModel() = default;
  virtual std::string kind() const = 0;
  virtual std::vector<double>& parameters() = 0;
  virtual void set_name(const std::string& name) = 0;
  // Reads a labelled file into training frames; errors name file, line, frame and atom.
  virtual LoadedData load(const std::string& path, const DataConfig& c, bool require_forces) const = 0;
  virtual void initialise(const InitConfig& c, std::uint64_t seed) = 0;
  // Fixes the output scaling (and network standardisation) from the training frames before
  // training; returns the metrics' "scaling" record.
  virtual nlohmann::json prepare(const ScalingConfig& c, const std::vector<TrainFrame>& frames,
                                 const std::vector<int>& train_idx) = 0;
  // The numbers prepare() fixed (scales, offsets, reference energies): a resumed run
  // checks they are unchanged.
  virtual std::vector<double> scaling_state() const = 0;
  // dL/dtheta is multiplied by this before the optimizer (1 / scale^2: the loss is in eV^2
  // while theta acts on the circuit value), so learning rates do not depend on units.
  virtual double gradient_factor() const = 0;
  virtual std::unique_ptr<LossEvaluator> make_loss(int threads) const = 0;
  virtual void save(const std::string& path, const std::string& provenance_json) = 0;
  // The fragment model itself (null for other kinds): TrainSummary::model.
  virtual const FragmentModel* fragment() const { return nullptr; }
};

std::unique_ptr<TrainModel> make_train_model(const TrainConfig& cfg);

}  // namespace qmlff::train
