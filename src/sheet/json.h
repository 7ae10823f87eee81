#ifndef TORIKUMI_SHEET_JSON_H_
#define TORIKUMI_SHEET_JSON_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "model/error.h"
#include "model/initiative.h"
#include "sheet/output.h"

namespace torikumi::sheet {

// The canonical JSON of a sheet (DESIGN.md), shared by import, export, the API and open data:
// {"fiscal_year": 2025, "initiatives": [{"no": 1, "department": …, "co_owners": […]}]}.

// Writes it indented by one space per level, keys in the canonical order, non-ASCII text
// as UTF-8, ending with a newline: to `output` a piece at a time, or whole.
Result<void> WriteSheetJson(const model::Sheet& sheet, const Output& output);
std::string WriteSheetJson(const model::Sheet& sheet);

// One initiative in the same shape, as the audit log records it.
std::string WriteInitiativeJson(const model::Initiative& initiative);

// Reads one initiative written by WriteInitiativeJson.
Result<model::Initiative> ReadInitiativeJson(std::string_view json);

// Reads it back. Fails, naming the line and column, on malformed JSON or a field of the
// wrong type; unknown fields are ignored. `done_with`, if set, is told as the reader goes
// how many of the first bytes it will not read again.
Result<model::Sheet> ReadSheetJson(std::string_view json,
                                   const std::function<void(std::size_t bytes)>& done_with = {});

}  // namespace torikumi::sheet

#endif  // TORIKUMI_SHEET_JSON_H_
