#include "sheet/json_document.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/stream_parser.hpp>
#include <set>
#include <string>
#include <vector>

#include "text/utf8.h"

namespace torikumi::sheet {
namespace {

// A basic_parser handler that builds nothing and only remembers, per open object, the keys
// it has seen: the first key seen twice stops the parse.
struct DuplicateKeyFinder {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  std::vector<std::set<std::string>> objects;
  std::string key;
  std::string duplicate;

  bool Fail(boost::system::error_code& ec) {
    ec = std::make_error_code(std::errc::invalid_argument);
    return false;
  }

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_object_begin(boost::system::error_code&) {
    objects.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t, boost::system::error_code&) {
    objects.pop_back();
    return true;
  }
  bool on_array_begin(boost::system::error_code&) { return true; }
  bool on_array_end(std::size_t, boost::system::error_code&) { return true; }
  bool on_key_part(std::string_view part, std::size_t, boost::system::error_code&) {
    key += part;
    return true;
  }
  bool on_key(std::string_view part, std::size_t, boost::system::error_code& ec) {
    key += part;
    if (!objects.back().insert(key).second) {
      duplicate = std::move(key);
      return Fail(ec);
    }
    key.clear();
    return true;
  }
  bool on_string_part(std::string_view, std::size_t, boost::system::error_code&) { return true; }
  bool on_string(std::string_view, std::size_t, boost::system::error_code&) { return true; }
  bool on_number_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_int64(std::int64_t, std::string_view, boost::system::error_code&) { return true; }
  bool on_uint64(std::uint64_t, std::string_view, boost::system::error_code&) { return true; }
  bool on_double(double, std::string_view, boost::system::error_code&) { return true; }
  bool on_bool(bool, boost::system::error_code&) { return true; }
  bool on_null(boost::system::error_code&) { return true; }
  bool on_comment_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_comment(std::string_view, boost::system::error_code&) { return true; }
};

Error At(std::string_view json, std::size_t offset, const std::string& what) {
  const auto at = text::LineColumnAt(json, std::min(offset, json.size()));
  return Error::InvalidInput(what, {"", at.line, at.column});
}

}  // namespace

Result<boost::json::value> ParseJsonDocument(std::string_view json, std::size_t max_depth) {
  boost::json::parse_options options;
  options.max_depth = max_depth;
  boost::system::error_code ec;
  boost::json::stream_parser parser({}, options);
  const std::size_t consumed = parser.write_some(json.data(), json.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) return At(json, consumed, "JSON として読めません: " + ec.message());
  // Well-formed: a second pass looks for keys given twice, which the value above has lost.
  boost::json::basic_parser<DuplicateKeyFinder> finder(options);
  const std::size_t reached = finder.write_some(false, json.data(), json.size(), ec);
  if (ec && !finder.handler().duplicate.empty()) {
    // The key's text is valid UTF-8 (the first pass checked), so it may be shown.
    return At(json, reached, "JSON のキー「" + finder.handler().duplicate + "」が二度あります");
  }
  return parser.release();
}

}  // namespace torikumi::sheet
