// The security events the services record (ASVS V7): who, from where, when and what of
// sign-ins, failures, lockouts, sign-outs, changes of credentials and roles and tokens;
// never a secret; read by administrators only, as a page or a CSV, and logged as JSON.

#include "service/security_log.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "service/credentials.h"
#include "service/fixture.h"

namespace torikumi::service {
namespace {

using model::SecurityEventKind;
using testing::CodeOf;

class SecurityLogTest : public testing::WorkspaceFixture {
 protected:
  // Every event, the newest first.
  std::vector<store::SecurityEventRecord> Events() {
    auto events = store_->ListSecurityEvents({.limit = 1000});
    EXPECT_TRUE(events.ok());
    return events.ok() ? *events : std::vector<store::SecurityEventRecord>();
  }
  std::vector<store::SecurityEventRecord> Events(SecurityEventKind kind) {
    auto events = store_->ListSecurityEvents({.kind = kind, .limit = 1000});
    EXPECT_TRUE(events.ok());
    return events.ok() ? *events : std::vector<store::SecurityEventRecord>();
  }
  // What no field of any event may hold.
  void ExpectNoSecret(std::string_view secret) {
    for (const auto& r : Events()) {
      for (const std::string* field : {&r.event.login, &r.event.detail, &r.event.address}) {
        EXPECT_EQ(field->find(secret), std::string::npos) << *field;
      }
    }
  }
};

TEST_F(SecurityLogTest, SignInsTheirFailuresAndLockoutsAreRecordedWithoutThePassword) {
  EXPECT_EQ(CodeOf(accounts_->Login("nobody", "typed secret one", "192.0.2.7")),
            Error::Code::kInvalidInput);
  auto failed = Events(SecurityEventKind::kSignInFailed);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].event.login, "nobody");
  EXPECT_EQ(failed[0].event.address, "192.0.2.7");
  EXPECT_FALSE(failed[0].event.user_id.has_value());
  EXPECT_EQ(failed[0].event.at, UtcTime(now_));
  EXPECT_NE(failed[0].event.detail.find("いません"), std::string::npos);

  // A known login's failures name its user; the fifth locks the account.
  for (int k = 0; k < AccountService::kMaxFailuresPerAccount; ++k) {
    EXPECT_EQ(CodeOf(accounts_->Login("Kikaku", "typed secret two", "192.0.2.8")),
              Error::Code::kInvalidInput);
  }
  failed = Events(SecurityEventKind::kSignInFailed);
  ASSERT_EQ(failed.size(), 1u + AccountService::kMaxFailuresPerAccount);
  EXPECT_EQ(failed[0].event.user_id, kikaku_.user().id);
  EXPECT_EQ(failed[0].event.login, "Kikaku");  // as typed
  EXPECT_NE(failed[0].event.detail.find("パスワードが違います"), std::string::npos);
  EXPECT_TRUE(Events(SecurityEventKind::kLockedOut).empty());
  EXPECT_EQ(CodeOf(accounts_->Login("kikaku", kPassword, "192.0.2.8")), Error::Code::kForbidden);
  auto locked = Events(SecurityEventKind::kLockedOut);
  ASSERT_EQ(locked.size(), 1u);
  EXPECT_EQ(locked[0].event.user_id, kikaku_.user().id);
  EXPECT_EQ(locked[0].event.address, "192.0.2.8");
  EXPECT_NE(locked[0].event.detail.find("ログイン"), std::string::npos);

  ASSERT_TRUE(accounts_->Login("ict", kPassword, "192.0.2.9").ok());
  auto signed_in = Events(SecurityEventKind::kSignIn);
  ASSERT_EQ(signed_in.size(), 1u);
  EXPECT_EQ(signed_in[0].event.user_id, ict_.user().id);
  EXPECT_EQ(signed_in[0].user, "ictさん");
  EXPECT_EQ(signed_in[0].event.address, "192.0.2.9");
  for (const char* secret : {"typed secret", kPassword}) ExpectNoSecret(secret);
}

