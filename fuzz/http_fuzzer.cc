// The request path after the HTTP parser: routing, query strings, forms, cookies and JSON
// bodies, on a real SQLite database holding the seed sheet, a publication and users.
// Input: "METHOD TARGET\nHeader: value\n…\n\nbody".

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "http_world.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace torikumi;
  fuzz::World& world = fuzz::TheWorld();
  const std::string input(reinterpret_cast<const char*>(data), size);
  web::Request request;
  std::size_t line_end = input.find('\n');
  const std::string first = input.substr(0, line_end);
  const std::size_t space = first.find(' ');
  request.method = first.substr(0, space);
  request.target = space == std::string::npos ? "/" : first.substr(space + 1);
  std::size_t pos = line_end == std::string::npos ? input.size() : line_end + 1;
  while (pos < input.size()) {
    line_end = input.find('\n', pos);
    const std::string line = input.substr(pos, line_end - pos);
    pos = line_end == std::string::npos ? input.size() : line_end + 1;
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    request.headers[name] = colon == std::string::npos ? "" : line.substr(colon + 1);
  }
  request.body = input.substr(std::min(pos, input.size()));
  request.peer = "127.0.0.1";
  // Half the inputs arrive signed in, so that the staff routes are reached too.
  if (!input.empty() && (input.back() & 1)) request.headers["cookie"] = world.cookie;
  const web::Response response = world.router->Handle(request);
  if (response.status < 200 || response.status > 599) std::abort();
  return 0;
}
