#ifndef TORIKUMI_TEXT_UTF8_H_
#define TORIKUMI_TEXT_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace torikumi::text {

// Decodes the code point at `pos` of valid UTF-8 and advances `pos` past it. Invalid bytes
// decode to U+FFFD one byte at a time.
char32_t NextCodePoint(std::string_view s, std::size_t& pos);

void AppendUtf8(std::string& out, char32_t c);

// Returns the byte offset of the first invalid UTF-8 sequence, or npos when `s` is valid.
std::size_t FindInvalidUtf8(std::string_view s);

// Trims ASCII whitespace and the ideographic space U+3000 from both ends.
std::string_view Trim(std::string_view s);

// 1-based line and column (in code points) of byte `offset` of `s`.
struct LineColumn {
  int line;
  int column;
};
LineColumn LineColumnAt(std::string_view s, std::size_t offset);

}  // namespace torikumi::text

#endif  // TORIKUMI_TEXT_UTF8_H_
