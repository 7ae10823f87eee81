#ifndef TORIKUMI_SHEET_PROCESS_SHEET_H_
#define TORIKUMI_SHEET_PROCESS_SHEET_H_

#include <optional>
#include <string>
#include <string_view>

#include "model/error.h"
#include "model/initiative.h"
#include "sheet/output.h"
#include "text/encoding.h"

namespace torikumi::sheet {

// The sheet's layout (layout.h) as delimited text, TSV or CSV:
//   No. | 部 | 課 | 分野別目標 | 施策 | 事業名 | 細事業名 | 取組名 | 取組の概要 | 年度目標 |
//   年度計画 | 進捗度 | 進捗状況及び課題 | 共同所管

enum class Delimiter : char { kTab = '\t', kComma = ',' };

struct ReadOptions {
  std::optional<Delimiter> delimiter;  // sniffed from the text when absent
  std::optional<int> fiscal_year;      // overrides the title row
};

struct ReadResult {
  model::Sheet sheet;  // rating_scale stays empty: the ratings are in the initiatives
  text::Encoding encoding;
};

// Reads a whole sheet from the bytes of a file. Fails, naming the line, on a file that is
// not a sheet, a row with the wrong number of cells, a bad No., or text in no known encoding.
Result<ReadResult> ReadProcessSheet(std::string_view bytes, const ReadOptions& options);

enum class OutputEncoding { kUtf8, kCp932 };

struct WriteOptions {
  Delimiter delimiter = Delimiter::kTab;
  OutputEncoding encoding = OutputEncoding::kUtf8;
};

struct WriteResult {
  std::string bytes;
  text::Cp932Substitutions substitutions;  // empty unless encoding is kCp932
};

// Writes the sheet in the same layout, multi-paragraph cells as "<p>…</p> <p>…</p>" like the
// published sheet, so that reading it back gives the same initiatives. TSV ends lines with
// LF; CSV is written as Excel reads it: CRLF, and a BOM when UTF-8. A cell that a
// spreadsheet would take for a formula (= + - @ tab CR first) is written with a leading '.
// To `output` a row at a time, giving what CP932 substituted; or whole.
Result<text::Cp932Substitutions> WriteProcessSheet(const model::Sheet& sheet,
                                                   const WriteOptions& options,
                                                   const Output& output);
WriteResult WriteProcessSheet(const model::Sheet& sheet, const WriteOptions& options);
// A text file's UTF-8 in `encoding`: CP932 with its substitutions, or UTF-8, with a BOM for
// CSV, by which Excel knows it.
WriteResult EncodedText(std::string utf8, OutputEncoding encoding, bool csv);

}  // namespace torikumi::sheet

#endif  // TORIKUMI_SHEET_PROCESS_SHEET_H_
