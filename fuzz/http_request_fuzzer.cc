// Raw bytes from a client through the server's own request parsing (Boost.Beast's parser,
// the size limits and the framing rules of web/request_parser.h) and on to the router, as
// the first request of a connection.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http_world.h"
#include "web/request_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace torikumi;
  fuzz::World& world = fuzz::TheWorld();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  web::ParsedRequest parsed = web::ParseRequest(bytes);
  if (parsed.request && parsed.refusal) std::abort();
  if (parsed.refusal) {
    const int status = parsed.refusal->status;
    if (status != 400 && status != 413 && status != 431) std::abort();
    return 0;
  }
  if (!parsed.request) return 0;
  web::Request& request = *parsed.request;
  // No body beyond the largest limit, the sheet upload's.
  if (request.body.size() > 32 * 1024 * 1024) std::abort();
  request.peer = "127.0.0.1";
  // Half the inputs arrive signed in, so that the staff routes are reached too.
  if (size > 0 && (data[size - 1] & 1)) request.headers["cookie"] = world.cookie;
  const web::Response response = world.router->Handle(request);
  if (response.status < 200 || response.status > 599) std::abort();
  return 0;
}
