#include "text/number.h"

#include <gtest/gtest.h>

namespace torikumi::text {
namespace {

TEST(Number, ReadsWhatPeopleTypeInANumberField) {
  EXPECT_EQ(ReadNumber("1234"), 1234);
  EXPECT_EQ(ReadNumber("1,234"), 1234);
  EXPECT_EQ(ReadNumber("１，２３４"), 1234);
  EXPECT_EQ(ReadNumber("１２３４"), 1234);
  EXPECT_EQ(ReadNumber("12.5"), 12.5);
  EXPECT_EQ(ReadNumber("１２．５"), 12.5);
  EXPECT_EQ(ReadNumber("1,234,567.25"), 1234567.25);
  EXPECT_EQ(ReadNumber("  30　"), 30);
  EXPECT_EQ(ReadNumber("-4"), -4);
  EXPECT_EQ(ReadNumber("－４"), -4);
  EXPECT_EQ(ReadNumber("▲1,000"), -1000);
  EXPECT_EQ(ReadNumber("0"), 0);
}

TEST(Number, RefusesWhatIsNotOnlyANumber) {
  for (const char* typed :
       {"約30", "30人", "30%", "1e5", "", "  ", "-", "1..2", "1.", ".5", "1,23", "1234,567", ",123",
        "12,34,567", "--1", "1 2", "三十", "123456789012345"}) {
    EXPECT_EQ(ReadNumber(typed), std::nullopt) << typed;
  }
}

TEST(Number, NamesTheFieldAndQuotesWhatWasTyped) {
  const auto blank = NumberField("　", "実績値");
  ASSERT_TRUE(blank.ok());
  EXPECT_EQ(*blank, std::nullopt);
  const auto typed = NumberField("１，２００", "実績値");
  ASSERT_TRUE(typed.ok());
  EXPECT_EQ(*typed, 1200);
  const auto wrong = NumberField("約30", "6月の実績値");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code(), Error::Code::kInvalidInput);
  EXPECT_NE(wrong.error().message().find("「6月の実績値」"), std::string::npos);
  EXPECT_NE(wrong.error().message().find("「約30」"), std::string::npos);
}

TEST(Number, WritesTheShortestTextThatReadsBack) {
  EXPECT_EQ(FormatNumber(70), "70");
  EXPECT_EQ(FormatNumber(1234.5), "1234.5");
  EXPECT_EQ(FormatNumber(0.1), "0.1");
  EXPECT_EQ(FormatNumber(-0.25), "-0.25");
  EXPECT_EQ(FormatNumber(-0.0), "0");
  EXPECT_EQ(FormatGroupedNumber(1234567.5), "1,234,567.5");
  EXPECT_EQ(FormatGroupedNumber(-1234), "-1,234");
  EXPECT_EQ(FormatGroupedNumber(999), "999");
  for (double v : {0.1, 33.33, 1234.5, 98765432.125, -7.0}) {
    EXPECT_EQ(ReadNumber(FormatNumber(v)), v);
    EXPECT_EQ(ReadNumber(FormatGroupedNumber(v)), v);
  }
}

}  // namespace
}  // namespace torikumi::text
