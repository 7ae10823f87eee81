#include "web/http.h"

#include <zlib.h>

#include <cctype>
#include <optional>
#include <stdexcept>

#include "text/utf8.h"

namespace torikumi::web {

std::string_view Request::Header(std::string_view lower_case_name) const {
  auto it = headers.find(std::string(lower_case_name));
  return it == headers.end() ? std::string_view() : std::string_view(it->second);
}

bool Request::AcceptsGzip() const {
  // The weight of gzip when it is listed, else of "*" when that is; a coding is acceptable
  // unless its weight is 0 (q=0, q=0.0, …).
  std::optional<bool> gzip, any;
  std::string_view list = Header("accept-encoding");
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    std::size_t semicolon = item.find(';');
    std::string coding(text::Trim(item.substr(0, semicolon)));
    for (char& c : coding) c = char(std::tolower(static_cast<unsigned char>(c)));
    bool acceptable = true;
    while (semicolon != std::string_view::npos) {
      item.remove_prefix(semicolon + 1);
      semicolon = item.find(';');
      const std::string_view parameter = text::Trim(item.substr(0, semicolon));
      if (parameter.size() >= 2 && (parameter[0] == 'q' || parameter[0] == 'Q') &&
          parameter[1] == '=') {
        const std::string_view weight = text::Trim(parameter.substr(2));
        acceptable = weight.empty() || weight.find_first_not_of("0.") != std::string_view::npos;
      }
    }
    if (coding == "gzip" || coding == "x-gzip") gzip = acceptable;
    if (coding == "*") any = acceptable;
  }
  return gzip.value_or(any.value_or(false));
}

namespace {

// `text` in the gzip format (RFC 1952), at zlib's default level: a kept page is compressed
// once and sent many times, but a page that is asked for once costs its compression too.
std::string Gzip(std::string_view text) {
  z_stream stream{};
  // 15 window bits, +16 for a gzip header and trailer rather than zlib's.
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    throw std::runtime_error("zlib: deflateInit2 failed");
  }
  std::string out(deflateBound(&stream, uLong(text.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = uInt(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = uInt(out.size());
  const int status = deflate(&stream, Z_FINISH);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
  out.resize(stream.total_out);
  return out;
}

}  // namespace

Page::Page(std::string text) : html(std::move(text)), gzip(Gzip(html)) {}

Response Response::Kept(std::shared_ptr<const Page> page) {
  Response r;
  r.page = std::move(page);
  return r;
}

Response Response::Html(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::Redirect(const std::string& location, int status) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  // A header carries no control bytes and no raw UTF-8: both go out percent-encoded.
  std::string encoded;
  for (const char c : location) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0xf];
    } else {
      encoded += c;
    }
  }
  r.headers.emplace_back("Location", std::move(encoded));
  return r;
}

Response Response::SeeOther(const std::string& location) { return Redirect(location, 303); }

Response Response::Text(int status, std::string body) {
  Response r = Html(status, std::move(body));
  r.content_type = "text/plain; charset=utf-8";
  return r;
}

Response Response::Json(int status, std::string body) {
  Response r = Html(status, std::move(body));
  r.content_type = "application/json; charset=utf-8";
  return r;
}

}  // namespace torikumi::web
