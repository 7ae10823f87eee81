// A full disk under a real server on 127.0.0.1: writes answer 503 in Japanese with
// Retry-After and change nothing, reads go on, and once there is room the same requests
// succeed. The disk is SQLite's fault-injecting VFS (tests/store/fault_vfs.h).

#include <gtest/gtest.h>

#include <memory>

#include "service/fixture.h"
#include "sheet/json.h"
#include "store/fault_vfs.h"
#include "store/sqlite.h"
#include "web/http_client.h"
#include "web/router.h"
#include "web/server.h"

namespace torikumi::web {
namespace {

using testing::CookieFrom;
using testing::FormEncode;
using testing::HttpReply;
using testing::Send;

class FullDiskHttpTest : public testing::WorkspaceFixture {
 protected:
  void SetUp() override {
    if (testing::TestingOnPostgres()) GTEST_SKIP() << "SQLite's VFS: the SQLite run covers it";
    vfs_ = std::make_unique<testing::FaultVfs>();
    WorkspaceFixture::SetUp();
    ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2025-09-30").ok());
    router_ = std::make_unique<Router>(*store_);
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    auto server = Server::Start([this](const Request& r) { return router_->Handle(r); }, options);
    ASSERT_TRUE(server.ok());
    server_ = std::move(*server);
    auto token = accounts_->IssueApiToken(administrator_, "kikaku", "faults");
    ASSERT_TRUE(token.ok());
    auth_ = "Authorization: Bearer " + *token + "\r\n";
  }
  // The files close before the VFS under them goes.
  void TearDown() override {
    server_.reset();
    router_.reset();
    sheets_.reset();
    workspace_.reset();
    portal_.reset();
    accounts_.reset();
    store_.reset();
    vfs_.reset();
  }

  // Every write from now on must grow a file, and the disk has no room.
  void FillTheDisk() {
    auto db = store::sqlite::Connection::Open(dir_.File("torikumi.db"));
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Execute("PRAGMA wal_checkpoint(TRUNCATE)").ok());
    vfs_->SetSpace(0);
  }

  HttpReply Api(const std::string& method, const std::string& target, const std::string& body) {
    return Send(server_->port(), method + " " + target +
                                     " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + auth_ +
                                     "Content-Type: application/json\r\nContent-Length: " +
                                     std::to_string(body.size()) + "\r\n\r\n" + body);
  }

  std::string EditBody(const std::string& overview) {
    auto stored = Stored(1);
    model::Initiative edited = stored.initiative;
    edited.overview = overview;
    return R"({"version": )" + std::to_string(stored.version) + R"(, "initiative": )" +
           sheet::WriteInitiativeJson(edited) + "}";
  }

  std::unique_ptr<testing::FaultVfs> vfs_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<Server> server_;
  std::string auth_;
};

TEST_F(FullDiskHttpTest, WritesAnswer503AndReadsGoOnUntilThereIsRoom) {
  const std::string before = Stored(1).initiative.overview;
  FillTheDisk();

  // An edit through the API: 503, the JSON error in Japanese, Retry-After.
  HttpReply edit = Api("PUT", "/api/v1/years/2025/initiatives/1", EditBody("満杯のディスクへ"));
  EXPECT_EQ(edit.status, 503) << edit.body;
  EXPECT_TRUE(edit.HasHeader("Retry-After: ")) << edit.head;
  EXPECT_NE(edit.body.find("\"code\":\"unavailable\""), std::string::npos) << edit.body;
  EXPECT_NE(edit.body.find("ディスクの空きが足りない"), std::string::npos) << edit.body;

  // A monthly report: the same.
  const std::string report = R"({"version": )" + std::to_string(Stored(1).version) +
                             R"(, "month": 4, "text": "満杯のディスクへの報告"})";
  EXPECT_EQ(Api("POST", "/api/v1/years/2025/initiatives/1/progress", report).status, 503);

  // A sign-in writes a session: the page says why.
  HttpReply form = testing::Get(server_->port(), "/login");
  const std::string nonce = CookieFrom(form, "torikumi_login");
  HttpReply login =
      testing::Post(server_->port(), "/login",
                    "csrf=" + nonce + "&login=kikaku&password=" + FormEncode(kPassword),
                    "torikumi_login=" + nonce);
  EXPECT_EQ(login.status, 503);
  EXPECT_NE(login.body.find("ディスクの空きが足りない"), std::string::npos) << login.body;
  EXPECT_EQ(CookieFrom(login, "torikumi_session"), "");

  // Reads go on, and show the last committed state.
  HttpReply read = Api("GET", "/api/v1/years/2025/initiatives/1", "");
  EXPECT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(Stored(1).initiative.overview, before);
  EXPECT_EQ(testing::Get(server_->port(), "/2025/").status, 200);
  EXPECT_EQ(testing::Get(server_->port(), "/2025/initiatives/1").status, 200);
  EXPECT_EQ(testing::Get(server_->port(), "/2025/downloads/").status, 200);

  // Room again: the same requests succeed on the same server.
  vfs_->SetSpace(std::nullopt);
  EXPECT_EQ(Api("PUT", "/api/v1/years/2025/initiatives/1", EditBody("空きができた")).status, 200);
  EXPECT_EQ(Stored(1).initiative.overview, "空きができた");
  const std::string again = R"({"version": )" + std::to_string(Stored(1).version) +
                            R"(, "month": 4, "text": "空きができてからの報告"})";
  EXPECT_EQ(Api("POST", "/api/v1/years/2025/initiatives/1/progress", again).status, 200);
}

}  // namespace
}  // namespace torikumi::web
