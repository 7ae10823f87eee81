#include "cli/settings.h"

#include <arpa/inet.h>
#include <toml++/toml.h>

#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include "mail/mail.h"

namespace torikumi::cli {
namespace {

constexpr const char* kLogLevels[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};

bool IsAddress(const std::string& text) {
  unsigned char bytes[16];
  return ::inet_pton(AF_INET, text.c_str(), bytes) == 1 ||
         ::inet_pton(AF_INET6, text.c_str(), bytes) == 1;
}

// Where a value came from: a line of the file, or an environment variable.
struct Origin {
  std::string file;
  int line = 0;
  std::string variable;

  Error Wrong(const std::string& message) const {
    if (!variable.empty()) return Error::InvalidInput("環境変数 " + variable + ": " + message);
    return Error::InvalidInput(message, Location{file, line, 0});
  }
};

// One setting: its key in the file ("log.level"), its variable (TORIKUMI_LOG_LEVEL), and how
// a value of the file or of the environment is taken into the settings.
struct Key {
  const char* name;
  const char* variable;
  std::function<Result<void>(Settings&, const toml::node&, const Origin&)> from_file;
  std::function<Result<void>(Settings&, const std::string&, const Origin&)> from_text;
};

Result<void> CheckLevel(const std::string& level, const Origin& origin) {
  for (const char* known : kLogLevels) {
    if (level == known) return {};
  }
  return origin.Wrong(
      "log.level は trace, debug, info, warn, error, critical, off のいずれかです (「" + level +
      "」)");
}

Result<void> CheckAddresses(const char* key, const std::vector<std::string>& addresses,
                            const Origin& origin) {
  for (const std::string& a : addresses) {
    if (!IsAddress(a)) {
      return origin.Wrong(std::string(key) + " の「" + a + "」は IP アドレスではありません");
    }
  }
  return {};
}

Result<bool> BoolOfText(const char* key, const std::string& text, const Origin& origin) {
  if (text == "true" || text == "1" || text == "yes") return true;
  if (text == "false" || text == "0" || text == "no") return false;
  return origin.Wrong(std::string(key) + " は true か false です (「" + text + "」)");
}

Result<int> IntOfText(const char* key, const std::string& text, int low, int high,
                      const Origin& origin) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < low || value > high) {
    return origin.Wrong(std::string(key) + " は " + std::to_string(low) + "〜" +
                        std::to_string(high) + " の整数です (「" + text + "」)");
  }
  return value;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    const auto first = item.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    items.push_back(item.substr(first, item.find_last_not_of(' ') - first + 1));
  }
  return items;
}

Result<std::string> StringOf(const char* key, const toml::node& node, const Origin& origin) {
  if (const auto* s = node.as_string()) return s->get();
  return origin.Wrong(std::string(key) + " は文字列 (\"…\") で書いてください");
}

Result<bool> BoolOf(const char* key, const toml::node& node, const Origin& origin) {
  if (const auto* b = node.as_boolean()) return b->get();
  return origin.Wrong(std::string(key) + " は true か false です");
}

Result<int> IntOf(const char* key, const toml::node& node, int low, int high,
                  const Origin& origin) {
  if (const auto* i = node.as_integer(); i && i->get() >= low && i->get() <= high) {
    return int(i->get());
  }
  return origin.Wrong(std::string(key) + " は " + std::to_string(low) + "〜" +
                      std::to_string(high) + " の整数です");
}

Result<std::vector<std::string>> StringsOf(const char* key, const toml::node& node,
                                           const Origin& origin) {
  const auto* array = node.as_array();
  if (!array) return origin.Wrong(std::string(key) + " は文字列の配列 ([\"…\", \"…\"]) です");
  std::vector<std::string> items;
  for (const toml::node& item : *array) {
    const auto* s = item.as_string();
    if (!s) return origin.Wrong(std::string(key) + " は文字列の配列 ([\"…\", \"…\"]) です");
    items.push_back(s->get());
  }
  return items;
}

// A string setting whose value is checked by `check` from the file and the environment alike.
template <typename Check>
Key StringKey(const char* name, const char* variable, std::string Settings::*field, Check check) {
  return {name, variable,
          [=](Settings& s, const toml::node& node, const Origin& origin) -> Result<void> {
            TORIKUMI_ASSIGN_OR_RETURN(std::string value, StringOf(name, node, origin));
            TORIKUMI_RETURN_IF_ERROR(check(value, origin));
            s.*field = std::move(value);
            return {};
          },
          [=](Settings& s, const std::string& text, const Origin& origin) -> Result<void> {
            TORIKUMI_RETURN_IF_ERROR(check(text, origin));
            s.*field = text;
            return {};
          }};
}

