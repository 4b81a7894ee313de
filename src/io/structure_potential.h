#pragma once
// A potential file of either kind evaluated on whole structures in their own atom order
// (the front ends that read datasets: `qmlff eval`, `qmlff check-forces`). A fragment
// model needs the structure's composition to equal its species (atoms are matched to its
// order and the forces put back); an atom-centred model takes any structure made of its
// species.
#include <memory>
#include <string>
#include <vector>

#include "models/atomic_evaluator.h"
#include "models/fragment_evaluator.h"

namespace qmlff {

class StructurePotential {
 public:
  explicit StructurePotential(const std::string& path);  // throws qmlff::Error naming the file

  bool atomic() const { return atomic_ != nullptr; }
  const std::string& name() const;
  // "species order O H H" (fragment) or "species C H O, any composition" (atom-centred).
  std::string species_summary() const;
  // Energy (eV) and forces (eV/Å, the structure's atom order). Errors (composition, unknown
  // species) are prefixed with `where`. The geometry rule of every front end and the pair
  // style (geom/atom_distances.h) comes first: coinciding atoms are refused, and for a
  // fragment model so are atoms beyond its fragment cutoff unless allow_beyond_cutoff
  // ("<where>: atoms 1 (O) and 3 (H) are 10 A apart, beyond the fragment cutoff ...").
  double energy_forces(const std::vector<std::string>& species, const std::vector<Vec3>& positions,
                       std::vector<Vec3>& forces, const std::string& where, bool allow_beyond_cutoff = false);

  const FragmentModel* fragment_model() const { return fragment_model_.get(); }
  const AtomicModel* atomic_model() const { return atomic_model_.get(); }

 private:
  std::unique_ptr<FragmentModel> fragment_model_;
  std::unique_ptr<FragmentEvaluator> fragment_;
  std::unique_ptr<AtomicModel> atomic_model_;
  std::unique_ptr<AtomicEvaluator> atomic_;
  std::vector<int> species_index_;
};

}  // namespace qmlff
