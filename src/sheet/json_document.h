#ifndef TORIKUMI_SHEET_JSON_DOCUMENT_H_
#define TORIKUMI_SHEET_JSON_DOCUMENT_H_

#include <boost/json/value.hpp>
#include <cstddef>
#include <functional>
#include <string_view>

#include "model/error.h"

namespace torikumi::sheet {

// Parses a JSON document as torikumi takes one in, from a file or a request: UTF-8 only, at
// most `max_depth` levels deep, and no object with a key twice (RFC 8259 leaves what that
// means to each reader, so one reader might take the first and another the last). Fails
// with InvalidInput naming the line and column.
Result<boost::json::value> ParseJsonDocument(std::string_view json, std::size_t max_depth = 16);

// An array member of the root object whose elements are handed to `take` one at a time, as
// the parser reads them, instead of being kept in the document (where the array is left
// empty): a sheet of 20,000 initiatives is never held as one value. An error from `take`
// stops the parse and is returned as it is.
// `done_with`, if set, is told as the parser goes how many of the document's first bytes it
// has read and will not read again (a mapped file's pages may be let go).
struct StreamedArray {
  std::string_view member;
  std::function<Result<void>(boost::json::value element, std::size_t index)> take;
  std::function<void(std::size_t bytes)> done_with;
};
Result<boost::json::value> ParseJsonDocument(std::string_view json, const StreamedArray& streamed,
                                             std::size_t max_depth = 16);

}  // namespace torikumi::sheet

#endif  // TORIKUMI_SHEET_JSON_DOCUMENT_H_
