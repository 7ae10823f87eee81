#include "model/indicator.h"

#include <algorithm>
#include <utility>

#include "model/initiative.h"

namespace torikumi::model {
namespace {

int Fiscal(int month) { return MonthSet::FiscalIndex(month); }

template <typename T>
std::vector<T> WithMonth(std::vector<T> items, int month, std::optional<T> item) {
  std::erase_if(items, [month](const T& x) { return x.month == month; });
  if (item) {
    item->month = month;
    const auto at = std::find_if(items.begin(), items.end(),
                                 [month](const T& x) { return Fiscal(x.month) > Fiscal(month); });
    items.insert(at, std::move(*item));
  }
  return items;
}

}  // namespace

std::string_view DirectionName(Direction direction) {
  return direction == Direction::kHigher ? "増加" : "減少";
}

std::optional<Direction> DirectionNamed(std::string_view name) {
  if (name == "増加") return Direction::kHigher;
  if (name == "減少") return Direction::kLower;
  return std::nullopt;
}

std::string_view IndicatorKindName(IndicatorKind kind) {
  return kind == IndicatorKind::kCumulative ? "累計" : "単月";
}

std::optional<IndicatorKind> IndicatorKindNamed(std::string_view name) {
  if (name == "累計") return IndicatorKind::kCumulative;
  if (name == "単月") return IndicatorKind::kMonthly;
  return std::nullopt;
}

const Actual* ActualOf(const Indicator& indicator, int month) {
  for (const Actual& a : indicator.actuals) {
    if (a.month == month) return &a;
  }
  return nullptr;
}

std::vector<Actual> WithActual(std::vector<Actual> actuals, int month,
                               std::optional<Actual> actual) {
  return WithMonth(std::move(actuals), month, std::move(actual));
}

std::optional<double> AchievementOf(const std::vector<Achievement>& achievements, int month) {
  for (const Achievement& a : achievements) {
    if (a.month == month) return a.rate;
  }
  return std::nullopt;
}

std::vector<Achievement> WithAchievement(std::vector<Achievement> achievements, int month,
                                         std::optional<double> rate) {
  std::optional<Achievement> item;
  if (rate) item = Achievement{month, *rate};
  return WithMonth(std::move(achievements), month, item);
}

std::optional<double> ValueBy(const Indicator& indicator, int month) {
  std::optional<double> value;
  for (const Actual& a : indicator.actuals) {
    if (Fiscal(a.month) > Fiscal(month)) continue;
    if (indicator.kind == IndicatorKind::kMonthly) {
      value = value.value_or(0) + a.value;
    } else {
      value = a.value;  // actuals are in fiscal order: the last one up to `month` wins
    }
  }
  return value;
}

std::optional<double> PathValue(const Indicator& indicator, int month) {
  // Points (months elapsed since the start of the year, value).
  std::vector<std::pair<int, double>> points{
      {0, indicator.kind == IndicatorKind::kCumulative ? indicator.baseline.value_or(0) : 0}};
  for (const Milestone& m : indicator.milestones) points.emplace_back(Fiscal(m.month) + 1, m.value);
  if (indicator.target) points.emplace_back(12, *indicator.target);
  if (points.size() == 1) return std::nullopt;
  const int elapsed = Fiscal(month) + 1;
  for (std::size_t k = 1; k < points.size(); ++k) {
    const auto [x0, y0] = points[k - 1];
    const auto [x1, y1] = points[k];
    if (elapsed > x1) continue;
    if (x1 == x0) return y1;
    return y0 + (y1 - y0) * double(elapsed - x0) / double(x1 - x0);
  }
  return points.back().second;
}

std::optional<double> AchievementPercent(const Indicator& indicator, double value, double target) {
  if (indicator.direction == Direction::kHigher) {
    if (target == 0) return std::nullopt;
    return value / target * 100;
  }
  if (indicator.kind == IndicatorKind::kCumulative && indicator.baseline &&
      *indicator.baseline > target) {
    return (*indicator.baseline - value) / (*indicator.baseline - target) * 100;
  }
  if (value <= 0) return target >= 0 ? std::optional(100.0) : std::nullopt;
  return target / value * 100;
}

bool AtOrBetter(Direction direction, double value, double reference) {
  return direction == Direction::kHigher ? value >= reference : value <= reference;
}

IndicatorStatus StatusOf(const Indicator& indicator, int month) {
  IndicatorStatus status;
  for (const Actual& a : indicator.actuals) {
    if (Fiscal(a.month) <= Fiscal(month)) status.month = a.month;
  }
  if (!status.month) return status;
  status.value = ValueBy(indicator, *status.month);
  status.expected = PathValue(indicator, *status.month);
  if (indicator.target) {
    status.achievement = AchievementPercent(indicator, *status.value, *indicator.target);
  }
  status.behind =
      status.expected && !AtOrBetter(indicator.direction, *status.value, *status.expected);
  return status;
}

std::optional<std::size_t> GoalOfMonth(const Initiative& initiative, int month) {
  const auto& goals = initiative.period_goals;
  for (std::size_t k = 0; k < goals.size(); ++k) {
    if (goals[k].months.Contains(month)) return k;
  }
  std::optional<std::size_t> next;
  for (std::size_t k = 0; k < goals.size(); ++k) {
    const auto months = goals[k].months.Months();
    if (months.empty() || Fiscal(months.back()) < Fiscal(month)) continue;
    if (!next || Fiscal(months.back()) < Fiscal(goals[*next].months.Months().back())) next = k;
  }
  return next;
}

std::vector<GoalStatus> GoalStatuses(const Initiative& initiative, int month) {
  const auto& goals = initiative.period_goals;
  std::vector<GoalStatus> statuses(goals.size());
  for (const Achievement& a : initiative.achievements) {
    if (Fiscal(a.month) > Fiscal(month)) continue;
    if (const auto k = GoalOfMonth(initiative, a.month)) {
      statuses[*k].stated = a.rate;  // in fiscal order: the latest wins
      statuses[*k].stated_month = a.month;
    }
  }
  for (std::size_t k = 0; k < goals.size(); ++k) {
    GoalStatus& s = statuses[k];
    const std::vector<int> months = goals[k].months.Months();
    if (months.empty()) continue;
    const int first = Fiscal(months.front());
    const int last = Fiscal(months.back());
    const int now = Fiscal(month);
    s.started = now >= first;
    s.ended = now >= last;
    const auto target = goals[k].target_rate;
    if (!target) continue;
    if (s.stated) s.gap = *s.stated - *target;
    // The path starts where the latest goal ending before this one aimed.
    double start = 0;
    int start_end = -1;
    for (const PeriodGoal& g : goals) {
      const auto m = g.months.Months();
      if (m.empty() || !g.target_rate || Fiscal(m.back()) >= first) continue;
      if (Fiscal(m.back()) > start_end) {
        start_end = Fiscal(m.back());
        start = *g.target_rate;
      }
    }
    if (s.started) {
      const double done = std::min(1.0, double(now - first + 1) / double(last - first + 1));
      s.expected = start + (*target - start) * done;
    }
    // A goal of an initiative that states rates, ended without one, is not known to be
    // reached; where no rate was ever stated, nobody measures it this way.
    s.below_target = s.ended && (s.stated ? *s.stated < *target : !initiative.achievements.empty());
    s.behind_path = s.started && !s.ended && s.stated && *s.stated < *s.expected;
  }
  return statuses;
}

}  // namespace torikumi::model
