#ifndef TORIKUMI_SERVICE_SECURITY_LOG_H_
#define TORIKUMI_SERVICE_SECURITY_LOG_H_

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.h"
#include "model/security_event.h"
#include "service/actor.h"
#include "service/clock.h"
#include "service/portal_service.h"
#include "store/store.h"

namespace torikumi::service {

// What an administrator asks of the security events: a kind, a period of Japan's dates,
// and the page (the events older than `before_id`).
struct SecurityEventQuery {
  std::optional<model::SecurityEventKind> kind;
  std::string from_date;  // YYYY-MM-DD in Japan, the first day; "" for no bound
  std::string to_date;    // YYYY-MM-DD in Japan, the last day; "" for no bound
  std::int64_t before_id = 0;
};

// A page of security events, the newest first.
struct SecurityEventPage {
  std::vector<store::SecurityEventRecord> events;
  std::int64_t next_before_id = 0;  // the query's before_id for the older page; 0 when none
};

// The security event log (セキュリティの記録, OWASP ASVS 4.0.3 V7). Each event is stored in
// the municipality's database, where administrators read it (Events, Csv), and written as
// one line of JSON to the server's log (standard error, which journald keeps):
//
//   torikumi: security {"at":"2026-11-25T06:59:55Z","kind":"sign_in_failed",
//                       "municipality":1,"user":null,"login":"tanaka",
//                       "address":"192.0.2.7","detail":"パスワードが違います"}
//
// JSON escapes every control character, so no typed login can forge a line. Events never
// hold a password, a token, a second factor's code or a cookie: callers put none in.
// Safe to call from several threads at once.
class SecurityLog {
 public:
  // Where the server log's lines go; by default standard error, a line at a time.
  using Sink = std::function<void(std::string_view line)>;
  static constexpr int kPageSize = 100;
  static constexpr int kCsvLimit = 100'000;        // the newest events of the query, at most
  static constexpr std::size_t kMaxLogin = 128;    // bytes of a typed login kept
  static constexpr std::size_t kMaxDetail = 1024;  // bytes of a detail (a long path) kept

  explicit SecurityLog(store::Store& store, Clock now = nullptr, Sink sink = nullptr);

  // An event now: `login` and `detail` cut to kMaxLogin and kMaxDetail bytes (whole
  // characters).
  store::SecurityEvent Event(model::SecurityEventKind kind, std::optional<std::int64_t> user_id,
                             std::string_view login, std::string_view address,
                             std::string_view detail) const;
  // An event now of what `actor` did from its address to the account `login`; the command
  // line's says so in its detail.
  store::SecurityEvent EventBy(const Actor& actor, model::SecurityEventKind kind,
                               std::string_view login, std::string detail) const;

  // Stores `event` in a transaction of its own and writes its line to the server log. An
  // event the database does not take is said so on the server log: what it records stands
  // all the same (a refusal is still refused).
  void Record(const store::SecurityEvent& event);
  // Writes the server log's line of an event already stored with a change
  // (store::AuditEntry::security_event).
  void Log(const store::SecurityEvent& event);
  // The server log's line of `event`, without its line break.
  std::string Line(const store::SecurityEvent& event);

  // Administrators: a page of the events of the query, the newest first. Forbidden;
  // InvalidInput (a date that is not one, or a period that ends before it begins).
  Result<SecurityEventPage> Events(const Actor& actor, const SecurityEventQuery& query);
  // Administrators: the events of the query (all pages, at most kCsvLimit) as a CSV file that
  // Excel opens (UTF-8 with a BOM, CRLF, cells that would be formulas written as text).
  // Forbidden, InvalidInput.
  Result<Download> Csv(const Actor& actor, const SecurityEventQuery& query);

 private:
  Result<store::SecurityEventFilter> FilterOf(const Actor& actor,
                                              const SecurityEventQuery& query) const;
  // The municipality's id, read once; nullopt while the database cannot say.
  std::optional<std::int64_t> Municipality();

  store::Store& store_;
  Clock now_;
  Sink sink_;
  std::mutex mutex_;
  std::optional<std::int64_t> municipality_;  // guarded by mutex_
};

}  // namespace torikumi::service

#endif  // TORIKUMI_SERVICE_SECURITY_LOG_H_
