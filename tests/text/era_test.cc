#include "text/era.h"

#include <gtest/gtest.h>

namespace torikumi::text {
namespace {

TEST(Era, NamesFiscalYears) {
  EXPECT_EQ(FiscalYearName(2025), "令和7年度");
  EXPECT_EQ(FiscalYearShortName(2025), "R7");
  EXPECT_EQ(FiscalYearName(2019), "令和元年度");
  EXPECT_EQ(FiscalYearName(2018), "平成30年度");
  EXPECT_EQ(FiscalYearName(1988), "昭和63年度");
  EXPECT_EQ(FiscalYearShortName(2010), "H22");
}

TEST(Era, FindsTheYearATitleNames) {
  EXPECT_EQ(FindFiscalYear("R7取組実施プロセスシート"), 2025);
  EXPECT_EQ(FindFiscalYear("令和７年度 取組実施プロセスシート"), 2025);
  EXPECT_EQ(FindFiscalYear("令和元年度"), 2019);
  EXPECT_EQ(FindFiscalYear("平成31年度"), 2019);
  EXPECT_EQ(FindFiscalYear("H30 取組"), 2018);
  EXPECT_EQ(FindFiscalYear("2024年度取組実施プロセスシート"), 2024);
  EXPECT_EQ(FindFiscalYear("取組実施プロセスシート"), std::nullopt);
  EXPECT_EQ(FindFiscalYear("PR7"), std::nullopt);
}

TEST(Era, NameAndTitleAgree) {
  for (int year = 1990; year <= 2040; ++year) {
    EXPECT_EQ(FindFiscalYear(FiscalYearName(year)), year) << year;
    EXPECT_EQ(FindFiscalYear(FiscalYearShortName(year)), year) << year;
  }
}

}  // namespace
}  // namespace torikumi::text
