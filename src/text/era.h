#ifndef TORIKUMI_TEXT_ERA_H_
#define TORIKUMI_TEXT_ERA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace torikumi::text {

// Japanese era years of fiscal years, through ICU's Japanese calendar. A fiscal year is named
// by the era in force at its middle (1 October), so 2019 is 令和元年度, 1988 is 昭和63年度.

// 2025 → "令和7年度"; the first year of an era is 元年度.
std::string FiscalYearName(int year);
// 2025 → "R7".
std::string FiscalYearShortName(int year);

// Finds the fiscal year a sheet title names: R7…, 令和7年度…, 令和元年度…, 令和７年度… (full-width
// digits), H31…, 2025年度…. nullopt when it names none.
std::optional<int> FindFiscalYear(std::string_view title);

// The date in Japan (JST, UTC+9) at a Unix time, "2026-11-25"; and today's.
std::string DateInJapan(std::int64_t unix_seconds);
std::string TodayInJapan();

}  // namespace torikumi::text

#endif  // TORIKUMI_TEXT_ERA_H_
