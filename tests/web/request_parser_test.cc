#include "web/request_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace torikumi::web {
namespace {

int RefusalStatus(std::string_view bytes) {
  const ParsedRequest parsed = ParseRequest(bytes);
  EXPECT_FALSE(parsed.request) << bytes;
  return parsed.refusal ? parsed.refusal->status : 0;
}

TEST(RequestParser, ReadsARequestAsTheApplicationSeesIt) {
  const ParsedRequest parsed = ParseRequest(
      "POST /login?x=1 HTTP/1.1\r\nHost: a\r\nCookie: a=1\r\ncookie: b=2\r\n"
      "X-Thing: one\r\nX-Thing: two\r\nContent-Length: 5\r\n\r\nhello");
  ASSERT_TRUE(parsed.request);
  EXPECT_FALSE(parsed.refusal);
  EXPECT_EQ(parsed.request->method, "POST");
  EXPECT_EQ(parsed.request->target, "/login?x=1");
  EXPECT_EQ(parsed.request->Header("cookie"), "a=1; b=2");
  EXPECT_EQ(parsed.request->Header("x-thing"), "one, two");
  EXPECT_EQ(parsed.request->body, "hello");
}

TEST(RequestParser, DecodesAChunkedBody) {
  const ParsedRequest parsed = ParseRequest(
      "POST /login HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  ASSERT_TRUE(parsed.request);
  EXPECT_EQ(parsed.request->body, "abcde");
}

TEST(RequestParser, RefusesRequestsFramedTwoWays) {
  EXPECT_EQ(RefusalStatus("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"), 400);
  EXPECT_EQ(RefusalStatus("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"),
            400);
  EXPECT_EQ(RefusalStatus("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
            400);
  EXPECT_EQ(RefusalStatus("GET / HTTP/1.1\r\n\r\n"), 400);
  EXPECT_EQ(RefusalStatus("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
}

TEST(RequestParser, RefusesBodiesOverTheirLimitFromTheHeaderAlone) {
  EXPECT_EQ(RefusalStatus("POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n"),
            413);
  // A sheet upload may be larger; this one's body has not come yet, as if the client closed.
  EXPECT_EQ(
      RefusalStatus("POST /staff/import HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n"),
      400);
  EXPECT_EQ(RefusalStatus("POST /staff/import HTTP/1.1\r\nHost: x\r\nContent-Length: 33554433"
                          "\r\n\r\n"),
            413);
}

TEST(RequestParser, RefusesHeadersOverTheirLimit) {
  EXPECT_EQ(RefusalStatus("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(17 * 1024, 'a') +
                          "\r\n\r\n"),
            431);
}

TEST(RequestParser, ACutOffRequestIsRefusedAndNothingIsNeitherRefusedNorRead) {
  EXPECT_EQ(RefusalStatus("GET / HTTP/1.1\r\nHost:"), 400);
  EXPECT_EQ(RefusalStatus("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab"), 400);
  EXPECT_EQ(RefusalStatus("NOT HTTP\r\n\r\n"), 400);
  const ParsedRequest nothing = ParseRequest("");
  EXPECT_FALSE(nothing.request);
  EXPECT_FALSE(nothing.refusal);
}

}  // namespace
}  // namespace torikumi::web
