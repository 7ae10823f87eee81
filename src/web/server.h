#ifndef TORIKUMI_WEB_SERVER_H_
#define TORIKUMI_WEB_SERVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/error.h"
#include "web/http.h"

namespace torikumi::web {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port
  int threads = 0;            // 0: one per core
  // Behind a reverse proxy that terminates TLS: trust its X-Forwarded-Proto, so that
  // cookies get the Secure flag.
  bool behind_tls_proxy = false;
  // The proxies whose X-Forwarded-For and X-Forwarded-Proto are believed; every other peer's
  // are ignored. Empty with behind_tls_proxy: the proxy on this machine (127.0.0.1, ::1).
  std::vector<std::string> trusted_proxies;
  // How long a request's header, and then its body (but a sheet upload's), may take.
  std::chrono::milliseconds read_timeout{15'000};
  // Connections served at once; those beyond are closed as soon as accepted.
  int max_connections = 1000;
  // The threads that build documents (Response::deferred), apart from the I/O threads so that
  // pages and /healthz go on answering while a PDF is set; and how many documents may be
  // building or waiting at once before more are answered 503.
  int document_workers = 2;
  int document_queue = 16;
  // The threads that answer requests that write (every method but GET and HEAD), apart from
  // the I/O threads: a write waits for its commit (on SQLite, for the commit of the batch it
  // joins), and pages go on answering meanwhile. As many writes as there are workers can
  // share a commit: with 32, the month's end's 32 editors saving at once on SQLite took a
  // fifth more saves a second, and a lower p99, than with 8 (bench/workspace.sh on two
  // cores). At least one.
  int write_workers = 32;
};

using Handler = std::function<Response(const Request&)>;

// An HTTP/1.1 server on Boost.Beast and Asio coroutines. Requests are limited in size
// (headers 16 KiB → 431, bodies 1 MiB → 413, sheet uploads 32 MiB, each checked against
// Content-Length before the body is read) and framed unambiguously (one Host; a
// Transfer-Encoding ending in chunked and no Content-Length beside it; else 400), slow
// clients time out, connections are bounded, and every response carries the security
// headers (CSP without inline script, nosniff, frame denial).
class Server {
 public:
  // Binds and starts serving on background threads.
  static Result<std::unique_ptr<Server>> Start(Handler handler, const ServerOptions& options);
  ~Server();  // stops and joins

  std::uint16_t port() const;
  // Blocks until SIGINT or SIGTERM.
  void WaitForSignal();
  // Stops accepting, lets the requests being answered finish (for `grace` at most; each
  // connection closes after its answer), then stops.
  void Shutdown(std::chrono::milliseconds grace);
  // Stops at once: connections and requests are dropped.
  void Stop();
  // Whether the server's threads take up work within `within`: false when every I/O
  // thread, or every thread that answers writes, is stuck. systemd's watchdog is told the
  // server lives only then.
  bool Responsive(std::chrono::milliseconds within);

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_SERVER_H_
