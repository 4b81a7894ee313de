#include "potential_backend.h"

#include <algorithm>
#include <array>

#include "core/error.h"
#include "io/atomic_potential_file.h"
#include "io/frame_matching.h"
#include "interface/atomic_cell.h"
#include "io/potential_file.h"
#include "models/atomic_evaluator.h"
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

// An atom-centred model (docs/models.md): any non-periodic structure of its species, atoms
// in their own order; per-atom energies are the atomic energies E_i.
class AtomicBackend final : public PotentialBackend {
 public:
  explicit AtomicBackend(AtomicModel model) : model_(std::move(model)), evaluator_(model_), assembler_(model_) {}
  std::string kind() const override { return model_.kind; }
  std::string name() const override { return model_.name; }
  std::vector<std::string> species() const override { return model_.species; }
  std::vector<std::string> symmetries() const override { return model_.symmetries; }
  double cutoff() const override { return model_.cutoff(); }

  double energy_forces(int n, const double* pos, const std::vector<std::string>& species, double* forces,
                       double* virial) override {
    return structure(n, pos, species, nullptr, nullptr, forces, virial, nullptr);
  }
  double structure(int n, const double* pos, const std::vector<std::string>& species, const double* cell,
                   const bool* pbc, double* forces, double* virial, double* atom_energies) override {
    QMLFF_REQUIRE(static_cast<int>(species.size()) == n,
                  "energy_forces: " + std::to_string(n) + " positions but " + std::to_string(species.size()) +
                      " species; give one species per atom");
    idx_.resize(n);
    pos_.resize(n);
    frc_.resize(n);
    for (int i = 0; i < n; ++i) {
      idx_[i] = model_.species_index(species[i]);
      if (idx_[i] < 0)
        throw Error("energy_forces: atom " + std::to_string(i + 1) + " is " + species[i] +
                    ", a species the model does not know (it knows " + join(model_.species) + ")");
      std::copy(pos + 3 * i, pos + 3 * i + 3, pos_[i].begin());
    }
    if (cell && pbc && (pbc[0] || pbc[1] || pbc[2])) {
      const std::array<Vec3, 3> c{Vec3{cell[0], cell[1], cell[2]}, Vec3{cell[3], cell[4], cell[5]},
                                  Vec3{cell[6], cell[7], cell[8]}};
      const AtomicCellResult r = evaluate_atomic_cell(assembler_, pos_, idx_, c, {pbc[0], pbc[1], pbc[2]});
      for (int i = 0; i < n; ++i) std::copy(r.forces[i].begin(), r.forces[i].end(), forces + 3 * i);
      if (atom_energies) std::copy(r.atom_energies.begin(), r.atom_energies.end(), atom_energies);
      std::copy(r.virial.begin(), r.virial.end(), virial);
      return r.energy;
    }
    std::array<double, 6> w{};
    const double e = evaluator_.structure(pos_.data(), idx_.data(), n, frc_.data(), &w, atom_energies);
    for (int i = 0; i < n; ++i) std::copy(frc_[i].begin(), frc_[i].end(), forces + 3 * i);
    std::copy(w.begin(), w.end(), virial);
    return e;
  }
  bool atomic() const override { return true; }

 private:
  static std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  }
  AtomicModel model_;
  AtomicEvaluator evaluator_;
  AtomicAssembler assembler_;  // periodic cells
  std::vector<int> idx_;
  std::vector<Vec3> pos_, frc_;
};

}  // namespace

std::unique_ptr<PotentialBackend> load_potential_backend(const std::string& path) {
  if (potential_file_is_atomic(path)) return std::make_unique<AtomicBackend>(load_atomic_potential_file(path));
  return std::make_unique<FragmentBackend>(load_potential_file(path));
}

}  // namespace qmlff::python
