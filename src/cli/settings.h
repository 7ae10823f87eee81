#ifndef TORIKUMI_CLI_SETTINGS_H_
#define TORIKUMI_CLI_SETTINGS_H_

#include <functional>
#include <string>
#include <vector>

#include "model/error.h"

namespace torikumi::cli {

// How an installation runs: what the configuration file (TOML, /etc/torikumi/torikumi.toml
// in the package) says, overridden by the environment (TORIKUMI_<KEY>), overridden by the
// command line's flags. Every field has a default that serves `make run`.
struct Settings {
  // The database: a SQLite file, or postgresql://…  (db; TORIKUMI_DB)
  std::string db = "torikumi.db";
  // The address and port served (listen; TORIKUMI_LISTEN), "127.0.0.1:8080" or "[::1]:8080".
  std::string listen = "127.0.0.1:8080";
  int threads = 0;  // 0: one per core (threads; TORIKUMI_THREADS)
  // Behind a reverse proxy that terminates TLS (behind_tls_proxy; TORIKUMI_BEHIND_TLS_PROXY).
  bool behind_tls_proxy = false;
  // Whose X-Forwarded-For and X-Forwarded-Proto are believed (trusted_proxies;
  // TORIKUMI_TRUSTED_PROXIES, comma-separated).
  std::vector<std::string> trusted_proxies;
  // [log] level: trace, debug, info, warn, error, critical or off (TORIKUMI_LOG_LEVEL);
  // access: a line per request at info (TORIKUMI_LOG_ACCESS).
  std::string log_level = "info";
  bool log_access = true;
  // [metrics] allow: the client addresses that may read /metrics (TORIKUMI_METRICS_ALLOW).
  std::vector<std::string> metrics_allow = {"127.0.0.1", "::1"};
  // [backup] folder and keep: where `torikumi backup --scheduled` writes, and how many of
  // its backups it keeps (TORIKUMI_BACKUP_FOLDER, TORIKUMI_BACKUP_KEEP).
  std::string backup_folder;
  int backup_keep = 14;
  // [mail]: the municipality's SMTP relay; no mail is sent while relay is "" (the workspace
  // lists notifications all the same). TORIKUMI_MAIL_<KEY>.
  std::string mail_relay;     // smtp://host:port or smtps://host:port
  bool mail_starttls = true;  // smtp://: require STARTTLS
  std::string mail_ca_file;   // the CA of the relay's certificate; "" for the system's
  std::string mail_user;      // "" for no authentication
  std::string mail_password;
  std::string mail_from;       // the sender's address
  std::string mail_from_name;  // the sender's name, in Japanese if need be
  std::string mail_site_url;   // https://torikumi.city.example.lg.jp: the links in mail
  std::vector<std::string> mail_allowed_domains;  // addresses only within these; [] for any
  // [notifications]: the default deadline's day of the next month, the reminder's days
  // before it, the hour of the daily digests (Japan's time), and how often each server
  // looks for reminders due and mail to send, in seconds. TORIKUMI_NOTIFICATIONS_<KEY>.
  int deadline_day = 10;
  int remind_days_before = 3;
  int digest_hour = 8;
  int notify_interval = 60;
};

// The environment as a function of a variable's name (null when unset): std::getenv in the
// program, a map in tests.
using Environment = std::function<const char*(const char*)>;

// The settings of the file at `path` (none when empty), then of the environment. A wrong
// key, type or value is an InvalidInput error naming the file and the line.
Result<Settings> LoadSettings(const std::string& path, const Environment& environment);

// The whole settings in the file's format, for `torikumi check-config`.
std::string DescribeSettings(const Settings& settings);

// Splits "ADDRESS:PORT" ("[::1]:8080" for IPv6) into the address and the port.
struct ListenAddress {
  std::string address;
  int port = 0;
};
Result<ListenAddress> ParseListen(const std::string& listen);

}  // namespace torikumi::cli

#endif  // TORIKUMI_CLI_SETTINGS_H_
