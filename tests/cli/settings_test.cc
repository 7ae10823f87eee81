// The configuration file, the environment over it, and the errors that name the line.

#include "cli/settings.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace torikumi::cli {
namespace {

class SettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("torikumi-settings-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& text) {
    const std::string path = (dir_ / "torikumi.toml").string();
    std::ofstream(path) << text;
    return path;
  }

  Result<Settings> Load(const std::string& path) {
    return LoadSettings(path, [this](const char* name) -> const char* {
      auto it = environment_.find(name);
      return it == environment_.end() ? nullptr : it->second.c_str();
    });
  }

  std::filesystem::path dir_;
  std::map<std::string, std::string> environment_;
};

TEST_F(SettingsTest, WithoutAFileTheDefaultsServeMakeRun) {
  auto settings = Load("");
  ASSERT_TRUE(settings.ok()) << settings.error().ToString();
  EXPECT_EQ(settings->db, "torikumi.db");
  EXPECT_EQ(settings->listen, "127.0.0.1:8080");
  EXPECT_EQ(settings->log_level, "info");
  EXPECT_TRUE(settings->log_access);
  EXPECT_EQ(settings->metrics_allow, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(settings->backup_keep, 14);
}

TEST_F(SettingsTest, TheFileSetsEveryKeyAndTheEnvironmentOverridesIt) {
  const std::string path = Write(R"(# the packaged file
db = "/var/lib/torikumi/torikumi.db"
listen = "[::1]:8443"
threads = 4
behind_tls_proxy = true
trusted_proxies = ["10.0.0.5"]

[log]
level = "warn"
access = false

[metrics]
allow = ["10.0.0.9", "::1"]

[backup]
folder = "/var/backups/torikumi"
keep = 7
)");
  auto settings = Load(path);
  ASSERT_TRUE(settings.ok()) << settings.error().ToString();
  EXPECT_EQ(settings->db, "/var/lib/torikumi/torikumi.db");
  EXPECT_EQ(settings->listen, "[::1]:8443");
  EXPECT_EQ(settings->threads, 4);
  EXPECT_TRUE(settings->behind_tls_proxy);
  EXPECT_EQ(settings->trusted_proxies, std::vector<std::string>{"10.0.0.5"});
  EXPECT_EQ(settings->log_level, "warn");
  EXPECT_FALSE(settings->log_access);
  EXPECT_EQ(settings->metrics_allow, (std::vector<std::string>{"10.0.0.9", "::1"}));
  EXPECT_EQ(settings->backup_folder, "/var/backups/torikumi");
  EXPECT_EQ(settings->backup_keep, 7);

  environment_ = {{"TORIKUMI_DB", "postgresql://torikumi@db/torikumi"},
                  {"TORIKUMI_LOG_LEVEL", "debug"},
                  {"TORIKUMI_LOG_ACCESS", "true"},
                  {"TORIKUMI_METRICS_ALLOW", "192.0.2.1, 192.0.2.2"},
                  {"TORIKUMI_BACKUP_KEEP", "30"}};
  settings = Load(path);
  ASSERT_TRUE(settings.ok()) << settings.error().ToString();
  EXPECT_EQ(settings->db, "postgresql://torikumi@db/torikumi");
  EXPECT_EQ(settings->log_level, "debug");
  EXPECT_TRUE(settings->log_access);
  EXPECT_EQ(settings->metrics_allow, (std::vector<std::string>{"192.0.2.1", "192.0.2.2"}));
  EXPECT_EQ(settings->backup_keep, 30);
  EXPECT_EQ(settings->threads, 4);  // not overridden
}

TEST_F(SettingsTest, AWrongKeyTypeOrValueNamesItsLine) {
  struct Case {
    std::string text;
    int line;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {"db = \"x.db\"\n\n[log]\nlevl = \"info\"\n", 4, "「log.levl」という設定はありません"},
           {"threads = \"two\"\n", 1, "threads は 0〜256 の整数です"},
           {"threads = 999\n", 1, "threads は 0〜256 の整数です"},
           {"\nlisten = \"localhost:8080\"\n", 2, "IP アドレスではありません"},
           {"listen = \"127.0.0.1\"\n", 1, "ADDRESS:PORT"},
           {"[log]\nlevel = \"loud\"\n", 2, "log.level は trace"},
           {"[metrics]\nallow = [\"10.0.0.0/8\"]\n", 2,
            "「10.0.0.0/8」は IP アドレスではありません"},
           {"[backup]\nfolder = \"backups\"\n", 2, "絶対パス"},
           {"[backup]\nkeep = 0\n", 2, "backup.keep は 1〜10000"},
           {"behind_tls_proxy = \"yes\"\n", 1, "true か false"},
           {"[mails]\nrelay = \"x\"\n", 1, "[mails] という表はありません"},
           {"[mail]\nrelay = \"mail.example.jp\"\n", 2, "mail.relay は smtp://HOST:PORT"},
           {"[mail]\nfrom = \"torikumi\"\n", 2, "mail.from がメールアドレスではありません"},
           {"[mail]\nallowed_domains = [\"ex ample.jp\"]\n", 2, "ドメイン名ではありません"},
           {"[mail]\nsite_url = \"torikumi.example.jp\"\n", 2, "https:// で始まる"},
           {"[notifications]\ndeadline_day = 40\n", 2, "1〜31"},
           {"db = \"x.db\"\ndb = \"y.db\"\n", 2, "TOML として読めません"},
       }) {
    auto settings = Load(Write(c.text));
    ASSERT_FALSE(settings.ok()) << c.text;
    EXPECT_EQ(settings.error().code(), Error::Code::kInvalidInput) << c.text;
    EXPECT_EQ(settings.error().where().line, c.line) << c.text;
    EXPECT_NE(settings.error().message().find(c.says), std::string::npos)
        << c.text << " → " << settings.error().ToString();
    EXPECT_NE(settings.error().ToString().find("torikumi.toml:" + std::to_string(c.line)),
              std::string::npos);
  }
}

