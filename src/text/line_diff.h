#ifndef TORIKUMI_TEXT_LINE_DIFF_H_
#define TORIKUMI_TEXT_LINE_DIFF_H_

#include <string>
#include <string_view>
#include <vector>

namespace torikumi::text {

// A line-by-line difference of two texts, for showing what an edit changed.
struct DiffLine {
  enum class Kind { kSame, kRemoved, kAdded };
  Kind kind;
  std::string text;
};

// The lines of `after` against `before` by their longest common subsequence: removed lines
// come before the added lines that replace them.
std::vector<DiffLine> DiffLines(std::string_view before, std::string_view after);

}  // namespace torikumi::text

#endif  // TORIKUMI_TEXT_LINE_DIFF_H_
