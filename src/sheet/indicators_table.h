#ifndef TORIKUMI_SHEET_INDICATORS_TABLE_H_
#define TORIKUMI_SHEET_INDICATORS_TABLE_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"
#include "model/initiative.h"
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

// Whether a file name names an indicators table: "…-indicators.csv" (or -indicators-cp932.csv).
bool IsIndicatorsTableName(std::string_view file_name);

}  // namespace torikumi::sheet

#endif  // TORIKUMI_SHEET_INDICATORS_TABLE_H_
