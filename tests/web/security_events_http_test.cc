// The security events over HTTP against a real server on 127.0.0.1: what sign-ins, lockouts,
// refusals (403) and token revocations leave in the administrators' page, its CSV and the
// server log, and that no password or token is ever among it.

#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include "service/fixture.h"
#include "web/http_client.h"
#include "web/router.h"
#include "web/server.h"

namespace torikumi::web {
namespace {

using model::SecurityEventKind;
using testing::CookieFrom;
using testing::FormEncode;
using testing::GetWithCookie;
using testing::HttpReply;
using testing::Post;

struct Browser {
  std::string cookie;
  std::string csrf;
};

class SecurityEventsHttpTest : public testing::WorkspaceFixture {
 protected:
  void SetUp() override {
    WorkspaceFixture::SetUp();
    router_ = std::make_unique<Router>(*store_);
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    auto server = Server::Start([this](const Request& r) { return router_->Handle(r); }, options);
    ASSERT_TRUE(server.ok());
    server_ = std::move(*server);
  }

  std::uint16_t port() const { return server_->port(); }

  HttpReply TryLogIn(const std::string& login, const std::string& password) {
    HttpReply form = testing::Get(port(), "/login");
    const std::string nonce = CookieFrom(form, "torikumi_login");
    return Post(
        port(), "/login",
        "csrf=" + nonce + "&login=" + FormEncode(login) + "&password=" + FormEncode(password),
        "torikumi_login=" + nonce);
  }

  Browser LogIn(const std::string& login) {
    HttpReply reply = TryLogIn(login, kPassword);
    EXPECT_EQ(reply.status, 303) << reply.body;
    Browser b{"torikumi_session=" + CookieFrom(reply, "torikumi_session"), ""};
    HttpReply page = GetWithCookie(port(), "/staff/account", b.cookie);
    std::smatch match;
    EXPECT_TRUE(
        std::regex_search(page.body, match, std::regex("name=\"csrf\" value=\"([^\"]+)\"")));
    b.csrf = match[1];
    return b;
  }

  std::vector<store::SecurityEventRecord> Events(SecurityEventKind kind) {
    auto events = store_->ListSecurityEvents({.kind = kind, .limit = 1000});
    EXPECT_TRUE(events.ok());
    return events.ok() ? *events : std::vector<store::SecurityEventRecord>();
  }

  std::unique_ptr<Router> router_;
  std::unique_ptr<Server> server_;
};

TEST_F(SecurityEventsHttpTest, FailedSignInsRefusalsAndRevocationsReachThePageTheCsvAndTheLog) {
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(TryLogIn("tanaka", "typed-secret-1").status, 400);
  EXPECT_EQ(TryLogIn("kikaku", "typed-secret-2").status, 400);
  const Browser editor = LogIn("kikaku");
  EXPECT_EQ(GetWithCookie(port(), "/staff/users", editor.cookie).status, 403);
  // A form without its CSRF token is refused, and so recorded.
  EXPECT_EQ(Post(port(), "/staff/account/logout-everywhere", "csrf=forged", editor.cookie).status,
            403);
  const Browser admin = LogIn("admin");
  HttpReply issued = Post(port(), "/staff/users/ict",
                          "csrf=" + admin.csrf + "&action=token&name=renkei&days=30", admin.cookie);
  ASSERT_EQ(issued.status, 200);
  std::smatch match;
  ASSERT_TRUE(std::regex_search(issued.body, match, std::regex("(tk_[A-Za-z0-9_-]+)")));
  const std::string token = match[1];
  HttpReply user_page = GetWithCookie(port(), "/staff/users/ict", admin.cookie);
  ASSERT_TRUE(
      std::regex_search(user_page.body, match, std::regex("name=\"token\" value=\"([^\"]+)\"")));
  EXPECT_EQ(Post(port(), "/staff/users/ict",
                 "csrf=" + admin.csrf + "&action=revoke_token&token=" + std::string(match[1]),
                 admin.cookie)
                .status,
            303);

  // The store has each with its fields.
  auto failed = Events(SecurityEventKind::kSignInFailed);
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[1].event.login, "tanaka");
  EXPECT_FALSE(failed[1].event.user_id.has_value());
  EXPECT_EQ(failed[1].event.address, "127.0.0.1");
  EXPECT_EQ(failed[0].event.user_id, kikaku_.user().id);
  auto refused = Events(SecurityEventKind::kForbidden);
  ASSERT_EQ(refused.size(), 2u);
  EXPECT_EQ(refused[1].event.user_id, kikaku_.user().id);
  EXPECT_EQ(refused[1].event.login, "kikaku");
  EXPECT_EQ(refused[1].event.address, "127.0.0.1");
  EXPECT_TRUE(refused[1].event.detail.starts_with("GET /staff/users: ")) << refused[1].event.detail;
  EXPECT_TRUE(refused[0].event.detail.starts_with("POST /staff/account/logout-everywhere: "))
      << refused[0].event.detail;
  auto revoked = Events(SecurityEventKind::kApiTokenRevoked);
  ASSERT_EQ(revoked.size(), 1u);
  EXPECT_EQ(revoked[0].event.user_id, administrator_.user().id);
  EXPECT_EQ(revoked[0].event.login, "ict");
  EXPECT_EQ(revoked[0].event.detail, "「renkei」");

