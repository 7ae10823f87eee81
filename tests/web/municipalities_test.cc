// Several municipalities in one installation, through HTTP: each has its portal under
// /m/CODE/ (the installation's own keeps the short URLs), its own sessions and drafts, and
// the public can search every municipality's publications at once.

#include <gtest/gtest.h>

#include <regex>

#include "service/fixture.h"
#include "sheet/process_sheet.h"
#include "web/http_client.h"
#include "web/router.h"
#include "web/server.h"

namespace torikumi::web {
namespace {

using testing::Get;
using testing::GetWithCookie;
using testing::HttpReply;

class MunicipalitiesTest : public testing::WorkspaceFixture {
 protected:
  void SetUp() override {
    WorkspaceFixture::SetUp();
    ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2026-03-31").ok());
    // Kawanishi's sheet, with one title of its own, published; then a draft edit.
    ASSERT_TRUE(store_->AddMunicipality("282171", "川西市").ok());
    kawanishi_ = std::move(store_->OpenMunicipality("282171").value());
    service::SheetService sheets(*kawanishi_);
    std::string seed =
        testing::ReadFile(testing::SourceDir() / "data/kawanishi-r7-process-sheet.tsv");
    seed.replace(seed.find("DXに向けた事業再検証"), std::string("DXに向けた事業再検証").size(),
                 "川西の事業再検証");
    ASSERT_TRUE(sheets.Import("seed.tsv", seed, {}).ok());
    service::WorkspaceService workspace(*kawanishi_);
    ASSERT_TRUE(workspace.Publish(service::Actor::CommandLine(), 2025, "2026-03-31").ok());
    kawanishi_accounts_ =
        std::make_unique<service::AccountService>(*kawanishi_, [this] { return now_; });
    ASSERT_TRUE(
        kawanishi_accounts_
            ->AddUser(service::Actor::CommandLine(),
                      {"coordinator", "川西 企画", model::Role::kCoordinator, {}, kPassword})
            .ok());
    auto stored = kawanishi_->LoadStoredInitiative(2025, 2);
    model::Initiative draft = (*stored)->initiative;
    draft.title = "未公開の下書き";
    ASSERT_TRUE(kawanishi_
                    ->UpdateInitiative(2025, (*stored)->initiative, draft, (*stored)->version, {},
                                       {std::nullopt, "edit", "x", "", ""})
                    .ok());

    router_ = std::make_unique<Router>(*store_);
    ServerOptions options;
    options.port = 0;
    server_ = std::move(
        Server::Start([this](const Request& r) { return router_->Handle(r); }, options).value());
  }

  std::uint16_t port() { return server_->port(); }

