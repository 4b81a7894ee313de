#include "cli/frame_geometry.h"

#include <algorithm>

#include "core/error.h"
#include "geom/atom_distances.h"

namespace qmlff::cli {

void check_frame_geometry(const FragmentModel& model, const Frame& frame, const std::vector<int>& order,
                          const std::vector<Vec3>& pos, const std::string& where, bool allow_beyond_cutoff) {
  const double cutoff = allow_beyond_cutoff ? 0.0 : model.fragment_cutoff;
  const auto p = find_atom_pair_problem(pos.data(), static_cast<int>(pos.size()), cutoff);
  if (!p) return;
  auto name = [&](int model_atom) {
    const int i = order[static_cast<std::size_t>(model_atom)];
    return std::to_string(i + 1) + " (" + frame.species[static_cast<std::size_t>(i)] + ")";
  };
  // frame order reads better: the lower frame number first
  const int first = order[static_cast<std::size_t>(p->a)] < order[static_cast<std::size_t>(p->b)] ? p->a : p->b;
  const int second = first == p->a ? p->b : p->a;
  std::string msg = where + ": " + describe_atom_pair_problem(*p, name(first), name(second), model.fragment_cutoff, model.name);
  if (p->kind == AtomPairProblem::Kind::BeyondCutoff)
    msg += "; LAMMPS refuses it too. To evaluate it anyway, pass --allow-beyond-cutoff";
  throw Error(msg);
}

}  // namespace qmlff::cli
