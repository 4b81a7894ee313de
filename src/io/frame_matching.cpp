#include "io/frame_matching.h"

#include <map>

#include "core/error.h"

namespace qmlff {

std::string composition_string(const std::vector<std::string>& species) {
  std::vector<std::string> order;
  std::map<std::string, int> count;
  for (const auto& s : species)
    if (count[s]++ == 0) order.push_back(s);
  std::string out;
  for (const auto& s : order) out += s + (count[s] > 1 ? std::to_string(count[s]) : "");
  return out.empty() ? "(no atoms)" : out;
}

std::vector<int> match_species_order(const std::vector<std::string>& frame_species,
                                     const std::vector<std::string>& model_species, const std::string& where) {
  std::map<std::string, std::vector<int>> frame_by_species;
  for (int a = 0; a < static_cast<int>(frame_species.size()); ++a) frame_by_species[frame_species[a]].push_back(a);
  std::map<std::string, std::size_t> used;
  std::vector<int> order(model_species.size(), -1);
  bool ok = frame_species.size() == model_species.size();
  for (std::size_t i = 0; ok && i < model_species.size(); ++i) {
    auto it = frame_by_species.find(model_species[i]);
    std::size_t& k = used[model_species[i]];
    if (it == frame_by_species.end() || k >= it->second.size()) {
      ok = false;
      break;
    }
    order[i] = it->second[k++];
  }
  if (!ok) {
    std::string model_order;
    for (const auto& s : model_species) model_order += (model_order.empty() ? "" : " ") + s;
    throw Error(where + ": frame composition " + composition_string(frame_species) + " (" +
                std::to_string(frame_species.size()) + " atoms) does not match the model's composition " +
                composition_string(model_species) + " (" + std::to_string(model_species.size()) +
                " atoms, species order " + model_order + ")");
  }
  return order;
}

std::vector<Vec3> reorder_to_model(const std::vector<Vec3>& v, const std::vector<int>& order) {
  std::vector<Vec3> out(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) out[i] = v.at(static_cast<std::size_t>(order[i]));
  return out;
}

std::vector<Vec3> reorder_to_frame(const std::vector<Vec3>& v, const std::vector<int>& order) {
  std::vector<Vec3> out(v.size());
  for (std::size_t i = 0; i < order.size(); ++i) out.at(static_cast<std::size_t>(order[i])) = v[i];
  return out;
}

}  // namespace qmlff
