// The multipart/form-data parser of sheet uploads on arbitrary bodies: never crashes, and
// what it returns lies inside the body.
// Input: "CONTENT-TYPE\nbody".

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "web/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view content_type = input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  const auto parts = torikumi::web::ParseMultipart(content_type, body);
  if (!parts.ok()) return 0;
  std::size_t total = 0;
  for (const auto& part : *parts) {
    if (part.name.empty()) std::abort();
    if (body.find(part.content) == std::string_view::npos) std::abort();
    total += part.content.size();
  }
  if (total > body.size()) std::abort();
  return 0;
}
