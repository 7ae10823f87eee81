#ifndef TORIKUMI_WEB_SERVER_H_
#define TORIKUMI_WEB_SERVER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

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
};

using Handler = std::function<Response(const Request&)>;

// An HTTP/1.1 server on Boost.Beast and Asio coroutines. Requests are limited in size
// (headers 16 KiB → 431, bodies 1 MiB → 413, sheet uploads 32 MiB, each checked against
// Content-Length before the body is read), slow clients time out, and every response
// carries the security headers (CSP without inline script, nosniff, frame denial).
class Server {
 public:
  // Binds and starts serving on background threads.
  static Result<std::unique_ptr<Server>> Start(Handler handler, const ServerOptions& options);
  ~Server();  // stops and joins

  std::uint16_t port() const;
  // Blocks until SIGINT or SIGTERM, then stops.
  void RunUntilSignal();
  void Stop();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_SERVER_H_
