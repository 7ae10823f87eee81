#ifndef TORIKUMI_TEXT_ENCODING_H_
#define TORIKUMI_TEXT_ENCODING_H_

#include <map>
#include <string>
#include <string_view>

#include "model/error.h"

namespace torikumi::text {

enum class Encoding { kUtf8, kCp932 };

// A text file's content as UTF-8: a view of the bytes it was read from when they were UTF-8
// already (so no copy of a large file is made), else what was converted from CP932.
struct DecodedText {
  Encoding source;
  std::string_view given;  // UTF-8, the BOM dropped
  std::string converted;   // from CP932

  std::string_view utf8() const { return source == Encoding::kUtf8 ? given : converted; }
};

// Reads the bytes of a text file as UTF-8 (a BOM is dropped) or, when they are not valid
// UTF-8, as CP932 (Windows-31J, what Excel writes as "CSV"). Fails, naming the line, on
// binary data or bytes that are neither. What it returns may view `bytes`, and is good
// while they are.
Result<DecodedText> DecodeText(std::string_view bytes);

// What EncodeCp932 substituted: each replaced character (UTF-8) with the number of times.
struct Cp932Substitutions {
  std::map<std::string, int> counts;
  int total = 0;
};

struct Cp932Text {
  std::string bytes;
  Cp932Substitutions substitutions;
};

// Encodes UTF-8 as CP932. Characters CP932 lacks are substituted, never dropped:
//   〜 U+301C → ～ U+FF5E     ‖ U+2016 → ∥ U+2225     − U+2212 → － U+FF0D
//   — U+2014 → ― U+2015     – U+2013 → － U+FF0D     ¢ £ ¬ → ￠ ￡ ￢
//   ↗ ↖ → ↑                 ↘ ↙ → ↓                 U+00A0 → space
//   anything else → 〓 (U+3013, the geta mark Japanese print uses for a missing character)
Cp932Text EncodeCp932(std::string_view utf8);

// The substitution of `substitutions` as a line for the user, e.g.
// "CP932 にない文字を 3 字置き換えました: ↗→↑ 2 字, 𠮷→〓 1 字"; "" when there were none.
std::string DescribeSubstitutions(const Cp932Substitutions& substitutions);

}  // namespace torikumi::text

#endif  // TORIKUMI_TEXT_ENCODING_H_
