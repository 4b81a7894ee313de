#pragma once
// Field access for JSON documents read by qmlff (potential files): every failure names
// the file and the field, as "<file>: field '<path>': <problem>".
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace qmlff {

struct JsonReader {
  std::string file;

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw Error(file + ": field '" + path + "': " + what);
  }
  const nlohmann::json& at(const nlohmann::json& j, const std::string& key, const std::string& path) const {
    if (!j.is_object()) fail(path, "expected an object");
    auto it = j.find(key);
    if (it == j.end()) fail(path.empty() ? key : path + "." + key, "missing");
    return *it;
  }
  double number(const nlohmann::json& j, const std::string& path) const {
    if (!j.is_number()) fail(path, "expected a number, got " + std::string(j.type_name()));
    return j.get<double>();
  }
  int integer(const nlohmann::json& j, const std::string& path) const {
    if (!j.is_number_integer()) fail(path, "expected an integer, got " + std::string(j.type_name()));
    // get<int>() would wrap 9999999999 silently
    const bool fits = j.is_number_unsigned() ? j.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT_MAX)
                                             : j.get<std::int64_t>() >= INT_MIN && j.get<std::int64_t>() <= INT_MAX;
    if (!fits) fail(path, "integer " + j.dump() + " out of range");
    return j.get<int>();
  }
  std::string string(const nlohmann::json& j, const std::string& path) const {
    if (!j.is_string()) fail(path, "expected a string, got " + std::string(j.type_name()));
    return j.get<std::string>();
  }
  const nlohmann::json& array(const nlohmann::json& j, const std::string& path) const {
    if (!j.is_array()) fail(path, "expected an array, got " + std::string(j.type_name()));
    return j;
  }
  std::vector<double> numbers(const nlohmann::json& j, const std::string& path) const {
    std::vector<double> v;
    const nlohmann::json& a = array(j, path);
    for (std::size_t i = 0; i < a.size(); ++i) v.push_back(number(a[i], path + "[" + std::to_string(i) + "]"));
    return v;
  }
  std::vector<std::string> strings(const nlohmann::json& j, const std::string& path) const {
    std::vector<std::string> v;
    const nlohmann::json& a = array(j, path);
    for (std::size_t i = 0; i < a.size(); ++i) v.push_back(string(a[i], path + "[" + std::to_string(i) + "]"));
    return v;
  }
};

}  // namespace qmlff
