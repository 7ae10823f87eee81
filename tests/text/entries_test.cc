#include "text/entries.h"

#include <gtest/gtest.h>

namespace torikumi::text {
namespace {

using model::MonthSet;

TEST(PeriodGoals, ReadsMonthsRateAndText) {
  auto goals = ParsePeriodGoals({"【4月～10月の目標】(全体達成率:70%) 方向性を決定する。"});
  ASSERT_EQ(goals.size(), 1u);
  EXPECT_EQ(goals[0].months, MonthSet::Range(4, 10));
  EXPECT_EQ(goals[0].target_rate, 70);
  EXPECT_EQ(goals[0].text, "方向性を決定する。");
}

TEST(PeriodGoals, ReadsFullWidthRateAndNamedPeriods) {
  auto goals = ParsePeriodGoals({"【上半期の目標】（全体達成率：４０％）構築", "【下半期】完了"});
  ASSERT_EQ(goals.size(), 2u);
  EXPECT_EQ(goals[0].months, MonthSet::Range(4, 9));
  EXPECT_EQ(goals[0].target_rate, 40);
  EXPECT_EQ(goals[1].months, MonthSet::Range(10, 3));
  EXPECT_FALSE(goals[1].target_rate.has_value());
  EXPECT_EQ(goals[1].text, "完了");
}

TEST(PeriodGoals, KeepsARateNoSheetWritesAsText) {
  auto goals = ParsePeriodGoals({"【4月の目標】(全体達成率:150%) 超過"});
  ASSERT_EQ(goals.size(), 1u);
  EXPECT_FALSE(goals[0].target_rate.has_value());
  EXPECT_EQ(goals[0].text, "(全体達成率:150%) 超過");
  EXPECT_EQ(ParsePeriodGoals(FormatPeriodGoals(goals)), goals);
}

TEST(PeriodGoals, TakesTextFromTheParagraphAfterTheBracket) {
  auto goals = ParsePeriodGoals({"【通年の目標】(全体達成率:100%)", "一行目", "二行目"});
  ASSERT_EQ(goals.size(), 1u);
  EXPECT_EQ(goals[0].months, MonthSet::WholeYear());
  EXPECT_EQ(goals[0].text, "一行目\n二行目");
}

TEST(PeriodGoals, KeepsTextWithNoBracketWhole) {
  auto goals = ParsePeriodGoals({"年度内に完了する"});
  ASSERT_EQ(goals.size(), 1u);
  EXPECT_TRUE(goals[0].months.empty());
  EXPECT_EQ(goals[0].text, "年度内に完了する");
}

TEST(Entries, ParagraphWithoutMonthContinuesThePreviousEntry) {
  auto entries = ParseEntries({"9月:3日、視察。", "22日、審議会を開催。", "10月：調整"});
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].months, MonthSet::Of({9}));
  EXPECT_EQ(entries[0].text, "3日、視察。\n22日、審議会を開催。");
  EXPECT_EQ(entries[1].months, MonthSet::Of({10}));
  EXPECT_EQ(entries[1].text, "調整");
}

TEST(Entries, LeadingParagraphWithoutMonthKeepsItsWholeText) {
  auto entries = ParseEntries({"随時：問合せに対応", "4月:開始"});
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_TRUE(entries[0].months.empty());
  EXPECT_EQ(entries[0].text, "随時：問合せに対応");
}

TEST(Entries, MonthInTheTextIsNotAPrefix) {
  auto entries = ParseEntries({"4月:開始", "6月も継続して調整中"});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].text, "開始\n6月も継続して調整中");
}

TEST(Entries, FormatRoundTrips) {
  const std::vector<model::Entry> entries{{MonthSet::Range(11, 3), "a\nb"},
                                          {MonthSet::Of({7, 8}), "c"}};
  EXPECT_EQ(ParseEntries(FormatEntries(entries)), entries);
}

TEST(RatingCell, ReadsTheRatingAndAnEndingWithItsReason) {
  EXPECT_EQ(ParseRatingCell({"→"}), (RatingCell{"→", std::nullopt}));
  const model::Ending done{model::Ending::Kind::kCompleted, "目標を達成\n令和8年3月に完了"};
  EXPECT_EQ(ParseRatingCell({"→", "【終了】 目標を達成", "令和8年3月に完了"}),
            (RatingCell{"→", done}));
  EXPECT_EQ(ParseRatingCell({"【廃止】国の制度改正"}),
            (RatingCell{"", model::Ending{model::Ending::Kind::kAbolished, "国の制度改正"}}));
  EXPECT_EQ(ParseRatingCell(FormatRatingCell("↗", done)), (RatingCell{"↗", done}));
  EXPECT_EQ(FormatRatingCell("", std::nullopt), std::vector<std::string>{});
}

TEST(NumberedTitle, SplitsNumberAndTitle) {
  EXPECT_EQ(ParseNumberedTitle("5.変革の歩みを止めない川西の実現"),
            (model::NumberedTitle{5, "変革の歩みを止めない川西の実現"}));
  EXPECT_EQ(ParseNumberedTitle("１２．行政経営"), (model::NumberedTitle{12, "行政経営"}));
  EXPECT_EQ(ParseNumberedTitle("行政経営"), (model::NumberedTitle{std::nullopt, "行政経営"}));
  EXPECT_EQ(ParseNumberedTitle("5G推進"), (model::NumberedTitle{std::nullopt, "5G推進"}));
}

TEST(CoOwners, SplitsOnSpacesAndCommasButNotNakaguro) {
  EXPECT_EQ(
      SplitCoOwners({"こども政策課 教育保育課　地域福祉課、文化・観光・スポーツ課", "企画政策課"}),
      (std::vector<std::string>{"こども政策課", "教育保育課", "地域福祉課",
                                "文化・観光・スポーツ課", "企画政策課"}));
}

}  // namespace
// A large sheet's import report names runs and a count, not twenty thousand numbers.
TEST(FormatNumberRuns, NamesRunsAndCountsWhatIsLeft) {
  EXPECT_EQ(FormatNumberRuns({}), "");
  EXPECT_EQ(FormatNumberRuns({4}), "4");
  EXPECT_EQ(FormatNumberRuns({3, 1, 2, 7, 9, 10}), "1〜3、7、9〜10");
  std::vector<int> many;
  for (int no = 1; no <= 20000; ++no) many.push_back(no % 2 ? no : no + 100000);
  const std::string line = FormatNumberRuns(many, 3);
  EXPECT_EQ(line, "1、3、5 ほか 19997 件");
  std::vector<int> consecutive(20000);
  for (int k = 0; k < 20000; ++k) consecutive[k] = k + 1;
  EXPECT_EQ(FormatNumberRuns(consecutive), "1〜20000");
}

}  // namespace torikumi::text
