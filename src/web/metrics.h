#ifndef TORIKUMI_WEB_METRICS_H_
#define TORIKUMI_WEB_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace torikumi::web {

// The server's figures for Prometheus, served at /metrics in its text format (0.0.4):
// requests by route, method and status, their latency by route, the database's time, the
// kept pages found, connections and requests in flight. One registry per process, as the
// figures are the process's.
class Metrics {
 public:
  static Metrics& Process();

  // A request answered: `route` is its pattern in the route table ("" when none matched).
  void CountRequest(std::string_view route, std::string_view method, int status, double seconds);
  void CountPageCache(bool hit);
  // The mail outbox of every municipality as the notifier last counted it, and the mails it
  // has sent.
  void SetMailOutbox(std::int64_t pending, std::int64_t held, std::int64_t failed);
  void CountMailSent(std::int64_t sent) { mail_sent_ += sent; }
  // The client addresses that may read /metrics (exact addresses, as the trusted proxies);
  // this machine's until told otherwise.
  void Allow(std::vector<std::string> addresses);
  bool Allows(std::string_view address) const;

  std::string Render() const;

  std::atomic<std::int64_t> connections{0};
  std::atomic<std::int64_t> requests_in_flight{0};

 private:
  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 11> kBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                   0.5,   1.0,  2.5,   5.0,  10.0};
  struct Latency {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // each bucket's own count
    std::uint64_t count = 0;
    double sum = 0;
  };

  Metrics();

  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;  // guarded
  std::map<std::string, Latency> latency_;                                       // guarded
  std::vector<std::string> allowed_;                                             // guarded
  std::atomic<std::uint64_t> page_cache_hits_{0};
  std::atomic<std::uint64_t> page_cache_misses_{0};
  std::atomic<std::int64_t> mail_pending_{0};
  std::atomic<std::int64_t> mail_held_{0};
  std::atomic<std::int64_t> mail_failed_{0};
  std::atomic<std::int64_t> mail_sent_{0};
  const double start_time_;
};

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_METRICS_H_
