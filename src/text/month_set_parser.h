#ifndef TORIKUMI_TEXT_MONTH_SET_PARSER_H_
#define TORIKUMI_TEXT_MONTH_SET_PARSER_H_

#include <cstddef>
#include <optional>
#include <string_view>

#include "model/error.h"
#include "model/month_set.h"

namespace torikumi::text {

// Month sets as Japanese sheets write them: 4月, 4～6月, 4月～6月, 11月～3月 (across the new
// year), 7月、8月, 7、8月, 2月・3月, 4月から6月, with ASCII or full-width digits and any of
// ～ 〜 ~ － - から as the range mark; also 上半期 (4–9月), 下半期 (10–3月), 上期, 下期,
// 通年, 年間, 毎月 and 第1四半期 … 第4四半期.

struct MonthSetMatch {
  model::MonthSet months;
  std::size_t length;  // bytes of the input the month set spans
};

// Matches the longest month set at the start of `s`; nullopt when `s` does not start with one.
std::optional<MonthSetMatch> MatchMonthSet(std::string_view s);

// Parses `s` as a whole month set. The error's column is the code point where reading stopped.
Result<model::MonthSet> ParseMonthSet(std::string_view s);

}  // namespace torikumi::text

#endif  // TORIKUMI_TEXT_MONTH_SET_PARSER_H_
