// HTTP tests against a real server listening on 127.0.0.1, spoken to over a plain socket.

#include <gtest/gtest.h>
#include <zlib.h>

#include "service/sheet_service.h"
#include "service/workspace_service.h"
#include "store/store.h"
#include "testing.h"
#include "web/http_client.h"
#include "web/router.h"
#include "web/server.h"

namespace torikumi::web {
namespace {

using testing::Get;
using testing::HttpReply;
using testing::ReadFile;
using testing::Send;
using testing::SourceDir;
using testing::TempDir;

class HttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    store_ = store::OpenStore(dir_->File("web.db")).value().release();
    sheets_ = new service::SheetService(*store_);
    std::string seed = ReadFile(SourceDir() / "data/kawanishi-r7-process-sheet.tsv");
    // Data that must be escaped: markup in a title, as an entity so the cell parser keeps it.
    seed.replace(seed.find("生成AIによる業務効率化"), std::string("生成AIによる業務効率化").size(),
                 "生成AI&lt;script&gt;alert(1)&lt;/script&gt;");
    ASSERT_TRUE(sheets_->Import("seed.tsv", seed, {}).ok());
    service::WorkspaceService workspace(*store_);
    ASSERT_TRUE(workspace.Publish(service::Actor::CommandLine(), 2025, "2026-03-31").ok());
    router_ = new Router(*store_);
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    auto server = Server::Start([](const Request& r) { return router_->Handle(r); }, options);
    ASSERT_TRUE(server.ok()) << server.error().ToString();
    server_ = server->release();
  }

  static void TearDownTestSuite() {
    delete server_;
    delete router_;
    delete sheets_;
    delete store_;
    delete dir_;
  }

  static std::uint16_t port() { return server_->port(); }

  static TempDir* dir_;
  static store::Store* store_;
  static service::SheetService* sheets_;
  static Router* router_;
  static Server* server_;
};

TempDir* HttpTest::dir_;
store::Store* HttpTest::store_;
service::SheetService* HttpTest::sheets_;
Router* HttpTest::router_;
Server* HttpTest::server_;

std::string Gunzip(const std::string& compressed) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = uInt(compressed.size());
  std::string out;
  int status = Z_OK;
  while (status == Z_OK) {
    char buffer[16384];
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  EXPECT_EQ(status, Z_STREAM_END);
  inflateEnd(&stream);
  return out;
}

