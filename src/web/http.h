#ifndef TORIKUMI_WEB_HTTP_H_
#define TORIKUMI_WEB_HTTP_H_

#include <string>
#include <utility>
#include <vector>

namespace torikumi::web {

// The request and response as the application sees them, free of the HTTP library's types
// so that only the server's own translation unit includes Boost.Beast.

struct Request {
  std::string method;  // GET, HEAD, POST, …
  std::string target;  // origin-form: /2025/?q=防災
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond the common ones

  static Response Redirect(std::string location, int status = 302);
  static Response Text(int status, std::string body);
};

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_HTTP_H_
