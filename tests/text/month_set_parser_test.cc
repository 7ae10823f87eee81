#include "text/month_set_parser.h"

#include <gtest/gtest.h>

namespace torikumi::text {
namespace {

std::vector<int> Months(std::string_view s) {
  auto parsed = ParseMonthSet(s);
  EXPECT_TRUE(parsed.ok()) << s << ": " << (parsed.ok() ? "" : parsed.error().ToString());
  return parsed.ok() ? parsed->Months() : std::vector<int>{};
}

TEST(MonthSetParser, ReadsSingleMonth) { EXPECT_EQ(Months("4月"), (std::vector<int>{4})); }

TEST(MonthSetParser, ReadsRanges) {
  EXPECT_EQ(Months("4～6月"), (std::vector<int>{4, 5, 6}));
  EXPECT_EQ(Months("4月～6月"), (std::vector<int>{4, 5, 6}));
  EXPECT_EQ(Months("4月から6月"), (std::vector<int>{4, 5, 6}));
  EXPECT_EQ(Months("4〜6月"), (std::vector<int>{4, 5, 6}));
  EXPECT_EQ(Months("4~6月"), (std::vector<int>{4, 5, 6}));
}

TEST(MonthSetParser, ReadsCrossYearRange) {
  EXPECT_EQ(Months("11月～3月"), (std::vector<int>{11, 12, 1, 2, 3}));
  EXPECT_EQ(Months("10～3月"), (std::vector<int>{10, 11, 12, 1, 2, 3}));
}

TEST(MonthSetParser, ReadsLists) {
  EXPECT_EQ(Months("7月、8月"), (std::vector<int>{7, 8}));
  EXPECT_EQ(Months("2月・3月"), (std::vector<int>{2, 3}));
  EXPECT_EQ(Months("8月・9月・10月"), (std::vector<int>{8, 9, 10}));
  EXPECT_EQ(Months("7、8月"), (std::vector<int>{7, 8}));
  EXPECT_EQ(Months("4～6月、1月"), (std::vector<int>{4, 5, 6, 1}));
}

TEST(MonthSetParser, ReadsFullWidthDigits) {
  EXPECT_EQ(Months("１１月～３月"), (std::vector<int>{11, 12, 1, 2, 3}));
  EXPECT_EQ(Months("４月"), (std::vector<int>{4}));
}

TEST(MonthSetParser, ReadsNamedPeriods) {
  EXPECT_EQ(Months("上半期"), (std::vector<int>{4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(Months("下半期"), (std::vector<int>{10, 11, 12, 1, 2, 3}));
  EXPECT_EQ(Months("通年").size(), 12u);
  EXPECT_EQ(Months("第３四半期"), (std::vector<int>{10, 11, 12}));
}

TEST(MonthSetParser, RefusesWhatIsNotAMonthSetAndSaysWhere) {
  EXPECT_FALSE(ParseMonthSet("13月").ok());
  EXPECT_FALSE(ParseMonthSet("随時").ok());
  auto bad = ParseMonthSet("4月と");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().where().column, 3);
}

TEST(MonthSetParser, MatchesOnlyAPrefixThatEndsInMonth) {
  EXPECT_FALSE(MatchMonthSet("22日、会議").has_value());
  auto match = MatchMonthSet("6月も継続");
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->length, std::string_view("6月").size());
}

}  // namespace
}  // namespace torikumi::text
