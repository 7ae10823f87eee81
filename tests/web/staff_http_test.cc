// The staff workspace and the API over HTTP against a real server on 127.0.0.1: sessions,
// CSRF, stale edits, and every changing route refused to an editor of another section.

#include <gtest/gtest.h>

#include <memory>
#include <regex>

#include "service/fixture.h"
#include "sheet/json.h"
#include "sheet/process_sheet.h"
#include "sheet/xlsx.h"
#include "web/call.h"
#include "web/http_client.h"
#include "web/router.h"
#include "web/server.h"

namespace torikumi::web {
namespace {

using testing::CookieFrom;
using testing::FormEncode;
using testing::GetWithCookie;
using testing::HttpReply;
using testing::Post;
using testing::Send;

struct Browser {
  std::string cookie;  // "torikumi_session=…"
  std::string csrf;
};

class StaffHttpTest : public testing::WorkspaceFixture {
 protected:
  void SetUp() override {
    WorkspaceFixture::SetUp();
    ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2025-09-30").ok());
    router_ = std::make_unique<Router>(*store_);
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    auto server = Server::Start([this](const Request& r) { return router_->Handle(r); }, options);
    ASSERT_TRUE(server.ok());
    server_ = std::move(*server);
  }

  std::uint16_t port() const { return server_->port(); }

  Browser LogIn(const std::string& login) {
    HttpReply form = testing::Get(port(), "/login");
    const std::string nonce = CookieFrom(form, "torikumi_login");
    EXPECT_FALSE(nonce.empty());
    HttpReply reply =
        Post(port(), "/login",
             "csrf=" + nonce + "&login=" + login + "&password=" + FormEncode(kPassword),
             "torikumi_login=" + nonce);
    EXPECT_EQ(reply.status, 303) << reply.body;
    Browser b{"torikumi_session=" + CookieFrom(reply, "torikumi_session"), ""};
    HttpReply page = GetWithCookie(port(), "/staff/account", b.cookie);
    std::smatch match;
    std::regex csrf("name=\"csrf\" value=\"([^\"]+)\"");
    EXPECT_TRUE(std::regex_search(page.body, match, csrf));
    b.csrf = match[1];
    return b;
  }

  std::string WorkingSheet() {
    auto sheet = store_->LoadSheet(store::SheetKey::Working(2025));
    return sheet.ok() && sheet->has_value() ? sheet::WriteSheetJson(**sheet) : "";
  }

  HttpReply Api(const std::string& method, const std::string& target, const std::string& body,
                const std::string& auth) {
    return Send(port(), method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
                            auth + "Content-Type: application/json\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n" + body);
  }