Key BoolKey(const char* name, const char* variable, bool Settings::*field) {
  return {name, variable,
          [=](Settings& s, const toml::node& node, const Origin& origin) -> Result<void> {
            TORIKUMI_ASSIGN_OR_RETURN(s.*field, BoolOf(name, node, origin));
            return {};
          },
          [=](Settings& s, const std::string& text, const Origin& origin) -> Result<void> {
            TORIKUMI_ASSIGN_OR_RETURN(s.*field, BoolOfText(name, text, origin));
            return {};
          }};
}

Key IntKey(const char* name, const char* variable, int Settings::*field, int low, int high) {
  return {name, variable,
          [=](Settings& s, const toml::node& node, const Origin& origin) -> Result<void> {
            TORIKUMI_ASSIGN_OR_RETURN(s.*field, IntOf(name, node, low, high, origin));
            return {};
          },
          [=](Settings& s, const std::string& text, const Origin& origin) -> Result<void> {
            TORIKUMI_ASSIGN_OR_RETURN(s.*field, IntOfText(name, text, low, high, origin));
            return {};
          }};
}

Key AddressesKey(const char* name, const char* variable,
                 std::vector<std::string> Settings::*field) {
  return {name, variable,
          [=](Settings& s, const toml::node& node, const Origin& origin) -> Result<void> {
            TORIKUMI_ASSIGN_OR_RETURN(auto addresses, StringsOf(name, node, origin));
            TORIKUMI_RETURN_IF_ERROR(CheckAddresses(name, addresses, origin));
            s.*field = std::move(addresses);
            return {};
          },
          [=](Settings& s, const std::string& text, const Origin& origin) -> Result<void> {
            auto addresses = SplitList(text);
            TORIKUMI_RETURN_IF_ERROR(CheckAddresses(name, addresses, origin));
            s.*field = std::move(addresses);
            return {};
          }};
}

Result<void> CheckListen(const std::string& listen, const Origin& origin) {
  if (auto parsed = ParseListen(listen); !parsed) return origin.Wrong(parsed.error().message());
  return {};
}

Result<void> CheckFolder(const std::string& folder, const Origin& origin) {
  if (!folder.empty() && !folder.starts_with('/')) {
    return origin.Wrong("backup.folder は / で始まる絶対パスです (「" + folder + "」)");
  }
  return {};
}

Result<void> CheckRelay(const std::string& relay, const Origin& origin) {
  if (!relay.empty() && !relay.starts_with("smtp://") && !relay.starts_with("smtps://")) {
    return origin.Wrong("mail.relay は smtp://HOST:PORT か smtps://HOST:PORT です (「" + relay +
                        "」)");
  }
  return {};
}

Result<void> CheckSiteUrl(const std::string& url, const Origin& origin) {
  if (!url.empty() && !url.starts_with("https://") && !url.starts_with("http://")) {
    return origin.Wrong("mail.site_url は https:// で始まる URL です (「" + url + "」)");
  }
  return {};
}

Result<void> CheckSender(const std::string& from, const Origin& origin) {
  if (!from.empty() && !mail::IsMailAddress(from)) {
    return origin.Wrong("mail.from がメールアドレスではありません (「" + from + "」)");
  }
  return {};
}

Result<void> AnyText(const std::string&, const Origin&) { return {}; }

Key DomainsKey(const char* name, const char* variable, std::vector<std::string> Settings::*field) {
  const auto check = [name](const std::vector<std::string>& domains,
                            const Origin& origin) -> Result<void> {
    for (const std::string& d : domains) {
      if (!mail::IsMailAddress("x@" + d)) {
        return origin.Wrong(std::string(name) + " の「" + d + "」はドメイン名ではありません");
      }
    }
    return {};
  };
  return {name, variable,
          [=](Settings& s, const toml::node& node, const Origin& origin) -> Result<void> {
            TORIKUMI_ASSIGN_OR_RETURN(auto domains, StringsOf(name, node, origin));
            TORIKUMI_RETURN_IF_ERROR(check(domains, origin));
            s.*field = std::move(domains);
            return {};
          },
          [=](Settings& s, const std::string& text, const Origin& origin) -> Result<void> {
            auto domains = SplitList(text);
            TORIKUMI_RETURN_IF_ERROR(check(domains, origin));
            s.*field = std::move(domains);
            return {};
          }};
}

