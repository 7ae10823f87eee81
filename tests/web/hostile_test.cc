// Hostile clients: hundreds of connections that send their headers a byte at a time do not
// keep a normal client from its answer.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "service/fixture.h"
#include "web/http_client.h"
#include "web/router.h"
#include "web/server.h"

namespace torikumi::web {
namespace {

class HostileClientsTest : public testing::WorkspaceFixture {};

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

}  // namespace
}  // namespace torikumi::web