TEST_F(SecurityLogTest, ASecondFactorsWrongCodeAndTheSignInAfterItAreRecorded) {
  auto enrolment = accounts_->BeginSecondFactor(kikaku_);
  ASSERT_TRUE(enrolment.ok());
  const std::int64_t step = now_ / kTotpStepSeconds;
  ASSERT_TRUE(accounts_->ConfirmSecondFactor(kikaku_, TotpCode(enrolment->secret, step)).ok());
  auto pending = accounts_->Login("kikaku", kPassword, "192.0.2.7");
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(Events(SecurityEventKind::kSignIn).empty());  // not before the code
  const std::string wrong = TotpCode(enrolment->secret, step + 7);
  EXPECT_EQ(CodeOf(accounts_->CompleteLogin(pending->token, wrong, "192.0.2.7")),
            Error::Code::kInvalidInput);
  auto failed = Events(SecurityEventKind::kSecondFactorFailed);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].event.user_id, kikaku_.user().id);
  EXPECT_EQ(failed[0].event.address, "192.0.2.7");
  const std::string right = TotpCode(enrolment->secret, step + 1);
  ASSERT_TRUE(accounts_->CompleteLogin(pending->token, right, "192.0.2.7").ok());
  auto signed_in = Events(SecurityEventKind::kSignIn);
  ASSERT_EQ(signed_in.size(), 1u);
  EXPECT_NE(signed_in[0].event.detail.find("確認コード"), std::string::npos);
  for (const std::string& secret : {wrong, right, enrolment->secret}) ExpectNoSecret(secret);
}

TEST_F(SecurityLogTest, ChangesOfPasswordsRolesUsersAndTokensNameWhoFromWhereAndWhat) {
  const Actor admin = Actor::Staff(administrator_.user(), "198.51.100.1");
  const Actor ict = Actor::Staff(ict_.user(), "198.51.100.2");
  ASSERT_TRUE(accounts_->SetPassword(ict, "ict", "another good passphrase", kPassword).ok());
  EXPECT_EQ(CodeOf(accounts_->SetPassword(ict, "ict", "yet another passphrase", "wrong guess")),
            Error::Code::kInvalidInput);
  auto reset = accounts_->ResetPassword(admin, "viewer");
  ASSERT_TRUE(reset.ok());
  model::User promoted = ict_.user();
  promoted.role = model::Role::kCoordinator;
  ASSERT_TRUE(accounts_->UpdateUser(admin, promoted).ok());
  model::User renamed = viewer_.user();
  renamed.display_name = "閲覧 太郎";
  ASSERT_TRUE(accounts_->UpdateUser(admin, renamed).ok());  // no role changed, no event
  ASSERT_TRUE(accounts_->SetDisabled(admin, "viewer", true).ok());
  auto token = accounts_->IssueApiToken(admin, "kikaku", "庁内連携", 30);
  ASSERT_TRUE(token.ok());
  // Used: the first use in an hour is an event, the calls after it within the hour are not.
  ASSERT_TRUE(accounts_->AuthenticateBearer(*token, "203.0.113.5").ok());
  ASSERT_TRUE(accounts_->AuthenticateBearer(*token, "203.0.113.5").ok());
  now_ += 60 * 60;
  ASSERT_TRUE(accounts_->AuthenticateBearer(*token, "203.0.113.6").ok());
  auto tokens = accounts_->ApiTokens(admin, "kikaku");
  ASSERT_TRUE(tokens.ok() && tokens->size() == 1);
  ASSERT_TRUE(accounts_->RevokeApiToken(admin, "kikaku", tokens->front().id).ok());

  auto changed = Events(SecurityEventKind::kPasswordChanged);
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].event.user_id, ict_.user().id);
  EXPECT_EQ(changed[0].event.address, "198.51.100.2");
  EXPECT_EQ(changed[0].event.detail, "本人が変更");
  auto wrong = Events(SecurityEventKind::kSignInFailed);
  ASSERT_EQ(wrong.size(), 1u);
  EXPECT_NE(wrong[0].event.detail.find("現在のパスワードが違います"), std::string::npos);
  auto reset_events = Events(SecurityEventKind::kPasswordReset);
  ASSERT_EQ(reset_events.size(), 1u);
  EXPECT_EQ(reset_events[0].event.user_id, administrator_.user().id);
  EXPECT_EQ(reset_events[0].event.login, "viewer");
  auto roles = Events(SecurityEventKind::kRoleChanged);
  ASSERT_EQ(roles.size(), 1u);
  EXPECT_EQ(roles[0].event.login, "ict");
  EXPECT_EQ(roles[0].event.detail, "所管課担当 → 企画担当");
  EXPECT_EQ(roles[0].event.address, "198.51.100.1");
  ASSERT_EQ(Events(SecurityEventKind::kUserDisabled).size(), 1u);
  auto issued = Events(SecurityEventKind::kApiTokenIssued);
  ASSERT_EQ(issued.size(), 1u);
  EXPECT_NE(issued[0].event.detail.find("庁内連携"), std::string::npos);
  auto used = Events(SecurityEventKind::kApiTokenUsed);
  ASSERT_EQ(used.size(), 2u);
  EXPECT_EQ(used[0].event.address, "203.0.113.6");
  EXPECT_EQ(used[1].event.address, "203.0.113.5");
  EXPECT_EQ(used[0].event.user_id, kikaku_.user().id);
  auto revoked = Events(SecurityEventKind::kApiTokenRevoked);
  ASSERT_EQ(revoked.size(), 1u);
  EXPECT_EQ(revoked[0].event.login, "kikaku");
  EXPECT_NE(revoked[0].event.detail.find("庁内連携"), std::string::npos);
  for (const std::string& secret : {*token, *reset, std::string("another good passphrase"),
                                    std::string("wrong guess"), tokens->front().id}) {
    ExpectNoSecret(secret);
  }
}

