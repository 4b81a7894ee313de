#pragma once
// Human-readable summary of a potential file's free-form provenance JSON (for `qmlff info`).
// Lives in io/ because only io/ parses JSON.
#include <string>
#include <utility>
#include <vector>

namespace qmlff {

// (label, text) rows: generator, version, date, datasets (path, frames, checksum), split
// sizes, and for each split in provenance.metrics the energy/force MSE, MAE, RMSE, R², n.
// Unknown keys are listed by name. Empty for "{}". Never throws on unexpected shapes:
// values it cannot interpret are shown as compact JSON.
std::vector<std::pair<std::string, std::string>> summarize_provenance(const std::string& provenance_json);

// The current UTC time as provenance records write it, e.g. "2026-11-28T09:55:11Z".
std::string utc_now();

}  // namespace qmlff
