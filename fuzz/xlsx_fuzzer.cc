// The XLSX reader on arbitrary input, in two shapes chosen by the first byte:
//   even: the rest is the workbook file itself (the ZIP layer and everything under it);
//   odd:  the rest is a shared-strings part and a worksheet part, split at the first NUL,
//         packed here into a workbook, so that mutations reach the XML readers directly.
// Never crashes; a sheet it accepts writes to XLSX and reads back to the same initiatives.

#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sheet/xlsx.h"

namespace {

constexpr char kWorkbook[] =
    R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>)";
constexpr char kRelationships[] =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>)";

// A stored (uncompressed) ZIP of the given parts, made in memory.
std::string Pack(std::string_view shared_strings, std::string_view worksheet) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* archive = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(archive);
  zip_t* zip = zip_open_from_source(archive, ZIP_TRUNCATE, &error);
  const std::pair<const char*, std::string_view> parts[] = {
      {"xl/workbook.xml", kWorkbook},
      {"xl/_rels/workbook.xml.rels", kRelationships},
      {"xl/sharedStrings.xml", shared_strings},
      {"xl/worksheets/sheet1.xml", worksheet}};
  for (const auto& [name, bytes] : parts) {
    zip_source_t* part = zip_source_buffer(zip, bytes.data(), bytes.size(), 0);
    const zip_int64_t index = zip_file_add(zip, name, part, 0);
    zip_set_file_compression(zip, zip_uint64_t(index), ZIP_CM_STORE, 0);
  }
  zip_close(zip);
  std::string out;
  zip_source_open(archive);
  char buffer[65536];
  zip_int64_t n;
  while ((n = zip_source_read(archive, buffer, sizeof buffer)) > 0)
    out.append(buffer, std::size_t(n));
  zip_source_close(archive);
  zip_source_free(archive);
  zip_error_fini(&error);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace torikumi::sheet;
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string workbook;
  if (data[0] % 2 == 0) {
    workbook = std::string(input);
  } else {
    const std::size_t split = input.find('\0');
    if (split == std::string_view::npos) return 0;
    workbook = Pack(input.substr(0, split), input.substr(split + 1));
  }
  auto read = ReadProcessSheetXlsx(workbook, {});
  if (!read.ok()) return 0;
  auto written = WriteProcessSheetXlsx(*read, {});
  if (!written.ok()) return 0;  // a cell longer than Excel holds
  auto again = ReadProcessSheetXlsx(*written, {});
  if (!again.ok() || again->initiatives != read->initiatives) std::abort();
  return 0;
}
