// The HTTP server: the only translation unit that includes Asio's coroutines.

#include "web/server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <future>
#include <random>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "web/beast_request.h"
#include "web/log.h"
#include "web/metrics.h"

namespace torikumi::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

constexpr auto kUploadTimeout = std::chrono::seconds(120);
constexpr auto kWriteTimeout = std::chrono::seconds(30);

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

// The response as Beast writes it. Its body is a view: of `r.body`, or of the kept page in
// the form the client accepts, which `r` keeps alive until the write is done.
http::response<http::span_body<const char>> ToBeast(const Response& r, unsigned version,
                                                    bool keep_alive, bool head, bool gzip,
                                                    bool over_tls) {
  http::response<http::span_body<const char>> res{static_cast<http::status>(r.status), version};
  res.set(http::field::server, "torikumi");
  res.set(http::field::content_type, r.content_type);
  res.set("Content-Security-Policy", kContentSecurityPolicy);
  res.set("X-Content-Type-Options", "nosniff");
  res.set(http::field::x_frame_options, "DENY");
  res.set("Referrer-Policy", "same-origin");
  // Reached through TLS once, the site is asked for through TLS only, for a year.
  if (over_tls) res.set(http::field::strict_transport_security, "max-age=31536000");
  if (r.content_type.starts_with("text/html")) res.set(http::field::cache_control, "no-cache");
  for (const auto& [name, value] : r.headers) res.set(name, value);
  std::string_view body = r.body;
  if (r.page) {
    res.set(http::field::vary, "Accept-Encoding");
    if (gzip) res.set(http::field::content_encoding, "gzip");
    body = gzip ? r.page->gzip : r.page->html;
  }
  if (!head) res.body() = {body.data(), body.size()};
  res.content_length(body.size());
  res.keep_alive(keep_alive);
  return res;
}

// An address of X-Forwarded-For as an address: "192.0.2.7:51234", as some balancers write
// it, is 192.0.2.7, so that the sign-in limits count one client once.
std::string HopAddress(std::string_view hop) {
  beast::error_code ec;
  const auto address = asio::ip::make_address(std::string(hop), ec);
  if (!ec) return address.to_string();
  if (const std::size_t colon = hop.find(':');
      colon != std::string_view::npos && hop.find(':', colon + 1) == std::string_view::npos) {
    const auto without_port = asio::ip::make_address(std::string(hop.substr(0, colon)), ec);
    if (!ec) return without_port.to_string();
  }
  return std::string(hop);
}

