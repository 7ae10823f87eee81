// The text decoder on arbitrary file bytes (UTF-8, else CP932): never crashes, gives valid
// UTF-8, and CP932 it read encodes back to bytes that read as the same text.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "text/encoding.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace torikumi::text;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto decoded = DecodeText(bytes);
  if (!decoded.ok()) return 0;
  if (FindInvalidUtf8(decoded->utf8()) != std::string_view::npos) std::abort();
  const Cp932Text encoded = EncodeCp932(decoded->utf8());
  if (decoded->source != Encoding::kCp932 || encoded.substitutions.total != 0) return 0;
  // Bytes that happen to be valid UTF-8 too are read as UTF-8, as they are on import.
  const auto again = DecodeText(encoded.bytes);
  if (!again.ok()) std::abort();
  if (again->source == Encoding::kCp932 && again->utf8() != decoded->utf8()) std::abort();
  return 0;
}
