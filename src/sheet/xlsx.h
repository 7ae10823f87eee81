#ifndef TORIKUMI_SHEET_XLSX_H_
#define TORIKUMI_SHEET_XLSX_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "model/error.h"
#include "model/initiative.h"
#include "model/progress.h"
#include "sheet/layout.h"

namespace torikumi::sheet {

// The sheet's layout (layout.h) as an Excel workbook.

// The worksheets that carry the sheet's figures beside the process sheet: the indicators table
// and the stated 全体達成率 (indicators_table.h).
inline constexpr char kIndicatorsWorksheet[] = "指標";
inline constexpr char kAchievementsWorksheet[] = "達成状況";

// Writes the sheet as a worksheet: the title row with the edition's note, the two-row header with
// its merged cells, one row per initiative with every cell as text (a value starting with = + - @
// is never a formula), paragraphs as line breaks, column widths that fit each column's content,
// each row as tall as its longest cell's wrapped text, the header frozen, and an A3 landscape print
// setup that repeats the header rows on every page and fits the width to one page. Each
// 年度目標 cell whose goals have a stated rate carries a note of their achievement. When the
// sheet has figures, the worksheets 指標 and 達成状況 follow with them. Fails on a cell longer
// than Excel holds (32,767 characters), naming it.
// `progress` hears of the rows written and of the check that the workbook reads back.
Result<std::string> WriteProcessSheetXlsx(const model::Sheet& sheet, const SheetEdition& edition,
                                          const model::ProgressReport& progress = {});

// InvalidInput, naming the initiative and the column, when one of its cells would be longer
// than an Excel cell holds: what every format can carry, and so what torikumi keeps.
Result<void> CheckFitsSpreadsheetCells(const model::Initiative& initiative);

struct XlsxReadOptions {
  std::optional<std::string> sheet_name;  // the first worksheet when absent
  std::optional<int> fiscal_year;         // overrides the title row
};

// Reads a workbook saved by Excel, LibreOffice or WriteProcessSheetXlsx: shared and inline
// strings (phonetic guides left out), merged header cells, line breaks in cells, and the
// figures of its 指標 and 達成状況 worksheets when it has them (the sheet then carries
// figures). Errors name the worksheet's row as the line. A file that is not a workbook, a workbook
// too large when unpacked, or XML with a document type declaration is refused.
Result<model::Sheet> ReadProcessSheetXlsx(std::string_view bytes, const XlsxReadOptions& options);

// The number of the last row (1-based) of each worksheet, by name, each worksheet's XML read
// through to its end, a buffer at a time: how a writer checks its workbook whole without
// holding what it holds. Fails as ReadProcessSheetXlsx does on a broken part.
Result<std::map<std::string, std::size_t>> LastRowsOfXlsx(std::string_view bytes);

// Whether `bytes` start like a ZIP archive, as every XLSX does.
bool LooksLikeZip(std::string_view bytes);

}  // namespace torikumi::sheet

#endif  // TORIKUMI_SHEET_XLSX_H_
