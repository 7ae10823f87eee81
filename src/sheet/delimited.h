#ifndef TORIKUMI_SHEET_DELIMITED_H_
#define TORIKUMI_SHEET_DELIMITED_H_

#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"

namespace torikumi::sheet {

// A record of a delimited text file and the line it starts on (records may span lines).
struct Record {
  int line = 0;
  std::vector<std::string> cells;
};

// Reads TSV or CSV as Excel writes and reads it: LF or CRLF line ends, cells quoted with "
// that hold delimiters, line breaks and doubled quotes. Fails on a quote that never
// closes, naming the line it opened on.
Result<std::vector<Record>> ReadDelimited(std::string_view text, char delimiter);

// Quotes `cell` for a delimited file when it holds the delimiter, a quote, a line break or
// starts or ends with a space; returns it as it is otherwise.
std::string QuoteCell(std::string_view cell, char delimiter);

// Whether a spreadsheet would run `cell` as a formula (it starts with = + - @, a tab or a
// CR), or it starts with ', which the guard must keep.
bool NeedsFormulaGuard(std::string_view cell);
// `cell` with a ' before it when NeedsFormulaGuard: spreadsheets show the ' as nothing and
// take the cell as text, and ReadProcessSheet takes it off again.
std::string FormulaGuarded(std::string cell);

}  // namespace torikumi::sheet

#endif  // TORIKUMI_SHEET_DELIMITED_H_
