#include "io/structure_potential.h"

#include "core/error.h"
#include "io/atomic_potential_file.h"
#include "io/frame_matching.h"
#include "io/potential_file.h"

namespace qmlff {

StructurePotential::StructurePotential(const std::string& path) {
  if (potential_file_is_atomic(path)) {
    atomic_model_ = std::make_unique<AtomicModel>(load_atomic_potential_file(path));
    atomic_ = std::make_unique<AtomicEvaluator>(*atomic_model_);
  } else {
    fragment_model_ = std::make_unique<FragmentModel>(load_potential_file(path));
    fragment_ = std::make_unique<FragmentEvaluator>(*fragment_model_);
  }
}

const std::string& StructurePotential::name() const { return atomic() ? atomic_model_->name : fragment_model_->name; }

std::string StructurePotential::species_summary() const {
  const std::vector<std::string>& sp = atomic() ? atomic_model_->species : fragment_model_->species;
  std::string s;
  for (const auto& x : sp) s += (s.empty() ? "" : " ") + x;
  return atomic() ? "species " + s + ", any composition" : "species order " + s;
}

double StructurePotential::energy_forces(const std::vector<std::string>& species, const std::vector<Vec3>& positions,
                                         std::vector<Vec3>& forces, const std::string& where) {
  forces.assign(positions.size(), Vec3{0.0, 0.0, 0.0});
  if (!atomic()) {
    const std::vector<int> order = match_species_order(species, fragment_model_->species, where);
    const std::vector<Vec3> pos = reorder_to_model(positions, order);
    std::vector<Vec3> fm(pos.size());
    double e = 0.0;
    try {
      e = fragment_->energy_forces(pos.data(), fm.data());
    } catch (const Error& err) {
      throw Error(where + ": " + err.what());
    }
    forces = reorder_to_frame(fm, order);
    return e;
  }
  species_index_.resize(species.size());
  for (std::size_t a = 0; a < species.size(); ++a) {
    species_index_[a] = atomic_model_->species_index(species[a]);
    if (species_index_[a] < 0)
      throw Error(where + ": atom " + std::to_string(a + 1) + " is " + species[a] +
                  ", a species the model does not know (" + species_summary() + ")");
  }
  try {
    return atomic_->structure(positions.data(), species_index_.data(), static_cast<int>(positions.size()),
                              forces.data());
  } catch (const Error& err) {
    throw Error(where + ": " + err.what());
  }
}

}  // namespace qmlff
