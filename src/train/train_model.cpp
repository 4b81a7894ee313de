#include "train/train_model.h"

#include "io/atomic_potential_file.h"
#include "io/potential_file.h"
#include "models/atomic_builder.h"
#include "models/builders.h"
#include "train/atomic_data.h"

namespace qmlff::train {

using json = nlohmann::json;

namespace {

class FragmentTrainModel final : public TrainModel {
 public:
  explicit FragmentTrainModel(const TrainConfig& cfg) : model_(build_model(cfg.kind, cfg.builder)) {}
  std::string kind() const override { return model_.kind; }
  std::vector<double>& parameters() override { return model_.parameters; }
  void set_name(const std::string& name) override { model_.name = name; }
  LoadedData load(const std::string& path, const DataConfig& c, bool require_forces) const override {
    return load_training_data(path, model_, c, require_forces);
  }
  void initialise(const InitConfig& c, std::uint64_t seed) override { init_parameters(model_, c, seed); }
  json prepare(const ScalingConfig& c, const std::vector<TrainFrame>& frames, const std::vector<int>& idx) override {
    json scaling;
    if (c.type == "minmax") {
      const auto [omin, omax] = output_range(model_);
      const auto [emin, emax] = set_minmax_scaling(model_, frames, idx, c.margin, omin, omax);
      scaling = {{"type", "minmax"}, {"observable_min", omin}, {"observable_max", omax}, {"train_energy_min", emin},
                 {"train_energy_max", emax}, {"margin", c.margin}, {"scale", model_.scale},
                 {"offset", model_.offset}};
    } else {
      scaling = {{"type", "none"}, {"scale", model_.scale}, {"offset", model_.offset}};
    }
    standardise_network_inputs(model_, frames, idx);
    return scaling;
  }
  std::vector<double> scaling_state() const override { return {model_.scale, model_.offset}; }
  double gradient_factor() const override { return 1.0 / (model_.scale * model_.scale); }
  std::unique_ptr<LossEvaluator> make_loss(int threads) const override {
    return std::make_unique<LossEvaluator>(model_, threads);
  }
  void save(const std::string& path, const std::string& provenance_json) override {
    model_.provenance_json = provenance_json;
    save_potential_file(model_, path, true);
  }
  const FragmentModel* fragment() const override { return &model_; }

 private:
  FragmentModel model_;
};

class AtomicTrainModel final : public TrainModel {
 public:
  explicit AtomicTrainModel(const TrainConfig& cfg) : model_(build_atomic_model(cfg.atomic)) {}
  std::string kind() const override { return model_.kind; }
  std::vector<double>& parameters() override { return model_.parameters; }
  void set_name(const std::string& name) override { model_.name = name; }
  LoadedData load(const std::string& path, const DataConfig& c, bool require_forces) const override {
    return load_atomic_training_data(path, model_, c, require_forces);
  }
  void initialise(const InitConfig& c, std::uint64_t seed) override { init_atomic_parameters(model_, c, seed); }
  json prepare(const ScalingConfig& c, const std::vector<TrainFrame>& frames, const std::vector<int>& idx) override {
    return fit_atomic_scaling(model_, frames, idx, c.scale_factor);
  }
  std::vector<double> scaling_state() const override {
    std::vector<double> v;
    for (const auto& c : model_.centres) v.insert(v.end(), {c.scale, c.e0});
    return v;
  }
  double gradient_factor() const override {
    const double s = model_.centres[0].scale;  // one scale for every species (fit_atomic_scaling)
    return 1.0 / (s * s);
  }
  std::unique_ptr<LossEvaluator> make_loss(int threads) const override {
    return std::make_unique<LossEvaluator>(model_, threads);
  }
  void save(const std::string& path, const std::string& provenance_json) override {
    model_.provenance_json = provenance_json;
    save_atomic_potential_file(model_, path, true);
  }

 private:
  AtomicModel model_;
};

}  // namespace

std::unique_ptr<TrainModel> make_train_model(const TrainConfig& cfg) {
  if (is_atomic_kind(cfg.kind)) return std::make_unique<AtomicTrainModel>(cfg);
  return std::make_unique<FragmentTrainModel>(cfg);
}

}  // namespace qmlff::train
