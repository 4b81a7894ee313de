#include "io/json_text.h"

#include <algorithm>

#include "core/error.h"

namespace qmlff {

namespace {

using json = nlohmann::json;

// The DOM builder of json::parse, remembering where and why parsing stopped: sax_parse
// hands every error (syntax and number overflow alike) to parse_error with its offset.
class LocatingDomParser : public nlohmann::detail::json_sax_dom_parser<json> {
 public:
  explicit LocatingDomParser(json& result) : json_sax_dom_parser(result, false) {}
  template <class Exception>
  bool parse_error(std::size_t offset, const std::string& /*token*/, const Exception& ex) {
    offset_ = offset;
    what_ = ex.what();
    return false;
  }
  std::size_t offset() const { return offset_; }
  const std::string& what() const { return what_; }

 private:
  std::size_t offset_ = 0;
  std::string what_;
};

}  // namespace

json parse_json_text(const std::string& text, const std::string& source) {
  json result;
  LocatingDomParser sax(result);
  if (json::sax_parse(text, &sax)) return result;
  // offset: characters read, the offending one included
  const std::size_t end = std::min(sax.offset() > 0 ? sax.offset() - 1 : 0, text.size());
  const long line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(end), '\n');
  std::string what = sax.what();
  if (what.find("number overflow") != std::string::npos)
    what += "; numbers must lie within the range of a double (magnitude below 1.8e308)";
  throw Error(source + ":" + std::to_string(line) + ": not valid JSON (" + what + ")");
}

}  // namespace qmlff
