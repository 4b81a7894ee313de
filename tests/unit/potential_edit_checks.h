#pragma once
// Shared check for potential-file error tests: apply an edit to a valid file's JSON and
// expect parse_potential to refuse it with a message naming the file and containing needle.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "core/error.h"
#include "io/potential_file.h"

namespace qmlff::testing {

inline void expect_edit_rejected(const nlohmann::json& good, const std::function<void(nlohmann::json&)>& edit,
                                 const std::string& needle) {
  nlohmann::json j = good;
  edit(j);
  try {
    parse_potential(j.dump(1), "bad.json");
    ADD_FAILURE() << "accepted an edit that should fail with '" << needle << "'";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("bad.json"), std::string::npos) << e.what();
  }
}

// expect_edit_rejected bound to the file of one model: rejects(edit, needle).
inline auto edit_rejecter(const FragmentModel& m) {
  return [good = nlohmann::json::parse(serialize_potential(m))](const std::function<void(nlohmann::json&)>& edit,
                                                                 const std::string& needle) {
    expect_edit_rejected(good, edit, needle);
  };
}

}  // namespace qmlff::testing
