#ifndef TORIKUMI_TEXT_WIDTH_H_
#define TORIKUMI_TEXT_WIDTH_H_

#include <string_view>

namespace torikumi::text {

// The width of `s` in columns as Japanese text is set: wide and full-width characters
// (kanji, kana, 、。, ～, full-width digits) and East Asian ambiguous ones (○, ※, →) take 2,
// the others 1. Line breaks count nothing.
int DisplayWidth(std::string_view s);

}  // namespace torikumi::text

#endif  // TORIKUMI_TEXT_WIDTH_H_
