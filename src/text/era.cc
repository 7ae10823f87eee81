#include "text/era.h"

#include <unicode/calendar.h>
#include <unicode/dtfmtsym.h>
#include <unicode/timezone.h>

#include <cctype>
#include <ctime>
#include <memory>
#include <mutex>
#include <vector>

#include "text/utf8.h"

namespace torikumi::text {
namespace {

struct Era {
  int index;               // ICU's era number
  std::string name;        // 令和
  std::string short_name;  // R
};

// Eras since 明治, when the western calendar was adopted; earlier ones never name a
// municipality's fiscal year.
constexpr int kFirstModernEra = 232;

struct EraTable {
  std::vector<Era> eras;
  std::unique_ptr<icu::Calendar> calendar;  // guarded by `mutex`
  std::mutex mutex;
};

EraTable& Eras() {
  static EraTable* table = [] {
    auto* t = new EraTable;
    UErrorCode status = U_ZERO_ERROR;
    const icu::Locale locale("ja_JP@calendar=japanese");
    icu::DateFormatSymbols symbols(locale, "japanese", status);
    int32_t count = 0;
    const icu::UnicodeString* names = symbols.getEras(count);
    int32_t narrow_count = 0;
    const icu::UnicodeString* narrow = symbols.getNarrowEras(narrow_count);
    for (int i = kFirstModernEra; i < count && i < narrow_count; ++i) {
      Era era{i, {}, {}};
      names[i].toUTF8String(era.name);
      narrow[i].toUTF8String(era.short_name);
      t->eras.push_back(std::move(era));
    }
    status = U_ZERO_ERROR;
    t->calendar.reset(
        icu::Calendar::createInstance(icu::TimeZone::createTimeZone("Asia/Tokyo"), locale, status));
    return t;
  }();
  return *table;
}

struct EraYear {
  const Era* era;
  int year;
};

EraYear EraYearOf(int fiscal_year) {
  EraTable& table = Eras();
  std::lock_guard lock(table.mutex);
  UErrorCode status = U_ZERO_ERROR;
  icu::Calendar& calendar = *table.calendar;
  calendar.clear();
  calendar.set(UCAL_EXTENDED_YEAR, fiscal_year);
  calendar.set(UCAL_MONTH, UCAL_OCTOBER);
  calendar.set(UCAL_DATE, 1);
  const int era = calendar.get(UCAL_ERA, status);
  const int year = calendar.get(UCAL_YEAR, status);
  for (const Era& e : table.eras) {
    if (e.index == era) return {&e, year};
  }
  return {nullptr, fiscal_year};
}

std::optional<int> WesternYearOf(const Era& era, int era_year) {
  EraTable& table = Eras();
  std::lock_guard lock(table.mutex);
  UErrorCode status = U_ZERO_ERROR;
  icu::Calendar& calendar = *table.calendar;
  calendar.clear();
  calendar.set(UCAL_ERA, era.index);
  calendar.set(UCAL_YEAR, era_year);
  calendar.set(UCAL_MONTH, UCAL_OCTOBER);
  calendar.set(UCAL_DATE, 1);
  const int year = calendar.get(UCAL_EXTENDED_YEAR, status);
  if (U_FAILURE(status)) return std::nullopt;
  return year;
}

// Reads an unsigned number of ASCII or full-width digits at `pos`.
std::optional<int> ReadNumber(std::string_view s, std::size_t& pos) {
  int value = 0;
  int digits = 0;
  while (pos < s.size() && digits < 5) {
    std::size_t next = pos;
    const char32_t c = NextCodePoint(s, next);
    if (c >= '0' && c <= '9') {
      value = value * 10 + int(c - '0');
    } else if (c >= 0xff10 && c <= 0xff19) {
      value = value * 10 + int(c - 0xff10);
    } else {
      break;
    }
    ++digits;
    pos = next;
  }
  if (digits == 0) return std::nullopt;
  return value;
}

// An era year at `pos`: "7" or "元". Era years past 99 are not years of a fiscal sheet.
std::optional<int> ReadEraYear(std::string_view s, std::size_t pos) {
  if (s.substr(pos).starts_with("元")) return 1;
  auto year = ReadNumber(s, pos);
  if (!year || *year < 1 || *year > 99) return std::nullopt;
  return year;
}

}  // namespace

std::string FiscalYearName(int year) {
  const EraYear era_year = EraYearOf(year);
  if (!era_year.era) return std::to_string(year) + "年度";
  return era_year.era->name + (era_year.year == 1 ? "元" : std::to_string(era_year.year)) + "年度";
}

std::string FiscalYearShortName(int year) {
  const EraYear era_year = EraYearOf(year);
  if (!era_year.era) return std::to_string(year);
  return era_year.era->short_name + std::to_string(era_year.year);
}

std::optional<int> FindFiscalYear(std::string_view title) {
  const EraTable& table = Eras();
  for (std::size_t pos = 0; pos < title.size();) {
    const std::string_view rest = title.substr(pos);
    for (const Era& era : table.eras) {
      // The full name anywhere; the one-letter name only where it starts a word (R7, not PR7).
      const bool at_word_start =
          pos == 0 || !std::isalpha(static_cast<unsigned char>(title[pos - 1]));
      const std::string_view names[] = {
          era.name, at_word_start ? std::string_view(era.short_name) : std::string_view()};
      for (std::string_view name : names) {
        if (name.empty() || !rest.starts_with(name)) continue;
        if (auto era_year = ReadEraYear(title, pos + name.size())) {
          return WesternYearOf(era, *era_year);
        }
      }
    }
    // A western year: four digits followed by 年度.
    std::size_t after = pos;
    if (auto year = ReadNumber(title, after);
        year && *year >= 1900 && *year <= 2999 && title.substr(after).starts_with("年度")) {
      return year;
    }
    NextCodePoint(title, pos);
  }
  return std::nullopt;
}

std::string DateInJapan(std::int64_t unix_seconds) {
  const std::time_t at = unix_seconds + 9 * 60 * 60;  // JST has no daylight saving time
  std::tm tm{};
  gmtime_r(&at, &tm);
  char buffer[16];
  if (std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm) == 0) return "";
  return buffer;
}

std::string TodayInJapan() { return DateInJapan(std::time(nullptr)); }

}  // namespace torikumi::text
