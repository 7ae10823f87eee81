// Reading a request with Boost.Beast's parser: the server's steps (beast_request.h) and the
// same steps over a buffer (request_parser.h). No Asio coroutines here, so that clang can
// build this file for the fuzz targets.

#include "web/request_parser.h"

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <cctype>
#include <string>

#include "web/beast_request.h"

namespace torikumi::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kBodyLimit = 1024 * 1024;
// Sheet uploads (POST /staff/YEAR/import): a city's sheet is about 1 MB.
constexpr std::size_t kUploadLimit = 32 * 1024 * 1024;

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Whether a request's framing could be read two ways (RFC 9112 §6.3): a Transfer-Encoding
// whose last coding is not chunked, one beside a Content-Length, or other than one Host in
// HTTP/1.1. A front proxy and this server could then disagree on where the request ends.
bool AmbiguouslyFramed(const http::request_header<>& header) {
  int hosts = 0;
  bool content_length = false;
  std::string transfer_encoding;
  for (const auto& field : header) {
    if (field.name() == http::field::host) ++hosts;
    if (field.name() == http::field::content_length) content_length = true;
    if (field.name() == http::field::transfer_encoding) {
      transfer_encoding += (transfer_encoding.empty() ? "" : ",") + std::string(field.value());
    }
  }
  if (hosts > 1 || (header.version() >= 11 && hosts == 0)) return true;
  if (transfer_encoding.empty()) return false;
  if (content_length) return true;
  const std::string_view codings = transfer_encoding;
  const std::size_t comma = codings.rfind(',');
  const std::string_view last =
      TrimOptionalWhitespace(comma == std::string_view::npos ? codings : codings.substr(comma + 1));
  return !EqualsIgnoringCase(last, "chunked");
}

}  // namespace

std::string_view TrimOptionalWhitespace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The sheet upload, of the installation's own municipality or of another (/m/CODE/staff/import),
// with or without a query string.
bool IsUpload(std::string_view target) {
  target = target.substr(0, target.find('?'));
  if (target.starts_with("/m/")) {
    const std::size_t staff = target.find('/', 3);
    if (staff == std::string_view::npos) return false;
    target.remove_prefix(staff);
  }
  return target == "/staff/import";
}

void PrepareParser(BeastRequestParser& parser) {
  parser.header_limit(kHeaderLimit);
  // Beast checks a declared Content-Length against the limit in force while it reads the
  // header: the largest, the upload's, until the target is known.
  parser.body_limit(kUploadLimit);
}

std::optional<Response> CheckHeader(BeastRequestParser& parser) {
  if (AmbiguouslyFramed(parser.get().base())) return PlainError(400, "Bad Request");
  const std::size_t limit = IsUpload(parser.get().target()) ? kUploadLimit : kBodyLimit;
  if (parser.content_length().value_or(0) > limit) return RefusalFor(http::error::body_limit);
  parser.body_limit(limit);
  return std::nullopt;
}

bool ClientGone(const beast::error_code& error) {
  return error == http::error::end_of_stream || error == beast::error::timeout ||
         error == asio::error::connection_reset || error == asio::error::eof;
}

Response RefusalFor(const beast::error_code& error) {
  if (error == http::error::header_limit) return PlainError(431, "Request Header Fields Too Large");
  if (error == http::error::body_limit) return PlainError(413, "Payload Too Large");
  return PlainError(400, "Bad Request");
}

Request ToRequest(BeastRequestParser& parser) {
  auto& req = parser.get();
  Request request;
  request.method = std::string(req.method_string());
  request.target = std::string(req.target());
  for (const auto& field : req) {
    std::string name(field.name_string());
    for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    // Repeated headers are joined as RFC 9110 allows; cookies with "; ".
    auto [it, inserted] = request.headers.emplace(std::move(name), std::string(field.value()));
    if (!inserted) it->second += (it->first == "cookie" ? "; " : ", ") + std::string(field.value());
  }
  request.body = std::move(req.body());
  return request;
}

Response PlainError(int status, std::string_view message) {
  return Response::Text(status, std::string(message) + "\n");
}

ParsedRequest ParseRequest(std::string_view bytes) {
  BeastRequestParser parser;
  PrepareParser(parser);
  beast::error_code error;
  // Hands the parser what it takes: it wants a header in one piece and stops after it (not
  // eager), and a body in as many pieces as it likes; what it leaves is what it needs more
  // of than there is.
  enum class Until { kHeader, kEnd };
  const auto feed = [&](Until until) {
    parser.eager(until == Until::kEnd);
    while (!bytes.empty() && !parser.is_done() &&
           !(until == Until::kHeader && parser.is_header_done())) {
      const std::size_t used = parser.put(asio::buffer(bytes.data(), bytes.size()), error);
      bytes.remove_prefix(used);
      if (error == http::error::need_more) error = {};
      if (error || used == 0) return;
    }
  };
  const auto finish = [&]() -> ParsedRequest {
    // The input is over, as when the client closes the connection: what the server's read
    // would then report.
    if (!error && !parser.is_done()) {
      if (parser.got_some()) {
        parser.put_eof(error);
      } else {
        error = http::error::end_of_stream;
      }
    }
    if (error) {
      if (ClientGone(error)) return {};
      return {.refusal = RefusalFor(error)};
    }
    return {.request = ToRequest(parser)};
  };

  // The header first, as the server reads it, so that its checks come before the body.
  feed(Until::kHeader);
  if (error || !parser.is_header_done()) return finish();
  if (auto refusal = CheckHeader(parser)) return {.refusal = std::move(*refusal)};
  feed(Until::kEnd);
  return finish();
}

}  // namespace torikumi::web
