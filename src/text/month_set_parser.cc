#include "text/month_set_parser.h"

#include <array>
#include <string>

#include "text/scanner.h"
#include "text/utf8.h"

namespace torikumi::text {
namespace {

using model::MonthSet;

struct NamedSet {
  std::string_view name;
  int first;
  int last;
};

constexpr std::array<NamedSet, 11> kNamedSets{{
    {"上半期", 4, 9},
    {"下半期", 10, 3},
    {"上期", 4, 9},
    {"下期", 10, 3},
    {"通年", 4, 3},
    {"年間", 4, 3},
    {"毎月", 4, 3},
    {"第1四半期", 4, 6},
    {"第2四半期", 7, 9},
    {"第3四半期", 10, 12},
    {"第4四半期", 1, 3},
}};

constexpr std::array<std::string_view, 8> kRangeMarks{"～", "〜", "~", "から", "－", "-", "‐", "–"};
constexpr std::array<std::string_view, 5> kSeparators{"、", "・", ",", "，", "及び"};

// A named set at the cursor (上半期, 第１四半期 with full-width digits too); nullopt, unmoved,
// for anything else.
std::optional<MonthSet> ReadNamedSet(Scanner& in) {
  for (const auto& named : kNamedSets) {
    if (in.Consume(named.name)) return MonthSet::Range(named.first, named.last);
  }
  const std::size_t start = in.pos();
  if (in.Consume("第")) {
    if (auto quarter = in.Integer(2);
        quarter && *quarter >= 1 && *quarter <= 4 && in.Consume("四半期")) {
      const auto& named = kNamedSets[7 + *quarter - 1];
      return MonthSet::Range(named.first, named.last);
    }
    in.Reset(start);
  }
  return std::nullopt;
}

bool IsMonth(int n) { return n >= 1 && n <= 12; }

// One item of a list: a named set, "N月", "N～M月", "N月～M月", or a bare "N" that the
// caller accepts only when a later item ends in 月 (7、8月). Sets `ends_with_month`.
std::optional<MonthSet> ReadItem(Scanner& in, bool& ends_with_month) {
  if (auto named = ReadNamedSet(in)) {
    ends_with_month = true;
    return named;
  }
  const std::size_t start = in.pos();
  auto first = in.Integer(3);
  if (!first || !IsMonth(*first)) {
    in.Reset(start);
    return std::nullopt;
  }
  const std::size_t after_first = in.pos();
  in.SkipSpaces();
  const bool first_has_month = in.Consume("月");
  if (!first_has_month) in.Reset(after_first);
  const std::size_t before_range = in.pos();
  in.SkipSpaces();
  if (in.ConsumeAny(kRangeMarks)) {
    in.SkipSpaces();
    if (auto last = in.Integer(3); last && IsMonth(*last)) {
      const std::size_t after_last = in.pos();
      in.SkipSpaces();
      if (in.Consume("月")) {
        ends_with_month = true;
        return MonthSet::Range(*first, *last);
      }
      in.Reset(after_last);
    }
  }
  in.Reset(before_range);
  ends_with_month = first_has_month;
  return MonthSet::Of({*first});
}

}  // namespace

std::optional<MonthSetMatch> MatchMonthSet(std::string_view s) {
  Scanner in(s);
  in.SkipSpaces();
  MonthSet months;
  // The end of the longest prefix so far that is a complete month set, i.e. ends with 月.
  std::optional<MonthSetMatch> match;
  MonthSet pending;  // bare numbers waiting for a 月 (the 7 of 7、8月)
  for (;;) {
    bool ends_with_month = false;
    auto item = ReadItem(in, ends_with_month);
    if (!item) break;
    if (ends_with_month) {
      months.Add(pending);
      months.Add(*item);
      pending = MonthSet();
      match = MonthSetMatch{months, in.pos()};
    } else {
      pending.Add(*item);
    }
    const std::size_t before_separator = in.pos();
    in.SkipSpaces();
    if (!in.ConsumeAny(kSeparators)) {
      in.Reset(before_separator);
      break;
    }
    in.SkipSpaces();
  }
  return match;
}

Result<MonthSet> ParseMonthSet(std::string_view s) {
  const std::string_view trimmed = Trim(s);
  const std::size_t offset = trimmed.data() - s.data();
  auto match = MatchMonthSet(trimmed);
  if (match && match->length == trimmed.size()) return match->months;
  const std::size_t stop = offset + (match ? match->length : 0);
  return Error::InvalidInput("月の指定として読めません: 「" + std::string(s) + "」",
                             {"", 1, LineColumnAt(s, stop).column});
}

}  // namespace torikumi::text
