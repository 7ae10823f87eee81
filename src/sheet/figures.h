#ifndef TORIKUMI_SHEET_FIGURES_H_
#define TORIKUMI_SHEET_FIGURES_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/indicator.h"
#include "model/initiative.h"

namespace torikumi::sheet {

// How an initiative's figures (the stated 全体達成率 and the indicators) read in every format
// that shows them: the pages, the PDFs and the workbook say the same words.

// A figure as people read it: grouped, at most two decimals ("1,234.5").
std::string ShownNumber(double value);
// A number with its unit: "1,234件", "45.5%".
std::string WithUnit(double value, const std::string& unit);

// The latest month with a figure reported (a stated 全体達成率 or an actual), in fiscal order:
// the month a document says where things stand at; nullopt before any.
std::optional<int> FiguresAsOf(const model::Initiative& initiative);

// A period goal's achievement as it is shown beside its target.
struct GoalAchievementText {
  std::string stated;  // "65%（10月時点）", "未報告" (under way, nothing stated) or "―"
  std::string gap;     // "目標に到達", "目標まで 5 ポイント" or ""
  std::string warning;  // "目標未達で期間終了", "遅れ（この時点の目安 40%）" or ""
};
GoalAchievementText GoalAchievementOf(const model::Initiative& initiative, std::size_t goal);
// The same as lines of text, the empty parts left out.
std::vector<std::string> GoalAchievementLines(const model::Initiative& initiative,
                                              std::size_t goal);

// An indicator's definition and where it stands, as term and value: 方向, 集計, 基準値, 今年度の
// 目標, 期間ごとの目標 (when set), 最終目標, 現在値, and, once an actual is reported, the
// achievement of the year's target and 状況 (順調 or 遅れ).
struct IndicatorFact {
  std::string term;
  std::string value;
  bool status = false;  // 状況: 順調, 遅れ, or ― before the indicator has a path
  bool behind = false;  // 遅れ: worse than the path
};
std::vector<IndicatorFact> IndicatorFactsOf(const model::Initiative& initiative,
                                            const model::Indicator& indicator);

// One fiscal month of an indicator's values, as its table shows them ("―" where none).
struct IndicatorMonthRow {
  int month = 0;
  std::string actual;
  std::string total;  // the year's sum so far, for 単月 indicators only
  std::string path;   // where the path to the target stands at the month's end
  std::string note;
};
std::vector<IndicatorMonthRow> IndicatorMonthRowsOf(const model::Indicator& indicator);

// What a chart of an indicator draws: its value by each month's end (fiscal index 0..11)
// against the path to its target, on a vertical scale from `low` to `high` that holds both
// with room above.
struct IndicatorChart {
  std::vector<std::pair<int, double>> values;
  std::vector<std::pair<int, double>> path;
  double low = 0;
  double high = 1;
  std::string values_label;  // the legend of the values: 実績, or 実績（その月までの合計）
};
IndicatorChart IndicatorChartOf(const model::Indicator& indicator);
inline constexpr char kPathLabel[] = "目標への道筋";

}  // namespace torikumi::sheet

#endif  // TORIKUMI_SHEET_FIGURES_H_
