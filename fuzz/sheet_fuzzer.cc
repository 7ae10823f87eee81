// The TSV/CSV sheet reader on arbitrary bytes: never crashes, and a sheet it accepts
// writes and reads back to the same initiatives.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sheet/process_sheet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace torikumi::sheet;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto read = ReadProcessSheet(bytes, {});
  if (!read.ok()) return 0;
  auto written = WriteProcessSheet(read->sheet, {Delimiter::kTab, OutputEncoding::kUtf8});
  auto again = ReadProcessSheet(written.bytes, {Delimiter::kTab, read->sheet.fiscal_year});
  if (!again.ok()) std::abort();
  if (again->sheet.initiatives.size() != read->sheet.initiatives.size()) std::abort();
  return 0;
}
