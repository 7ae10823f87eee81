#ifndef TORIKUMI_SHEET_JSON_DOCUMENT_H_
#define TORIKUMI_SHEET_JSON_DOCUMENT_H_

#include <boost/json/value.hpp>
#include <string_view>

#include "model/error.h"

namespace torikumi::sheet {

// Parses a JSON document as torikumi takes one in, from a file or a request: UTF-8 only, at
// most `max_depth` levels deep, and no object with a key twice (RFC 8259 leaves what that
// means to each reader, so one reader might take the first and another the last). Fails
// with InvalidInput naming the line and column.
Result<boost::json::value> ParseJsonDocument(std::string_view json, std::size_t max_depth = 16);

}  // namespace torikumi::sheet

#endif  // TORIKUMI_SHEET_JSON_DOCUMENT_H_
