#include "text/number.h"

#include <charconv>
#include <cmath>

#include "text/utf8.h"

namespace torikumi::text {
namespace {

constexpr int kMaxIntegerDigits = 14;

// `typed` as ASCII: full-width digits, separators and signs mapped to their ASCII
// counterparts; nullopt when anything else but spaces is in it.
std::optional<std::string> AsciiNumber(std::string_view typed) {
  std::string ascii;
  std::size_t pos = 0;
  while (pos < typed.size()) {
    const char32_t c = NextCodePoint(typed, pos);
    if (c >= '0' && c <= '9') {
      ascii += char(c);
    } else if (c >= 0xff10 && c <= 0xff19) {
      ascii += char('0' + (c - 0xff10));
    } else if (c == ',' || c == 0xff0c) {
      ascii += ',';
    } else if (c == '.' || c == 0xff0e) {
      ascii += '.';
    } else if (c == '-' || c == 0xff0d || c == 0x2212 || c == 0x25b2 || c == 0x25b3) {
      ascii += '-';
    } else if (c == '+' || c == 0xff0b) {
      ascii += '+';
    } else if (c == ' ' || c == '\t' || c == 0x3000) {
      ascii += ' ';
    } else {
      return std::nullopt;
    }
  }
  const std::size_t first = ascii.find_first_not_of(' ');
  if (first == std::string::npos) return std::string();
  return ascii.substr(first, ascii.find_last_not_of(' ') - first + 1);
}

}  // namespace

std::optional<double> ReadNumber(std::string_view typed) {
  const auto ascii = AsciiNumber(typed);
  if (!ascii || ascii->empty()) return std::nullopt;
  std::string_view rest = *ascii;
  const bool negative = rest.front() == '-';
  if (negative || rest.front() == '+') rest.remove_prefix(1);
  // Digits, separated into groups of three by commas or not at all, then the decimal part.
  std::string digits;
  std::size_t group = 0;  // digits since the last comma
  bool grouped = false;
  while (!rest.empty() && rest.front() != '.') {
    const char c = rest.front();
    if (c == ',') {
      if (digits.empty() || (grouped && group != 3) || group > 3) return std::nullopt;
      grouped = true;
      group = 0;
    } else if (c >= '0' && c <= '9') {
      digits += c;
      ++group;
    } else {
      return std::nullopt;
    }
    rest.remove_prefix(1);
  }
  if (digits.empty() || (grouped && group != 3) || digits.size() > kMaxIntegerDigits) {
    return std::nullopt;
  }
  if (!rest.empty()) {
    rest.remove_prefix(1);  // the point
    if (rest.empty() || rest.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
    digits += '.';
    digits += rest;
  }
  double value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return negative ? -value : value;
}

Result<std::optional<double>> NumberField(std::string_view typed, std::string_view field) {
  const auto ascii = AsciiNumber(typed);
  if (ascii && ascii->empty()) return std::optional<double>();
  if (const auto value = ReadNumber(typed)) return value;
  return Error::InvalidInput("「" + std::string(field) + "」には数だけを書いてください (「" +
                             std::string(typed) + "」は数ではありません。単位や「約」は不要です)");
}

std::string FormatNumber(double value) {
  if (value == 0) return "0";  // and not "-0"
  char text[64];
  const auto [end, error] =
      std::to_chars(text, text + sizeof text, value, std::chars_format::fixed);
  return error == std::errc() ? std::string(text, end) : std::to_string(value);
}

std::string FormatGroupedNumber(double value) {
  const std::string plain = FormatNumber(value);
  const std::size_t begin = plain.front() == '-' ? 1 : 0;
  const std::size_t point = std::min(plain.find('.'), plain.size());
  std::string grouped = plain.substr(0, begin);
  for (std::size_t k = begin; k < point; ++k) {
    if (k > begin && (point - k) % 3 == 0) grouped += ',';
    grouped += plain[k];
  }
  return grouped + plain.substr(point);
}

}  // namespace torikumi::text