TEST_F(SecurityLogTest, SignOutsAreRecorded) {
  auto session = accounts_->Login("ict", kPassword, "192.0.2.7");
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(accounts_->Logout(Actor::Staff(ict_.user(), "192.0.2.7"), session->token).ok());
  ASSERT_TRUE(accounts_->LogoutEverywhere(ict_).ok());
  auto out = Events(SecurityEventKind::kSignOut);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].event.detail, "すべての端末");
  EXPECT_EQ(out[1].event.address, "192.0.2.7");
}

TEST_F(SecurityLogTest, OnlyAdministratorsReadTheEventsFilteredByJapansDates) {
  SecurityLog log(*store_, [this] { return now_; });
  for (const Actor& actor : {coordinator_, kikaku_, viewer_}) {
    EXPECT_EQ(CodeOf(log.Events(actor, {})), Error::Code::kForbidden);
    EXPECT_EQ(CodeOf(log.Csv(actor, {})), Error::Code::kForbidden);
  }
  // 1,800,000,000 is 2027-01-15 08:00 UTC, 17:00 in Japan.
  ASSERT_EQ(UtcTime(now_), "2027-01-15T08:00:00Z");
  log.Record(log.Event(SecurityEventKind::kForbidden, std::nullopt, "", "192.0.2.1", "a"));
  now_ += 7 * 60 * 60;  // 2027-01-16 00:00 in Japan
  log.Record(log.Event(SecurityEventKind::kForbidden, std::nullopt, "", "192.0.2.1", "b"));
  auto details = [&](const SecurityEventQuery& query) {
    std::string seen;
    auto page = log.Events(administrator_, query);
    EXPECT_TRUE(page.ok()) << page.error().ToString();
    if (page.ok()) {
      for (const auto& r : page->events) seen += r.event.detail;
    }
    return seen;
  };
  EXPECT_EQ(details({}), "ba");
  EXPECT_EQ(details({.from_date = "2027-01-16"}), "b");
  EXPECT_EQ(details({.to_date = "2027-01-15"}), "a");
  EXPECT_EQ(details({.from_date = "2027-01-15", .to_date = "2027-01-15"}), "a");
  EXPECT_EQ(details({.kind = SecurityEventKind::kSignIn}), "");
  EXPECT_EQ(CodeOf(log.Events(administrator_, {.from_date = "2027-02-30"})),
            Error::Code::kInvalidInput);
  EXPECT_EQ(
      CodeOf(log.Events(administrator_, {.from_date = "2027-01-16", .to_date = "2027-01-15"})),
      Error::Code::kInvalidInput);
}