const std::vector<Key>& Keys() {
  static const std::vector<Key> keys = {
      StringKey("db", "TORIKUMI_DB", &Settings::db,
                [](const std::string& db, const Origin& origin) -> Result<void> {
                  if (db.empty()) return origin.Wrong("db が空です");
                  return {};
                }),
      StringKey("listen", "TORIKUMI_LISTEN", &Settings::listen, CheckListen),
      IntKey("threads", "TORIKUMI_THREADS", &Settings::threads, 0, 256),
      BoolKey("behind_tls_proxy", "TORIKUMI_BEHIND_TLS_PROXY", &Settings::behind_tls_proxy),
      AddressesKey("trusted_proxies", "TORIKUMI_TRUSTED_PROXIES", &Settings::trusted_proxies),
      StringKey("log.level", "TORIKUMI_LOG_LEVEL", &Settings::log_level, CheckLevel),
      BoolKey("log.access", "TORIKUMI_LOG_ACCESS", &Settings::log_access),
      AddressesKey("metrics.allow", "TORIKUMI_METRICS_ALLOW", &Settings::metrics_allow),
      StringKey("backup.folder", "TORIKUMI_BACKUP_FOLDER", &Settings::backup_folder, CheckFolder),
      IntKey("backup.keep", "TORIKUMI_BACKUP_KEEP", &Settings::backup_keep, 1, 10000),
      StringKey("mail.relay", "TORIKUMI_MAIL_RELAY", &Settings::mail_relay, CheckRelay),
      BoolKey("mail.starttls", "TORIKUMI_MAIL_STARTTLS", &Settings::mail_starttls),
      StringKey("mail.ca_file", "TORIKUMI_MAIL_CA_FILE", &Settings::mail_ca_file, AnyText),
      StringKey("mail.user", "TORIKUMI_MAIL_USER", &Settings::mail_user, AnyText),
      StringKey("mail.password", "TORIKUMI_MAIL_PASSWORD", &Settings::mail_password, AnyText),
      StringKey("mail.from", "TORIKUMI_MAIL_FROM", &Settings::mail_from, CheckSender),
      StringKey("mail.from_name", "TORIKUMI_MAIL_FROM_NAME", &Settings::mail_from_name, AnyText),
      StringKey("mail.site_url", "TORIKUMI_MAIL_SITE_URL", &Settings::mail_site_url, CheckSiteUrl),
      DomainsKey("mail.allowed_domains", "TORIKUMI_MAIL_ALLOWED_DOMAINS",
                 &Settings::mail_allowed_domains),
      IntKey("notifications.deadline_day", "TORIKUMI_NOTIFICATIONS_DEADLINE_DAY",
             &Settings::deadline_day, 1, 31),
      IntKey("notifications.remind_days_before", "TORIKUMI_NOTIFICATIONS_REMIND_DAYS_BEFORE",
             &Settings::remind_days_before, 0, 31),
      IntKey("notifications.digest_hour", "TORIKUMI_NOTIFICATIONS_DIGEST_HOUR",
             &Settings::digest_hour, 0, 23),
      IntKey("notifications.interval", "TORIKUMI_NOTIFICATIONS_INTERVAL",
             &Settings::notify_interval, 1, 3600),
  };
  return keys;
}

const Key* FindKey(const std::string& name) {
  for (const Key& key : Keys()) {
    if (name == key.name) return &key;
  }
  return nullptr;
}

// Takes each key of `table` (the file's root or one of its tables, `prefix` "log." for
// [log]), refusing keys the settings do not have: a misspelt key would otherwise be ignored.
Result<void> ReadTable(Settings& settings, const toml::table& table, const std::string& prefix,
                       const std::string& file) {
  for (const auto& [key, node] : table) {
    const std::string name = prefix + std::string(key.str());
    const Origin origin{file, int(key.source().begin.line), ""};
    if (prefix.empty() && node.is_table()) {
      const std::string section = name + ".";
      bool known = false;
      for (const Key& k : Keys()) known = known || std::string_view(k.name).starts_with(section);
      if (!known) return origin.Wrong("[" + name + "] という表はありません");
      TORIKUMI_RETURN_IF_ERROR(ReadTable(settings, *node.as_table(), section, file));
      continue;
    }
    const Key* known = FindKey(name);
    if (!known) return origin.Wrong("「" + name + "」という設定はありません");
    TORIKUMI_RETURN_IF_ERROR(
        known->from_file(settings, node, {file, int(node.source().begin.line), ""}));
  }
  return {};
}

