#ifndef TORIKUMI_TEXT_SCANNER_H_
#define TORIKUMI_TEXT_SCANNER_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace torikumi::text {

// A cursor over UTF-8 text for the small fixed patterns of a sheet's cells: month sets,
// goal headings, numbered titles. Digits may be ASCII or full-width; spaces are ' ', tab and
// the ideographic space. A scanner is a value: copy it to try a pattern, and keep the copy
// when it matched.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::string_view rest() const { return text_.substr(pos_); }
  std::size_t pos() const { return pos_; }
  void Reset(std::size_t pos) { pos_ = pos; }
  void Advance(std::size_t bytes) { pos_ += bytes; }

  // Moves past `token` when the rest starts with it.
  bool Consume(std::string_view token);
  template <std::size_t N>
  bool ConsumeAny(const std::array<std::string_view, N>& tokens) {
    for (std::string_view token : tokens) {
      if (Consume(token)) return true;
    }
    return false;
  }
  void SkipSpaces();

  // The digit at the cursor (0–9), moving past it; nullopt, unmoved, for anything else.
  std::optional<int> Digit();
  // An integer of at most `max_digits` digits; nullopt, unmoved, without a digit.
  std::optional<int> Integer(int max_digits);
  // Digits with an optional decimal part (. or ．), as ASCII: "12.5"; nullopt, unmoved,
  // without a digit.
  std::optional<std::string> Decimal();

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace torikumi::text

#endif  // TORIKUMI_TEXT_SCANNER_H_
