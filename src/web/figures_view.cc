#include "web/figures_view.h"

#include <algorithm>
#include <cmath>

#include "model/indicator.h"
#include "text/era.h"
#include "text/number.h"

namespace torikumi::web {
namespace {

using model::MonthSet;

// Figures as pages show them: grouped, at most two decimals.
std::string Shown(double value) { return text::FormatGroupedNumber(std::round(value * 100) / 100); }

std::string Coordinate(double value) { return text::FormatNumber(std::round(value * 10) / 10); }

// The chart of one indicator: its value by each month's end against the path to its target.
void Chart(Html& h, const model::Indicator& x, const std::string& title_id,
           const std::string& table_id) {
  constexpr double kLeft = 64, kRight = 628, kTop = 16, kBottom = 200, kWidth = 640, kHeight = 250;
  std::vector<std::pair<int, double>> values;  // fiscal index → value by then
  std::vector<std::pair<int, double>> path;
  for (int index = 0; index < 12; ++index) {
    const int month = MonthSet::MonthAt(index);
    if (model::ActualOf(x, month)) values.emplace_back(index, *model::ValueBy(x, month));
    if (const auto p = model::PathValue(x, month)) path.emplace_back(index, *p);
  }
  double lo = 0, hi = 0;
  for (const auto* series : {&values, &path}) {
    for (const auto& [index, v] : *series) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (hi == lo) hi = lo + 1;
  hi += (hi - lo) * 0.1;
  auto x_of = [&](int index) { return kLeft + (index + 0.5) * (kRight - kLeft) / 12; };
  auto y_of = [&](double v) { return kBottom - (v - lo) / (hi - lo) * (kBottom - kTop); };
  auto points = [&](const std::vector<std::pair<int, double>>& series) {
    std::string text;
    for (const auto& [index, v] : series) {
      text += (text.empty() ? "" : " ") + Coordinate(x_of(index)) + "," + Coordinate(y_of(v));
    }
    return text;
  };
  const std::string view_box = "0 0 " + Coordinate(kWidth) + " " + Coordinate(kHeight);
  h.Open("svg", {{"class", "chart"},
                 {"viewBox", view_box},
                 {"role", "img"},
                 {"aria-labelledby", title_id},
                 {"aria-describedby", table_id}});
  h.Element("title", "「" + x.name + "」の月別の値と目標への道筋のグラフ", {{"id", title_id}});
  for (double v : {lo, (lo + hi) / 2, hi}) {
    const std::string y = Coordinate(y_of(v));
    h.Open("line", {{"x1", Coordinate(kLeft)},
                    {"x2", Coordinate(kRight)},
                    {"y1", y},
                    {"y2", y},
                    {"class", "grid"}})
        .Close("line");
    h.Element("text", Shown(v),
              {{"x", Coordinate(kLeft - 6)}, {"y", y}, {"class", "axis"}, {"text-anchor", "end"}});
  }
  for (int index = 0; index < 12; ++index) {
    h.Element("text", std::to_string(MonthSet::MonthAt(index)) + "月",
              {{"x", Coordinate(x_of(index))},
               {"y", Coordinate(kBottom + 18)},
               {"class", "axis"},
               {"text-anchor", "middle"}});
  }
  if (!path.empty())
    h.Open("polyline", {{"points", points(path)}, {"class", "path"}}).Close("polyline");
  if (!values.empty()) {
    h.Open("polyline", {{"points", points(values)}, {"class", "actual"}}).Close("polyline");
    for (const auto& [index, v] : values) {
      h.Open("circle", {{"cx", Coordinate(x_of(index))},
                        {"cy", Coordinate(y_of(v))},
                        {"r", "4"},
                        {"class", "actual"}})
          .Close("circle");
    }
  }
  const std::string legend_y = Coordinate(kHeight - 8);
  h.Open("line", {{"x1", "70"}, {"x2", "100"}, {"y1", "238"}, {"y2", "238"}, {"class", "actual"}})
      .Close("line");
  h.Element("text", x.kind == model::IndicatorKind::kMonthly ? "実績（その月までの合計）" : "実績",
            {{"x", "106"}, {"y", legend_y}, {"class", "axis"}});
  h.Open("line", {{"x1", "330"}, {"x2", "360"}, {"y1", "238"}, {"y2", "238"}, {"class", "path"}})
      .Close("line");
  h.Element("text", "目標への道筋", {{"x", "366"}, {"y", legend_y}, {"class", "axis"}});
  h.Close("svg");
}

void Table(Html& h, const model::Indicator& x, const std::string& table_id) {
  const bool monthly = x.kind == model::IndicatorKind::kMonthly;
  h.Open("div", {{"class", "table-scroll"}});
  h.Open("table", {{"class", "indicator-values"}, {"id", table_id}});
  h.Element("caption",
            "「" + x.name + "」の月別の値（単位: " + (x.unit.empty() ? "―" : x.unit) + "）");
  h.Open("thead").Open("tr");
  h.Element("th", "月", {{"scope", "col"}});
  h.Element("th", "実績", {{"scope", "col"}});
  if (monthly) h.Element("th", "年度の合計", {{"scope", "col"}});
  h.Element("th", "目標への道筋", {{"scope", "col"}});
  h.Element("th", "備考", {{"scope", "col"}});
  h.Close("tr").Close("thead").Open("tbody");
  for (int index = 0; index < 12; ++index) {
    const int month = MonthSet::MonthAt(index);
    const model::Actual* actual = model::ActualOf(x, month);
    const auto path = model::PathValue(x, month);
    h.Open("tr");
    h.Element("th", std::to_string(month) + "月", {{"scope", "row"}});
    h.Element("td", actual ? Shown(actual->value) : "―", {{"class", "number"}});
    if (monthly) {
      h.Element("td", actual ? Shown(*model::ValueBy(x, month)) : "―", {{"class", "number"}});
    }
    h.Element("td", path ? Shown(*path) : "―", {{"class", "number"}});
    h.Element("td", actual ? actual->note : "");
    h.Close("tr");
  }
  h.Close("tbody").Close("table").Close("div");
}

std::string YearValue(const std::optional<double>& value, int year, const std::string& unit) {
  if (!value) return "―";
  std::string text = WithUnit(*value, unit);
  if (year) text += "（" + text::FiscalYearName(year) + "）";
  return text;
}

}  // namespace

std::string WithUnit(double value, const std::string& unit) { return Shown(value) + unit; }

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

void GoalAchievementCell(Html& h, const model::Initiative& i, std::size_t goal) {
  const auto as_of = FiguresAsOf(i);
  h.Open("td", {{"class", "achievement"}});
  if (!as_of) {
    h.Text("―").Close("td");
    return;
  }
  const model::GoalStatus s = model::GoalStatuses(i, *as_of).at(goal);
  if (!s.stated) {
    h.Text(s.started ? "未報告" : "―");
  } else {
    h.Text(Shown(*s.stated) + "%（" + std::to_string(*s.stated_month) + "月時点）");
    if (s.gap) {
      h.Void("br");
      h.Text(*s.gap >= 0 ? "目標に到達" : "目標まで " + Shown(-*s.gap) + " ポイント");
    }
  }
  if (s.below_target) {
    h.Void("br");
    h.Element("span", "目標未達で期間終了", {{"class", "status behind"}});
  } else if (s.behind_path) {
    h.Void("br");
    h.Element("span", "遅れ（この時点の目安 " + Shown(*s.expected) + "%）",
              {{"class", "status behind"}});
  }
  h.Close("td");
}

void IndicatorsSection(Html& h, const model::Initiative& i) {
  if (i.indicators.empty()) return;
  h.Element("h2", "指標");
  for (std::size_t k = 0; k < i.indicators.size(); ++k) {
    const model::Indicator& x = i.indicators[k];
    const std::string id = "indicator-" + std::to_string(k + 1);
    h.Open("section", {{"class", "indicator"}, {"aria-labelledby", id}});
    h.Element("h3", x.name + (x.unit.empty() ? "" : "（" + x.unit + "）"), {{"id", id}});
    const model::IndicatorStatus status =
        model::StatusOf(x, FiguresAsOf(i).value_or(MonthSet::MonthAt(11)));
    h.Open("dl", {{"class", "facts"}});
    auto fact = [&](Literal term, const std::string& value) {
      h.Open("div").Open("dt").Markup(term).Close("dt").Element("dd", value).Close("div");
    };
    fact("方向", x.direction == model::Direction::kHigher ? "増加（多いほどよい）"
                                                          : "減少（少ないほどよい）");
    fact("集計", x.kind == model::IndicatorKind::kMonthly ? "単月（月ごとの値を合計）"
                                                          : "累計（その時点までの値）");
    fact("基準値", YearValue(x.baseline, x.baseline_year, x.unit));
    fact("今年度の目標", x.target ? WithUnit(*x.target, x.unit) : "―");
    std::string milestones;
    for (const model::Milestone& m : x.milestones) {
      milestones += (milestones.empty() ? "" : "、") + std::to_string(m.month) + "月末 " +
                    WithUnit(m.value, x.unit);
    }
    if (!milestones.empty()) fact("期間ごとの目標", milestones);
    fact("最終目標", YearValue(x.final_target, x.final_year, x.unit));
    if (status.month) {
      fact("現在値",
           WithUnit(*status.value, x.unit) + "（" + std::to_string(*status.month) + "月時点）");
      if (status.achievement) fact("今年度の目標の達成率", Shown(*status.achievement) + "%");
      h.Open("div").Open("dt").Text("状況").Close("dt").Open("dd");
      if (status.behind) {
        h.Element("span", "遅れ（目安 " + WithUnit(*status.expected, x.unit) + "）",
                  {{"class", "status behind"}});
      } else {
        h.Element("span", status.expected ? "順調" : "―", {{"class", "status"}});
      }
      h.Close("dd").Close("div");
    } else {
      fact("現在値", "実績の報告はまだありません");
    }
    h.Close("dl");
    h.Open("figure", {{"class", "indicator-chart"}});
    Chart(h, x, id + "-chart", id + "-table");
    h.Close("figure");
    Table(h, x, id + "-table");
    h.Close("section");
  }
}

}  // namespace torikumi::web