TEST_F(SettingsTest, TheMailRelayAndNotificationsAreSetAndThePasswordNeverShown) {
  const std::string path = Write(R"([mail]
relay = "smtp://mail.city.example.lg.jp:587"
starttls = true
user = "torikumi"
password = "s3cret-relay"
from = "torikumi@city.example.lg.jp"
from_name = "企画政策課（torikumi）"
site_url = "https://torikumi.city.example.lg.jp"
allowed_domains = ["city.example.lg.jp"]

[notifications]
deadline_day = 15
remind_days_before = 5
digest_hour = 9
interval = 30
)");
  environment_ = {{"TORIKUMI_MAIL_PASSWORD", "from-the-environment"}};
  auto settings = Load(path);
  ASSERT_TRUE(settings.ok()) << settings.error().ToString();
  EXPECT_EQ(settings->mail_relay, "smtp://mail.city.example.lg.jp:587");
  EXPECT_EQ(settings->mail_password, "from-the-environment");
  EXPECT_EQ(settings->mail_from_name, "企画政策課（torikumi）");
  EXPECT_EQ(settings->mail_allowed_domains, std::vector<std::string>{"city.example.lg.jp"});
  EXPECT_EQ(settings->deadline_day, 15);
  EXPECT_EQ(settings->remind_days_before, 5);
  EXPECT_EQ(settings->digest_hour, 9);
  EXPECT_EQ(settings->notify_interval, 30);
  const std::string described = DescribeSettings(*settings);
  EXPECT_EQ(described.find("from-the-environment"), std::string::npos);
  EXPECT_EQ(described.find("s3cret"), std::string::npos);
  EXPECT_NE(described.find("********"), std::string::npos);

  // A relay without a sender or the address links go to is refused, naming what is missing.
  environment_.clear();
  auto incomplete = Load(Write("[mail]\nrelay = \"smtp://127.0.0.1:25\"\n"));
  ASSERT_FALSE(incomplete.ok());
  EXPECT_NE(incomplete.error().message().find("mail.from"), std::string::npos);
  EXPECT_NE(incomplete.error().message().find("mail.site_url"), std::string::npos);
}

TEST_F(SettingsTest, AWrongEnvironmentVariableIsNamed) {
  environment_ = {{"TORIKUMI_THREADS", "many"}};
  auto settings = Load("");
  ASSERT_FALSE(settings.ok());
  EXPECT_NE(settings.error().message().find("環境変数 TORIKUMI_THREADS"), std::string::npos);
  environment_ = {{"TORIKUMI_LISTEN", "127.0.0.1:99999"}};
  settings = Load("");
  ASSERT_FALSE(settings.ok());
  EXPECT_NE(settings.error().message().find("TORIKUMI_LISTEN"), std::string::npos);
}

TEST_F(SettingsTest, AMissingFileIsSaidSo) {
  auto settings = Load((dir_ / "none.toml").string());
  ASSERT_FALSE(settings.ok());
  EXPECT_NE(settings.error().message().find("を開けません"), std::string::npos);
}

TEST_F(SettingsTest, TheDescriptionReadsBackAsTheSameSettings) {
  environment_ = {{"TORIKUMI_DB", "/srv/a \"b\".db"}, {"TORIKUMI_TRUSTED_PROXIES", "::1"}};
  auto settings = Load("");
  ASSERT_TRUE(settings.ok());
  environment_.clear();
  auto again = Load(Write(DescribeSettings(*settings)));
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(again->db, "/srv/a \"b\".db");
  EXPECT_EQ(again->trusted_proxies, std::vector<std::string>{"::1"});
  EXPECT_EQ(DescribeSettings(*again), DescribeSettings(*settings));
}

}  // namespace
}  // namespace torikumi::cli