  std::unique_ptr<Router> router_;
  std::unique_ptr<Server> server_;
};

TEST_F(StaffHttpTest, LoginSetsAnHttpOnlySameSiteCookieAndOpensTheWorkspace) {
  HttpReply form = testing::Get(port(), "/login");
  const std::string nonce = CookieFrom(form, "torikumi_login");
  HttpReply reply =
      Post(port(), "/login", "csrf=" + nonce + "&login=kikaku&password=" + FormEncode(kPassword),
           "torikumi_login=" + nonce);
  ASSERT_EQ(reply.status, 303);
  EXPECT_TRUE(reply.HasHeader("Location: /staff/"));
  EXPECT_TRUE(reply.HasHeader("; HttpOnly; SameSite=Lax"));
  const std::string cookie = "torikumi_session=" + CookieFrom(reply, "torikumi_session");
  HttpReply home = GetWithCookie(port(), "/staff/", cookie);
  EXPECT_EQ(home.status, 302);
  EXPECT_TRUE(home.HasHeader("Location: /staff/2025/"));
  HttpReply list = GetWithCookie(port(), "/staff/2025/", cookie);
  EXPECT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("kikakuさん"), std::string::npos);
}

TEST_F(StaffHttpTest, LoginFormWithoutItsTokenIsRefused) {
  HttpReply reply =
      Post(port(), "/login", "csrf=x&login=kikaku&password=" + FormEncode(kPassword), "");
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(CookieFrom(reply, "torikumi_session"), "");
}

TEST_F(StaffHttpTest, WrongPasswordSaysSoAndSetsNoSession) {
  HttpReply form = testing::Get(port(), "/login");
  const std::string nonce = CookieFrom(form, "torikumi_login");
  HttpReply reply =
      Post(port(), "/login", "csrf=" + nonce + "&login=kikaku&password=nope-nope-nope",
           "torikumi_login=" + nonce);
  EXPECT_EQ(reply.status, 400);
  EXPECT_NE(reply.body.find("ログイン名またはパスワードが違います"), std::string::npos);
  EXPECT_EQ(CookieFrom(reply, "torikumi_session"), "");
}

TEST_F(StaffHttpTest, StaffPagesNeedASession) {
  EXPECT_EQ(testing::Get(port(), "/staff/2025/").status, 302);
  EXPECT_EQ(Post(port(), "/staff/2025/publish", "published_on=2026-01-01", "").status, 403);
  EXPECT_EQ(GetWithCookie(port(), "/staff/2025/", "torikumi_session=forged").status, 302);
}

TEST_F(StaffHttpTest, FormsWithoutTheCsrfTokenAreRefused) {
  Browser kikaku = LogIn("kikaku");
  const std::string before = WorkingSheet();
  const std::string body =
      "version=" + std::to_string(Stored(1).version) + "&month=4&text=" + FormEncode("偽の進捗");
  EXPECT_EQ(Post(port(), "/staff/2025/initiatives/1/progress", body, kikaku.cookie).status, 403);
  EXPECT_EQ(Post(port(), "/staff/2025/initiatives/1/progress", body + "&csrf=wrong", kikaku.cookie)
                .status,
            403);
  EXPECT_EQ(WorkingSheet(), before);
  EXPECT_EQ(Post(port(), "/staff/2025/initiatives/1/progress", body + "&csrf=" + kikaku.csrf,
                 kikaku.cookie)
                .status,
            303);
  EXPECT_NE(WorkingSheet(), before);
}

TEST_F(StaffHttpTest, StaleEditIsRefusedWith409AndTheUsersTextIsKept) {
  Browser kikaku = LogIn("kikaku");
  Browser coordinator = LogIn("coordinator");
  const std::string version = std::to_string(Stored(1).version);
  auto edit_body = [&](const Browser& b, const std::string& overview) {
    return "csrf=" + b.csrf + "&version=" + version +
           "&title=" + FormEncode("DXに向けた事業再検証") + "&overview=" + FormEncode(overview) +
           "&department=" + FormEncode("企画財政部") + "&section=" + FormEncode("企画政策課") +
           "&goal=" + FormEncode("5.変革の歩みを止めない川西の実現") +
           "&policy=" + FormEncode("12.行政経営") + "&project=" + FormEncode("行政経営推進事業") +
           "&subproject=" + FormEncode("行政経営推進事業") +
           "&co_owners=" + FormEncode("ICT推進課") + "&rating=" + FormEncode("→");
  };
  HttpReply first = Post(port(), "/staff/2025/initiatives/1/edit",
                         edit_body(coordinator, "企画担当の概要"), coordinator.cookie);
  ASSERT_EQ(first.status, 303) << first.body;
  HttpReply second = Post(port(), "/staff/2025/initiatives/1/edit",
                          edit_body(kikaku, "所管課の概要"), kikaku.cookie);
  EXPECT_EQ(second.status, 409);
  EXPECT_NE(second.body.find("所管課の概要"), std::string::npos);    // the loser's text, kept
  EXPECT_NE(second.body.find("企画担当の概要"), std::string::npos);  // beside the newer version
  EXPECT_EQ(Stored(1).initiative.overview, "企画担当の概要");
}

TEST_F(StaffHttpTest, EditorOfAnotherSectionCannotChangeAnInitiativeByAnyRoute) {
  // No. 2 belongs to 企画政策課; ICT推進課 neither owns nor co-owns it.
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 4).ok());
  Browser ict = LogIn("ict");
  const std::string version = std::to_string(Stored(2).version);
  const std::string before = WorkingSheet();
  const std::string csrf = "csrf=" + ict.csrf;
  struct Route {
    std::string target;
    std::string body;
  };
  const Route routes[] = {
      {"/staff/2025/initiatives/2/edit", csrf + "&version=" + version + "&title=x&overview=x"},
      {"/staff/2025/initiatives/2/progress",
       csrf + "&version=" + version + "&month=4&text=x&action=save"},
      {"/staff/2025/initiatives/2/progress",
       csrf + "&version=" + version + "&month=4&text=x&action=submit"},
      {"/staff/2025/reports", csrf + "&month=4&no=2&action=submit"},
      {"/staff/2025/reports", csrf + "&month=4&no=2&action=approve"},
      {"/staff/2025/reports", csrf + "&month=4&no=2&action=return&comment=x"},
      {"/staff/2025/months", csrf + "&month=5"},
      {"/staff/2025/publish", csrf + "&published_on=2026-01-01"},
      {"/staff/2025/settings/rating-scale", csrf + "&symbol=A&label=a"},
      {"/staff/2025/settings/sections", csrf + "&from=" + FormEncode("企画政策課") + "&to=x"},
      {"/staff/2025/settings/carry-over", csrf},
      {"/staff/2025/settings/plan", csrf + "&from=" + FormEncode("policy:12.行政経営") + "&to=x"},
      {"/staff/users",
       csrf + "&login=intruder&role=administrator&password=" + FormEncode(kPassword)},
      {"/staff/users/kikaku", csrf + "&action=disable"},
      {"/staff/users/kikaku", csrf + "&action=token&name=x"},
  };
  for (const Route& route : routes) {
    HttpReply reply = Post(port(), route.target, route.body, ict.cookie);
    EXPECT_EQ(reply.status, 403) << route.target << " " << route.body;
  }
  const std::string api_auth = "Cookie: " + ict.cookie + "\r\nX-CSRF-Token: " + ict.csrf + "\r\n";
  const Route api[] = {
      {"/api/v1/years/2025/initiatives/2/progress",
       R"({"version": )" + version + R"(, "month": 4, "text": "x"})"},
      {"/api/v1/years/2025/reports", R"({"month": 4, "action": "submit", "nos": [2]})"},
      {"/api/v1/years/2025/reports", R"({"month": 4, "action": "approve", "nos": [2]})"},
      {"/api/v1/years/2025/months", R"({"month": 6})"},
      {"/api/v1/years/2025/publications", R"({"published_on": "2026-01-01"})"},
      {"/api/v1/years/2025/sections/rename", R"({"from": "企画政策課", "to": "x"})"},
      {"/api/v1/years/2025/policies/rename", R"({"from": "12.行政経営", "to": "12.x"})"},
      {"/api/v1/years/2025/carry-over", "{}"},
      {"/api/v1/users",
       R"({"login": "intruder", "role": "administrator", "password": "long enough password"})"},
      {"/api/v1/users/kikaku", R"({"action": "disable"})"},
  };
  for (const Route& route : api) {
    EXPECT_EQ(Api("POST", route.target, route.body, api_auth).status, 403) << route.target;
  }
  EXPECT_EQ(Api("PUT", "/api/v1/years/2025/rating-scale",
                R"({"levels": [{"symbol": "A", "label": "a"}]})", api_auth)
                .status,
            403);
  EXPECT_EQ(Api("GET", "/api/v1/audit", "", api_auth).status, 403);
  auto stored = Stored(2);
  model::Initiative edited = stored.initiative;
  edited.title = "x";
  EXPECT_EQ(Api("PUT", "/api/v1/years/2025/initiatives/2",
                R"({"version": )" + version + R"(, "initiative": )" +
                    sheet::WriteInitiativeJson(edited) + "}",
                api_auth)
                .status,
            403);
  EXPECT_EQ(WorkingSheet(), before);
  EXPECT_EQ(portal_->Publications(2025)->size(), 1u);
  EXPECT_EQ(accounts_->Users(administrator_)->size(), 5u);
  EXPECT_EQ(workspace_->Reports(coordinator_, 2025, 4)->at(1).state,
            model::ReportState::kNotStarted);
}

