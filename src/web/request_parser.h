#ifndef TORIKUMI_WEB_REQUEST_PARSER_H_
#define TORIKUMI_WEB_REQUEST_PARSER_H_

#include <optional>
#include <string_view>

#include "web/http.h"

namespace torikumi::web {

// What the bytes a client sent come to: the request, or the response refusing it (400 for
// malformed or ambiguously framed requests, 413 for a body over its limit, 431 for headers
// over theirs); neither when the client sent nothing. Exactly one is set otherwise.
struct ParsedRequest {
  std::optional<Request> request;
  std::optional<Response> refusal;
};

// Reads the first request of `bytes` as the server reads one from a connection that then
// closes: the same parser, limits and framing rules (see server.h). `request->peer` is left
// empty for the caller.
ParsedRequest ParseRequest(std::string_view bytes);

}  // namespace torikumi::web

#endif  // TORIKUMI_WEB_REQUEST_PARSER_H_
