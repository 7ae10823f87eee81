#include "service/security_log.h"

#include <boost/json.hpp>
#include <ctime>
#include <iostream>

#include "sheet/delimited.h"
#include "text/utf8.h"

namespace torikumi::service {
namespace {

void StandardError(std::string_view line) {
  // One write a line, so that the lines of several threads never interleave.
  std::cerr << (std::string(line) + '\n');
}

// `text` cut to at most `limit` bytes, at a character's boundary.
std::string Cut(std::string_view text, std::size_t limit) {
  std::size_t end = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    text::NextCodePoint(text, pos);
    if (pos > limit) break;
    end = pos;
  }
  return std::string(text.substr(0, end));
}

// Unix seconds of midnight in Japan (UTC+9, no daylight saving time) beginning the date
// `iso_date` (YYYY-MM-DD); nullopt when it is no date.
std::optional<std::int64_t> JapanMidnight(std::string_view iso_date) {
  if (iso_date.size() != 10 || iso_date[4] != '-' || iso_date[7] != '-') return std::nullopt;
  int fields[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (std::size_t k = starts[f]; k < starts[f] + lengths[f]; ++k) {
      if (iso_date[k] < '0' || iso_date[k] > '9') return std::nullopt;
      fields[f] = fields[f] * 10 + (iso_date[k] - '0');
    }
  }
  std::tm tm{};
  tm.tm_year = fields[0] - 1900;
  tm.tm_mon = fields[1] - 1;
  tm.tm_mday = fields[2];
  const std::time_t t = timegm(&tm);
  std::tm back{};
  gmtime_r(&t, &back);
  // 2026-02-30 is no date: timegm would take it for 2026-03-02.
  if (fields[0] < 1970 || back.tm_year != fields[0] - 1900 || back.tm_mon != fields[1] - 1 ||
      back.tm_mday != fields[2]) {
    return std::nullopt;
  }
  return std::int64_t(t) - 9 * 60 * 60;
}

// 2026-11-25T06:59:55Z → 2026-11-25 15:59:55, Japan's time as Excel reads a date and time.
std::string JapanTimeOf(std::string_view iso_utc) {
  std::tm tm{};
  if (iso_utc.size() < 19 ||
      !strptime(std::string(iso_utc.substr(0, 19)).c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) {
    return std::string(iso_utc);
  }
  const std::time_t t = timegm(&tm) + 9 * 60 * 60;
  std::tm jst{};
  gmtime_r(&t, &jst);
  char text[24];
  if (std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &jst) == 0) return "";
  return text;
}

Error NeedsAdministrator() { return Error::Forbidden("セキュリティの記録は管理者だけが読めます"); }

}  // namespace

SecurityLog::SecurityLog(store::Store& store, Clock now, Sink sink)
    : store_(store),
      now_(now ? std::move(now) : Clock(SystemNow)),
      sink_(sink ? std::move(sink) : Sink(StandardError)) {}

store::SecurityEvent SecurityLog::Event(model::SecurityEventKind kind,
                                        std::optional<std::int64_t> user_id, std::string_view login,
                                        std::string_view address, std::string_view detail) const {
  return {UtcTime(now_()),        kind, user_id, Cut(login, kMaxLogin), std::string(address),
          Cut(detail, kMaxDetail)};
}

store::SecurityEvent SecurityLog::EventBy(const Actor& actor, model::SecurityEventKind kind,
                                          std::string_view login, std::string detail) const {
  if (actor.IsCommandLine()) detail = "コマンドラインから: " + detail;
  return Event(kind, actor.user_id(), login, actor.address(), detail);
}

void SecurityLog::Record(const store::SecurityEvent& event) {
  Log(event);
  if (auto stored = store_.RecordSecurityEvent(event); !stored) {
    sink_("torikumi: security event not stored: " + stored.error().ToString());
  }
}

void SecurityLog::Log(const store::SecurityEvent& event) { sink_(Line(event)); }