TEST_F(StaffHttpTest, LoginNeverAdoptsASessionTheBrowserBroughtAlong) {
  // An attacker plants a cookie before the victim signs in (session fixation).
  Browser attacker = LogIn("viewer");
  HttpReply form = testing::Get(port(), "/login");
  const std::string nonce = CookieFrom(form, "torikumi_login");
  HttpReply reply =
      Post(port(), "/login", "csrf=" + nonce + "&login=kikaku&password=" + FormEncode(kPassword),
           "torikumi_login=" + nonce + "; " + attacker.cookie);
  ASSERT_EQ(reply.status, 303);
  const std::string issued = "torikumi_session=" + CookieFrom(reply, "torikumi_session");
  EXPECT_NE(issued, attacker.cookie);
  // The planted token is still only the attacker's own session, never the victim's.
  HttpReply as_attacker = GetWithCookie(port(), "/staff/account", attacker.cookie);
  EXPECT_EQ(as_attacker.body.find("kikakuさん"), std::string::npos);
  EXPECT_NE(GetWithCookie(port(), "/staff/account", issued).body.find("kikakuさん"),
            std::string::npos);
}

TEST_F(StaffHttpTest, SessionCookieIsSecureAndHstsSentBehindATlsProxy) {
  HttpReply form = testing::Get(port(), "/login");
  const std::string nonce = CookieFrom(form, "torikumi_login");
  const std::string body = "csrf=" + nonce + "&login=kikaku&password=" + FormEncode(kPassword);
  // Without --behind-tls-proxy the server ignores X-Forwarded-Proto: no Secure flag.
  HttpReply plain =
      Send(port(),
           "POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
           "X-Forwarded-Proto: https\r\nCookie: torikumi_login=" +
               nonce + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body);
  ASSERT_EQ(plain.status, 303);
  EXPECT_FALSE(plain.HasHeader("; Secure"));
  EXPECT_FALSE(plain.HasHeader("Strict-Transport-Security"));
  server_.reset();
  ServerOptions options;
  options.port = 0;
  options.behind_tls_proxy = true;
  server_ = std::move(
      Server::Start([this](const Request& r) { return router_->Handle(r); }, options).value());
  // Over TLS every cookie has the __Host- prefix: Secure, Path=/, no Domain.
  HttpReply form2 = Send(port(),
                         "GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                         "X-Forwarded-Proto: https\r\n\r\n");
  const std::string nonce2 = CookieFrom(form2, "__Host-torikumi_login");
  ASSERT_FALSE(nonce2.empty()) << form2.head;
  EXPECT_TRUE(form2.HasHeader("HttpOnly; SameSite=Strict; Secure; Path=/\r"));
  const std::string body2 = "csrf=" + nonce2 + "&login=kikaku&password=" + FormEncode(kPassword);
  auto secure_post = [&](const std::string& cookie) {
    return Send(port(),
                "POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                "X-Forwarded-Proto: https\r\nCookie: " +
                    cookie +
                    "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                    std::to_string(body2.size()) + "\r\n\r\n" + body2);
  };
  // The nonce under its plain name, as a page over plain HTTP could have planted it, is no
  // nonce over TLS.
  EXPECT_EQ(secure_post("torikumi_login=" + nonce2).status, 403);
  HttpReply secure = secure_post("__Host-torikumi_login=" + nonce2);
  ASSERT_EQ(secure.status, 303);
  EXPECT_TRUE(secure.HasHeader("Set-Cookie: __Host-torikumi_session="));
  EXPECT_TRUE(secure.HasHeader("HttpOnly; SameSite=Lax; Secure; Path=/\r"));
  EXPECT_TRUE(secure.HasHeader("Strict-Transport-Security: max-age=31536000"));
  const std::string token = CookieFrom(secure, "__Host-torikumi_session");
  auto staff_page = [&](const std::string& cookie) {
    return Send(port(),
                "GET /staff/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                "X-Forwarded-Proto: https\r\nCookie: " +
                    cookie + "\r\n\r\n");
  };
  EXPECT_FALSE(staff_page("__Host-torikumi_session=" + token).HasHeader("Location: /login"));
  EXPECT_TRUE(staff_page("torikumi_session=" + token).HasHeader("Location: /login"));
  // A municipality's pages keep their own cookies by name, as Path=/ cannot by path.
  EXPECT_EQ(HostCookieName("torikumi_session", "/m/282171"), "__Host-torikumi_session-282171");
  EXPECT_EQ(HostCookieName("torikumi_session", ""), "__Host-torikumi_session");
}

TEST_F(StaffHttpTest, CoordinatorsUploadSheetsAndBadFilesChangeNothing) {
  Browser coordinator = LogIn("coordinator");
  auto upload = [&](const std::string& file_name, const std::string& bytes) {
    const std::string body =
        "--b0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + coordinator.csrf +
        "\r\n--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file_name +
        "\"\r\nContent-Type: text/plain\r\n\r\n" + bytes + "\r\n--b0undary--\r\n";
    return Post(port(), "/staff/import", body, coordinator.cookie,
                "multipart/form-data; boundary=b0undary");
  };
  std::string sheet =
      testing::ReadFile(testing::SourceDir() / "data/kawanishi-r7-process-sheet.tsv");
  HttpReply same = upload("seed.tsv", sheet);
  EXPECT_EQ(same.status, 200);
  EXPECT_NE(same.body.find("変更はありません"), std::string::npos);

  const std::string before = WorkingSheet();
  std::string bad = sheet;
  bad.replace(bad.find("\n3\t"), 3, "\nx3\t");
  HttpReply refused = upload("bad.tsv", bad);
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("bad.tsv の 9 行目"), std::string::npos);
  EXPECT_EQ(WorkingSheet(), before);

  std::string edited = sheet;
  edited.replace(edited.find("DXに向けた事業再検証"), std::string("DXに向けた事業再検証").size(),
                 "DX事業再検証");
  HttpReply changed = upload("edited.tsv", edited);
  EXPECT_EQ(changed.status, 200);
  EXPECT_NE(changed.body.find("更新 1 件"), std::string::npos);
  EXPECT_EQ(Stored(1).initiative.title, "DX事業再検証");

  // A workbook as Excel users keep it: the sheet exported as XLSX with one title edited.
  auto read = sheet::ReadProcessSheet(edited, {});
  ASSERT_TRUE(read.ok());
  read->sheet.initiatives[1].title = "公募型補助金（XLSX で更新）";
  auto xlsx = sheet::WriteProcessSheetXlsx(read->sheet, {});
  ASSERT_TRUE(xlsx.ok());
  HttpReply workbook = upload("R7.xlsx", *xlsx);
  EXPECT_EQ(workbook.status, 200) << workbook.body;
  EXPECT_NE(workbook.body.find("更新 1 件"), std::string::npos);
  EXPECT_EQ(Stored(2).initiative.title, "公募型補助金（XLSX で更新）");

  // Editors may not upload, and an upload larger than the limit is refused before it is read.
  Browser kikaku = LogIn("kikaku");
  const std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + kikaku.csrf +
      "\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.tsv\"\r\n\r\n" +
      sheet + "\r\n--b--\r\n";
  EXPECT_EQ(
      Post(port(), "/staff/import", body, kikaku.cookie, "multipart/form-data; boundary=b").status,
      403);
  HttpReply huge =
      Send(port(), "POST /staff/import HTTP/1.1\r\nHost: x\r\nCookie: " + coordinator.cookie +
                       "\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                       "Content-Length: 40000000\r\n\r\n--b");
  EXPECT_EQ(huge.status, 413);
}

// An upload into a year whose reports are under way: the preview shows what would change
// and writes nothing; the import keeps the workspace's report unless asked to replace it.
TEST_F(StaffHttpTest, UploadsPreviewAndKeepTheWorkspacesReports) {
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 4).ok());
  ASSERT_TRUE(workspace_
                  ->WriteMonthProgress(kikaku_, 2025, 2, 4, "画面で入力した4月の進捗", std::nullopt,
                                       Stored(2).version)
                  .ok());
  Browser coordinator = LogIn("coordinator");
  const std::string sheet =
      testing::ReadFile(testing::SourceDir() / "data/kawanishi-r7-process-sheet.tsv");
  auto upload = [&](const std::string& fields) {
    const std::string body = "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" +
                             coordinator.csrf + "\r\n" + fields +
                             "--b\r\nContent-Disposition: form-data; name=\"file\"; " +
                             "filename=\"seed.tsv\"\r\n\r\n" + sheet + "\r\n--b--\r\n";
    return Post(port(), "/staff/import", body, coordinator.cookie,
                "multipart/form-data; boundary=b");
  };
  auto field = [](const std::string& name, const std::string& value) {
    return "--b\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  };
  HttpReply preview = upload(field("action", "preview"));
  ASSERT_EQ(preview.status, 200);
  EXPECT_NE(preview.body.find("まだ書き込んでいません"), std::string::npos);
  EXPECT_NE(preview.body.find("報告 1 件はファイルの内容と違いますが、そのまま残します"),
            std::string::npos);
  EXPECT_NE(preview.body.find("画面で入力した4月の進捗"), std::string::npos);
  HttpReply kept = upload(field("action", "import"));
  ASSERT_EQ(kept.status, 200);
  EXPECT_NE(kept.body.find("そのまま残しました"), std::string::npos);
  EXPECT_NE(Stored(2).initiative.progress.front().text.find("画面で入力した4月の進捗"),
            std::string::npos);
  HttpReply replaced = upload(field("action", "import") + field("reports", "replace"));
  ASSERT_EQ(replaced.status, 200);
  EXPECT_NE(replaced.body.find("報告 1 件をファイルの内容で置き換えました"), std::string::npos);
  EXPECT_EQ(Stored(2).initiative.progress.front().months, model::MonthSet::Of({5}));
}

TEST_F(StaffHttpTest, LogoutEndsTheSession) {
  Browser viewer = LogIn("viewer");
  EXPECT_EQ(GetWithCookie(port(), "/staff/2025/", viewer.cookie).status, 200);
  HttpReply out = Post(port(), "/logout", "csrf=" + viewer.csrf, viewer.cookie);
  EXPECT_EQ(out.status, 303);
  EXPECT_TRUE(out.HasHeader("Max-Age=0"));
  EXPECT_EQ(GetWithCookie(port(), "/staff/2025/", viewer.cookie).status, 302);
}

TEST_F(StaffHttpTest, ApiTokenEditsWithVersionsAnd409) {
  auto token = accounts_->IssueApiToken(administrator_, "kikaku", "test");
  ASSERT_TRUE(token.ok());
  const std::string auth = "Authorization: Bearer " + *token + "\r\n";
  HttpReply got = Api("GET", "/api/v1/years/2025/initiatives/1", "", auth);
  ASSERT_EQ(got.status, 200);
  EXPECT_NE(got.body.find("\"version\": " + std::to_string(Stored(1).version)), std::string::npos);
  auto stored = Stored(1);
  model::Initiative edited = stored.initiative;
  edited.overview = "API から";
  const std::string body = R"({"version": )" + std::to_string(stored.version) +
                           R"(, "initiative": )" + sheet::WriteInitiativeJson(edited) + "}";
  EXPECT_EQ(Api("PUT", "/api/v1/years/2025/initiatives/1", body, auth).status, 200);
  HttpReply stale = Api("PUT", "/api/v1/years/2025/initiatives/1", body, auth);
  EXPECT_EQ(stale.status, 409);
  EXPECT_NE(stale.body.find("\"current\""), std::string::npos);
  EXPECT_EQ(Stored(1).initiative.overview, "API から");
  // Without a token the API reads the publication, not the draft.
  HttpReply published = Api("GET", "/api/v1/years/2025/initiatives/1", "", "");
  EXPECT_EQ(published.status, 200);
  EXPECT_EQ(published.body.find("API から"), std::string::npos);
  EXPECT_EQ(Api("PUT", "/api/v1/years/2025/initiatives/1", body, "").status, 403);
  EXPECT_EQ(Api("GET", "/api/v1/openapi.json", "", "").status, 200);
}

// A token that authenticates nobody is refused, never taken for the public: before, a
// mistyped or revoked token read the publication with 200.
TEST_F(StaffHttpTest, AWrongOrRevokedTokenIs401) {
  auto token = accounts_->IssueApiToken(administrator_, "kikaku", "test");
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(accounts_->SetDisabled(administrator_, "kikaku", true).ok());
  for (const std::string& wrong : {*token, std::string("not-a-token")}) {
    HttpReply reply = Api("GET", "/api/v1/years/2025/initiatives/1", "",
                          "Authorization: Bearer " + wrong + "\r\n");
    EXPECT_EQ(reply.status, 401) << wrong;
    EXPECT_TRUE(reply.HasHeader("WWW-Authenticate: Bearer")) << reply.head;
    EXPECT_NE(reply.body.find("\"code\":\"unauthenticated\""), std::string::npos) << reply.body;
    EXPECT_EQ(reply.body.find("initiative"), std::string::npos);
  }
}

// After an administrator's reset, the session reaches nothing but the account page until
// the password is changed: neither the pages nor the API.
TEST_F(StaffHttpTest, AResetPasswordIsChangedBeforeTheSessionReachesAnything) {
  auto password = accounts_->ResetPassword(administrator_, "kikaku");
  ASSERT_TRUE(password.ok());
  auto session = accounts_->Login("kikaku", *password, "127.0.0.1");
  ASSERT_TRUE(session.ok());
  const std::string cookie = "Cookie: torikumi_session=" + session->token + "\r\n";
  EXPECT_EQ(Api("GET", "/api/v1/years/2025/initiatives/1", "", cookie).status, 403);
  HttpReply page = Api("GET", "/staff/2025/", "", cookie);
  EXPECT_EQ(page.status, 302);
  EXPECT_TRUE(page.HasHeader("Location: /staff/account"));
  EXPECT_EQ(Api("GET", "/staff/account", "", cookie).status, 200);
}

TEST_F(StaffHttpTest, CookieSessionsNeedTheCsrfHeaderForApiChanges) {
  Browser kikaku = LogIn("kikaku");
  const std::string body =
      R"({"version": )" + std::to_string(Stored(1).version) + R"(, "month": 4, "text": "x"})";
  EXPECT_EQ(Api("POST", "/api/v1/years/2025/initiatives/1/progress", body,
                "Cookie: " + kikaku.cookie + "\r\n")
                .status,
            403);
  EXPECT_EQ(Api("POST", "/api/v1/years/2025/initiatives/1/progress", body,
                "Cookie: " + kikaku.cookie + "\r\nX-CSRF-Token: " + kikaku.csrf + "\r\n")
                .status,
            200);
}

TEST_F(StaffHttpTest, ThePublicSeesThePublicationNotTheDraft) {
  Browser kikaku = LogIn("kikaku");
  const std::string body = "csrf=" + kikaku.csrf + "&version=" + std::to_string(Stored(1).version) +
                           "&month=4&text=" + FormEncode("まだ公開していない進捗") + "&action=save";
  ASSERT_EQ(Post(port(), "/staff/2025/initiatives/1/progress", body, kikaku.cookie).status, 303);
  HttpReply staff = GetWithCookie(port(), "/staff/2025/initiatives/1?month=4", kikaku.cookie);
  EXPECT_NE(staff.body.find("まだ公開していない進捗"), std::string::npos);
  HttpReply public_page = testing::Get(port(), "/2025/initiatives/1");
  EXPECT_EQ(public_page.body.find("まだ公開していない進捗"), std::string::npos);
  EXPECT_NE(public_page.body.find("2025年9月30日 公開"), std::string::npos);
}

// A staff page is kept for its session while nothing changes, and shows a change the moment
// it is made, by anyone, through any server; another session never gets it.
TEST_F(StaffHttpTest, KeptStaffPagesShowEveryChangeAtOnceAndOnlyToTheirSession) {
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 4).ok());
  Browser kikaku = LogIn("kikaku");
  Browser coordinator = LogIn("coordinator");
  const std::string initiative = "/staff/2025/initiatives/1?month=4";
  HttpReply first = GetWithCookie(port(), initiative, kikaku.cookie);
  ASSERT_EQ(first.status, 200);
  HttpReply again = GetWithCookie(port(), initiative, kikaku.cookie);
  EXPECT_EQ(again.body, first.body);
  EXPECT_TRUE(again.HasHeader("Cache-Control: no-store"));
  EXPECT_EQ(first.body.find("企画担当が書いた進捗"), std::string::npos);
  const std::string list = "/staff/2025/?month=4";
  HttpReply list_before = GetWithCookie(port(), list, kikaku.cookie);
  ASSERT_EQ(list_before.status, 200);

  // Written through the service and its store, as another server would.
  ASSERT_TRUE(workspace_
                  ->WriteMonthProgress(coordinator_, 2025, 1, 4, "企画担当が書いた進捗",
                                       std::nullopt, Stored(1).version)
                  .ok());
  EXPECT_NE(GetWithCookie(port(), initiative, kikaku.cookie).body.find("企画担当が書いた進捗"),
            std::string::npos);
  EXPECT_NE(GetWithCookie(port(), list, kikaku.cookie).body, list_before.body);  // 下書き now
  for (const std::string& page : {initiative, list}) {
    HttpReply after = GetWithCookie(port(), page, kikaku.cookie);
    EXPECT_NE(after.body.find("kikakuさん"), std::string::npos) << page;
    EXPECT_NE(after.body.find(kikaku.csrf), std::string::npos) << page;
    HttpReply theirs = GetWithCookie(port(), page, coordinator.cookie);
    EXPECT_EQ(theirs.body.find("kikakuさん"), std::string::npos) << page;
    EXPECT_EQ(theirs.body.find(kikaku.csrf), std::string::npos) << page;
    EXPECT_NE(theirs.body.find(coordinator.csrf), std::string::npos) << page;
  }

  // Signed out, the kept page is gone with the session.
  ASSERT_EQ(Post(port(), "/logout", "csrf=" + kikaku.csrf, kikaku.cookie).status, 303);
  EXPECT_NE(GetWithCookie(port(), initiative, kikaku.cookie).status, 200);
}

