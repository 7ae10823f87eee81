#include "text/width.h"

#include <unicode/uchar.h>

#include "text/utf8.h"

namespace torikumi::text {

int DisplayWidth(std::string_view s) {
  int width = 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const char32_t c = NextCodePoint(s, pos);
    if (c == '\n' || c == '\r') continue;
    switch (u_getIntPropertyValue(UChar32(c), UCHAR_EAST_ASIAN_WIDTH)) {
      case U_EA_WIDE:
      case U_EA_FULLWIDTH:
      case U_EA_AMBIGUOUS:
        width += 2;
        break;
      default:
        width += 1;
    }
  }
  return width;
}

}  // namespace torikumi::text
