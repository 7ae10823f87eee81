// The authorisation matrix: every route of the router's table (web::Routes(), which the
// router refuses to go beyond) against every kind of caller. A route missing from the
// expectations below fails the test, so a new route cannot escape it.

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "service/fixture.h"
#include "sheet/json.h"
#include "web/http_client.h"
#include "web/route_table.h"
#include "web/router.h"
#include "web/server.h"

namespace torikumi::web {
namespace {

using testing::FormEncode;
using testing::HttpReply;
using testing::Send;

// The callers, from least to most powerful; each is tried in this order on every route.
// No. 1 belongs to 企画政策課 (kikaku) and is co-owned by ICT推進課 (ict); hisho edits
// 秘書課, which has nothing to do with it. The foreigner is the administrator of another
// municipality in the same installation, with a session and a token of that municipality:
// here, no more than the public.
enum Caller {
  kPublic,
  kForeign,
  kViewer,
  kOtherEditor,
  kCoOwner,
  kOwner,
  kCoordinator,
  kAdministrator
};
constexpr int kCallers = kAdministrator + 1;
constexpr const char* kCallerNames[] = {
    "public",   "administrator of another municipality", "viewer",      "editor of another section",
    "co-owner", "editor of the owning section",          "coordinator", "administrator"};
const std::set<Caller> kEveryone{kPublic,  kForeign, kViewer,      kOtherEditor,
                                 kCoOwner, kOwner,   kCoordinator, kAdministrator};
const std::set<Caller> kStaff{kViewer, kOtherEditor, kCoOwner,
                              kOwner,  kCoordinator, kAdministrator};
const std::set<Caller> kOwners{kOwner, kCoordinator, kAdministrator};
const std::set<Caller> kContributors{kCoOwner, kOwner, kCoordinator, kAdministrator};
const std::set<Caller> kCoordinators{kCoordinator, kAdministrator};
const std::set<Caller> kAdministrators{kAdministrator};

struct Expectation {
  std::set<Caller> allowed;
  std::string path;  // the pattern filled in
  std::string body;  // form or JSON; "{csrf}" is replaced by the caller's token
};

class AuthorizationMatrixTest : public testing::WorkspaceFixture {
 protected:
  void SetUp() override {
    WorkspaceFixture::SetUp();
    AddUser("hisho", model::Role::kEditor, {"秘書課"});
    AddUser("target", model::Role::kViewer, {});
    ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2025-09-30").ok());
    ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 4).ok());
    publication_ = portal_->Publication(2025, std::nullopt)->id;
    router_ = std::make_unique<Router>(*store_);
    ServerOptions options;
    options.port = 0;
    server_ = std::move(
        Server::Start([this](const Request& r) { return router_->Handle(r); }, options).value());
    const char* logins[] = {"", "", "viewer", "hisho", "ict", "kikaku", "coordinator", "admin"};
    for (int c = kViewer; c <= kAdministrator; ++c) {
      auto session = accounts_->Login(logins[c], kPassword, "127.0.0.1");
      ASSERT_TRUE(session.ok());
      cookie_[c] = "torikumi_session=" + session->token;
      csrf_[c] = session->session.csrf_token;
      token_[c] = *accounts_->IssueApiToken(administrator_, logins[c], "matrix");
    }
    // The other municipality's administrator, named like ours.
    ASSERT_TRUE(store_->AddMunicipality("282171", "川西市").ok());
    other_store_ = std::move(store_->OpenMunicipality("282171").value());
    other_accounts_ =
        std::make_unique<service::AccountService>(*other_store_, [this] { return now_; });
    const service::Actor cli = service::Actor::CommandLine();
    ASSERT_TRUE(
        other_accounts_
            ->AddUser(cli, {"admin", "他市 管理者", model::Role::kAdministrator, {}, kPassword})
            .ok());
    auto foreign = other_accounts_->Login("admin", kPassword, "127.0.0.1");
    ASSERT_TRUE(foreign.ok());
    cookie_[kForeign] = "torikumi_session=" + foreign->token;
    csrf_[kForeign] = foreign->session.csrf_token;
    token_[kForeign] = *other_accounts_->IssueApiToken(cli, "admin", "matrix");
  }

