#ifndef TORIKUMI_WEB_LOG_H_
#define TORIKUMI_WEB_LOG_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace torikumi::web {

// The server's log: lines on standard error, for journald when systemd runs the server
// (each line then starts with its syslog priority, "<6>", and journald adds the time) and
// for a terminal otherwise (each line starts with the time and the level). Fields are
// written key=value, a value with a space or quote quoted, so that the lines are read by
// people and by tools alike. Passwords, tokens, cookies and query strings never reach it.

// `level`: trace, debug, info, warn, error, critical or off; `access`: a line per request.
void ConfigureLog(std::string_view level, bool access);

// A request answered.
struct AccessRecord {
  std::string_view request_id;
  std::string_view peer;
  std::int64_t user_id = 0;  // 0: the public
  std::string_view method;
  std::string_view target;  // its query string is left out
  std::string_view route;
  int status = 0;
  std::uint64_t bytes = 0;
  double seconds = 0;
};
void LogAccess(const AccessRecord& record);

void LogInfo(std::string_view event, std::string_view message);
void LogWarning(std::string_view event, std::string_view message);
void LogError(std::string_view event, std::string_view message);

// The value of a field as the log writes it: as it is when it needs no quotes, else in
// double quotes with backslash, quote and control characters escaped.
std::string LogValue(std::string_view value);

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_LOG_H_
