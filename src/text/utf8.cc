#include "text/utf8.h"

namespace torikumi::text {
namespace {

int SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

// Decodes one sequence at `pos`; returns its length, or 0 when it is not valid UTF-8
// (overlong forms, surrogates and code points past U+10FFFF included).
int DecodeAt(std::string_view s, std::size_t pos, char32_t& c) {
  const auto lead = static_cast<unsigned char>(s[pos]);
  const int length = SequenceLength(lead);
  if (length == 0 || pos + length > s.size()) return 0;
  if (length == 1) {
    c = lead;
    return 1;
  }
  c = lead & (0x7f >> length);
  for (int i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(s[pos + i]);
    if ((byte & 0xc0) != 0x80) return 0;
    c = (c << 6) | (byte & 0x3f);
  }
  static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kMinimum[length] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return 0;
  return length;
}

bool IsTrimmable(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x3000;
}

}  // namespace

char32_t NextCodePoint(std::string_view s, std::size_t& pos) {
  char32_t c;
  const int length = DecodeAt(s, pos, c);
  if (length == 0) {
    ++pos;
    return 0xfffd;
  }
  pos += length;
  return c;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xc0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xe0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  }
}

std::size_t FindInvalidUtf8(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    char32_t c;
    const int length = DecodeAt(s, pos, c);
    if (length == 0) return pos;
    pos += length;
  }
  return std::string_view::npos;
}

std::string_view Trim(std::string_view s) {
  std::size_t begin = 0;
  while (begin < s.size()) {
    std::size_t next = begin;
    if (!IsTrimmable(NextCodePoint(s, next))) break;
    begin = next;
  }
  std::size_t end = s.size();
  while (end > begin) {
    // Step back to the start of the last code point.
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xc0) == 0x80) --start;
    std::size_t next = start;
    if (!IsTrimmable(NextCodePoint(s, next))) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

LineColumn LineColumnAt(std::string_view s, std::size_t offset) {
  LineColumn at{1, 1};
  std::size_t pos = 0;
  while (pos < offset && pos < s.size()) {
    if (NextCodePoint(s, pos) == '\n') {
      ++at.line;
      at.column = 1;
    } else {
      ++at.column;
    }
  }
  return at;
}

}  // namespace torikumi::text
