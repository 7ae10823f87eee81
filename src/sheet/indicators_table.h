#ifndef TORIKUMI_SHEET_INDICATORS_TABLE_H_
#define TORIKUMI_SHEET_INDICATORS_TABLE_H_

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"
#include "model/initiative.h"
#include "sheet/delimited.h"
#include "sheet/process_sheet.h"

namespace torikumi::sheet {

// The indicators table (…-indicators.csv): the sheet's indicators beside the 14-column layout,
// which has no place for them. A header row, then one row per indicator and fiscal month:
//   年度, No., 取組名, 指標名, 単位, 方向, 集計, 基準値, 基準値の年度, 今年度の目標, 最終目標,
//   最終目標の年度, 月, 月末の目標, 実績値, 備考
// The definition columns repeat on each of an indicator's twelve rows; 月末の目標 is a
// milestone, 実績値 and 備考 the month's actual. Cells are guarded against formulas.
WriteResult WriteIndicatorsTable(const model::Sheet& sheet, OutputEncoding encoding);

// What a read indicators table holds: its year and each listed initiative's indicators.
struct IndicatorsTable {
  int fiscal_year = 0;
  std::map<int, std::vector<model::Indicator>> by_no;
};

// Reads the table from UTF-8 text. Numbers are read as people type them; a cell that is not
// one, a row whose definition disagrees with its indicator's first row, or a missing column
// fails with InvalidInput naming the line and column.
Result<IndicatorsTable> ReadIndicatorsTable(std::string_view text);

// The same table as rows of cells, for a workbook's 指標 worksheet, and read back from one:
// the header, and the rows of one initiative added to `rows`, a piece at a time so that a
// writer keeps no more than an initiative's rows. A number column's cells are numbers as
// text::FormatNumber writes them.
inline constexpr std::size_t kIndicatorsColumns = 16;
using IndicatorsRow = std::array<std::string, kIndicatorsColumns>;
IndicatorsRow IndicatorsHeader();
void AddIndicatorsRows(int fiscal_year, const model::Initiative& initiative,
                       std::vector<IndicatorsRow>& rows);
bool IsIndicatorsNumberColumn(std::size_t column);
// Read a row at a time, as a worksheet is unpacked, so that no more than a row is held
// beside the figures read: whether the table's first record is its header, and each record
// after it added to `table` (a blank one is passed over). Errors name the record's line.
bool IsIndicatorsHeader(const Record& first);
Result<void> AddIndicatorsRecord(const Record& record, IndicatorsTable& table);

// The stated 全体達成率 as a table, for a workbook's 達成状況 worksheet: a header row, then a row
// per initiative and month with a stated rate:
//   年度, No., 取組名, 月, 全体達成率, 期間目標, 目標の全体達成率, 差
// The last three say which period goal the rate speaks to and how far it is from its target;
// reading takes 年度, No., 月 and 全体達成率 and leaves them.
inline constexpr std::size_t kAchievementsColumns = 8;
using AchievementsRow = std::array<std::string, kAchievementsColumns>;
AchievementsRow AchievementsHeader();
void AddAchievementsRows(int fiscal_year, const model::Initiative& initiative,
                         std::vector<AchievementsRow>& rows);
bool IsAchievementsNumberColumn(std::size_t column);

struct AchievementsTable {
  int fiscal_year = 0;
  std::map<int, std::vector<model::Achievement>> by_no;
};
bool IsAchievementsHeader(const Record& first);
Result<void> AddAchievementsRecord(const Record& record, AchievementsTable& table);

// Whether a file name names an indicators table: "…-indicators.csv" (or -indicators-cp932.csv).
bool IsIndicatorsTableName(std::string_view file_name);

}  // namespace torikumi::sheet

#endif  // TORIKUMI_SHEET_INDICATORS_TABLE_H_
