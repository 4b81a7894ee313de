#pragma once
// Generic (non-equivariant) VQLM after Kiss et al., MLST 3, 035004 (2022): a
// hardware-efficient re-uploading circuit on internal coordinates. See generic_vqlm.cpp.
#include "models/builders.h"

namespace qmlff {

FragmentModel build_generic_vqlm(const BuilderOptions& opt);

}  // namespace qmlff
