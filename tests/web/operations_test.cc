// What an operator sees of a running server: request ids, the metrics and who may read
// them, log lines that keep secrets out, a shutdown that lets answers finish, and the
// liveness systemd's watchdog asks for.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "service/fixture.h"
#include "web/http_client.h"
#include "web/log.h"
#include "web/metrics.h"
#include "web/router.h"
#include "web/server.h"

namespace torikumi::web {
namespace {

using testing::Get;
using testing::Send;

std::unique_ptr<Server> Serve(Handler handler, ServerOptions options = {}) {
  options.port = 0;
  if (options.threads == 0) options.threads = 2;
  auto server = Server::Start(std::move(handler), options);
  EXPECT_TRUE(server.ok());
  return server.ok() ? std::move(*server) : nullptr;
}

std::string HeaderValue(const testing::HttpReply& reply, std::string_view name) {
  const std::string key = "\r\n" + std::string(name) + ": ";
  const std::size_t at = reply.head.find(key);
  if (at == std::string::npos) return "";
  const std::size_t start = at + key.size();
  return reply.head.substr(start, reply.head.find("\r\n", start) - start);
}

class OperationsTest : public testing::WorkspaceFixture {};

TEST_F(OperationsTest, EveryAnswerHasARequestIdAndATrustedProxysIdIsKept) {
  Router router(*store_);
  auto server =
      Serve([&](const Request& r) { return router.Handle(r); }, {.behind_tls_proxy = true});
  const auto first = Get(server->port(), "/healthz");
  const auto second = Get(server->port(), "/healthz");
  EXPECT_EQ(HeaderValue(first, "X-Request-Id").size(), 16u);
  EXPECT_NE(HeaderValue(first, "X-Request-Id"), HeaderValue(second, "X-Request-Id"));
  // 127.0.0.1 is the trusted proxy here: nginx's $request_id names the request in both logs.
  const auto proxied = Send(server->port(),
                            "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: "
                            "0f1e2d3c4b5a69788796a5b4c3d2e1f0\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(HeaderValue(proxied, "X-Request-Id"), "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
  // An id that could break a log line is not taken.
  const auto odd = Send(server->port(),
                        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: a b=c\r\n"
                        "Connection: close\r\n\r\n");
  EXPECT_EQ(HeaderValue(odd, "X-Request-Id").size(), 16u);
}

TEST_F(OperationsTest, AClientsRequestIdIsNotTakenWithoutATrustedProxy) {
  Router router(*store_);
  auto server = Serve([&](const Request& r) { return router.Handle(r); });
  const auto reply = Send(server->port(),
                          "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: chosen-by-client\r\n"
                          "Connection: close\r\n\r\n");
  EXPECT_NE(HeaderValue(reply, "X-Request-Id"), "chosen-by-client");
}

TEST_F(OperationsTest, MetricsCountRequestsByRouteAndOnlyAllowedAddressesReadThem) {
  ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2025-09-30").ok());
  Router router(*store_);
  auto server = Serve([&](const Request& r) { return router.Handle(r); });
  ASSERT_EQ(Get(server->port(), "/2025/initiatives/1").status, 200);
  ASSERT_EQ(Get(server->port(), "/2025/initiatives/1").status, 200);
  ASSERT_EQ(Get(server->port(), "/no/such/page").status, 404);
  const auto metrics = Get(server->port(), "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_TRUE(metrics.HasHeader("Content-Type: text/plain; version=0.0.4"));
  const std::string& text = metrics.body;
  // By the route's pattern, not the path: the figures stay few however many pages exist.
  EXPECT_NE(text.find("torikumi_http_requests_total{route=\"/{year}/initiatives/{no}\","
                      "method=\"GET\",status=\"200\"}"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("torikumi_http_requests_total{route=\"(none)\",method=\"GET\","
                      "status=\"404\"}"),
            std::string::npos);
  EXPECT_NE(text.find("torikumi_http_request_duration_seconds_bucket{route=\"/{year}/"
                      "initiatives/{no}\",le=\"+Inf\"}"),
            std::string::npos);
  EXPECT_NE(text.find("\ntorikumi_database_seconds_total "), std::string::npos);
  EXPECT_NE(text.find("\ntorikumi_mail_outbox{state=\"pending\"} "), std::string::npos);
  EXPECT_NE(text.find("\ntorikumi_page_cache_hits_total "), std::string::npos);
  EXPECT_NE(text.find("\ntorikumi_http_connections "), std::string::npos);
  EXPECT_NE(text.find("torikumi_build_info{version=\""), std::string::npos);
  EXPECT_EQ(text.find("/no/such/page"), std::string::npos);

  // Another address only: to this machine the path does not exist, nor under a prefix.
  Metrics::Process().Allow({"192.0.2.10"});
  EXPECT_EQ(Get(server->port(), "/metrics").status, 404);
  Metrics::Process().Allow({"127.0.0.1", "::1"});
  EXPECT_EQ(Get(server->port(), "/metrics").status, 200);
}

TEST_F(OperationsTest, MetricsGoThroughTheTrustedProxyOnlyForAllowedClients) {
  Router router(*store_);
  auto server =
      Serve([&](const Request& r) { return router.Handle(r); }, {.behind_tls_proxy = true});
  // Through the proxy, the client is the forwarded address: not this machine's.
  const auto outside = Send(server->port(),
                            "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.9\r\n"
                            "Connection: close\r\n\r\n");
  EXPECT_EQ(outside.status, 404);
}

TEST_F(OperationsTest, LogValuesKeepALineOneLineAndItsFieldsApart) {
  EXPECT_EQ(LogValue("/2025/initiatives/1"), "/2025/initiatives/1");
  EXPECT_EQ(LogValue("取組"), "取組");
  EXPECT_EQ(LogValue(""), "\"\"");
  EXPECT_EQ(LogValue("a b"), "\"a b\"");
  EXPECT_EQ(LogValue("x\" status=200"), "\"x\\\" status=200\"");
  EXPECT_EQ(LogValue("line\nforged=1"), "\"line\\nforged=1\"");
  EXPECT_EQ(LogValue(std::string("nul\0x", 5)), "\"nul\\x00x\"");
  EXPECT_EQ(LogValue("back\\slash"), "\"back\\\\slash\"");
}

TEST_F(OperationsTest, ShutdownFinishesTheAnswersUnderWayAndTakesNoMore) {
  std::promise<void> started;
  auto server = Serve([&](const Request& r) {
    if (r.target == "/slow") {
      started.set_value();
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
      return Response::Text(200, std::string(100'000, 'x'));
    }
    return Response::Text(200, "ok");
  });
  const std::uint16_t port = server->port();
  auto slow = std::async(std::launch::async, [port] { return Get(port, "/slow"); });
  started.get_future().wait();
  const auto begun = std::chrono::steady_clock::now();
  server->Shutdown(std::chrono::seconds(10));
  const auto waited = std::chrono::steady_clock::now() - begun;
  const auto reply = slow.get();
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body.size(), 100'000u);
  EXPECT_LT(waited, std::chrono::seconds(5));
  // The port is closed: a new client is refused rather than left waiting.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_NE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  close(fd);
}

TEST_F(OperationsTest, ShutdownGivesUpOnAnAnswerAfterItsGrace) {
  std::promise<void> started;
  std::promise<void> release;
  auto released = release.get_future().share();
  auto server = Serve([&](const Request&) {
    started.set_value();
    released.wait();
    return Response::Text(200, "late");
  });
  const std::uint16_t port = server->port();
  auto stuck = std::async(std::launch::async, [port] { return Get(port, "/"); });
  started.get_future().wait();
  const auto begun = std::chrono::steady_clock::now();
  server->Shutdown(std::chrono::milliseconds(200));
  EXPECT_LT(std::chrono::steady_clock::now() - begun, std::chrono::seconds(3));
  release.set_value();
  server.reset();
  (void)stuck.get();
}

TEST_F(OperationsTest, TheServerIsResponsiveUnlessEveryThreadIsStuck) {
  std::promise<void> started;
  std::promise<void> release;
  auto released = release.get_future().share();
  auto server = Serve(
      [&](const Request&) {
        started.set_value();
        released.wait();
        return Response::Text(200, "ok");
      },
      {.threads = 1});
  EXPECT_TRUE(server->Responsive(std::chrono::seconds(2)));
  const std::uint16_t port = server->port();
  auto stuck = std::async(std::launch::async, [port] { return Get(port, "/"); });
  started.get_future().wait();
  EXPECT_FALSE(server->Responsive(std::chrono::milliseconds(100)));
  release.set_value();
  EXPECT_EQ(stuck.get().status, 200);
  EXPECT_TRUE(server->Responsive(std::chrono::seconds(2)));
}

// A write waits for its commit on threads of its own: pages go on being answered meanwhile.
TEST_F(OperationsTest, WritesAreAnsweredApartFromTheIoThreads) {
  std::promise<void> writing;
  std::promise<void> release;
  auto released = release.get_future().share();
  auto server = Serve(
      [&](const Request& r) {
        if (r.method == "GET") return Response::Text(200, "read");
        writing.set_value();
        released.wait();
        return Response::Text(200, "written");
      },
      {.threads = 1, .write_workers = 1});
  const std::uint16_t port = server->port();
  auto write = std::async(std::launch::async, [port] {
    return Send(port,
                "POST /progress HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                "Connection: close\r\n\r\n{}");
  });
  writing.get_future().wait();
  const auto begun = std::chrono::steady_clock::now();
  const auto read = Get(port, "/");
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.body, "read");
  EXPECT_LT(std::chrono::steady_clock::now() - begun, std::chrono::seconds(1));
  // Every thread that answers writes is stuck: the watchdog hears nothing.
  EXPECT_FALSE(server->Responsive(std::chrono::milliseconds(100)));
  release.set_value();
  const auto written = write.get();
  EXPECT_EQ(written.status, 200);
  EXPECT_EQ(written.body, "written");
  EXPECT_TRUE(server->Responsive(std::chrono::seconds(2)));
}

TEST_F(OperationsTest, DocumentsAreBuiltApartFromTheIoThreadsWithinABoundedQueue) {
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<int> asked{0};
  // One I/O thread: were a document built on it, nothing else would be answered meanwhile.
  auto server = Serve(
      [&](const Request& r) {
        if (r.target != "/document") return Response::Text(200, "ok");
        Response response;
        response.headers.emplace_back("X-Asked", "document");
        response.deferred = [released] {
          released.wait();
          return Response::Text(200, "built");
        };
        ++asked;
        return response;
      },
      {.threads = 1, .document_workers = 1, .document_queue = 2});
  const std::uint16_t port = server->port();
  auto first = std::async(std::launch::async, [port] { return Get(port, "/document"); });
  auto second = std::async(std::launch::async, [port] { return Get(port, "/document"); });
  while (asked < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // One building and one waiting: pages go on being answered at once, and a third document
  // is refused for now, saying when to come back.
  const auto begun = std::chrono::steady_clock::now();
  EXPECT_EQ(Get(port, "/healthz").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - begun, std::chrono::seconds(1));
  const auto refused = Get(port, "/document");
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(HeaderValue(refused, "Retry-After"), "10");
  release.set_value();
  for (auto* reply : {&first, &second}) {
    const auto built = reply->get();
    EXPECT_EQ(built.status, 200);
    EXPECT_EQ(built.body, "built");
    EXPECT_EQ(HeaderValue(built, "X-Asked"), "document");  // the first response's headers
  }
  // The queue has room again.
  EXPECT_EQ(Get(port, "/document").status, 200);
}

TEST_F(OperationsTest, APublicationsDocumentsAreBuiltOnceAndKept) {
  ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2025-09-30").ok());
  Router router(*store_);
  auto server = Serve([&](const Request& r) { return router.Handle(r); });
  const auto first = Get(server->port(), "/2025/initiatives/1.pdf");
  ASSERT_EQ(first.status, 200);
  EXPECT_TRUE(first.HasHeader("Content-Type: application/pdf"));
  EXPECT_TRUE(first.body.starts_with("%PDF-"));
  EXPECT_EQ(Get(server->port(), "/2025/initiatives/1.pdf").body, first.body);
  EXPECT_EQ(Get(server->port(), "/2025/initiatives/999.pdf").status, 404);

  auto publication = portal_->Publication(2025, std::nullopt);
  ASSERT_TRUE(publication.ok());
  auto before = portal_->KeptInitiativePdf(*publication, 1);
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(before->has_value());
  ASSERT_TRUE(portal_->InitiativePdf(*publication, 1).ok());
  auto after = portal_->KeptInitiativePdf(*publication, 1);
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_TRUE((*after)->bytes.starts_with("%PDF-"));
  const std::string csv = service::PortalService::FileStem(*publication) + ".csv";
  EXPECT_FALSE(portal_->KeptFile(*publication, csv)->has_value());
  ASSERT_TRUE(portal_->File(*publication, csv).ok());
  EXPECT_TRUE(portal_->KeptFile(*publication, csv)->has_value());
  EXPECT_EQ(portal_->KeptFile(*publication, "no-such-file.csv").error().code(),
            Error::Code::kNotFound);
}

}  // namespace
}  // namespace torikumi::web