  std::unique_ptr<store::Store> kawanishi_;
  std::unique_ptr<service::AccountService> kawanishi_accounts_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<Server> server_;
};

TEST_F(MunicipalitiesTest, EachMunicipalityHasItsPortalUnderItsCode) {
  EXPECT_EQ(Get(port(), "/m/282171").status, 301);
  HttpReply root = Get(port(), "/m/282171/");
  EXPECT_EQ(root.status, 302);
  EXPECT_TRUE(root.HasHeader("Location: /m/282171/2025/"));
  HttpReply list = Get(port(), "/m/282171/2025/");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("川西の事業再検証"), std::string::npos);
  EXPECT_NE(list.body.find("href=\"/m/282171/2025/initiatives/1\""), std::string::npos);
  EXPECT_NE(list.body.find("href=\"/m/282171/assets/style.css\""), std::string::npos);
  EXPECT_EQ(list.body.find("href=\"/2025/"), std::string::npos) << "a link out of the municipality";
  EXPECT_EQ(Get(port(), "/m/282171/assets/style.css").status, 200);
  EXPECT_EQ(Get(port(), "/m/282171/2025/downloads/torikumi-R7-2026-03-31.csv").status, 200);
  // The installation's own keeps its short URLs and its own sheet.
  HttpReply own = Get(port(), "/2025/");
  EXPECT_EQ(own.status, 200);
  EXPECT_EQ(own.body.find("川西の事業再検証"), std::string::npos);
  // Drafts stay drafts: the public sees Kawanishi's publication, not its edit.
  EXPECT_EQ(Get(port(), "/m/282171/2025/").body.find("未公開の下書き"), std::string::npos);
  for (const char* missing : {"/m/999999/", "/m/28217/", "/m/abcdef/2025/", "/m/282171/2031/"}) {
    EXPECT_EQ(Get(port(), missing).status, 404) << missing;
  }
}

TEST_F(MunicipalitiesTest, SessionsBelongToTheirMunicipality) {
  HttpReply form = Get(port(), "/m/282171/login");
  ASSERT_EQ(form.status, 200);
  std::smatch nonce;
  ASSERT_TRUE(std::regex_search(form.head, nonce,
                                std::regex("torikumi_login=([^;]+); Path=/m/282171/login")));
  HttpReply login = testing::Post(
      port(), "/m/282171/login",
      "csrf=" + nonce[1].str() + "&login=coordinator&password=" + testing::FormEncode(kPassword),
      "torikumi_login=" + nonce[1].str());
  ASSERT_EQ(login.status, 303) << login.body;
  EXPECT_TRUE(login.HasHeader("Location: /m/282171/staff/"));
  std::smatch session;
  ASSERT_TRUE(std::regex_search(login.head, session,
                                std::regex("torikumi_session=([^;]+); Path=/m/282171/;")));
  const std::string cookie = "torikumi_session=" + session[1].str();
  HttpReply staff = GetWithCookie(port(), "/m/282171/staff/2025/", cookie);
  EXPECT_EQ(staff.status, 200);
  EXPECT_NE(staff.body.find("未公開の下書き"), std::string::npos);
  // The same session is nobody's in the installation's own municipality.
  HttpReply elsewhere = GetWithCookie(port(), "/staff/2025/", cookie);
  EXPECT_EQ(elsewhere.status, 302);
  EXPECT_TRUE(elsewhere.HasHeader("Location: /login"));
  // And the own municipality's coordinator is nobody in Kawanishi's workspace, even with
  // the same login name.
  auto own = accounts_->Login("coordinator", kPassword, "127.0.0.1");
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(GetWithCookie(port(), "/m/282171/staff/2025/", "torikumi_session=" + own->token).status,
            302);
  // Through the API it is the public: the publication, never the draft.
  HttpReply api =
      GetWithCookie(port(), "/m/282171/api/v1/years/2025/sheet", "torikumi_session=" + own->token);
  EXPECT_EQ(api.body.find("未公開の下書き"), std::string::npos);
  EXPECT_NE(GetWithCookie(port(), "/m/282171/api/v1/years/2025/sheet", cookie)
                .body.find("未公開の下書き"),
            std::string::npos);
}

// A municipal workbook is often larger than 1 MiB (one seen: 1.9 MB); uploads up to 32 MiB
// are read under /m/CODE/ as under the short URLs.
TEST_F(MunicipalitiesTest, SheetsOfSeveralMegabytesUploadUnderTheMunicipalityPath) {
  HttpReply form = Get(port(), "/m/282171/login");
  std::smatch nonce;
  ASSERT_TRUE(std::regex_search(form.head, nonce, std::regex("torikumi_login=([^;]+);")));
  HttpReply login = testing::Post(
      port(), "/m/282171/login",
      "csrf=" + nonce[1].str() + "&login=coordinator&password=" + testing::FormEncode(kPassword),
      "torikumi_login=" + nonce[1].str());
  std::smatch session;
  ASSERT_TRUE(std::regex_search(login.head, session, std::regex("torikumi_session=([^;]+);")));
  const std::string cookie = "torikumi_session=" + session[1].str();
  std::smatch csrf;
  const HttpReply account = GetWithCookie(port(), "/m/282171/staff/account", cookie);
  ASSERT_TRUE(
      std::regex_search(account.body, csrf, std::regex("name=\"csrf\" value=\"([^\"]+)\"")));

  // The seed and 100 more initiatives, each with an overview as long as an Excel cell
  // allows (a longer one is refused: every format must carry it).
  auto seed = sheet::ReadProcessSheet(
      testing::ReadFile(testing::SourceDir() / "data/kawanishi-r7-process-sheet.tsv"), {});
  ASSERT_TRUE(seed.ok());
  model::Sheet big = seed->sheet;
  std::string overview;
  while (overview.size() + 30 < 32'000 * 3) overview += "長い概要の段落です。";
  for (int no = 100; no < 200; ++no) {
    model::Initiative added = big.initiatives.front();
    added.no = no;
    added.overview = overview;
    big.initiatives.push_back(std::move(added));
  }
  const std::string sheet = sheet::WriteProcessSheet(big, {}).bytes;
  ASSERT_GT(sheet.size(), 5'000'000u);
  const std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf[1].str() +
      "\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.tsv\"\r\n\r\n" +
      sheet + "\r\n--b--\r\n";
  HttpReply uploaded = testing::Post(port(), "/m/282171/staff/import", body, cookie,
                                     "multipart/form-data; boundary=b");
  EXPECT_EQ(uploaded.status, 200) << uploaded.body.substr(0, 500);
  auto stored = kawanishi_->LoadInitiative(store::SheetKey::Working(2025), 199);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->overview, overview);
}

TEST_F(MunicipalitiesTest, SearchAcrossMunicipalitiesShowsPublishedInitiativesOnly) {
  HttpReply page = Get(port(), "/search?q=%E7%94%9F%E6%88%90");  // 生成
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("href=\"/2025/initiatives/4\""), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/m/282171/2025/initiatives/4\""), std::string::npos);
  EXPECT_NE(page.body.find("川西市"), std::string::npos);
  EXPECT_EQ(Get(port(), "/search?q=" + testing::FormEncode("未公開の下書き"))
                .body.find("initiatives/2\""),
            std::string::npos);
  EXPECT_NE(Get(port(), "/search").body.find("href=\"/m/282171/\""), std::string::npos);
  EXPECT_EQ(Get(port(), "/m/282171/search").status, 404);
}

}  // namespace
}  // namespace torikumi::web