// Found by probing a running server: a return_to with a TAB ("/\t/evil.example", which
// browsers read as "//evil.example") led off-site, and control bytes went out raw in
// Location.
TEST_F(StaffHttpTest, ReturnToLeadsOnlyToPathsOfThisSite) {
  ASSERT_TRUE(workspace_->OpenMonth(coordinator_, 2025, 4).ok());
  for (int no : {1, 2, 3, 4}) {
    const service::Actor& owner = no <= 2 ? kikaku_ : ict_;
    ASSERT_TRUE(
        workspace_
            ->WriteMonthProgress(owner, 2025, no, 4, "4月の進捗", std::nullopt, Stored(no).version)
            .ok());
    ASSERT_TRUE(workspace_->Submit(owner, 2025, 4, {no}).ok());
  }
  Browser coordinator = LogIn("coordinator");
  // Each hostile return_to goes with an action that succeeds: approve 1–4, reopen 1 and 2.
  const std::vector<std::pair<std::string, std::string>> hostile{
      {"approve&no=1", "/\t/evil.example"},
      {"approve&no=2", "/\n/evil.example"},
      {"approve&no=3", "//evil.example"},
      {"approve&no=4", "/\\evil.example"},
      {"return&no=1&comment=x", "https://evil.example/"},
      {"return&no=2&comment=x", "/staff/\x01x"}};
  for (const auto& [action, return_to] : hostile) {
    HttpReply reply = Post(port(), "/staff/2025/reports",
                           "csrf=" + coordinator.csrf + "&month=4&action=" + action +
                               "&return_to=" + FormEncode(return_to),
                           coordinator.cookie);
    EXPECT_EQ(reply.status, 303) << action << reply.body;
    EXPECT_TRUE(reply.HasHeader("Location: /staff/2025/board?month=4\r\n")) << reply.head;
  }
  // Whatever a handler redirects to, the header carries no control byte.
  const Response r = Response::Redirect("/a\r\nSet-Cookie: x=1\t/日本");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "/a%0D%0ASet-Cookie:%20x=1%09/%E6%97%A5%E6%9C%AC");
}

}  // namespace
}  // namespace torikumi::web
