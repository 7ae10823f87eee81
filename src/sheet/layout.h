#ifndef TORIKUMI_SHEET_LAYOUT_H_
#define TORIKUMI_SHEET_LAYOUT_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"
#include "model/initiative.h"
#include "sheet/delimited.h"

namespace torikumi::sheet {

// The published layout of a 取組実施プロセスシート, shared by every format that holds it as a
// grid (TSV, CSV, XLSX, PDF): blank rows, a title row naming the fiscal year
// (R7取組実施プロセスシート), two header rows (総合計画 over 分野別目標 and 施策), then one row of
// 14 cells per initiative.

inline constexpr std::size_t kColumns = 14;

enum Column : std::size_t {
  kNo,
  kDepartment,
  kSection,
  kGoal,
  kPolicy,
  kProject,
  kSubproject,
  kTitle,
  kOverview,
  kPeriodGoals,
  kPlan,
  kRating,
  kProgress,
  kCoOwners,
};

// The two header rows as torikumi writes them, aligned with the data columns: 所管部課 spans
// 部 and 課, 総合計画 spans 分野別目標 and 施策, every other name spans both rows.
inline constexpr std::array<std::string_view, kColumns> kHeaderRow1{
    "No.",    "所管部課",   "",         "総合計画", "",       "事業名",           "細事業名",
    "取組名", "取組の概要", "年度目標", "年度計画", "進捗度", "進捗状況及び課題", "共同所管"};
inline constexpr std::array<std::string_view, kColumns> kHeaderRow2{
    "", "", "", "分野別目標", "施策", "", "", "", "", "", "", "", "", ""};

// Spreadsheet programs run a cell starting with one of these as a formula.
inline constexpr std::string_view kFormulaLeads = "=+-@\t\r";

// The title row's text for a fiscal year: "R7取組実施プロセスシート" as the city's own sheet
// writes it, or with the municipality named, "川西市 令和7年度 取組実施プロセスシート".
std::string SheetTitle(int fiscal_year, std::string_view municipality_name);

// Which state of the sheet a document shows: a publication, or the working sheet as it was
// on the day it was exported.
struct SheetEdition {
  std::string date;  // "2026-03-31"; empty when unknown
  bool published = false;
};
// "2026-03-31 公開", "2026-11-25 時点（未公開）" or "".
std::string EditionNote(const SheetEdition& edition);

// Each column's paragraphs for one initiative, in the sheet's own notation: period goals as
// "【4月～9月の目標】(全体達成率:50%) …", entries as "4～6月:…", co-owners space-separated.
using RowParagraphs = std::array<std::vector<std::string>, kColumns>;
RowParagraphs ParagraphsOf(const model::Initiative& initiative);

// Reads the initiatives of a grid of cells laid out as above. The fiscal year comes from
// the title row unless `fiscal_year` is given. Fails, naming the record's line, on a grid
// with no header, a row with the wrong number of cells, a bad or repeated No., or a row
// with no 取組名. The initiatives come out ordered by No.; the rating scale stays empty.
// Each record is let go once read, so that a long sheet is not held twice.
Result<model::Sheet> ReadSheetRecords(std::vector<Record> records, std::optional<int> fiscal_year);

}  // namespace torikumi::sheet

#endif  // TORIKUMI_SHEET_LAYOUT_H_
