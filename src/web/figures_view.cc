#include "web/figures_view.h"

#include <algorithm>
#include <cmath>

#include "model/indicator.h"
#include "sheet/figures.h"
#include "text/number.h"

namespace torikumi::web {
namespace {

using model::MonthSet;

std::string Coordinate(double value) { return text::FormatNumber(std::round(value * 10) / 10); }

// The chart of one indicator: its value by each month's end against the path to its target.
void Chart(Html& h, const model::Indicator& x, const std::string& title_id,
           const std::string& table_id) {
  constexpr double kLeft = 64, kRight = 628, kTop = 16, kBottom = 200, kWidth = 640, kHeight = 250;
  const sheet::IndicatorChart chart = sheet::IndicatorChartOf(x);
  const double lo = chart.low;
  const double hi = chart.high;
  auto x_of = [&](int index) { return kLeft + (index + 0.5) * (kRight - kLeft) / 12; };
  auto y_of = [&](double v) { return kBottom - (v - lo) / (hi - lo) * (kBottom - kTop); };
  auto points = [&](const std::vector<std::pair<int, double>>& series) {
    std::string text;
    for (const auto& [index, v] : series) {
      if (!text.empty()) text += ' ';
      text += Coordinate(x_of(index));
      text += ',';
      text += Coordinate(y_of(v));
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
    h.Element("text", sheet::ShownNumber(v),
              {{"x", Coordinate(kLeft - 6)}, {"y", y}, {"class", "axis"}, {"text-anchor", "end"}});
  }
  for (int index = 0; index < 12; ++index) {
    h.Element("text", std::to_string(MonthSet::MonthAt(index)) + "月",
              {{"x", Coordinate(x_of(index))},
               {"y", Coordinate(kBottom + 18)},
               {"class", "axis"},
               {"text-anchor", "middle"}});
  }
  if (!chart.path.empty())
    h.Open("polyline", {{"points", points(chart.path)}, {"class", "path"}}).Close("polyline");
  if (!chart.values.empty()) {
    h.Open("polyline", {{"points", points(chart.values)}, {"class", "actual"}}).Close("polyline");
    for (const auto& [index, v] : chart.values) {
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
  h.Element("text", chart.values_label, {{"x", "106"}, {"y", legend_y}, {"class", "axis"}});
  h.Open("line", {{"x1", "330"}, {"x2", "360"}, {"y1", "238"}, {"y2", "238"}, {"class", "path"}})
      .Close("line");
  h.Element("text", sheet::kPathLabel, {{"x", "366"}, {"y", legend_y}, {"class", "axis"}});
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
  h.Element("th", sheet::kPathLabel, {{"scope", "col"}});
  h.Element("th", "備考", {{"scope", "col"}});
  h.Close("tr").Close("thead").Open("tbody");
  for (const sheet::IndicatorMonthRow& row : sheet::IndicatorMonthRowsOf(x)) {
    h.Open("tr");
    h.Element("th", std::to_string(row.month) + "月", {{"scope", "row"}});
    h.Element("td", row.actual, {{"class", "number"}});
    if (monthly) h.Element("td", row.total, {{"class", "number"}});
    h.Element("td", row.path, {{"class", "number"}});
    h.Element("td", row.note);
    h.Close("tr");
  }
  h.Close("tbody").Close("table").Close("div");
}

}  // namespace

void GoalAchievementCell(Html& h, const model::Initiative& i, std::size_t goal) {
  const sheet::GoalAchievementText text = sheet::GoalAchievementOf(i, goal);
  h.Open("td", {{"class", "achievement"}});
  h.Text(text.stated);
  if (!text.gap.empty()) h.Void("br").Text(text.gap);
  if (!text.warning.empty()) {
    h.Void("br");
    h.Element("span", text.warning, {{"class", "status behind"}});
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
    h.Open("dl", {{"class", "facts"}});
    for (const sheet::IndicatorFact& fact : sheet::IndicatorFactsOf(i, x)) {
      h.Open("div").Element("dt", fact.term).Open("dd");
      if (fact.status) {
        h.Element("span", fact.value, {{"class", fact.behind ? "status behind" : "status"}});
      } else {
        h.Text(fact.value);
      }
      h.Close("dd").Close("div");
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
