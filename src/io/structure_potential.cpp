#include "io/structure_potential.h"

#include "core/error.h"
#include "geom/atom_distances.h"
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

namespace {

// Atoms are named by their 1-based number in the structure and their species. pos is in
// the order order[] maps from (identity when order is empty).
void check_geometry(const std::vector<Vec3>& pos, const std::vector<int>& order,
                    const std::vector<std::string>& species, double cutoff, const std::string& model_name,
                    const std::string& where) {
  const auto p = find_atom_pair_problem(pos.data(), static_cast<int>(pos.size()), cutoff);
  if (!p) return;
  auto frame_index = [&](int i) { return order.empty() ? i : order[static_cast<std::size_t>(i)]; };
  auto name = [&](int i) {
    return std::to_string(frame_index(i) + 1) + " (" + species[static_cast<std::size_t>(frame_index(i))] + ")";
  };
  // frame order reads better: the lower frame number first
  const int first = frame_index(p->a) < frame_index(p->b) ? p->a : p->b;
  const int second = first == p->a ? p->b : p->a;
  std::string msg = where + ": " + describe_atom_pair_problem(*p, name(first), name(second), cutoff, model_name);
  if (p->kind == AtomPairProblem::Kind::BeyondCutoff)
    msg += "; LAMMPS refuses it too. To evaluate it anyway, pass --allow-beyond-cutoff";
  throw Error(msg);
}

}  // namespace

double StructurePotential::energy_forces(const std::vector<std::string>& species, const std::vector<Vec3>& positions,
                                         std::vector<Vec3>& forces, const std::string& where,
                                         bool allow_beyond_cutoff) {
  forces.assign(positions.size(), Vec3{0.0, 0.0, 0.0});
  if (!atomic()) {
    const std::vector<int> order = match_species_order(species, fragment_model_->species, where);
    const std::vector<Vec3> pos = reorder_to_model(positions, order);
    check_geometry(pos, order, species, allow_beyond_cutoff ? 0.0 : fragment_model_->fragment_cutoff,
                   fragment_model_->name, where);
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
  check_geometry(positions, {}, species, 0.0, atomic_model_->name, where);  // (no fragment cutoff)
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
