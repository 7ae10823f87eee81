#include "model/month_set.h"

#include <gtest/gtest.h>

namespace torikumi::model {
namespace {

TEST(MonthSet, ListsMonthsInFiscalOrder) {
  EXPECT_EQ(MonthSet::Of({3, 1, 4, 12}).Months(), (std::vector<int>{4, 12, 1, 3}));
}

TEST(MonthSet, RangeCrossesTheNewYear) {
  EXPECT_EQ(MonthSet::Range(11, 3).Months(), (std::vector<int>{11, 12, 1, 2, 3}));
  EXPECT_EQ(MonthSet::Range(4, 3), MonthSet::WholeYear());
}

TEST(MonthSet, WritesRunsAsJapaneseRanges) {
  EXPECT_EQ(MonthSet::Of({4}).ToJapanese(), "4月");
  EXPECT_EQ(MonthSet::Range(10, 3).ToJapanese(), "10月～3月");
  EXPECT_EQ(MonthSet::Of({7, 9, 10}).ToJapanese(), "7月、9月～10月");
  EXPECT_EQ(MonthSet().ToJapanese(), "");
}

TEST(MonthSet, BitsRoundTrip) {
  const MonthSet set = MonthSet::Of({4, 8, 3});
  EXPECT_EQ(MonthSet::FromBits(set.bits()), set);
}

}  // namespace
}  // namespace torikumi::model
