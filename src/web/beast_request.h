#ifndef TORIKUMI_WEB_BEAST_REQUEST_H_
#define TORIKUMI_WEB_BEAST_REQUEST_H_

// The steps of reading a request with Boost.Beast, shared by the server (server.cc), which
// reads from a socket, and ParseRequest (request_parser.cc), which reads from a buffer, so
// that what is fuzzed and tested is what is served. Included by those two files only.

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string_view>

#include "web/http.h"

namespace torikumi::web {

using BeastRequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// Whether `target` is a sheet upload, whose body may be larger and slower.
bool IsUpload(std::string_view target);

// Sets the limits in force while the header is read.
void PrepareParser(BeastRequestParser& parser);

// Once the header is read: the refusal of a request framed ambiguously (400) or declaring a
// body over its target's limit (413); otherwise nullopt, and the parser is set to read a
// body of at most that limit.
std::optional<Response> CheckHeader(BeastRequestParser& parser);

// Whether a read ended because the client went away (closed, reset, or too slow), which
// is answered by closing the connection.
bool ClientGone(const boost::beast::error_code& error);

// The refusal of a request that could not be read: 431, 413 or 400.
Response RefusalFor(const boost::beast::error_code& error);

// The parsed request as the application sees it, its body moved out of the parser.
Request ToRequest(BeastRequestParser& parser);

// `s` without HTTP's optional whitespace (spaces and tabs) at either end.
std::string_view TrimOptionalWhitespace(std::string_view s);

// A plain-text response for errors the server answers itself.
Response PlainError(int status, std::string_view message);

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_BEAST_REQUEST_H_
