#ifndef TORIKUMI_SHEET_OUTPUT_H_
#define TORIKUMI_SHEET_OUTPUT_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "model/error.h"

namespace torikumi::sheet {

// Where a writer sends the document it makes, a piece at a time and in order, so that a long
// sheet is never held whole beside the sheet itself. An error (a full disk) stops the writer,
// which returns it.
using Output = std::function<Result<void>(std::string_view bytes)>;

// Writers hand on what they have made once it reaches this size, at the end of a row.
inline constexpr std::size_t kOutputPiece = std::size_t(1) << 20;

// An output that gathers the document into `bytes`, for the callers that want it whole.
inline Output IntoString(std::string& bytes) {
  return [&bytes](std::string_view piece) -> Result<void> {
    bytes.append(piece);
    return {};
  };
}

}  // namespace torikumi::sheet

#endif  // TORIKUMI_SHEET_OUTPUT_H_
