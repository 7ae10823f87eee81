#include "web/log.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace torikumi::web {
namespace {

// Off until the server's settings say otherwise: servers inside the tests write no lines.
std::atomic<bool> access_enabled{false};

// The syslog priority journald reads at the start of a line (sd-daemon(3)): 7 debug …
// 2 critical.
class SyslogPriority final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&,
              spdlog::memory_buf_t& out) override {
    static constexpr char kPriority[] = {'7', '7', '6', '4', '3', '2', '6'};
    const char text[] = {'<', kPriority[message.level], '>'};
    out.append(text, text + 3);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<SyslogPriority>();
  }
};

std::shared_ptr<spdlog::logger> MakeLogger() {
  auto logger = std::make_shared<spdlog::logger>("torikumi",
                                                 std::make_shared<spdlog::sinks::stderr_sink_mt>());
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  // systemd names the journal stream it connected to standard error in JOURNAL_STREAM.
  // Read once, at the first line, which the server writes before its threads start.
  if (std::getenv("JOURNAL_STREAM") != nullptr) {  // NOLINT(concurrency-mt-unsafe)
    formatter->add_flag<SyslogPriority>('*').set_pattern("%*%v");
  } else {
    formatter->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  }
  logger->set_formatter(std::move(formatter));
  logger->flush_on(spdlog::level::trace);
  return logger;
}

spdlog::logger& Logger() {
  static const std::shared_ptr<spdlog::logger> logger = MakeLogger();
  return *logger;
}

void Write(spdlog::level::level_enum level, std::string_view event, std::string_view message) {
  if (!Logger().should_log(level)) return;
  Logger().log(level, "{} message={}", event, LogValue(message));
}

}  // namespace

std::string LogValue(std::string_view value) {
  bool plain = !value.empty();
  for (unsigned char c : value) plain = plain && c > ' ' && c != '"' && c != '\\' && c != 0x7f;
  if (plain) return std::string(value);
  std::string out = "\"";
  for (unsigned char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < ' ' || c == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += char(c);
    }
  }
  return out + '"';
}

void ConfigureLog(std::string_view level, bool access) {
  Logger().set_level(spdlog::level::from_str(std::string(level)));
  access_enabled = access;
}

void LogAccess(const AccessRecord& r) {
  if (!access_enabled || !Logger().should_log(spdlog::level::info)) return;
  const std::string_view path = r.target.substr(0, r.target.find('?'));
  Logger().info(
      "access id={} peer={} user={} method={} path={} route={} status={} bytes={} ms={:.3f}",
      r.request_id, LogValue(r.peer), r.user_id, LogValue(r.method), LogValue(path),
      LogValue(r.route.empty() ? "-" : r.route), r.status, r.bytes, r.seconds * 1000);
}

void LogInfo(std::string_view event, std::string_view message) {
  Write(spdlog::level::info, event, message);
}
void LogWarning(std::string_view event, std::string_view message) {
  Write(spdlog::level::warn, event, message);
}
void LogError(std::string_view event, std::string_view message) {
  Write(spdlog::level::err, event, message);
}

}  // namespace torikumi::web