  std::string Version() { return std::to_string(Stored(1).version); }

  // What each route may do, and for whom. Bodies are valid, so that a caller who is
  // allowed gets past the authorisation checks.
  std::map<std::string, Expectation> Expectations() {
    const std::string y = "2025";
    const std::string p = std::to_string(publication_);
    const std::string edit_form =
        "csrf={csrf}&version={version}&title=" + FormEncode(Stored(1).initiative.title) +
        "&overview=x&department=" + FormEncode("企画財政部") +
        "&section=" + FormEncode("企画政策課") +
        "&goal=" + FormEncode("5.変革の歩みを止めない川西の実現") +
        "&policy=" + FormEncode("12.行政経営") + "&project=" + FormEncode("行政経営推進事業") +
        "&subproject=" + FormEncode("行政経営推進事業") + "&co_owners=" + FormEncode("ICT推進課");
    return {
        {"GET /", {kEveryone, "/", ""}},
        {"GET /search", {kEveryone, "/search?q=%E5%A7%94%E5%93%A1%E4%BC%9A", ""}},
        {"GET /healthz", {kEveryone, "/healthz", ""}},
        // Decided by the client's address (metrics.allow, this machine's here), not by role.
        {"GET /metrics", {kEveryone, "/metrics", ""}},
        {"GET /accessibility", {kEveryone, "/accessibility", ""}},
        {"GET /assets/style.css", {kEveryone, "/assets/style.css", ""}},
        {"GET /assets/working.js", {kEveryone, "/assets/working.js", ""}},
        {"GET /{year}", {kEveryone, "/" + y, ""}},
        {"GET /{year}/", {kEveryone, "/" + y + "/", ""}},
        {"GET /{year}/initiatives/{no}", {kEveryone, "/" + y + "/initiatives/1", ""}},
        {"GET /{year}/initiatives/{no}.pdf", {kEveryone, "/" + y + "/initiatives/1.pdf", ""}},
        {"GET /{year}/publications/", {kEveryone, "/" + y + "/publications/", ""}},
        {"GET /{year}/publications/{id}/", {kEveryone, "/" + y + "/publications/" + p + "/", ""}},
        {"GET /{year}/publications/{id}/initiatives/{no}",
         {kEveryone, "/" + y + "/publications/" + p + "/initiatives/1", ""}},
        {"GET /{year}/publications/{id}/initiatives/{no}.pdf",
         {kEveryone, "/" + y + "/publications/" + p + "/initiatives/1.pdf", ""}},
        {"GET /{year}/downloads/", {kEveryone, "/" + y + "/downloads/", ""}},
        {"GET /{year}/downloads/{file}",
         {kEveryone, "/" + y + "/downloads/torikumi-R7-2025-09-30.csv", ""}},
        {"GET /{year}/publications/{id}/downloads/",
         {kEveryone, "/" + y + "/publications/" + p + "/downloads/", ""}},
        {"GET /{year}/publications/{id}/downloads/{file}",
         {kEveryone, "/" + y + "/publications/" + p + "/downloads/torikumi-R7-2025-09-30.json",
          ""}},
        {"GET /login", {kEveryone, "/login", ""}},
        {"POST /login",
         {kEveryone, "/login", "csrf=nonce&login=nobody{caller}&password=wrong+password"}},
        {"POST /logout", {kEveryone, "/logout", ""}},
        // The code step of a login: the public, without a pending login, is sent to /login;
        // a wrong or missing pending login gets the login form again (401).
        {"GET /login/code",
         {{kForeign, kViewer, kOtherEditor, kCoOwner, kOwner, kCoordinator, kAdministrator},
          "/login/code",
          ""}},
        {"POST /login/code", {kEveryone, "/login/code", "csrf=nonce&code=123456"}},
        {"GET /staff/", {kStaff, "/staff/", ""}},
        {"GET /staff/{year}", {kStaff, "/staff/" + y, ""}},
        {"GET /staff/{year}/", {kStaff, "/staff/" + y + "/", ""}},
        {"GET /staff/{year}/initiatives/new",
         {kCoordinators, "/staff/" + y + "/initiatives/new", ""}},
        // The first caller allowed adds No.90; those after get 409 for the No. taken.
        {"POST /staff/{year}/initiatives",
         {kCoordinators, "/staff/" + y + "/initiatives",
          "csrf={csrf}&no=90&title=x&section=" + FormEncode("企画政策課")}},
        // No.1 was published: those allowed get 409, and it stays.
        {"POST /staff/{year}/initiatives/{no}/delete",
         {kCoordinators, "/staff/" + y + "/initiatives/1/delete", "csrf={csrf}&confirm=1"}},
        // Taking back an ending that is not there changes nothing for those allowed.
        {"POST /staff/{year}/initiatives/{no}/ending",
         {kCoordinators, "/staff/" + y + "/initiatives/1/ending",
          "csrf={csrf}&version={version}&kind="}},
        {"GET /staff/{year}/initiatives/{no}", {kStaff, "/staff/" + y + "/initiatives/1", ""}},
        {"GET /staff/{year}/initiatives/{no}/edit",
         {kOwners, "/staff/" + y + "/initiatives/1/edit", ""}},
        {"POST /staff/{year}/initiatives/{no}/edit",
         {kOwners, "/staff/" + y + "/initiatives/1/edit", edit_form}},
        {"POST /staff/{year}/initiatives/{no}/progress",
         {kContributors, "/staff/" + y + "/initiatives/1/progress",
          "csrf={csrf}&version={version}&month=5&text=x&action=save"}},
        {"GET /staff/{year}/initiatives/{no}/indicators",
         {kOwners, "/staff/" + y + "/initiatives/1/indicators", ""}},
        // No indicators before or after: those allowed change nothing.
        {"POST /staff/{year}/initiatives/{no}/indicators",
         {kOwners, "/staff/" + y + "/initiatives/1/indicators", "csrf={csrf}&version={version}"}},
        {"GET /staff/{year}/initiatives/{no}/history",
         {kStaff, "/staff/" + y + "/initiatives/1/history", ""}},
        {"POST /staff/{year}/reports",
         {kContributors, "/staff/" + y + "/reports", "csrf={csrf}&month=4&no=1&action=submit"}},
        {"GET /staff/{year}/board", {kStaff, "/staff/" + y + "/board", ""}},
        {"POST /staff/{year}/months",
         {kCoordinators, "/staff/" + y + "/months", "csrf={csrf}&month=5"}},
        {"POST /staff/{year}/months/deadline",
         {kCoordinators, "/staff/" + y + "/months/deadline",
          "csrf={csrf}&month=5&deadline=2025-06-10"}},
        {"GET /staff/{year}/dashboard", {kStaff, "/staff/" + y + "/dashboard", ""}},
        {"GET /staff/{year}/publications", {kStaff, "/staff/" + y + "/publications", ""}},
        {"POST /staff/{year}/publish",
         {kCoordinators, "/staff/" + y + "/publish", "csrf={csrf}&published_on=2025-10-31"}},
        {"POST /staff/{year}/publications/{id}/withdraw",
         {kCoordinators, "/staff/" + y + "/publications/" + p + "/withdraw",
          "csrf={csrf}&reason=x"}},
        {"GET /staff/{year}/settings", {kCoordinators, "/staff/" + y + "/settings", ""}},
        // The year was published: those allowed get 409, and it stays for the routes after.
        {"POST /staff/{year}/settings/delete",
         {kCoordinators, "/staff/" + y + "/settings/delete", "csrf={csrf}&confirm=" + y}},
        {"POST /staff/{year}/settings/rating-scale",
         {kCoordinators, "/staff/" + y + "/settings/rating-scale",
          "csrf={csrf}&symbol=%E2%86%97&label=a&symbol=%E2%86%92&label=b&symbol=%E2%86%98&label="
          "c"}},
        {"POST /staff/{year}/settings/sections",
         {kCoordinators, "/staff/" + y + "/settings/sections",
          "csrf={csrf}&from=" + FormEncode("秘書課") + "&to=" + FormEncode("秘書広報課")}},
        {"POST /staff/{year}/settings/plan",
         {kCoordinators, "/staff/" + y + "/settings/plan",
          "csrf={csrf}&from=" + FormEncode("project:ICT推進事業") +
              "&to=" + FormEncode("ICT推進事業")}},
        {"POST /staff/{year}/settings/carry-over",
         {kCoordinators, "/staff/" + y + "/settings/carry-over", "csrf={csrf}"}},
        {"POST /staff/import", {kCoordinators, "/staff/import", "{multipart}"}},
        {"GET /staff/users", {kAdministrators, "/staff/users", ""}},
        {"POST /staff/users",
         {kAdministrators, "/staff/users",
          "csrf={csrf}&login=new{caller}&role=viewer&password=" + FormEncode(kPassword)}},
        {"GET /staff/users/{login}", {kAdministrators, "/staff/users/target", ""}},
        {"POST /staff/users/{login}",
         {kAdministrators, "/staff/users/target", "csrf={csrf}&action=enable"}},
        {"GET /staff/audit", {kAdministrators, "/staff/audit", ""}},
        {"GET /staff/security-events",
         {kAdministrators, "/staff/security-events?kind=forbidden&from=2025-04-01", ""}},
        {"GET /staff/security-events.csv",
         {kAdministrators, "/staff/security-events.csv?kind=sign_in", ""}},
        {"GET /staff/municipality", {kAdministrators, "/staff/municipality", ""}},
        {"POST /staff/municipality",
         {kAdministrators, "/staff/municipality",
          "csrf={csrf}&code=282171&name=" + FormEncode("川西市")}},
        {"GET /staff/account", {kStaff, "/staff/account", ""}},
        {"POST /staff/account/mail",
         {kStaff, "/staff/account/mail",
          "csrf={csrf}&mail=" + FormEncode("a@example.jp") + "&kind=returned"}},
        {"GET /staff/notifications", {kStaff, "/staff/notifications", ""}},
        {"POST /staff/notifications/read", {kStaff, "/staff/notifications/read", "csrf={csrf}"}},
        {"GET /staff/notifications/{id}", {kStaff, "/staff/notifications/1", ""}},  // 404: none
        {"GET /staff/mail", {kAdministrators, "/staff/mail", ""}},
        {"POST /staff/mail/{id}/retry",
         {kAdministrators, "/staff/mail/1/retry", "csrf={csrf}"}},  // 404: no failed mail
        {"POST /staff/municipality/second-factor",
         {kAdministrators, "/staff/municipality/second-factor", "csrf={csrf}"}},  // optional
        {"POST /staff/account/second-factor",
         {kStaff, "/staff/account/second-factor", "csrf={csrf}"}},
        {"GET /staff/account/second-factor", {kStaff, "/staff/account/second-factor", ""}},
        {"POST /staff/account/second-factor/confirm",
         {kStaff, "/staff/account/second-factor/confirm", "csrf={csrf}&code=000000"}},  // 400
        {"POST /staff/account/second-factor/recovery-codes",
         {kStaff, "/staff/account/second-factor/recovery-codes", "csrf={csrf}"}},  // 404: none
        {"POST /staff/account/second-factor/remove",
         {kStaff, "/staff/account/second-factor/remove", "csrf={csrf}"}},  // 404: none
        {"POST /staff/account/password",
         {kStaff, "/staff/account/password", "csrf={csrf}&password=x"}},  // 400: too short
        {"POST /staff/account/logout-everywhere",
         {kStaff, "/staff/account/logout-everywhere", "csrf={csrf}"}},
        {"GET /api/v1/openapi.json", {kEveryone, "/api/v1/openapi.json", ""}},
        {"GET /api/v1/years", {kEveryone, "/api/v1/years", ""}},
        {"GET /api/v1/years/{year}/sheet", {kEveryone, "/api/v1/years/" + y + "/sheet", ""}},
        {"GET /api/v1/years/{year}/public/sheet",
         {kEveryone, "/api/v1/years/" + y + "/public/sheet", ""}},
        {"GET /api/v1/years/{year}/public/initiatives",
         {kEveryone, "/api/v1/years/" + y + "/public/initiatives", ""}},
        {"GET /api/v1/years/{year}/public/initiatives/{no}",
         {kEveryone, "/api/v1/years/" + y + "/public/initiatives/1", ""}},
        {"GET /api/v1/years/{year}/public/publications",
         {kEveryone, "/api/v1/years/" + y + "/public/publications", ""}},
        {"GET /api/v1/years/{year}/initiatives",
         {kEveryone, "/api/v1/years/" + y + "/initiatives", ""}},
        {"GET /api/v1/years/{year}/initiatives/{no}",
         {kEveryone, "/api/v1/years/" + y + "/initiatives/1", ""}},
        {"PUT /api/v1/years/{year}/initiatives/{no}",
         {kOwners, "/api/v1/years/" + y + "/initiatives/1",
          R"({"version": {version}, "initiative": {initiative}})"}},
        {"POST /api/v1/years/{year}/initiatives/{no}/progress",
         {kContributors, "/api/v1/years/" + y + "/initiatives/1/progress",
          R"({"version": {version}, "month": 5, "text": "x"})"}},
        // An ending of "neither" is refused (400) for those allowed, after the role check.
        {"PUT /api/v1/years/{year}/initiatives/{no}/ending",
         {kCoordinators, "/api/v1/years/" + y + "/initiatives/1/ending",
          R"({"version": {version}, "kind": "x", "reason": "x"})"}},
        {"DELETE /api/v1/years/{year}/initiatives/{no}/ending",
         {kCoordinators, "/api/v1/years/" + y + "/initiatives/1/ending",
          R"({"version": {version}})"}},
        {"GET /api/v1/years/{year}/initiatives/{no}/history",
         {kStaff, "/api/v1/years/" + y + "/initiatives/1/history", ""}},
        {"GET /api/v1/years/{year}/reports",
         {kStaff, "/api/v1/years/" + y + "/reports?month=4", ""}},
        {"POST /api/v1/years/{year}/reports",
         {kContributors, "/api/v1/years/" + y + "/reports",
          R"({"month": 4, "action": "submit", "nos": [1]})"}},
        {"GET /api/v1/years/{year}/months", {kStaff, "/api/v1/years/" + y + "/months", ""}},
        {"POST /api/v1/years/{year}/months",
         {kCoordinators, "/api/v1/years/" + y + "/months", R"({"month": 6})"}},
        {"POST /api/v1/years/{year}/months/deadline",
         {kCoordinators, "/api/v1/years/" + y + "/months/deadline",
          R"({"month": 6, "deadline": "2025-07-15"})"}},
        {"GET /api/v1/years/{year}/publications",
         {kEveryone, "/api/v1/years/" + y + "/publications", ""}},
        {"POST /api/v1/years/{year}/publications",
         {kCoordinators, "/api/v1/years/" + y + "/publications",
          R"({"published_on": "2025-11-30"})"}},
        {"DELETE /api/v1/years/{year}", {kCoordinators, "/api/v1/years/" + y, ""}},
        {"POST /api/v1/years/{year}/publications/{id}/withdraw",
         {kCoordinators, "/api/v1/years/" + y + "/publications/" + p + "/withdraw",
          R"({"reason": "x"})"}},
        {"GET /api/v1/years/{year}/dashboard",
         {kStaff, "/api/v1/years/" + y + "/dashboard?month=4", ""}},
        {"GET /api/v1/years/{year}/board", {kStaff, "/api/v1/years/" + y + "/board?month=4", ""}},
        {"GET /api/v1/years/{year}/rating-scale",
         {kStaff, "/api/v1/years/" + y + "/rating-scale", ""}},
        {"PUT /api/v1/years/{year}/rating-scale",
         {kCoordinators, "/api/v1/years/" + y + "/rating-scale",
          R"({"levels": [{"symbol": "↗", "label": "a"}, {"symbol": "→", "label": "b"}, {"symbol": "↘", "label": "c"}]})"}},
        {"POST /api/v1/years/{year}/sections/rename",
         {kCoordinators, "/api/v1/years/" + y + "/sections/rename",
          R"({"from": "企画政策課", "to": "企画政策課"})"}},
        {"POST /api/v1/years/{year}/goals/rename",
         {kCoordinators, "/api/v1/years/" + y + "/goals/rename",
          R"({"from": "5.変革の歩みを止めない川西の実現", "to": "5.変革の歩みを止めない川西の実現"})"}},
        {"POST /api/v1/years/{year}/policies/rename",
         {kCoordinators, "/api/v1/years/" + y + "/policies/rename",
          R"({"from": "12.行政経営", "to": "12.行政経営"})"}},
        {"POST /api/v1/years/{year}/projects/rename",
         {kCoordinators, "/api/v1/years/" + y + "/projects/rename",
          R"({"from": "ICT推進事業", "to": "ICT推進事業"})"}},
        {"POST /api/v1/years/{year}/subprojects/rename",
         {kCoordinators, "/api/v1/years/" + y + "/subprojects/rename",
          R"({"from": "ICT推進事業", "to": "ICT推進事業"})"}},
        {"POST /api/v1/years/{year}/carry-over",
         {kCoordinators, "/api/v1/years/" + y + "/carry-over", "{}"}},
        {"GET /api/v1/notifications", {kStaff, "/api/v1/notifications", ""}},
        {"POST /api/v1/notifications/read", {kStaff, "/api/v1/notifications/read", ""}},
        {"PUT /api/v1/account/mail",
         {kStaff, "/api/v1/account/mail", R"({"address": "a@example.jp", "kinds": ["returned"]})"}},
        {"GET /api/v1/mail", {kAdministrators, "/api/v1/mail", ""}},
        {"GET /api/v1/users", {kAdministrators, "/api/v1/users", ""}},
        {"POST /api/v1/users",
         {kAdministrators, "/api/v1/users",
          R"({"login": "api{caller}", "role": "viewer", "password": "correct horse battery"})"}},
        {"POST /api/v1/users/{login}",
         {kAdministrators, "/api/v1/users/target", R"({"action": "enable"})"}},
        {"GET /api/v1/audit", {kAdministrators, "/api/v1/audit", ""}},
        {"GET /api/v1/municipality", {kEveryone, "/api/v1/municipality", ""}},
        {"PUT /api/v1/municipality",
         {kAdministrators, "/api/v1/municipality", R"({"code": "282171", "name": "川西市"})"}},
    };
  }