TEST(AcceptEncoding, GzipIsAcceptedWhenListedOrStarredWithAWeightAboveZero) {
  auto accepts = [](std::string value) {
    Request request;
    if (!value.empty()) request.headers["accept-encoding"] = value;
    return request.AcceptsGzip();
  };
  EXPECT_TRUE(accepts("gzip, deflate, br"));
  EXPECT_TRUE(accepts("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(accepts("x-gzip"));
  EXPECT_TRUE(accepts("*"));
  EXPECT_TRUE(accepts("deflate, gzip ; q=0.001"));
  EXPECT_FALSE(accepts(""));
  EXPECT_FALSE(accepts("identity"));
  EXPECT_FALSE(accepts("br, deflate"));
  EXPECT_FALSE(accepts("gzip;q=0"));
  EXPECT_FALSE(accepts("gzip; q=0.000, identity"));
  EXPECT_FALSE(accepts("gzipx, xgzip"));
  EXPECT_FALSE(accepts("gzip;q=0, *"));  // listed by name, gzip's own weight decides
  EXPECT_FALSE(accepts("gzip;level=1;q=0"));
  EXPECT_FALSE(accepts("*;q=0"));
  EXPECT_TRUE(accepts("identity, *;q=0.5"));
}

// Every browser accepts gzip: a public page goes to it compressed, the same page as the
// plain one; a client that does not ask for gzip, or refuses it, gets the page plain.
TEST_F(HttpTest, PagesGoCompressedToClientsThatAcceptGzip) {
  for (std::string target : {"/2025/", "/2025/initiatives/1"}) {
    auto ask = [&](std::string method, std::string encoding) {
      return Send(port(), method + " " + target + " HTTP/1.1\r\nHost: x\r\nAccept-Encoding: " +
                              encoding + "\r\nConnection: close\r\n\r\n");
    };
    const HttpReply plain = Get(port(), target);
    ASSERT_EQ(plain.status, 200) << target;
    EXPECT_FALSE(plain.HasHeader("Content-Encoding")) << target;
    for (int time = 0; time < 2; ++time) {  // as rendered, then as kept
      const HttpReply compressed = ask("GET", "gzip, deflate, br");
      EXPECT_TRUE(compressed.HasHeader("Content-Encoding: gzip")) << target;
      EXPECT_TRUE(compressed.HasHeader("Vary: Accept-Encoding")) << target;
      EXPECT_LT(compressed.body.size(), plain.body.size() / 2) << target;
      EXPECT_EQ(Gunzip(compressed.body), plain.body) << target;
      const HttpReply head = ask("HEAD", "gzip");
      EXPECT_TRUE(head.HasHeader("Content-Length: " + std::to_string(compressed.body.size())));
      EXPECT_TRUE(head.body.empty());
    }
    const HttpReply refused = ask("GET", "gzip;q=0, identity");
    EXPECT_FALSE(refused.HasHeader("Content-Encoding")) << target;
    EXPECT_EQ(refused.body, plain.body) << target;
  }
}

TEST_F(HttpTest, HealthzAnswersOk) {
  auto reply = Get(port(), "/healthz");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "ok\n");
}

TEST_F(HttpTest, RootLeadsToTheLatestYear) {
  auto reply = Get(port(), "/");
  EXPECT_EQ(reply.status, 302);
  EXPECT_TRUE(reply.HasHeader("Location: /2025/"));
}

TEST_F(HttpTest, ListShowsTheSheetInJapanese) {
  auto reply = Get(port(), "/2025/");
  EXPECT_EQ(reply.status, 200);
  EXPECT_TRUE(reply.HasHeader("Content-Type: text/html; charset=utf-8"));
  EXPECT_NE(reply.body.find("<html lang=\"ja\">"), std::string::npos);
  EXPECT_NE(reply.body.find("令和7年度（2025年度） 取組実施プロセスシート"), std::string::npos);
  EXPECT_NE(reply.body.find("DXに向けた事業再検証"), std::string::npos);
  EXPECT_NE(reply.body.find("<th scope=\"col\">進捗度</th>"), std::string::npos);
  EXPECT_NE(reply.body.find("<label for=\"filter-q\">"), std::string::npos);
  EXPECT_NE(reply.body.find("4 件の取組"), std::string::npos);
}

TEST_F(HttpTest, DataIsEscaped) {
  auto reply = Get(port(), "/2025/");
  EXPECT_EQ(reply.body.find("<script>"), std::string::npos);
  EXPECT_NE(reply.body.find("生成AI&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  auto detail = Get(port(), "/2025/initiatives/4");
  EXPECT_EQ(detail.body.find("<script>"), std::string::npos);
  EXPECT_NE(detail.body.find("&lt;script&gt;"), std::string::npos);
}

TEST_F(HttpTest, ListFiltersAndSearches) {
  auto by_section = Get(port(), "/2025/?section=ICT%E6%8E%A8%E9%80%B2%E8%AA%B2");  // ICT推進課
  EXPECT_NE(by_section.body.find("2 件の取組"), std::string::npos);
  EXPECT_EQ(by_section.body.find("DXに向けた事業再検証"), std::string::npos);
  auto by_word = Get(port(), "/2025/?q=%E8%A3%9C%E5%8A%A9");  // 補助
  EXPECT_NE(by_word.body.find("1 件の取組"), std::string::npos);
  EXPECT_NE(by_word.body.find("公募型補助金"), std::string::npos);
  auto by_rating = Get(port(), "/2025/?rating=%E2%86%98");  // ↘
  EXPECT_NE(by_rating.body.find("0 件の取組"), std::string::npos);
}

TEST_F(HttpTest, DetailSetsEachMonthsPlanBesideItsProgress) {
  auto reply = Get(port(), "/2025/initiatives/1");
  EXPECT_EQ(reply.status, 200);
  EXPECT_NE(reply.body.find("<th scope=\"row\">4月</th>"), std::string::npos);
  EXPECT_NE(reply.body.find("<th scope=\"row\">3月</th>"), std::string::npos);
  EXPECT_NE(reply.body.find("全体達成率"), std::string::npos);
  // The row of September: its plan, then both paragraphs of its progress.
  const std::size_t september = reply.body.find("<th scope=\"row\">9月</th>");
  const std::size_t october = reply.body.find("<th scope=\"row\">10月</th>");
  const std::string row = reply.body.substr(september, october - september);
  EXPECT_NE(row.find("行財政改革審議会・2回目"), std::string::npos);
  EXPECT_NE(row.find("伊丹市の「スマート窓口」を視察"), std::string::npos);
  EXPECT_NE(row.find("22日、令和7年第2回行財政改革審議会"), std::string::npos);
}

TEST_F(HttpTest, PublicationDownloadsInEveryFormat) {
  auto page = Get(port(), "/2025/downloads/");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("CC BY 4.0"), std::string::npos);
  for (const char* suffix : {".pdf", ".xlsx", ".json", ".tsv", ".csv", "-cp932.csv"}) {
    const std::string name = std::string("torikumi-R7-2026-03-31") + suffix;
    EXPECT_NE(page.body.find("href=\"/2025/downloads/" + name + "\""), std::string::npos) << name;
    auto file = Get(port(), "/2025/downloads/" + name);
    EXPECT_EQ(file.status, 200) << name;
    EXPECT_TRUE(file.HasHeader("Content-Disposition: attachment; filename=\"" + name + "\""))
        << name;
    EXPECT_TRUE(file.HasHeader("immutable")) << name;
    EXPECT_FALSE(file.body.empty());
  }
  auto json = Get(port(), "/2025/downloads/torikumi-R7-2026-03-31.json");
  EXPECT_NE(json.body.find("\"fiscal_year\": 2025"), std::string::npos);
  EXPECT_TRUE(
      Get(port(), "/2025/downloads/torikumi-R7-2026-03-31.csv").body.starts_with("\xEF\xBB\xBF"));
  auto pdf = Get(port(), "/2025/downloads/torikumi-R7-2026-03-31.pdf");
  EXPECT_TRUE(pdf.body.starts_with("%PDF-"));
  EXPECT_TRUE(pdf.HasHeader("Content-Type: application/pdf"));
  EXPECT_TRUE(
      Get(port(), "/2025/downloads/torikumi-R7-2026-03-31.xlsx").body.starts_with("PK\x03\x04"));
  EXPECT_EQ(Get(port(), "/2025/downloads/torikumi-R7-2099-01-01.csv").status, 404);
  EXPECT_EQ(Get(port(), "/2025/downloads/..%2F..%2Fetc%2Fpasswd").status, 404);
}

TEST_F(HttpTest, EachInitiativeHasAPrintablePdf) {
  auto page = Get(port(), "/2025/initiatives/2");
  EXPECT_NE(page.body.find("href=\"/2025/initiatives/2.pdf\""), std::string::npos);
  auto pdf = Get(port(), "/2025/initiatives/2.pdf");
  EXPECT_EQ(pdf.status, 200);
  EXPECT_TRUE(pdf.body.starts_with("%PDF-"));
  EXPECT_TRUE(pdf.HasHeader("filename=\"torikumi-R7-2026-03-31-No2.pdf\""));
  EXPECT_EQ(Get(port(), "/2025/initiatives/99.pdf").status, 404);
  EXPECT_EQ(Get(port(), "/2025/initiatives/.pdf").status, 404);
  EXPECT_EQ(Get(port(), "/2025/initiatives/x.pdf").status, 404);
}

TEST_F(HttpTest, UnknownPagesAre404InJapanese) {
  EXPECT_EQ(Get(port(), "/2025/initiatives/99").status, 404);
  EXPECT_EQ(Get(port(), "/2031/").status, 404);
  EXPECT_EQ(Get(port(), "/2025/initiatives/abc").status, 404);
  auto reply = Get(port(), "/nothing");
  EXPECT_EQ(reply.status, 404);
  EXPECT_NE(reply.body.find("ページが見つかりません"), std::string::npos);
}

TEST_F(HttpTest, YearWithoutSlashRedirects) {
  auto reply = Get(port(), "/2025?q=x");
  EXPECT_EQ(reply.status, 301);
  EXPECT_TRUE(reply.HasHeader("Location: /2025/?q=x"));
}

TEST_F(HttpTest, EveryPageSendsSecurityHeaders) {
  for (const char* target : {"/2025/", "/2025/initiatives/1", "/nothing", "/assets/style.css"}) {
    auto reply = Get(port(), target);
    EXPECT_TRUE(reply.HasHeader("Content-Security-Policy: default-src 'none'")) << target;
    EXPECT_EQ(reply.head.find("unsafe-inline"), std::string::npos) << target;
    EXPECT_TRUE(reply.HasHeader("X-Content-Type-Options: nosniff")) << target;
  }
}

TEST_F(HttpTest, OnlyReadingMethodsAreAllowed) {
  auto reply = Send(
      port(), "POST /2025/ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply.status, 405);
  EXPECT_TRUE(reply.HasHeader("Allow: GET, HEAD"));
}

TEST_F(HttpTest, HeadHasNoBody) {
  auto reply = Send(port(), "HEAD /2025/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply.status, 200);
  EXPECT_TRUE(reply.body.empty());
}

TEST_F(HttpTest, HostileRequestsGetClearStatuses) {
  const std::string huge_header(20 * 1024, 'a');
  EXPECT_EQ(Send(port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + huge_header + "\r\n\r\n").status,
            431);
  EXPECT_EQ(Send(port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n").status,
            413);
  EXPECT_EQ(Send(port(), "NOT HTTP AT ALL\r\n\r\n").status, 400);
  EXPECT_EQ(Get(port(), "/2025/?q=" + std::string(500, 'a')).status, 400);
}

TEST_F(HttpTest, KeepsConnectionsAliveForSeveralRequests) {
  auto reply = Send(port(),
                    "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                    "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply.status, 200);
  EXPECT_NE(reply.body.find("HTTP/1.1 200"), std::string::npos);  // the second answer follows
}

}  // namespace
}  // namespace torikumi::web
