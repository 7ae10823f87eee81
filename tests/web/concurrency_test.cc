// No lost updates: many clients edit one initiative at once over HTTP. Every accepted
// write appears in the history, every refused one got 409, and no accepted text vanished.

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "service/fixture.h"
#include "sheet/json.h"
#include "web/http_client.h"
#include "web/router.h"
#include "web/server.h"

namespace torikumi::web {
namespace {

using testing::HttpReply;
using testing::Send;

class ConcurrentEditsTest : public testing::WorkspaceFixture {};

TEST_F(ConcurrentEditsTest, EveryAcceptedEditIsKeptAndEveryRefusedOneGets409) {
  Router router(*store_);
  ServerOptions options;
  options.port = 0;
  options.threads = 4;
  auto server = Server::Start([&](const Request& r) { return router.Handle(r); }, options);
  ASSERT_TRUE(server.ok());
  const std::uint16_t port = (*server)->port();
  const std::string token = *accounts_->IssueApiToken(administrator_, "kikaku", "concurrency");
  const std::string auth = "Authorization: Bearer " + token + "\r\n";
  const model::Initiative base = Stored(1).initiative;

  constexpr int kClients = 8;
  constexpr int kAttempts = 12;
  std::mutex mutex;
  std::vector<std::string> accepted;
  std::atomic<int> refused = 0;
  std::atomic<int> unexpected = 0;
  std::vector<std::thread> clients;
  for (int id = 0; id < kClients; ++id) {
    clients.emplace_back([&, id] {
      for (int n = 0; n < kAttempts; ++n) {
        HttpReply got = Send(port,
                             "GET /api/v1/years/2025/initiatives/1 HTTP/1.1\r\nHost: x\r\n"
                             "Connection: close\r\n" +
                                 auth + "\r\n");
        std::smatch match;
        static const std::regex kVersion("\"version\": (\\d+)");
        if (!std::regex_search(got.body, match, kVersion)) {
          ++unexpected;
          continue;
        }
        model::Initiative edited = base;
        edited.overview = "client " + std::to_string(id) + " edit " + std::to_string(n);
        const std::string body = "{\"version\": " + match[1].str() +
                                 ", \"initiative\": " + sheet::WriteInitiativeJson(edited) + "}";
        HttpReply put = Send(port,
                             "PUT /api/v1/years/2025/initiatives/1 HTTP/1.1\r\nHost: x\r\n"
                             "Connection: close\r\n" +
                                 auth + "Content-Type: application/json\r\nContent-Length: " +
                                 std::to_string(body.size()) + "\r\n\r\n" + body);
        if (put.status == 200) {
          std::lock_guard lock(mutex);
          accepted.push_back(edited.overview);
        } else if (put.status == 409) {
          ++refused;
        } else {
          ++unexpected;
        }
      }
    });
  }
  for (auto& c : clients) c.join();

  EXPECT_EQ(unexpected, 0);
  EXPECT_EQ(int(accepted.size()) + refused, kClients * kAttempts);
  ASSERT_FALSE(accepted.empty());
  auto history = workspace_->History(coordinator_, 2025, 1);
  ASSERT_TRUE(history.ok());
  std::multiset<std::string> audited;
  for (const auto& record : *history) {
    if (record.action != "initiative.update") continue;
    auto after = sheet::ReadInitiativeJson(record.after);
    ASSERT_TRUE(after.ok());
    audited.insert(after->overview);
  }
  EXPECT_EQ(audited.size(), accepted.size());
  for (const std::string& text : accepted) EXPECT_EQ(audited.count(text), 1u) << text;
  // The newest history entry is what the initiative holds now.
  auto newest = sheet::ReadInitiativeJson(history->front().after);
  EXPECT_EQ(Stored(1).initiative.overview, newest->overview);
  EXPECT_EQ(Stored(1).version, 1 + std::int64_t(accepted.size()));
  std::cout << "[          ] " << accepted.size() << " accepted, " << refused
            << " refused with 409\n";
}

}  // namespace
}  // namespace torikumi::web