  // The page, all of it and narrowed to the refusals.
  HttpReply page = GetWithCookie(port(), "/staff/security-events", admin.cookie);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(page.HasHeader("Cache-Control: no-store"));
  for (const char* shown :
       {"セキュリティの記録", "ログイン失敗", "アクセス拒否 (403)", "API トークン取り消し",
        "GET /staff/users", "tanaka", "127.0.0.1", "kikakuさん", "「renkei」"}) {
    EXPECT_NE(page.body.find(shown), std::string::npos) << shown;
  }
  HttpReply narrowed =
      GetWithCookie(port(), "/staff/security-events?kind=forbidden&from=2000-01-01", admin.cookie);
  ASSERT_EQ(narrowed.status, 200);
  EXPECT_NE(narrowed.body.find("data-kind=\"forbidden\""), std::string::npos);
  EXPECT_EQ(narrowed.body.find("data-kind=\"sign_in_failed\""), std::string::npos);
  EXPECT_NE(
      narrowed.body.find("href=\"/staff/security-events.csv?kind=forbidden&amp;from=2000-01-01\""),
      std::string::npos);
  EXPECT_EQ(GetWithCookie(port(), "/staff/security-events?kind=nonsense", admin.cookie).status,
            400);
  EXPECT_EQ(GetWithCookie(port(), "/staff/security-events?from=2026-13-01", admin.cookie).status,
            400);

  HttpReply csv = GetWithCookie(port(), "/staff/security-events.csv", admin.cookie);
  ASSERT_EQ(csv.status, 200);
  EXPECT_TRUE(csv.HasHeader("Content-Type: text/csv; charset=utf-8"));
  EXPECT_TRUE(csv.HasHeader("Content-Disposition: attachment; filename=\"security-events-"));
  ASSERT_TRUE(csv.body.starts_with("\xEF\xBB\xBF番号,"));
  for (const char* row :
       {",ログイン失敗,sign_in_failed,,tanaka,127.0.0.1,",
        ",アクセス拒否 (403),forbidden,kikakuさん,kikaku,127.0.0.1,GET /staff/users",
        ",API トークン取り消し,api_token_revoked,adminさん,ict,127.0.0.1,「renkei」"}) {
    EXPECT_NE(csv.body.find(row), std::string::npos) << row << "\n" << csv.body;
  }
  const std::string logged = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(logged.find("\"kind\":\"api_token_revoked\""), std::string::npos);
  EXPECT_NE(logged.find("\"kind\":\"forbidden\""), std::string::npos);
  for (const std::string& secret : {std::string("typed-secret"), std::string(kPassword), token,
                                    editor.cookie.substr(17), editor.csrf}) {
    EXPECT_EQ(page.body.find(secret), std::string::npos) << secret;
    EXPECT_EQ(csv.body.find(secret), std::string::npos) << secret;
    EXPECT_EQ(logged.find(secret), std::string::npos) << secret;
  }
}

TEST_F(SecurityEventsHttpTest, ALockoutIsRecordedAsSuch) {
  for (int k = 0; k < service::AccountService::kMaxFailuresPerAccount; ++k) {
    EXPECT_EQ(TryLogIn("ict", "wrong-password-" + std::to_string(k)).status, 400);
  }
  HttpReply locked = TryLogIn("ict", kPassword);
  EXPECT_EQ(locked.status, 403);
  auto events = Events(SecurityEventKind::kLockedOut);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event.login, "ict");
  EXPECT_EQ(events[0].event.user_id, ict_.user().id);
  EXPECT_EQ(events[0].event.address, "127.0.0.1");
  // The 403 of the login form is recorded too, as every 403 is.
  auto refused = Events(SecurityEventKind::kForbidden);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].event.detail, "POST /login");
}

TEST_F(SecurityEventsHttpTest, OnlyAdministratorsOpenTheEventsAndEveryoneElsesTryIsRecorded) {
  for (const char* login : {"kikaku", "coordinator", "viewer"}) {
    const Browser b = LogIn(login);
    EXPECT_EQ(GetWithCookie(port(), "/staff/security-events", b.cookie).status, 403) << login;
    EXPECT_EQ(GetWithCookie(port(), "/staff/security-events.csv", b.cookie).status, 403) << login;
  }
  EXPECT_EQ(testing::Get(port(), "/staff/security-events").status, 302);  // to /login
  auto refused = Events(SecurityEventKind::kForbidden);
  ASSERT_EQ(refused.size(), 6u);
  EXPECT_EQ(refused[0].event.login, "viewer");
  EXPECT_TRUE(refused[0].event.detail.starts_with("GET /staff/security-events.csv"));
  EXPECT_EQ(refused[5].event.login, "kikaku");
  EXPECT_TRUE(refused[5].event.detail.starts_with("GET /staff/security-events: "));
  // The links are an administrator's only.
  const Browser coordinator = LogIn("coordinator");
  EXPECT_EQ(
      GetWithCookie(port(), "/staff/2025/", coordinator.cookie).body.find("/staff/security-events"),
      std::string::npos);
  const Browser admin = LogIn("admin");
  EXPECT_NE(GetWithCookie(port(), "/staff/audit", admin.cookie).body.find("/staff/security-events"),
            std::string::npos);
}

}  // namespace
}  // namespace torikumi::web