// The client's address: the peer's, or, when the peer is a trusted proxy, the last address
// of X-Forwarded-For that is not a trusted proxy's (what the proxy nearest to us saw).
std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted) {
  const auto is_trusted = [&](std::string_view address) {
    return std::find(trusted.begin(), trusted.end(), address) != trusted.end();
  };
  if (!is_trusted(peer)) return peer;
  std::string client = peer;
  while (!forwarded_for.empty()) {
    const std::size_t comma = forwarded_for.rfind(',');
    const std::string_view hop = TrimOptionalWhitespace(
        comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for = comma == std::string_view::npos ? "" : forwarded_for.substr(0, comma);
    if (hop.empty()) break;
    client = HopAddress(hop);
    if (!is_trusted(client)) break;
  }
  return client;
}

// One of the connections served at once, given back when the session that holds it ends,
// or is destroyed without having run.
class ConnectionSlot {
 public:
  explicit ConnectionSlot(std::atomic<int>& count) : count_(&count) {
    ++Metrics::Process().connections;
  }
  ConnectionSlot(ConnectionSlot&& other) noexcept : count_(std::exchange(other.count_, nullptr)) {}
  ConnectionSlot& operator=(ConnectionSlot&&) = delete;
  ~ConnectionSlot() {
    if (count_) {
      --*count_;
      --Metrics::Process().connections;
    }
  }

 private:
  std::atomic<int>* count_;
};

// Counts itself in `count` while it lives.
class Counted {
 public:
  explicit Counted(std::atomic<int>& count) : count_(count), position_(++count) {}
  Counted(const Counted&) = delete;
  Counted& operator=(const Counted&) = delete;
  ~Counted() { --count_; }

  // The count this one made, itself included: its place among those counted at once.
  int position() const { return position_; }

 private:
  std::atomic<int>& count_;
  const int position_;
};

// A request being answered, from its header read to its answer written: a shutdown waits
// for none to be left.
class InFlight {
 public:
  explicit InFlight(std::atomic<int>& count) : count_(count) {
    ++count_;
    ++Metrics::Process().requests_in_flight;
  }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;
  ~InFlight() {
    --count_;
    --Metrics::Process().requests_in_flight;
  }

 private:
  std::atomic<int>& count_;
};

// A request's id for the log: the trusted proxy's (nginx's $request_id), so that both logs
// name a request alike, or one of our own, 16 random hexadecimal digits.
std::string RequestId(std::string_view from_proxy) {
  if (!from_proxy.empty() && from_proxy.size() <= 64 &&
      std::all_of(from_proxy.begin(), from_proxy.end(),
                  [](unsigned char c) { return std::isalnum(c) || c == '-'; })) {
    return std::string(from_proxy);
  }
  thread_local std::mt19937_64 random{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  std::uint64_t bits = random();
  for (char& c : id) {
    c = kHex[bits & 15];
    bits >>= 4;
  }
  return id;
}

// A peer's address as the trusted-proxy list writes it: an IPv4 peer of a socket listening
// on "::" is 127.0.0.1, not ::ffff:127.0.0.1.
std::string AddressText(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

// The answer when memory runs out (a cap, an exhausted machine): this request fails, the
// server goes on.
Response OutOfMemory() {
  Response response = Response::Text(
      503,
      "メモリが足りないため、処理できませんでした。しばらくしてから、もう一度お試しください。\n");
  response.headers.emplace_back("Retry-After", "30");
  return response;
}

// Takes the room of a body whose length is declared; false when memory runs out.
bool ReserveBody(BeastRequestParser& parser) {
  try {
    if (auto length = parser.content_length(); length && *length > 0) {
      parser.get().body().reserve(std::size_t(*length));
    }
    return true;
  } catch (const std::bad_alloc&) {
    return false;
  }
}

}  // namespace

struct Server::Impl {
  Impl(Handler h, int thread_count, const ServerOptions& options)
      : handler(std::move(h)),
        document_queue(std::max(1, options.document_queue)),
        io(thread_count),
        documents(std::size_t(std::max(1, options.document_workers))),
        writers(std::size_t(std::max(1, options.write_workers))),
        acceptor(io),
        trusted_proxies(options.trusted_proxies),
        read_timeout(options.read_timeout),
        max_connections(options.max_connections) {
    if (options.behind_tls_proxy && trusted_proxies.empty()) trusted_proxies = {"127.0.0.1", "::1"};
  }

  asio::awaitable<void> Session(tcp::socket socket, ConnectionSlot) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
      BeastRequestParser parser;
      PrepareParser(parser);
      stream.expires_after(read_timeout);
      // The header first: its target decides how large a body may be, and a declared
      // Content-Length over the limit is refused before any of the body is read.
      auto [read_error, bytes] = co_await http::async_read_header(
          stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
      std::optional<Response> refusal;
      if (!read_error) {
        refusal = CheckHeader(parser);
        if (!refusal) {
          // A body that drips holds a connection no longer than a header may, but a sheet's.
          stream.expires_after(IsUpload(parser.get().target())
                                   ? std::chrono::milliseconds(kUploadTimeout)
                                   : read_timeout);
          // The body's room taken before reading, where running out of memory can be
          // answered: inside the read it would be thrown through io_context::run.
          if (!ReserveBody(parser)) {
            refusal = OutOfMemory();
          } else {
            std::tie(read_error, bytes) = co_await http::async_read(
                stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
          }
        }
      }
      if (!refusal && read_error) {
        if (ClientGone(read_error)) break;
        refusal = RefusalFor(read_error);
      }
      if (refusal) {
        stream.expires_after(kWriteTimeout);
        auto res = ToBeast(*refusal, 11, false, false, false, false);
        co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
        break;
      }
      const InFlight in_flight(requests_in_flight);
      const auto started = std::chrono::steady_clock::now();
      const auto& req = parser.get();
      Request request = ToRequest(parser);
      bool from_proxy = false;
      beast::error_code peer_error;
      const auto peer = stream.socket().remote_endpoint(peer_error);
      if (!peer_error) {
        const std::string address = AddressText(peer.address());
        request.peer = ClientAddress(address, request.Header("x-forwarded-for"), trusted_proxies);
        from_proxy = std::find(trusted_proxies.begin(), trusted_proxies.end(), address) !=
                     trusted_proxies.end();
        request.secure = from_proxy && request.Header("x-forwarded-proto") == "https";
      }
      const std::string request_id =
          RequestId(from_proxy ? request.Header("x-request-id") : std::string_view());
      Response response;
      try {
        // (Not a conditional expression: GCC 12 built a co_await inside one into a double free.)
        if (request.method == "GET" || request.method == "HEAD") {
          response = handler(request);
        } else {
          response =
              co_await asio::co_spawn(writers, Answer(handler, request), asio::use_awaitable);
        }
        if (response.deferred) response = co_await Deferred(std::move(response));
      } catch (const std::bad_alloc&) {
        LogError("out_of_memory", request.method + " " +
                                      request.target.substr(0, request.target.find('?')) + " (" +
                                      request_id + ")");
        response = OutOfMemory();
      } catch (const std::exception& e) {
        // A bug, not an expected failure: answer 500 and keep serving others.
        LogError("exception", request.method + " " +
                                  request.target.substr(0, request.target.find('?')) + " (" +
                                  request_id + "): " + e.what());
        response = PlainError(500, "Internal Server Error");
      }
      response.headers.emplace_back("X-Request-Id", request_id);
      // While the server shuts down, each connection closes after its answer.
      const bool keep_alive = req.keep_alive() && !draining;
      auto res = ToBeast(response, req.version(), keep_alive, req.method() == http::verb::head,
                         request.AcceptsGzip(), request.secure);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      Metrics::Process().CountRequest(response.route, request.method, response.status, seconds);
      stream.expires_after(kWriteTimeout);
      auto [write_error, written] =
          co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
      LogAccess(
          {request_id, request.peer, response.user_id, request.method, request.target,
           response.route, response.status, written,
           std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()});
      if (write_error || !keep_alive) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  // `handler`'s answer to `request`, on the executor it is spawned on; both outlive it in the
  // session that awaits it.
  static asio::awaitable<Response> Answer(const Handler& handler, const Request& request) {
    co_return handler(request);
  }

  // The work, in a coroutine whose frame holds it (a lambda's captures would not outlive it).
  static asio::awaitable<Response> Build(std::function<Response()> work) { co_return work(); }

  // Runs `response`'s deferred work on the document workers, and gives what it makes with
  // `response`'s headers; 503 at once when too many documents are building or waiting.
  asio::awaitable<Response> Deferred(Response response) {
    const Counted waiting(documents_waiting);
    Response answer;
    if (waiting.position() > document_queue) {
      answer = Response::Text(503,
                              "ただいま文書の作成が混み合っています。しばらくしてから、もう一度"
                              "お試しください。\n");
      answer.headers.emplace_back("Retry-After", "10");
    } else {
      answer = co_await asio::co_spawn(documents, Build(std::move(response.deferred)),
                                       asio::use_awaitable);
    }
    answer.headers.insert(answer.headers.end(), response.headers.begin(), response.headers.end());
    answer.route = response.route;
    answer.user_id = response.user_id;
    co_return answer;
  }

  asio::awaitable<void> Listen() {
    for (;;) {
      auto [error, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      if (error == asio::error::operation_aborted) co_return;
      if (error) continue;  // e.g. out of file descriptors: keep accepting what we can
      ConnectionSlot slot(connections);
      if (++connections > max_connections) {
        beast::error_code ignored;
        socket.close(ignored);
        continue;
      }
      asio::co_spawn(acceptor.get_executor(), Session(std::move(socket), std::move(slot)),
                     asio::detached);
    }
  }

  void CloseAcceptor() {
    auto closed = std::make_shared<std::promise<void>>();
    auto future = closed->get_future();
    asio::post(io, [this, closed] {
      beast::error_code ignored;
      acceptor.close(ignored);
      closed->set_value();
    });
    // Threads that are all busy close it a little later: the wait is bounded.
    future.wait_for(std::chrono::seconds(5));
  }

  void Stop() {
    asio::post(io, [this] {
      beast::error_code ignored;
      acceptor.close(ignored);
    });
    io.stop();
  }

  Handler handler;
  // Before io, whose sessions give their slots back when it is destroyed.
  std::atomic<int> connections{0};
  std::atomic<int> requests_in_flight{0};
  std::atomic<bool> draining{false};
  std::atomic<int> documents_waiting{0};  // building or queued for the document workers
  const int document_queue;
  asio::io_context io;
  // After io: destroyed first, its workers joined while the sessions awaiting them still are.
  asio::thread_pool documents;
  asio::thread_pool writers;
  tcp::acceptor acceptor;
  std::vector<std::string> trusted_proxies;
  std::chrono::milliseconds read_timeout;
  int max_connections;
  std::vector<std::thread> threads;
};

Result<std::unique_ptr<Server>> Server::Start(Handler handler, const ServerOptions& options) {
  const int thread_count = options.threads > 0
                               ? options.threads
                               : int(std::max(1u, std::thread::hardware_concurrency()));
  auto impl = std::make_unique<Impl>(std::move(handler), thread_count, options);
  beast::error_code ec;
  const auto address = asio::ip::make_address(options.address, ec);
  if (ec) return Error::InvalidInput("待ち受けアドレスを読めません: " + options.address);
  const tcp::endpoint endpoint(address, options.port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error::Io(options.address + ":" + std::to_string(options.port) +
                     " で待ち受けできません: " + ec.message());
  }
  asio::co_spawn(impl->io, impl->Listen(), asio::detached);
  for (int k = 0; k < thread_count; ++k) {
    impl->threads.emplace_back([io = &impl->io] {
      // An exception out of a handler (memory exhausted inside a read) leaves run(); the
      // thread goes back to serving rather than ending the process.
      for (;;) {
        try {
          io->run();
          return;
        } catch (const std::exception& e) {
          LogError("exception", e.what());
        }
      }
    });
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  // Stopping and joining throw only when an invariant is broken (a thread joining itself);
  // an exception leaving a destructor would end the process, so such a thread is left.
  try {
    Stop();
    for (std::thread& t : impl_->threads) {
      if (t.joinable()) t.join();
    }
  } catch (const std::exception&) {
  }
}

std::uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::WaitForSignal() {
  asio::io_context signals_io;
  asio::signal_set signals(signals_io, SIGINT, SIGTERM);
  signals.async_wait([](const beast::error_code&, int) {});
  signals_io.run();
}

void Server::Shutdown(std::chrono::milliseconds grace) {
  impl_->draining = true;
  impl_->CloseAcceptor();
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (impl_->requests_in_flight > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  Stop();
}

bool Server::Responsive(std::chrono::milliseconds within) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  auto takes_up = [&](auto& executor) {
    auto ran = std::make_shared<std::promise<void>>();
    auto future = ran->get_future();
    asio::post(executor, [ran] { ran->set_value(); });
    return future.wait_until(deadline) == std::future_status::ready;
  };
  return takes_up(impl_->io) && takes_up(impl_->writers);
}

void Server::Stop() { impl_->Stop(); }

}  // namespace torikumi::web
