#ifndef TORIKUMI_TESTS_WEB_HTTP_CLIENT_H_
#define TORIKUMI_TESTS_WEB_HTTP_CLIENT_H_

// A plain-socket HTTP/1.1 client for tests against a real server on 127.0.0.1.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace torikumi::testing {

struct HttpReply {
  int status = 0;
  std::string head;
  std::string body;

  bool HasHeader(std::string_view line) const { return head.find(line) != std::string::npos; }
};

// Sends `raw` as the whole request on a new connection and reads until the server closes.
inline HttpReply Send(std::uint16_t port, const std::string& raw) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  std::size_t sent = 0;
  while (sent < raw.size()) {
    const ssize_t n = send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += std::size_t(n);
  }
  std::string response;
  char buffer[65536];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;)
    response.append(buffer, std::size_t(n));
  close(fd);
  HttpReply reply;
  const std::size_t end_of_head = response.find("\r\n\r\n");
  reply.head = response.substr(0, end_of_head);
  if (end_of_head != std::string::npos) reply.body = response.substr(end_of_head + 4);
  if (response.size() > 12) reply.status = std::stoi(response.substr(9, 3));
  return reply;
}

inline HttpReply Get(std::uint16_t port, const std::string& target) {
  return Send(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
}

// The value of the first "Set-Cookie: NAME=" of a reply, or "".
inline std::string CookieFrom(const HttpReply& reply, std::string_view name) {
  const std::string key = "Set-Cookie: " + std::string(name) + "=";
  const std::size_t at = reply.head.find(key);
  if (at == std::string::npos) return "";
  const std::size_t start = at + key.size();
  return reply.head.substr(start, reply.head.find_first_of(";\r", start) - start);
}

// Encodes a form value as a browser does (application/x-www-form-urlencoded).
inline std::string FormEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += char(c);
    } else if (c == ' ') {
      out += '+';  // as browsers write forms
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

inline HttpReply Post(std::uint16_t port, const std::string& target, const std::string& body,
                      const std::string& cookie,
                      const std::string& content_type = "application/x-www-form-urlencoded") {
  return Send(port, "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                        (cookie.empty() ? "" : "Cookie: " + cookie + "\r\n") +
                        "Content-Type: " + content_type +
                        "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

inline HttpReply GetWithCookie(std::uint16_t port, const std::string& target,
                               const std::string& cookie) {
  return Send(port, "GET " + target +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: " + cookie +
                        "\r\n\r\n");
}

}  // namespace torikumi::testing

#endif  // TORIKUMI_TESTS_WEB_HTTP_CLIENT_H_
