#include "web/metrics.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "store/store.h"
#include "torikumi_version.h"

namespace torikumi::web {
namespace {

// A label's value as the text format writes it: backslash, quote and newline escaped.
std::string Label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

double SecondsSinceEpoch() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::int64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t size = 0;
  std::int64_t resident = 0;
  statm >> size >> resident;
  return resident * ::sysconf(_SC_PAGESIZE);
}

void Header(std::ostringstream& out, std::string_view name, std::string_view type,
            std::string_view help) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

}  // namespace

Metrics::Metrics() : allowed_{"127.0.0.1", "::1"}, start_time_(SecondsSinceEpoch()) {}

Metrics& Metrics::Process() {
  static Metrics metrics;
  return metrics;
}

void Metrics::CountRequest(std::string_view route, std::string_view method, int status,
                           double seconds) {
  const std::size_t bucket =
      std::size_t(std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds) - kBuckets.begin());
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), std::string(method), status}];
  Latency& latency = latency_[std::string(route)];
  if (bucket < kBuckets.size()) ++latency.buckets[bucket];
  ++latency.count;
  latency.sum += seconds;
}

void Metrics::CountPageCache(bool hit) { ++(hit ? page_cache_hits_ : page_cache_misses_); }

void Metrics::SetMailOutbox(std::int64_t pending, std::int64_t held, std::int64_t failed) {
  mail_pending_ = pending;
  mail_held_ = held;
  mail_failed_ = failed;
}

void Metrics::Allow(std::vector<std::string> addresses) {
  std::lock_guard lock(mutex_);
  allowed_ = std::move(addresses);
}

bool Metrics::Allows(std::string_view address) const {
  std::lock_guard lock(mutex_);
  return std::find(allowed_.begin(), allowed_.end(), address) != allowed_.end();
}

std::string Metrics::Render() const {
  std::ostringstream out;
  out.precision(12);
  Header(out, "torikumi_build_info", "gauge", "The running release.");
  out << "torikumi_build_info{version=\"" << TORIKUMI_VERSION << "\"} 1\n";
  {
    std::lock_guard lock(mutex_);
    Header(out, "torikumi_http_requests_total", "counter",
           "Requests answered, by route pattern, method and status.");
    for (const auto& [key, count] : requests_) {
      const auto& [route, method, status] = key;
      out << "torikumi_http_requests_total{route=\"" << Label(route.empty() ? "(none)" : route)
          << "\",method=\"" << Label(method) << "\",status=\"" << status << "\"} " << count << '\n';
    }
    Header(out, "torikumi_http_request_duration_seconds", "histogram",
           "Time from a request's header read to its answer made, by route pattern.");
    for (const auto& [route, latency] : latency_) {
      const std::string name = Label(route.empty() ? "(none)" : route);
      std::uint64_t cumulative = 0;
      for (std::size_t k = 0; k < kBuckets.size(); ++k) {
        cumulative += latency.buckets[k];
        out << "torikumi_http_request_duration_seconds_bucket{route=\"" << name << "\",le=\""
            << kBuckets[k] << "\"} " << cumulative << '\n';
      }
      out << "torikumi_http_request_duration_seconds_bucket{route=\"" << name << "\",le=\"+Inf\"} "
          << latency.count << '\n'
          << "torikumi_http_request_duration_seconds_sum{route=\"" << name << "\"} " << latency.sum
          << '\n'
          << "torikumi_http_request_duration_seconds_count{route=\"" << name << "\"} "
          << latency.count << '\n';
    }
  }
  const store::DatabaseUse database = store::DatabaseUseSoFar();
  Header(out, "torikumi_database_transactions_total", "counter",
         "Database transactions run, committed or not.");
  out << "torikumi_database_transactions_total " << database.transactions << '\n';
  Header(out, "torikumi_database_seconds_total", "counter",
         "Time spent in database transactions, taking a connection included.");
  out << "torikumi_database_seconds_total " << database.seconds << '\n';
  Header(out, "torikumi_page_cache_hits_total", "counter",
         "Pages served from the kept pages (public pages, staff pages per session).");
  out << "torikumi_page_cache_hits_total " << page_cache_hits_.load() << '\n';
  Header(out, "torikumi_page_cache_misses_total", "counter",
         "Pages rendered because none was kept (public pages, staff pages per session).");
  out << "torikumi_page_cache_misses_total " << page_cache_misses_.load() << '\n';
  Header(out, "torikumi_mail_outbox", "gauge",
         "Mails of the outbox by state, as the notifier last counted them: pending (to send or "
         "to retry), held (for a daily digest), failed (refused by the relay).");
  out << "torikumi_mail_outbox{state=\"pending\"} " << mail_pending_.load() << '\n';
  out << "torikumi_mail_outbox{state=\"held\"} " << mail_held_.load() << '\n';
  out << "torikumi_mail_outbox{state=\"failed\"} " << mail_failed_.load() << '\n';
  Header(out, "torikumi_mail_sent_total", "counter", "Mails the relay accepted from this process.");
  out << "torikumi_mail_sent_total " << mail_sent_.load() << '\n';
  Header(out, "torikumi_http_connections", "gauge", "Connections open.");
  out << "torikumi_http_connections " << connections.load() << '\n';
  Header(out, "torikumi_http_requests_in_flight", "gauge", "Requests being answered.");
  out << "torikumi_http_requests_in_flight " << requests_in_flight.load() << '\n';
  Header(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
  out << "process_resident_memory_bytes " << ResidentBytes() << '\n';
  Header(out, "process_start_time_seconds", "gauge",
         "Start time of the process since the Unix epoch in seconds.");
  out << "process_start_time_seconds " << std::int64_t(start_time_) << '\n';
  return out.str();
}

}  // namespace torikumi::web
