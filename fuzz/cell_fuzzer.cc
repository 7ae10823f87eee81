// The cell-HTML parser and the entry readers on arbitrary cells: never crash, produce no
// markup, and the paragraphs written back as cell HTML read back the same.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "text/cell.h"
#include "text/entries.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view cell(reinterpret_cast<const char*>(data), size);
  const auto paragraphs = torikumi::text::CellParagraphs(cell);
  if (torikumi::text::CellParagraphs(torikumi::text::ParagraphsToCellHtml(paragraphs)) !=
      paragraphs) {
    std::abort();
  }
  (void)torikumi::text::ParsePeriodGoals(paragraphs);
  (void)torikumi::text::ParseEntries(paragraphs);
  (void)torikumi::text::SplitCoOwners(paragraphs);
  (void)torikumi::text::ParseNumberedTitle(cell);
  return 0;
}
