#pragma once
// Re-encoding a trained siVQLM potential: the builder's circuit with another encoding of the
// inputs (LiH: "su2", the seed's exp(-i alpha u.sigma) of the lab vectors, or "bond", diagonal
// RZ gates of the bond length; docs/models.md) and the same trained parameters. Used by
// `qmlff build --from FILE --encoding E` (docs/cli.md). Lives in io/ because it compares the
// two layouts as potential files.
#include <string>

#include "models/builders.h"

namespace qmlff {

struct Reencoded {
  FragmentModel model;   // the new circuit, with everything else taken from the source
  BuilderOptions source;  // the builder options that lay out the source's circuit exactly
};

// Reads D, B and symmetry breaking from the source's parameter labels (the builders' "alpha",
// "J[d=..,b=..,k=..]", "eps[d]") and its encoding from its gates, and lays the source out
// again with the builder: that must give the source's file record for record (gates, inputs,
// frame, observable, labels, ...) except for the values (parameters, output scaling, fixed
// terms, cutoff, provenance), so that every parameter means what its label says. The new
// model is the builder's circuit for the same options with `encoding`, takes every parameter
// by label, and keeps the source's name, scaling, fixed terms, cutoff and provenance.
// Kinds sivqlm_ab, sivqlm_ab2, sivqlm_ab3 (only sivqlm_ab has a second encoding). Throws
// qmlff::Error, saying which step is not exact, instead of mapping anything by position.
Reencoded reencode_model(const FragmentModel& source, const std::string& encoding);

}  // namespace qmlff
