#include "sheet/delimited.h"

#include "sheet/layout.h"

namespace torikumi::sheet {

Result<std::vector<Record>> ReadDelimited(std::string_view text, char delimiter) {
  std::vector<Record> records;
  std::size_t pos = 0;
  int line = 1;
  while (pos < text.size()) {
    Record record{line, {}};
    std::string cell;
    bool end_of_record = false;
    while (!end_of_record) {
      if (pos < text.size() && text[pos] == '"') {
        const int opened_on = line;
        ++pos;
        for (;;) {
          if (pos >= text.size()) {
            return Error::InvalidInput("引用符 \" が閉じられていません", {"", opened_on, 0});
          }
          const char c = text[pos++];
          if (c == '"') {
            if (pos < text.size() && text[pos] == '"') {
              cell += '"';
              ++pos;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          if (c == '\r' && pos < text.size() && text[pos] == '\n') continue;  // CRLF → LF
          cell += c == '\r' ? '\n' : c;
        }
      }
      // Unquoted text, or what follows a closing quote up to the delimiter (kept as Excel does).
      while (pos < text.size() && text[pos] != delimiter && text[pos] != '\n' &&
             text[pos] != '\r') {
        cell += text[pos++];
      }
      record.cells.push_back(std::move(cell));
      cell.clear();
      if (pos >= text.size()) {
        end_of_record = true;
      } else if (text[pos] == delimiter) {
        ++pos;
      } else {
        if (text[pos] == '\r') ++pos;
        if (pos < text.size() && text[pos] == '\n') ++pos;
        ++line;
        end_of_record = true;
      }
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::string QuoteCell(std::string_view cell, char delimiter) {
  const bool needs_quotes =
      cell.find_first_of(std::string{delimiter, '"', '\n', '\r'}) != std::string_view::npos ||
      (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
  if (!needs_quotes) return std::string(cell);
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

bool NeedsFormulaGuard(std::string_view cell) {
  return !cell.empty() &&
         (cell[0] == '\'' || kFormulaLeads.find(cell[0]) != std::string_view::npos);
}

std::string FormulaGuarded(std::string cell) {
  if (NeedsFormulaGuard(cell)) cell.insert(0, "'");
  return cell;
}

}  // namespace torikumi::sheet