std::string SecurityLog::Line(const store::SecurityEvent& event) {
  namespace json = boost::json;
  const std::optional<std::int64_t> municipality = Municipality();
  json::object line;
  line["at"] = event.at;
  line["kind"] = model::SecurityEventName(event.kind);
  line["municipality"] = municipality ? json::value(*municipality) : json::value(nullptr);
  line["user"] = event.user_id ? json::value(*event.user_id) : json::value(nullptr);
  line["login"] = event.login;
  line["address"] = event.address;
  line["detail"] = event.detail;
  return "torikumi: security " + json::serialize(line);
}

std::optional<std::int64_t> SecurityLog::Municipality() {
  std::lock_guard lock(mutex_);
  if (!municipality_) {
    if (auto m = store_.ThisMunicipality()) municipality_ = m->id;
  }
  return municipality_;
}

Result<store::SecurityEventFilter> SecurityLog::FilterOf(const Actor& actor,
                                                         const SecurityEventQuery& query) const {
  if (!actor.IsAdministrator()) return NeedsAdministrator();
  store::SecurityEventFilter filter;
  filter.kind = query.kind;
  filter.before_id = query.before_id;
  std::optional<std::int64_t> from, to;
  if (!query.from_date.empty()) {
    from = JapanMidnight(query.from_date);
    if (!from)
      return Error::InvalidInput("期間の初日「" + query.from_date + "」が日付ではありません");
    filter.from = UtcTime(*from);
  }
  if (!query.to_date.empty()) {
    to = JapanMidnight(query.to_date);
    if (!to) return Error::InvalidInput("期間の末日「" + query.to_date + "」が日付ではありません");
    filter.until = UtcTime(*to + 24 * 60 * 60);  // the whole last day
  }
  if (from && to && *to < *from) {
    return Error::InvalidInput("期間の末日が初日より前です");
  }
  return filter;
}

Result<SecurityEventPage> SecurityLog::Events(const Actor& actor, const SecurityEventQuery& query) {
  TORIKUMI_ASSIGN_OR_RETURN(store::SecurityEventFilter filter, FilterOf(actor, query));
  filter.limit = kPageSize + 1;  // one more tells whether an older page exists
  SecurityEventPage page;
  TORIKUMI_ASSIGN_OR_RETURN(page.events, store_.ListSecurityEvents(filter));
  if (page.events.size() > std::size_t(kPageSize)) {
    page.events.resize(kPageSize);
    page.next_before_id = page.events.back().id;
  }
  return page;
}

Result<Download> SecurityLog::Csv(const Actor& actor, const SecurityEventQuery& query) {
  TORIKUMI_ASSIGN_OR_RETURN(store::SecurityEventFilter filter, FilterOf(actor, query));
  filter.limit = kCsvLimit;
  TORIKUMI_ASSIGN_OR_RETURN(auto events, store_.ListSecurityEvents(filter));
  std::string out = "\xEF\xBB\xBF";  // Excel reads UTF-8 only after a BOM
  auto row = [&](std::initializer_list<std::string_view> cells) {
    bool first = true;
    for (const std::string_view cell : cells) {
      if (!first) out += ',';
      out += sheet::QuoteCell(sheet::FormulaGuarded(std::string(cell)), ',');
      first = false;
    }
    out += "\r\n";
  };
  row({"番号", "日時（日本時間）", "日時（UTC）", "種類", "種類（コード）", "利用者", "ログイン名",
       "接続元", "内容"});
  for (const store::SecurityEventRecord& r : events) {
    const store::SecurityEvent& e = r.event;
    row({std::to_string(r.id), JapanTimeOf(e.at), e.at, model::SecurityEventLabel(e.kind),
         model::SecurityEventName(e.kind), r.user, e.login, e.address, e.detail});
  }
  const std::string day = JapanTimeOf(UtcTime(now_())).substr(0, 10);
  std::string name = "security-events-" + day + ".csv";
  return Download{std::move(name), "text/csv; charset=utf-8", "CSV（UTF-8、Excel で開けます）",
                  std::move(out)};
}

}  // namespace torikumi::service