TEST_F(SecurityLogTest, PagesGoBackInTimeAHundredAtATime) {
  SecurityLog log(*store_, [this] { return now_; });
  for (int k = 0; k < SecurityLog::kPageSize + 5; ++k) {
    log.Record(log.Event(SecurityEventKind::kForbidden, std::nullopt, "", "", std::to_string(k)));
  }
  auto first = log.Events(administrator_, {});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->events.size(), std::size_t(SecurityLog::kPageSize));
  EXPECT_EQ(first->events.front().event.detail, std::to_string(SecurityLog::kPageSize + 4));
  ASSERT_NE(first->next_before_id, 0);
  auto second = log.Events(administrator_, {.before_id = first->next_before_id});
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->events.size(), 5u);
  EXPECT_EQ(second->events.back().event.detail, "0");
  EXPECT_EQ(second->next_before_id, 0);
}

TEST_F(SecurityLogTest, TheCsvIsForExcelAndItsCellsAreNeverFormulas) {
  SecurityLog log(*store_, [this] { return now_; });
  log.Record(log.Event(SecurityEventKind::kSignInFailed, std::nullopt, "=HYPERLINK(\"x\")",
                       "192.0.2.1", "ログイン名, \"引用\""));
  auto csv = log.Csv(administrator_, {});
  ASSERT_TRUE(csv.ok()) << csv.error().ToString();
  EXPECT_EQ(csv->content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(csv->file_name, "security-events-2027-01-15.csv");
  const std::string& bytes = csv->bytes;
  ASSERT_TRUE(bytes.starts_with("\xEF\xBB\xBF番号,日時（日本時間）,日時（UTC）,種類,"));
  EXPECT_NE(bytes.find("\r\n"), std::string::npos);
  EXPECT_NE(bytes.find(",2027-01-15 17:00:00,2027-01-15T08:00:00Z,ログイン失敗,sign_in_failed,,"
                       "\"'=HYPERLINK(\"\"x\"\")\",192.0.2.1,\"ログイン名, \"\"引用\"\"\"\r\n"),
            std::string::npos)
      << bytes;
}

TEST_F(SecurityLogTest, TheServerLogsLineIsJsonThatNoTypedLoginCanBreak) {
  std::vector<std::string> lines;
  SecurityLog log(
      *store_, [this] { return now_; }, [&](std::string_view line) { lines.emplace_back(line); });
  log.Record(log.Event(SecurityEventKind::kSignInFailed, std::nullopt,
                       "eve\ntorikumi: security {\"kind\":\"sign_in\"}", "192.0.2.1", "x"));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].find('\n'), std::string::npos);
  const std::string prefix = "torikumi: security ";
  ASSERT_TRUE(lines[0].starts_with(prefix)) << lines[0];
  const boost::json::object line = boost::json::parse(lines[0].substr(prefix.size())).as_object();
  EXPECT_EQ(line.at("at").as_string(), "2027-01-15T08:00:00Z");
  EXPECT_EQ(line.at("kind").as_string(), "sign_in_failed");
  EXPECT_EQ(line.at("municipality").as_int64(), store_->ThisMunicipality()->id);
  EXPECT_TRUE(line.at("user").is_null());
  EXPECT_EQ(line.at("login").as_string(), "eve\ntorikumi: security {\"kind\":\"sign_in\"}");
  EXPECT_EQ(line.at("address").as_string(), "192.0.2.1");
  EXPECT_EQ(line.at("detail").as_string(), "x");
}

TEST_F(SecurityLogTest, TheAccountServiceWritesItsEventsToStandardErrorToo) {
  ::testing::internal::CaptureStderr();
  (void)accounts_->Login("kikaku", "typed secret three", "192.0.2.44");
  const std::string logged = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(logged.find("torikumi: security {"), std::string::npos) << logged;
  EXPECT_NE(logged.find("\"kind\":\"sign_in_failed\""), std::string::npos) << logged;
  EXPECT_NE(logged.find("\"address\":\"192.0.2.44\""), std::string::npos) << logged;
  EXPECT_EQ(logged.find("typed secret three"), std::string::npos) << logged;
}

}  // namespace
}  // namespace torikumi::service
