#ifndef TORIKUMI_WEB_HTTP_H_
#define TORIKUMI_WEB_HTTP_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace torikumi::web {

// The request and response as the application sees them, free of the HTTP library's types
// so that only the server's own translation unit includes Boost.Beast.

struct Request {
  std::string method;                          // GET, HEAD, POST, …
  std::string target;                          // origin-form: /2025/?q=防災
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string peer;     // the client's address
  bool secure = false;  // served over TLS (or behind a proxy that says so)

  // The header's value, or "" when absent.
  std::string_view Header(std::string_view lower_case_name) const;
  // Whether Accept-Encoding admits gzip (RFC 9110 12.5.3: listed or "*", q not 0).
  bool AcceptsGzip() const;
};

// A page rendered once and sent many times: its HTML, and the same compressed with gzip for
// the clients that accept it, which is every browser.
struct Page {
  explicit Page(std::string html);
  std::string html;
  std::string gzip;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond the common ones
  // A kept page, sent instead of `body` without copying it.
  std::shared_ptr<const Page> page;
  // Work too long for the server's I/O threads, building a document: when set, the server
  // runs it on its document workers, or answers 503 with Retry-After when too many already
  // wait, and sends the response it makes, with this one's headers added.
  std::function<Response()> deferred;
  // For the access log and the metrics, set by the router: the pattern of the route that
  // answered ("" when none did) and the signed-in user's id (0 for the public).
  std::string_view route;
  std::int64_t user_id = 0;

  static Response Html(int status, std::string body);
  static Response Redirect(const std::string& location, int status = 302);
  // After a form: the browser fetches `location` with GET (303 See Other).
  static Response SeeOther(const std::string& location);
  static Response Text(int status, std::string body);
  static Response Json(int status, std::string body);
  static Response Kept(std::shared_ptr<const Page> page);
};

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_HTTP_H_
