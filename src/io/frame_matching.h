#pragma once
// Matching the atoms of a labelled frame to a model's species order.
#include <string>
#include <vector>

#include "sim/types.h"

namespace qmlff {

// For each model atom i, the index in frame_species of the frame atom that plays its role:
// the k-th model atom of species s is matched to the k-th frame atom of species s
// (a stable matching, so frames already in model order map to the identity).
// Throws qmlff::Error "<where>: frame composition ... does not match the model's
// composition ..." when the multisets of species differ.
std::vector<int> match_species_order(const std::vector<std::string>& frame_species,
                                     const std::vector<std::string>& model_species, const std::string& where);

// "OH2" style formula in order of first appearance, e.g. {O,H,H} -> "OH2".
std::string composition_string(const std::vector<std::string>& species);

// out[i] = v[order[i]] (frame order -> model order).
std::vector<Vec3> reorder_to_model(const std::vector<Vec3>& v, const std::vector<int>& order);
// out[order[i]] = v[i] (model order -> frame order); out has v.size() entries.
std::vector<Vec3> reorder_to_frame(const std::vector<Vec3>& v, const std::vector<int>& order);

}  // namespace qmlff
