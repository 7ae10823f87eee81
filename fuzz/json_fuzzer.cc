// The canonical JSON reader on arbitrary text: never crashes, and a sheet it accepts writes
// back to JSON that reads to the same sheet.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sheet/json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace torikumi::sheet;
  auto sheet = ReadSheetJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!sheet.ok()) return 0;
  auto again = ReadSheetJson(WriteSheetJson(*sheet));
  if (!again.ok() || again->initiatives != sheet->initiatives) std::abort();
  return 0;
}
