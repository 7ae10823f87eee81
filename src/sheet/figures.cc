#include "sheet/figures.h"

#include <algorithm>
#include <cmath>

#include "text/era.h"
#include "text/number.h"

namespace torikumi::sheet {
namespace {

using model::MonthSet;

std::string YearValue(const std::optional<double>& value, int year, const std::string& unit) {
  if (!value) return "―";
  std::string text = WithUnit(*value, unit);
  if (year) text += "（" + text::FiscalYearName(year) + "）";
  return text;
}

}  // namespace

std::string ShownNumber(double value) {
  return text::FormatGroupedNumber(std::round(value * 100) / 100);
}

std::string WithUnit(double value, const std::string& unit) { return ShownNumber(value) + unit; }

std::optional<int> FiguresAsOf(const model::Initiative& i) {
  std::optional<int> latest;
  auto consider = [&](int month) {
    if (!latest || MonthSet::FiscalIndex(month) > MonthSet::FiscalIndex(*latest)) latest = month;
  };
  for (const model::Achievement& a : i.achievements) consider(a.month);
  for (const model::Indicator& x : i.indicators) {
    for (const model::Actual& a : x.actuals) consider(a.month);
  }
  return latest;
}

GoalAchievementText GoalAchievementOf(const model::Initiative& i, std::size_t goal) {
  GoalAchievementText text;
  const auto as_of = FiguresAsOf(i);
  if (!as_of) {
    text.stated = "―";
    return text;
  }
  const model::GoalStatus s = model::GoalStatuses(i, *as_of).at(goal);
  if (!s.stated) {
    text.stated = s.started ? "未報告" : "―";
  } else {
    text.stated = ShownNumber(*s.stated) + "%（" + std::to_string(*s.stated_month) + "月時点）";
    if (s.gap)
      text.gap = *s.gap >= 0 ? "目標に到達" : "目標まで " + ShownNumber(-*s.gap) + " ポイント";
  }
  if (s.below_target) {
    text.warning = "目標未達で期間終了";
  } else if (s.behind_path) {
    text.warning = "遅れ（この時点の目安 " + ShownNumber(*s.expected) + "%）";
  }
  return text;
}

std::vector<std::string> GoalAchievementLines(const model::Initiative& i, std::size_t goal) {
  GoalAchievementText text = GoalAchievementOf(i, goal);
  std::vector<std::string> lines{std::move(text.stated)};
  if (!text.gap.empty()) lines.push_back(std::move(text.gap));
  if (!text.warning.empty()) lines.push_back(std::move(text.warning));
  return lines;
}

std::vector<IndicatorFact> IndicatorFactsOf(const model::Initiative& i, const model::Indicator& x) {
  std::vector<IndicatorFact> facts;
  auto fact = [&](std::string term, std::string value) {
    facts.push_back({std::move(term), std::move(value)});
  };
  fact("方向", x.direction == model::Direction::kHigher ? "増加（多いほどよい）"
                                                        : "減少（少ないほどよい）");
  fact("集計", x.kind == model::IndicatorKind::kMonthly ? "単月（月ごとの値を合計）"
                                                        : "累計（その時点までの値）");
  fact("基準値", YearValue(x.baseline, x.baseline_year, x.unit));
  fact("今年度の目標", x.target ? WithUnit(*x.target, x.unit) : "―");
  std::string milestones;
  for (const model::Milestone& m : x.milestones) {
    if (!milestones.empty()) milestones += "、";
    milestones += std::to_string(m.month);
    milestones += "月末 ";
    milestones += WithUnit(m.value, x.unit);
  }
  if (!milestones.empty()) fact("期間ごとの目標", std::move(milestones));
  fact("最終目標", YearValue(x.final_target, x.final_year, x.unit));
  const model::IndicatorStatus status =
      model::StatusOf(x, FiguresAsOf(i).value_or(MonthSet::MonthAt(11)));
  if (!status.month) {
    fact("現在値", "実績の報告はまだありません");
    return facts;
  }
  fact("現在値",
       WithUnit(*status.value, x.unit) + "（" + std::to_string(*status.month) + "月時点）");
  if (status.achievement) fact("今年度の目標の達成率", ShownNumber(*status.achievement) + "%");
  fact("状況", status.behind     ? "遅れ（目安 " + WithUnit(*status.expected, x.unit) + "）"
               : status.expected ? "順調"
                                 : "―");
  facts.back().status = true;
  facts.back().behind = status.behind;
  return facts;
}

std::vector<IndicatorMonthRow> IndicatorMonthRowsOf(const model::Indicator& x) {
  const bool monthly = x.kind == model::IndicatorKind::kMonthly;
  std::vector<IndicatorMonthRow> rows;
  rows.reserve(12);
  for (int index = 0; index < 12; ++index) {
    const int month = MonthSet::MonthAt(index);
    const model::Actual* actual = model::ActualOf(x, month);
    const auto path = model::PathValue(x, month);
    IndicatorMonthRow row{month, actual ? ShownNumber(actual->value) : "―", "",
                          path ? ShownNumber(*path) : "―", actual ? actual->note : ""};
    if (monthly) row.total = actual ? ShownNumber(*model::ValueBy(x, month)) : "―";
    rows.push_back(std::move(row));
  }
  return rows;
}

IndicatorChart IndicatorChartOf(const model::Indicator& x) {
  IndicatorChart chart;
  for (int index = 0; index < 12; ++index) {
    const int month = MonthSet::MonthAt(index);
    if (model::ActualOf(x, month)) chart.values.emplace_back(index, *model::ValueBy(x, month));
    if (const auto p = model::PathValue(x, month)) chart.path.emplace_back(index, *p);
  }
  double low = 0, high = 0;
  for (const auto* series : {&chart.values, &chart.path}) {
    for (const auto& [index, v] : *series) {
      low = std::min(low, v);
      high = std::max(high, v);
    }
  }
  if (high == low) high = low + 1;
  chart.low = low;
  chart.high = high + (high - low) * 0.1;
  chart.values_label =
      x.kind == model::IndicatorKind::kMonthly ? "実績（その月までの合計）" : "実績";
  return chart;
}

}  // namespace torikumi::sheet