std::string Quoted(const std::string& text) {
  std::ostringstream out;
  out << toml::value<std::string>(text);
  return out.str();
}

std::string QuotedList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t k = 0; k < items.size(); ++k) out += (k ? ", " : "") + Quoted(items[k]);
  return out + "]";
}

}  // namespace

Result<ListenAddress> ParseListen(const std::string& listen) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) {
    return Error::InvalidInput("待ち受けは ADDRESS:PORT で指定してください (「" + listen + "」)");
  }
  ListenAddress parsed{listen.substr(0, colon), 0};
  if (parsed.address.size() > 2 && parsed.address.front() == '[' && parsed.address.back() == ']') {
    parsed.address = parsed.address.substr(1, parsed.address.size() - 2);
  }
  const std::string port = listen.substr(colon + 1);
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), parsed.port);
  if (error != std::errc() || end != port.data() + port.size() || parsed.port < 0 ||
      parsed.port > 65535) {
    return Error::InvalidInput("ポート番号を読めません (「" + listen + "」)");
  }
  if (!IsAddress(parsed.address)) {
    return Error::InvalidInput("待ち受けアドレスが IP アドレスではありません (「" + listen + "」)");
  }
  return parsed;
}

Result<Settings> LoadSettings(const std::string& path, const Environment& environment) {
  Settings settings;
  if (!path.empty()) {
    if (!std::ifstream(path)) return Error::Io(path + " を開けません");
    try {
      const toml::table root = toml::parse_file(path);
      TORIKUMI_RETURN_IF_ERROR(ReadTable(settings, root, "", path));
    } catch (const toml::parse_error& e) {
      return Error::InvalidInput(
          "TOML として読めません: " + std::string(e.description()),
          Location{path, int(e.source().begin.line), int(e.source().begin.column)});
    }
  }
  for (const Key& key : Keys()) {
    if (const char* value = environment(key.variable)) {
      TORIKUMI_RETURN_IF_ERROR(key.from_text(settings, value, {"", 0, key.variable}));
    }
  }
  if (!settings.mail_relay.empty() &&
      (settings.mail_from.empty() || settings.mail_site_url.empty())) {
    return Error::InvalidInput(
        "mail.relay を設定したときは mail.from (送信元アドレス) と mail.site_url (メールのリンクの "
        "URL) "
        "も設定してください",
        Location{path, 0, 0});
  }
  return settings;
}

std::string DescribeSettings(const Settings& s) {
  std::ostringstream out;
  out << "db = " << Quoted(s.db) << "\nlisten = " << Quoted(s.listen) << "\nthreads = " << s.threads
      << "\nbehind_tls_proxy = " << (s.behind_tls_proxy ? "true" : "false")
      << "\ntrusted_proxies = " << QuotedList(s.trusted_proxies)
      << "\n\n[log]\nlevel = " << Quoted(s.log_level)
      << "\naccess = " << (s.log_access ? "true" : "false")
      << "\n\n[metrics]\nallow = " << QuotedList(s.metrics_allow)
      << "\n\n[backup]\nfolder = " << Quoted(s.backup_folder) << "\nkeep = " << s.backup_keep
      << "\n\n[mail]\nrelay = " << Quoted(s.mail_relay)
      << "\nstarttls = " << (s.mail_starttls ? "true" : "false")
      << "\nca_file = " << Quoted(s.mail_ca_file) << "\nuser = "
      << Quoted(s.mail_user)
      // The password is never printed, only whether there is one.
      << "\npassword = " << Quoted(s.mail_password.empty() ? "" : "********")
      << "\nfrom = " << Quoted(s.mail_from) << "\nfrom_name = " << Quoted(s.mail_from_name)
      << "\nsite_url = " << Quoted(s.mail_site_url)
      << "\nallowed_domains = " << QuotedList(s.mail_allowed_domains)
      << "\n\n[notifications]\ndeadline_day = " << s.deadline_day
      << "\nremind_days_before = " << s.remind_days_before << "\ndigest_hour = " << s.digest_hour
      << "\ninterval = " << s.notify_interval << '\n';
  return out.str();
}

}  // namespace torikumi::cli
