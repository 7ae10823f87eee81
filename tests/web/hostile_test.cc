// Hostile clients: hundreds of connections that send their headers a byte at a time do not
// keep a normal client from its answer; bodies that drip, too many connections, requests
// framed two ways and forwarded addresses from anyone but the trusted proxy get nowhere.

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include "service/fixture.h"
#include "text/utf8.h"
#include "web/http_client.h"
#include "web/router.h"
#include "web/server.h"

namespace torikumi::web {
namespace {

class HostileClientsTest : public testing::WorkspaceFixture {
 protected:
  // A server of the router with `options` on a free port.
  std::unique_ptr<Server> Serve(Router& router, ServerOptions options) {
    options.port = 0;
    options.threads = 2;
    auto server = Server::Start([&](const Request& r) { return router.Handle(r); }, options);
    EXPECT_TRUE(server.ok());
    return server.ok() ? std::move(*server) : nullptr;
  }
};

// Milliseconds until the server closes `fd`, reading and dropping what it sends; gives up
// after `limit`.
long long MillisUntilClosed(int fd, std::chrono::milliseconds limit) {
  const auto start = std::chrono::steady_clock::now();
  timeval timeout{0, 100'000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  char buffer[4096];
  while (std::chrono::steady_clock::now() - start < limit) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) break;
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

int Connect(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

TEST_F(HostileClientsTest, SlowHeadersDoNotStarveOtherClients) {
  ASSERT_TRUE(workspace_->Publish(coordinator_, 2025, "2026-03-31").ok());
  Router router(*store_);
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  auto server = Server::Start([&](const Request& r) { return router.Handle(r); }, options);
  ASSERT_TRUE(server.ok());
  const std::uint16_t port = (*server)->port();

  constexpr int kSlow = 300;
  std::vector<int> slow;
  for (int k = 0; k < kSlow; ++k) {
    const int fd = Connect(port);
    ASSERT_GE(fd, 0);
    slow.push_back(fd);
  }
  const std::string request = "GET /2025/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
  // Drip one byte to every slow connection every 50 ms for 3 seconds, while a normal
  // client asks for pages.
  std::atomic<bool> dripping = true;
  std::thread dripper([&] {
    std::size_t at = 0;
    while (dripping) {
      for (int fd : slow) {
        const char byte = request[std::min(at, request.size() - 1)];
        (void)send(fd, &byte, 1, MSG_NOSIGNAL);
      }
      ++at;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  std::chrono::milliseconds slowest{0};
  for (int k = 0; k < 20; ++k) {
    const auto start = std::chrono::steady_clock::now();
    testing::HttpReply reply = testing::Get(port, k % 2 ? "/2025/" : "/2025/initiatives/1");
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    EXPECT_EQ(reply.status, 200);
    slowest = std::max(slowest, took);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  dripping = false;
  dripper.join();
  for (int fd : slow) close(fd);
  EXPECT_LT(slowest.count(), 1000) << "a normal request waited " << slowest.count() << " ms";
  std::cout << "[          ] " << kSlow << " slow connections held; slowest normal answer "
            << slowest.count() << " ms\n";
}

// Found by probing a running server: a Transfer-Encoding whose last coding is not chunked
// was ignored and the body read as a second request. Every request that could be framed two
// ways is refused (RFC 9112 §6.3), and nothing after it is read as a request.
TEST_F(HostileClientsTest, RequestsFramedTwoWaysAreRefused) {
  Router router(*store_);
  auto server = Serve(router, {});
  ASSERT_NE(server, nullptr);
  const std::string smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  for (const std::string_view head : {
           "POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
           "POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
           "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: "
           "chunked\r\n\r\n",
           "GET / HTTP/1.1\r\n\r\n",
           "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
       }) {
    const testing::HttpReply reply = testing::Send(server->port(), std::string(head) + smuggled);
    EXPECT_EQ(reply.status, 400) << head;
    EXPECT_EQ(reply.body.find("HTTP/1.1"), std::string::npos) << "a second answer to " << head;
  }
  // Chunked alone is fine.
  EXPECT_NE(testing::Send(server->port(),
                          "POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                .status,
            400);
}

// Found by probing: a body could drip for 120 s on every route, with no cap on connections.
// A body takes no longer than a header may (the sheet upload apart), and connections beyond
// the limit are closed at once.
TEST_F(HostileClientsTest, DrippingBodiesAndTooManyConnectionsAreCutOff) {
  Router router(*store_);
  ServerOptions options;
  options.read_timeout = std::chrono::milliseconds(800);
  options.max_connections = 8;
  auto server = Serve(router, options);
  ASSERT_NE(server, nullptr);

  const int dripping = Connect(server->port());
  ASSERT_GE(dripping, 0);
  const std::string head =
      "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      "Content-Length: 1000\r\n\r\n";
  ASSERT_EQ(send(dripping, head.data(), head.size(), MSG_NOSIGNAL), ssize_t(head.size()));
  std::thread drip([&] {
    for (int k = 0; k < 30; ++k) {
      if (send(dripping, "a", 1, MSG_NOSIGNAL) != 1) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  const long long cut = MillisUntilClosed(dripping, std::chrono::seconds(5));
  drip.join();
  close(dripping);
  EXPECT_LT(cut, 2000) << "a dripping body held its connection " << cut << " ms";

  std::vector<int> idle;
  for (int k = 0; k < options.max_connections; ++k) idle.push_back(Connect(server->port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const int extra = Connect(server->port());
  ASSERT_GE(extra, 0);
  EXPECT_LT(MillisUntilClosed(extra, std::chrono::seconds(2)), 500)
      << "the connection past the limit";
  close(extra);
  for (int fd : idle) close(fd);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(testing::Get(server->port(), "/healthz").status, 200);  // served again
}

// Found by probing: behind the recommended proxy every client had the proxy's address, so 20
// bad sign-ins from anyone locked everyone out. The client's address comes from
// X-Forwarded-For when the peer is a trusted proxy, and only then.
TEST_F(HostileClientsTest, SignInLimitsSeeTheClientBehindATrustedProxyOnly) {
  Router router(*store_);
  // Failures try a different login each, so that no account's own limit is what stops them.
  auto attempt = [](std::uint16_t port, const std::string& forwarded_for, const std::string& login,
                    const std::string& password) {
    testing::HttpReply form = testing::Get(port, "/login");
    const std::string nonce = testing::CookieFrom(form, "torikumi_login");
    const std::string body =
        "csrf=" + nonce + "&login=" + login + "&password=" + testing::FormEncode(password);
    return testing::Send(port,
                         "POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                         "X-Forwarded-For: " +
                             forwarded_for +
                             "\r\n"
                             "Cookie: torikumi_login=" +
                             nonce +
                             "\r\n"
                             "Content-Type: application/x-www-form-urlencoded\r\n"
                             "Content-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n" + body)
        .status;
  };
  ServerOptions behind;
  behind.trusted_proxies = {"127.0.0.1"};
  auto proxied = Serve(router, behind);
  ASSERT_NE(proxied, nullptr);
  for (int k = 0; k < service::AccountService::kMaxFailuresPerAddress; ++k) {
    attempt(proxied->port(), "198.51.100.1, 192.0.2.66", "guess" + std::to_string(k),
            "wrong password!");
  }
  // 192.0.2.66 is locked out; another client behind the same proxy is not.
  EXPECT_EQ(attempt(proxied->port(), "192.0.2.66", "viewer", kPassword), 403);
  EXPECT_EQ(attempt(proxied->port(), "192.0.2.67", "viewer", kPassword), 303);

  // A peer that is no trusted proxy cannot choose its address: the forged header is ignored,
  // and its failures count against the peer itself.
  auto direct = Serve(router, {});
  ASSERT_NE(direct, nullptr);
  for (int k = 0; k < service::AccountService::kMaxFailuresPerAddress; ++k) {
    attempt(direct->port(), "203.0.113." + std::to_string(k), "guess" + std::to_string(k),
            "wrong password!");
  }
  EXPECT_EQ(attempt(direct->port(), "203.0.113.200", "viewer", kPassword), 403);
}

// Bytes that are not UTF-8 are refused wherever text comes in, and never echoed back; a JSON
// object that gives a key twice is refused, since readers differ on which one counts.
TEST_F(HostileClientsTest, InvalidUtf8AndDuplicateJsonKeysAreRefused) {
  Router router(*store_);
  auto session = accounts_->Login("coordinator", kPassword, "127.0.0.1");
  ASSERT_TRUE(session.ok());
  auto request = [&](std::string method, std::string target, std::string content_type,
                     std::string body) {
    Request r{std::move(method), std::move(target), {}, std::move(body), "127.0.0.1"};
    r.headers["host"] = "x";
    r.headers["cookie"] = "torikumi_session=" + session->token;
    r.headers["x-csrf-token"] = session->session.csrf_token;
    if (!content_type.empty()) r.headers["content-type"] = content_type;
    return router.Handle(r);
  };
  const std::string invalid = "%FF%FE%C0%AF";
  for (const auto& [target, body] : std::vector<std::pair<std::string, std::string>>{
           {"/2025/?q=" + invalid, ""},
           {"/staff/2025/?section=" + invalid, ""},
           {"/staff/users/" + invalid, ""},
       }) {
    const Response r = request("GET", target, "", body);
    EXPECT_TRUE(r.status == 400 || r.status == 404) << target << " " << r.status;
    EXPECT_EQ(text::FindInvalidUtf8(r.body), std::string::npos) << target;
  }
  const Response form =
      request("POST", "/staff/2025/initiatives/1/progress", "application/x-www-form-urlencoded",
              "csrf=" + session->session.csrf_token + "&month=4&text=" + invalid);
  EXPECT_EQ(form.status, 400);
  EXPECT_NE(form.body.find("「text」が UTF-8 として読めません"), std::string::npos) << form.body;
  EXPECT_EQ(text::FindInvalidUtf8(form.body), std::string::npos);
  const Response multipart =
      request("POST", "/staff/import", "multipart/form-data; boundary=b",
              "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" +
                  session->session.csrf_token + "\xff\r\n--b--\r\n");
  EXPECT_EQ(multipart.status, 400);
  EXPECT_EQ(text::FindInvalidUtf8(multipart.body), std::string::npos);

  const Response raw_json = request("PUT", "/api/v1/years/2025/rating-scale", "application/json",
                                    "{\"levels\": [{\"symbol\": \"\xff\"}]}");
  EXPECT_EQ(raw_json.status, 400);
  EXPECT_EQ(text::FindInvalidUtf8(raw_json.body), std::string::npos);
  const Response twice = request("POST", "/api/v1/years/2025/months", "application/json",
                                 "{\"month\": 5,\n \"month\": 6}");
  EXPECT_EQ(twice.status, 400);
  EXPECT_NE(twice.body.find("JSON のキー「month」が二度あります"), std::string::npos) << twice.body;
  EXPECT_FALSE(store_->ReportingMonths(2025)->size() > 1);
}

}  // namespace
}  // namespace torikumi::web
