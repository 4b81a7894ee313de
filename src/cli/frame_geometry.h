#pragma once
// The geometry checks `qmlff eval` and `check-forces` apply to every frame before
// evaluating it: the same rule as the LAMMPS pair style (geom/atom_distances.h).
#include <string>
#include <vector>

#include "io/dataset.h"
#include "models/fragment_model.h"

namespace qmlff::cli {

// Throws qmlff::Error "<where>: atoms 2 (H) and 3 (H) coincide ..." or, unless
// allow_beyond_cutoff, "<where>: atoms 1 (O) and 3 (H) are 10 A apart, beyond the fragment
// cutoff ...". `pos` is in model order, order[i] the frame atom of model atom i (atoms are
// named by their 1-based number in the frame).
void check_frame_geometry(const FragmentModel& model, const Frame& frame, const std::vector<int>& order,
                          const std::vector<Vec3>& pos, const std::string& where, bool allow_beyond_cutoff);

}  // namespace qmlff::cli
