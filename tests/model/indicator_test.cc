#include "model/indicator.h"

#include <gtest/gtest.h>

#include "model/initiative.h"
#include "model/review.h"

namespace torikumi::model {
namespace {

Indicator Counted(IndicatorKind kind, Direction direction, std::vector<Actual> actuals) {
  Indicator x;
  x.name = "相談件数";
  x.unit = "件";
  x.kind = kind;
  x.direction = direction;
  x.actuals = std::move(actuals);
  return x;
}

TEST(Indicator, CumulativeValueIsTheLatestActualAndMonthlyTheSum) {
  const std::vector<Actual> actuals{{4, 10, ""}, {5, 25, ""}, {7, 40, ""}, {1, 90, ""}};
  const Indicator cumulative = Counted(IndicatorKind::kCumulative, Direction::kHigher, actuals);
  const Indicator monthly = Counted(IndicatorKind::kMonthly, Direction::kHigher, actuals);
  EXPECT_EQ(ValueBy(cumulative, 5), 25);
  EXPECT_EQ(ValueBy(monthly, 5), 35);
  // A month without an actual is not known, not zero: June still stands where May did.
  EXPECT_EQ(ValueBy(cumulative, 6), 25);
  EXPECT_EQ(ValueBy(monthly, 6), 35);
  EXPECT_EQ(ValueBy(cumulative, 12), 40);
  EXPECT_EQ(ValueBy(monthly, 12), 75);
  // January comes after December in the fiscal year.
  EXPECT_EQ(ValueBy(cumulative, 3), 90);
  EXPECT_EQ(ValueBy(monthly, 3), 165);
  EXPECT_EQ(ValueBy(Counted(IndicatorKind::kMonthly, Direction::kHigher, {}), 3), std::nullopt);
  EXPECT_EQ(ValueBy(Counted(IndicatorKind::kMonthly, Direction::kHigher, {{5, 1, ""}}), 4),
            std::nullopt);
}

TEST(Indicator, PathRunsFromTheStartThroughMilestonesToTheYearsTarget) {
  Indicator x = Counted(IndicatorKind::kCumulative, Direction::kHigher, {});
  EXPECT_EQ(PathValue(x, 6), std::nullopt);
  x.baseline = 120;
  x.target = 240;
  EXPECT_DOUBLE_EQ(*PathValue(x, 3), 240);
  EXPECT_DOUBLE_EQ(*PathValue(x, 6), 150);  // a quarter of the way
  x.milestones = {{9, 210}};                // half the year: 210
  EXPECT_DOUBLE_EQ(*PathValue(x, 6), 165);
  EXPECT_DOUBLE_EQ(*PathValue(x, 9), 210);
  EXPECT_DOUBLE_EQ(*PathValue(x, 12), 225);
  // 単月 sums start from nothing, whatever last year's total was.
  x.kind = IndicatorKind::kMonthly;
  EXPECT_DOUBLE_EQ(*PathValue(x, 6), 105);
  // Without a year's target the path stays at its last milestone.
  x.target.reset();
  EXPECT_DOUBLE_EQ(*PathValue(x, 2), 210);
}

TEST(Indicator, AchievementRespectsTheDirection) {
  Indicator higher = Counted(IndicatorKind::kCumulative, Direction::kHigher, {});
  EXPECT_DOUBLE_EQ(*AchievementPercent(higher, 150, 200), 75);
  EXPECT_EQ(AchievementPercent(higher, 150, 0), std::nullopt);
  Indicator lower = Counted(IndicatorKind::kCumulative, Direction::kLower, {});
  // Waiting days from 40 down to 20: at 30, half the way.
  lower.baseline = 40;
  EXPECT_DOUBLE_EQ(*AchievementPercent(lower, 30, 20), 50);
  EXPECT_DOUBLE_EQ(*AchievementPercent(lower, 15, 20), 125);
  // Without a baseline above the target, target ÷ value; nothing at all reaches it.
  lower.baseline.reset();
  EXPECT_DOUBLE_EQ(*AchievementPercent(lower, 25, 20), 80);
  EXPECT_DOUBLE_EQ(*AchievementPercent(lower, 0, 20), 100);
  EXPECT_TRUE(AtOrBetter(Direction::kLower, 19, 20));
  EXPECT_FALSE(AtOrBetter(Direction::kHigher, 19, 20));
}

TEST(Indicator, StatusComparesTheLatestActualWithThePath) {
  Indicator x = Counted(IndicatorKind::kMonthly, Direction::kHigher,
                        {{4, 100, ""}, {5, 100, ""}, {6, 50, ""}});
  x.target = 1200;
  const IndicatorStatus june = StatusOf(x, 7);  // July not reported yet: June is the latest
  EXPECT_EQ(june.month, 6);
  EXPECT_EQ(june.value, 250);
  EXPECT_DOUBLE_EQ(*june.expected, 300);
  EXPECT_TRUE(june.behind);
  EXPECT_NEAR(*june.achievement, 250.0 / 12, 1e-9);
  EXPECT_FALSE(StatusOf(x, 5).behind);
  // Fewer incidents than the path allows is on track for a 減少 indicator.
  x.direction = Direction::kLower;
  EXPECT_FALSE(StatusOf(x, 7).behind);
  EXPECT_EQ(StatusOf(x, 3).month, 6);
  const IndicatorStatus none =
      StatusOf(Counted(IndicatorKind::kMonthly, Direction::kHigher, {}), 3);
  EXPECT_EQ(none.month, std::nullopt);
  EXPECT_FALSE(none.behind);
}

Initiative WithGoals() {
  Initiative i;
  i.no = 1;
  i.title = "取組";
  i.period_goals = {{MonthSet::Range(4, 10), 70, "前半"}, {MonthSet::Range(11, 3), 100, "後半"}};
  return i;
}

TEST(Achievement, ARateSpeaksToTheGoalOfItsMonth) {
  Initiative i = WithGoals();
  EXPECT_EQ(GoalOfMonth(i, 4), 0u);
  EXPECT_EQ(GoalOfMonth(i, 10), 0u);
  EXPECT_EQ(GoalOfMonth(i, 11), 1u);
  EXPECT_EQ(GoalOfMonth(i, 3), 1u);
  i.period_goals = {{MonthSet::Range(6, 9), 50, ""}};
  EXPECT_EQ(GoalOfMonth(i, 4), 0u);  // before it: the goal ahead
  EXPECT_EQ(GoalOfMonth(i, 12), std::nullopt);
}

TEST(Achievement, GoalsEndedBelowTargetAndBehindThePath) {
  Initiative i = WithGoals();
  i.achievements = {{6, 20}, {10, 65}, {12, 80}};
  const auto july = GoalStatuses(i, 7);
  EXPECT_EQ(july[0].stated, 20);
  EXPECT_EQ(july[0].stated_month, 6);
  EXPECT_DOUBLE_EQ(*july[0].gap, -50);
  EXPECT_DOUBLE_EQ(*july[0].expected, 40);  // four of seven months, from 0 to 70
  EXPECT_TRUE(july[0].behind_path);
  EXPECT_FALSE(july[0].ended);
  EXPECT_FALSE(july[1].started);
  EXPECT_EQ(july[1].stated, std::nullopt);
  const auto december = GoalStatuses(i, 12);
  EXPECT_TRUE(december[0].ended);
  EXPECT_TRUE(december[0].below_target);  // 65 of 70
  EXPECT_EQ(december[1].stated, 80);
  // From the first goal's 70 to 100 over November–March: 82 by December.
  EXPECT_DOUBLE_EQ(*december[1].expected, 82);
  EXPECT_TRUE(december[1].behind_path);
  i.achievements = WithAchievement(i.achievements, 10, 70);
  EXPECT_FALSE(GoalStatuses(i, 12)[0].below_target);
  // A goal that ended with no rate stated is not known to be reached.
  i.achievements = WithAchievement(i.achievements, 10, std::nullopt);
  i.achievements = WithAchievement(i.achievements, 6, std::nullopt);
  EXPECT_TRUE(GoalStatuses(i, 11)[0].below_target);
}

TEST(OwnerReport, HoldsTheMonthsEntriesRateAndActualsAndReadsBack) {
  Initiative i = WithGoals();
  i.progress = {{MonthSet::Of({6}), "6月の進捗"}, {MonthSet::Of({7}), "7月の進捗"}};
  i.achievements = {{6, 33.5}};
  Indicator x = Counted(IndicatorKind::kMonthly, Direction::kHigher,
                        {{6, 1234.25, "窓口:\n出張含む"}, {7, 10, ""}});
  i.indicators = {x};
  const OwnerReport june = OwnerReportOf(i, 6);
  EXPECT_EQ(june.entries.size(), 1u);
  EXPECT_EQ(june.rate, 33.5);
  ASSERT_EQ(june.actuals.size(), 1u);
  EXPECT_EQ(june.actuals[0].indicator, "相談件数");
  EXPECT_EQ(DecodeOwnerReport(EncodeOwnerReport(june)), june);
  // Entries alone encode as they always did, and a report kept before figures reads back.
  const OwnerReport july_text{{{MonthSet::Of({7}), "7月"}}, std::nullopt, {}};
  EXPECT_EQ(EncodeOwnerReport(july_text), "8:4:7月");
  EXPECT_EQ(DecodeOwnerReport("8:4:7月"), july_text);
  EXPECT_EQ(DecodeOwnerReport(EncodeOwnerReport({{}, 50, {}})).rate, 50);

  // Replacing June's report touches June only.
  const Initiative replaced = WithOwnerReport(i, 6, {{}, std::nullopt, {}});
  EXPECT_EQ(AchievementOf(replaced.achievements, 6), std::nullopt);
  EXPECT_EQ(ActualOf(replaced.indicators[0], 6), nullptr);
  ASSERT_NE(ActualOf(replaced.indicators[0], 7), nullptr);
  EXPECT_EQ(replaced.progress.size(), 1u);
  EXPECT_EQ(WithOwnerReport(replaced, 6, june), i);
}

TEST(OwnerReport, APublicationShowsOnlyApprovedFigures) {
  Initiative working = WithGoals();
  Indicator x = Counted(IndicatorKind::kCumulative, Direction::kHigher, {{4, 5, ""}, {5, 9, ""}});
  working.indicators = {x};
  working.achievements = {{4, 10}, {5, 20}};
  // April approved as it is; May approved at 7 and 15%, then changed and resubmitted.
  const Initiative approved_may = WithOwnerReport(working, 5, {{}, 15, {{"相談件数", 7, ""}}});
  ReportRecord april{1, 4, "", ReportState::kApproved, true, ApprovedContentOf(working, 4, "")};
  ReportRecord may{1, 5, "", ReportState::kSubmitted, true, ApprovedContentOf(approved_may, 5, "")};
  const Initiative view = ApprovedView(working, {april, may});
  EXPECT_EQ(view.achievements, (std::vector<Achievement>{{4, 10}, {5, 15}}));
  EXPECT_EQ(view.indicators[0].actuals, (std::vector<Actual>{{4, 5, ""}, {5, 7, ""}}));
  // A report never approved, begun from nothing, publishes none of its figures.
  ReportRecord fresh{1,     5,
                     "",    ReportState::kDraft,
                     false, ApprovedContentOf(WithOwnerReport(working, 5, {}), 5, "")};
  const Initiative none = ApprovedView(working, {april, fresh});
  EXPECT_EQ(none.achievements, (std::vector<Achievement>{{4, 10}}));
  EXPECT_EQ(none.indicators[0].actuals, (std::vector<Actual>{{4, 5, ""}}));
}

}  // namespace
}  // namespace torikumi::model
