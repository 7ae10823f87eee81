#ifndef TORIKUMI_MODEL_INDICATOR_H_
#define TORIKUMI_MODEL_INDICATOR_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace torikumi::model {

struct Initiative;

// Which way an indicator should move: 増加 (higher is better) or 減少 (lower is better).
enum class Direction { kHigher, kLower };
// How its monthly actuals add up. 累計: each actual is the value reached so far (a count of
// registrations to date); 単月: each is that month's own amount (consultations in the month),
// and the value so far is their sum.
enum class IndicatorKind { kCumulative, kMonthly };

// "増加", "減少", "累計", "単月": how files and pages write them; nullopt for other names.
std::string_view DirectionName(Direction direction);
std::optional<Direction> DirectionNamed(std::string_view name);
std::string_view IndicatorKindName(IndicatorKind kind);
std::optional<IndicatorKind> IndicatorKindNamed(std::string_view name);

// A target to reach by the end of a month: a period goal's last month.
struct Milestone {
  int month = 0;  // calendar month 1..12
  double value = 0;

  friend bool operator==(const Milestone&, const Milestone&) = default;
};

// An indicator's actual for a month, with the section's note on it. Entered with the owner
// section's monthly report and reviewed with it.
struct Actual {
  int month = 0;  // calendar month 1..12
  double value = 0;
  std::string note;

  friend bool operator==(const Actual&, const Actual&) = default;
};

// An indicator (指標, KPI) of an initiative: what is counted and in which unit (人, 件, %, 円
// … as written), where it stood (the baseline and the fiscal year it was measured), where it
// should be at the end of this year and of each period goal, and by the 総合計画's last year.
// Names are unique within an initiative.
struct Indicator {
  std::string name;
  std::string unit;
  Direction direction = Direction::kHigher;
  IndicatorKind kind = IndicatorKind::kCumulative;
  std::optional<double> baseline;
  int baseline_year = 0;              // 0 when unknown
  std::optional<double> target;       // this fiscal year's
  std::vector<Milestone> milestones;  // in fiscal order, one per month at most
  std::optional<double> final_target;
  int final_year = 0;           // the fiscal year of the final target; 0 when unknown
  std::vector<Actual> actuals;  // in fiscal order, one per month at most

  friend bool operator==(const Indicator&, const Indicator&) = default;
};

// The actual 全体達成率 (percent) stated with an owner section's monthly report, for the
// period goal then current (GoalOfMonth).
struct Achievement {
  int month = 0;  // calendar month 1..12
  double rate = 0;

  friend bool operator==(const Achievement&, const Achievement&) = default;
};

// The actual of `month`, or nullptr.
const Actual* ActualOf(const Indicator& indicator, int month);
// `actuals` with the actual of `month` set to `actual` (removed when nullopt), in fiscal order.
std::vector<Actual> WithActual(std::vector<Actual> actuals, int month,
                               std::optional<Actual> actual);
// The rate stated with `month`'s report, or nullopt.
std::optional<double> AchievementOf(const std::vector<Achievement>& achievements, int month);
// `achievements` with the rate of `month` set (removed when nullopt), in fiscal order.
std::vector<Achievement> WithAchievement(std::vector<Achievement> achievements, int month,
                                         std::optional<double> rate);

// The value reached by the end of `month`: the latest actual up to it for 累計, the sum of
// the actuals up to it for 単月; nullopt before the first actual. Months without an actual
// are not counted as zero: they are not known.
std::optional<double> ValueBy(const Indicator& indicator, int month);

// Where the path to the year's target stands at the end of `month`: straight lines from the
// start of the year (the baseline for 累計, or 0; 0 for 単月) through the milestones to the
// year's target at the end of March, level after the last of them. nullopt without any target.
std::optional<double> PathValue(const Indicator& indicator, int month);

// How far `value` has come towards `target`, in percent, respecting the direction: for 増加,
// value ÷ target; for 減少, how much of the way from the baseline down to the target was
// covered when the baseline is above it (累計), else target ÷ value (100 at 0). nullopt when
// it cannot be said (a target of 0 to increase towards).
std::optional<double> AchievementPercent(const Indicator& indicator, double value, double target);

// Whether `value` is where `reference` is or better, in the direction.
bool AtOrBetter(Direction direction, double value, double reference);

// Where an indicator stands by the end of `month` (its latest actual up to it).
struct IndicatorStatus {
  std::optional<int> month;           // of the latest actual up to `month`
  std::optional<double> value;        // ValueBy that month
  std::optional<double> expected;     // PathValue that month
  std::optional<double> achievement;  // of the year's target
  bool behind = false;                // worse than the path
};
IndicatorStatus StatusOf(const Indicator& indicator, int month);

// The period goal that a rate stated in `month` speaks to: the first goal whose months hold
// it, else the first that ends after it; nullopt when none does.
std::optional<std::size_t> GoalOfMonth(const Initiative& initiative, int month);

// Where a period goal stands at the end of `month`.
struct GoalStatus {
  std::optional<double> stated;     // the latest rate stated for it up to `month`
  std::optional<int> stated_month;  // in which month's report
  std::optional<double> gap;        // stated − target
  bool started = false;             // `month` is one of its months or after them
  bool ended = false;               // `month` is its last month or after
  std::optional<double> expected;   // on the straight path from the previous goal's target
  bool below_target = false;        // ended without reaching the target (or, where rates
                                    // are stated, without saying)
  bool behind_path = false;         // under way, and the latest rate is under the path
};
// The status of each period goal of `initiative` at the end of `month`, in goal order.
std::vector<GoalStatus> GoalStatuses(const Initiative& initiative, int month);

}  // namespace torikumi::model

#endif  // TORIKUMI_MODEL_INDICATOR_H_