  HttpReply Call(const std::string& method, const Expectation& e, Caller caller) {
    std::string body = e.body;
    const bool api = e.path.starts_with("/api/");
    auto replace = [&](const std::string& from, const std::string& to) {
      for (std::size_t at; (at = body.find(from)) != std::string::npos;)
        body.replace(at, from.size(), to);
    };
    replace("{csrf}", csrf_[caller]);
    replace("{version}", Version());
    replace("{caller}", std::to_string(int(caller)));
    std::string content_type = api ? "application/json" : "application/x-www-form-urlencoded";
    if (body == "{multipart}") {
      // The seed sheet, uploaded as a browser would.
      content_type = "multipart/form-data; boundary=matrix";
      body =
          "--matrix\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf_[caller] +
          "\r\n--matrix\r\nContent-Disposition: form-data; name=\"file\"; filename=\"seed.tsv\"\r\n"
          "Content-Type: text/tab-separated-values\r\n\r\n" +
          testing::ReadFile(testing::SourceDir() / "data/kawanishi-r7-process-sheet.tsv") +
          "\r\n--matrix--\r\n";
    }
    // A real change, beyond the progress a co-owner may add to.
    model::Initiative edited = Stored(1).initiative;
    edited.overview += "（" + std::to_string(int(caller)) + "）";
    replace("{initiative}", sheet::WriteInitiativeJson(edited));
    std::string headers = "Host: x\r\nConnection: close\r\n";
    // The login form's double-submit cookie goes with every caller's login attempt.
    const std::string login_nonce = e.path.starts_with("/login") ? "torikumi_login=nonce" : "";
    if (caller != kPublic) {
      headers += api ? "Authorization: Bearer " + token_[caller] + "\r\n"
                     : "Cookie: " + cookie_[caller] +
                           (login_nonce.empty() ? "" : "; " + login_nonce) + "\r\n";
    } else if (!login_nonce.empty()) {
      headers += "Cookie: " + login_nonce + "\r\n";
    }
    if (!body.empty()) {
      headers += "Content-Type: " + content_type +
                 "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    }
    return Send(server_->port(), method + " " + e.path + " HTTP/1.1\r\n" + headers + "\r\n" + body);
  }

  std::int64_t publication_ = 0;
  std::unique_ptr<Router> router_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<store::Store> other_store_;
  std::unique_ptr<service::AccountService> other_accounts_;
  std::string cookie_[kCallers], csrf_[kCallers], token_[kCallers];
};

// A refusal: 403; 401 for a token this municipality does not know; or for the public on a
// staff page, the way to the login page.
bool Refused(const HttpReply& reply) {
  return reply.status == 403 || (reply.status == 401 && reply.HasHeader("WWW-Authenticate")) ||
         (reply.status == 302 && reply.HasHeader("Location: /login"));
}

TEST_F(AuthorizationMatrixTest, EveryRouteAnswersEveryCallerAsTheRulesSay) {
  auto expectations = Expectations();
  int cases = 0;
  for (const Route& route : Routes()) {
    const std::string key = std::string(route.method) + " " + std::string(route.pattern);
    auto it = expectations.find(key);
    if (it == expectations.end()) {
      ADD_FAILURE() << key
                    << " is not in the authorisation matrix: add what it allows, and for whom";
      continue;
    }
    // The table's own word on who may call holds everyone the expectations allow.
    const std::set<Caller>& most = route.access == Access::kAdministrator ? kAdministrators
                                   : route.access == Access::kCoordinator ? kCoordinators
                                   : route.access == Access::kStaff       ? kStaff
                                                                          : kEveryone;
    for (Caller c : it->second.allowed) {
      EXPECT_TRUE(most.count(c)) << key << " allows the " << kCallerNames[c]
                                 << ", whom its route table entry does not";
    }
    // The routes that end a session are tried with each caller's session last of all.
    if (key.find("logout") != std::string::npos) continue;
    for (int c = kPublic; c <= kAdministrator; ++c) {
      const Caller caller = Caller(c);
      HttpReply reply = Call(std::string(route.method), it->second, caller);
      ++cases;
      // Every answer of every route carries the security headers; what staff see and every
      // API answer, no cache keeps.
      for (const char* header :
           {"Content-Security-Policy: default-src 'none'", "X-Content-Type-Options: nosniff",
            "X-Frame-Options: DENY", "Referrer-Policy: same-origin"}) {
        EXPECT_TRUE(reply.HasHeader(header)) << key << " without " << header;
      }
      if (route.IsApi() || key.find(" /staff") != std::string::npos || caller >= kViewer) {
        EXPECT_TRUE(reply.HasHeader("Cache-Control: no-store"))
            << key << " for the " << kCallerNames[c] << ": " << reply.head;
      }
      // The foreigner's token is of another municipality: here a wrong token, refused even
      // where the public may read.
      const bool allowed =
          it->second.allowed.count(caller) > 0 && !(caller == kForeign && route.IsApi());
      if (allowed) {
        EXPECT_FALSE(Refused(reply))
            << key << " refused the " << kCallerNames[c] << ": " << reply.status << " "
            << reply.body.substr(
                   reply.body.find("<main") == std::string::npos ? 0 : reply.body.find("<main"),
                   600);
        EXPECT_LT(reply.status, 500) << key << " for the " << kCallerNames[c];
      } else {
        EXPECT_TRUE(Refused(reply))
            << key << " let the " << kCallerNames[c] << " through: " << reply.status << " "
            << reply.body.substr(0, 300);
      }
    }
  }
  for (const char* key : {"POST /staff/account/logout-everywhere", "POST /logout"}) {
    for (int c = kPublic; c <= kAdministrator; ++c) {
      HttpReply reply = Call("POST", expectations.at(key), Caller(c));
      ++cases;
      if (expectations.at(key).allowed.count(Caller(c))) {
        EXPECT_FALSE(Refused(reply)) << key << " for the " << kCallerNames[c];
      } else {
        EXPECT_TRUE(Refused(reply)) << key << " for the " << kCallerNames[c];
      }
    }
  }
  std::cout << "[          ] " << Routes().size() << " routes, " << cases
            << " route-and-caller cases\n";
}

}  // namespace
}  // namespace torikumi::web
