#include "sheet/json_document.h"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <optional>
#include <string>
#include <vector>

#include "text/utf8.h"

namespace torikumi::sheet {
namespace {

using boost::system::error_code;

// A basic_parser handler that builds the document's value in one pass, refusing the first
// key given twice in an object, and hands the elements of a streamed array to their taker
// as each is complete.
class DocumentBuilder {
 public:
  static constexpr std::size_t max_object_size = boost::json::object::max_size();
  static constexpr std::size_t max_array_size = boost::json::array::max_size();
  static constexpr std::size_t max_key_size = boost::json::string::max_size();
  static constexpr std::size_t max_string_size = boost::json::string::max_size();

  explicit DocumentBuilder(const StreamedArray* streamed) : streamed_(streamed) {
    document_.reset();
    element_.reset();
  }

  boost::json::value Release() { return document_.release(); }

  std::string duplicate;         // the key given twice
  std::optional<Error> refused;  // by the streamed array's taker

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }

  bool on_object_begin(error_code&) {
    if (depth_ == 0) root_is_object_ = true;
    if (keys_.size() == depth_) keys_.emplace_back();
    keys_[depth_].clear();
    ++depth_;
    return true;
  }
  bool on_object_end(std::size_t n, error_code& ec) {
    --depth_;
    Stack().push_object(n);
    return ValueDone(ec);
  }

  bool on_array_begin(error_code&) {
    if (keys_.size() == depth_) keys_.emplace_back();
    ++depth_;
    if (depth_ == 2 && root_is_object_ && streamed_ && root_key_ == streamed_->member) {
      streaming_ = true;
      index_ = 0;
    }
    return true;
  }
  bool on_array_end(std::size_t n, error_code& ec) {
    --depth_;
    if (streaming_ && depth_ == 1) {
      streaming_ = false;
      document_.push_array(0);
      return true;
    }
    Stack().push_array(n);
    return ValueDone(ec);
  }

  bool on_key_part(std::string_view part, std::size_t, error_code&) {
    key_ += part;
    Stack().push_chars(part);
    return true;
  }
  bool on_key(std::string_view part, std::size_t, error_code& ec) {
    key_ += part;
    std::vector<std::string>& keys = keys_[depth_ - 1];
    if (std::find(keys.begin(), keys.end(), key_) != keys.end()) {
      duplicate = std::move(key_);
      ec = std::make_error_code(std::errc::invalid_argument);
      return false;
    }
    keys.push_back(key_);
    if (depth_ == 1) root_key_ = key_;
    key_.clear();
    Stack().push_key(part);
    return true;
  }

  bool on_string_part(std::string_view part, std::size_t, error_code&) {
    Stack().push_chars(part);
    return true;
  }
  bool on_string(std::string_view part, std::size_t, error_code& ec) {
    Stack().push_string(part);
    return ValueDone(ec);
  }
  bool on_number_part(std::string_view, error_code&) { return true; }
  bool on_int64(std::int64_t i, std::string_view, error_code& ec) {
    Stack().push_int64(i);
    return ValueDone(ec);
  }
  bool on_uint64(std::uint64_t u, std::string_view, error_code& ec) {
    Stack().push_uint64(u);
    return ValueDone(ec);
  }
  bool on_double(double d, std::string_view, error_code& ec) {
    Stack().push_double(d);
    return ValueDone(ec);
  }
  bool on_bool(bool b, error_code& ec) {
    Stack().push_bool(b);
    return ValueDone(ec);
  }
  bool on_null(error_code& ec) {
    Stack().push_null();
    return ValueDone(ec);
  }
  bool on_comment_part(std::string_view, error_code&) { return true; }
  bool on_comment(std::string_view, error_code&) { return true; }

 private:
  boost::json::value_stack& Stack() { return streaming_ ? element_ : document_; }

  // After a value: an element of the streamed array, complete, goes to its taker.
  bool ValueDone(error_code& ec) {
    if (!streaming_ || depth_ != 2) return true;
    boost::json::value element = element_.release();
    element_.reset();
    Result<void> taken = streamed_->take(std::move(element), index_++);
    if (taken) return true;
    refused = taken.error();
    ec = std::make_error_code(std::errc::invalid_argument);
    return false;
  }

  const StreamedArray* streamed_;
  boost::json::value_stack document_;
  boost::json::value_stack element_;
  std::size_t depth_ = 0;  // containers open
  bool root_is_object_ = false;
  bool streaming_ = false;                      // within the streamed array
  std::size_t index_ = 0;                       // of the streamed array's next element
  std::string root_key_;                        // the root object's last key
  std::string key_;                             // the key being read, from its parts
  std::vector<std::vector<std::string>> keys_;  // of each open object, by depth
};

Error At(std::string_view json, std::size_t offset, const std::string& what) {
  const auto at = text::LineColumnAt(json, std::min(offset, json.size()));
  return Error::InvalidInput(what, {"", at.line, at.column});
}

Result<boost::json::value> Parse(std::string_view json, std::size_t max_depth,
                                 const StreamedArray* streamed) {
  boost::json::parse_options options;
  options.max_depth = max_depth;
  boost::json::basic_parser<DocumentBuilder> parser(options, streamed);
  error_code ec;
  // A piece at a time, the parser keeping what a piece leaves unfinished.
  constexpr std::size_t kPiece = std::size_t(1) << 20;
  std::size_t reached = 0;
  do {
    const std::size_t piece = std::min(kPiece, json.size() - reached);
    const bool more = reached + piece < json.size();
    reached += parser.write_some(more, json.data() + reached, piece, ec);
    if (!ec && streamed && streamed->done_with) streamed->done_with(reached);
  } while (!ec && reached < json.size());
  DocumentBuilder& builder = parser.handler();
  if (builder.refused) return *std::move(builder.refused);
  if (!builder.duplicate.empty()) {
    // The key's text is valid UTF-8 (the parser checked it before handing it over).
    return At(json, reached, "JSON のキー「" + builder.duplicate + "」が二度あります");
  }
  if (ec) return At(json, reached, "JSON として読めません: " + ec.message());
  return builder.Release();
}

}  // namespace

Result<boost::json::value> ParseJsonDocument(std::string_view json, std::size_t max_depth) {
  return Parse(json, max_depth, nullptr);
}

Result<boost::json::value> ParseJsonDocument(std::string_view json, const StreamedArray& streamed,
                                             std::size_t max_depth) {
  return Parse(json, max_depth, &streamed);
}

}  // namespace torikumi::sheet
