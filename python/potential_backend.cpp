#include "potential_backend.h"

#include <algorithm>

#include "core/error.h"
#include "io/frame_matching.h"
#include "io/potential_file.h"
#include "models/fragment_evaluator.h"

namespace qmlff::python {

namespace {

// A fragment model (one molecule, or a two-body model of two molecules): atoms are
// matched to the model's species order as `qmlff eval` does.
class FragmentBackend final : public PotentialBackend {
 public:
  explicit FragmentBackend(FragmentModel model) : model_(std::move(model)), evaluator_(model_) {}
  std::string kind() const override { return model_.kind; }
  std::string name() const override { return model_.name; }
  std::vector<std::string> species() const override { return model_.species; }
  std::vector<std::string> symmetries() const override { return model_.symmetries; }
  double cutoff() const override { return model_.fragment_cutoff; }
  const FragmentModel* fragment_model() const override { return &model_; }

  double energy_forces(int n, const double* pos, const std::vector<std::string>& species, double* forces,
                       double* virial) override {
    QMLFF_REQUIRE(static_cast<int>(species.size()) == n,
                  "energy_forces: " + std::to_string(n) + " positions but " + std::to_string(species.size()) +
                      " species; give one species per atom");
    const std::vector<int> order = match_species_order(species, model_.species, "energy_forces");
    pos_.resize(n);
    frc_.resize(n);
    for (int i = 0; i < n; ++i) std::copy(pos + 3 * order[i], pos + 3 * order[i] + 3, pos_[i].begin());
    Virial6 w{};
    const double e = evaluator_.energy_forces(pos_.data(), frc_.data(), &w);
    for (int i = 0; i < n; ++i) std::copy(frc_[i].begin(), frc_[i].end(), forces + 3 * order[i]);
    std::copy(w.begin(), w.end(), virial);
    return e;
  }

 private:
  FragmentModel model_;
  FragmentEvaluator evaluator_;
  std::vector<Vec3> pos_, frc_;
};

}  // namespace

std::unique_ptr<PotentialBackend> load_potential_backend(const std::string& path) {
  // New kinds: read the file's kind here and return their backend.
  return std::make_unique<FragmentBackend>(load_potential_file(path));
}

}  // namespace qmlff::python
