#include "text/scanner.h"

#include "text/utf8.h"

namespace torikumi::text {

bool Scanner::Consume(std::string_view token) {
  if (!rest().starts_with(token)) return false;
  pos_ += token.size();
  return true;
}

void Scanner::SkipSpaces() {
  while (pos_ < text_.size()) {
    std::size_t next = pos_;
    const char32_t c = NextCodePoint(text_, next);
    if (c != ' ' && c != '\t' && c != 0x3000) break;
    pos_ = next;
  }
}

std::optional<int> Scanner::Digit() {
  if (pos_ >= text_.size()) return std::nullopt;
  std::size_t next = pos_;
  const char32_t c = NextCodePoint(text_, next);
  int digit = 0;
  if (c >= '0' && c <= '9') {
    digit = int(c - '0');
  } else if (c >= 0xff10 && c <= 0xff19) {
    digit = int(c - 0xff10);
  } else {
    return std::nullopt;
  }
  pos_ = next;
  return digit;
}

std::optional<int> Scanner::Integer(int max_digits) {
  int value = 0;
  int digits = 0;
  while (digits < max_digits) {
    const auto digit = Digit();
    if (!digit) break;
    value = value * 10 + *digit;
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  return value;
}

std::optional<std::string> Scanner::Decimal() {
  std::string ascii;
  for (;;) {
    if (const auto digit = Digit()) {
      ascii += char('0' + *digit);
      continue;
    }
    // A decimal point counts only between digits.
    const std::size_t before = pos_;
    if (ascii.empty() || ascii.find('.') != std::string::npos || !(Consume(".") || Consume("．"))) {
      break;
    }
    Scanner after = *this;
    if (!after.Digit()) {
      pos_ = before;
      break;
    }
    ascii += '.';
  }
  if (ascii.empty()) return std::nullopt;
  return ascii;
}

}  // namespace torikumi::text
