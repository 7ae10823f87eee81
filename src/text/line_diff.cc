#include "text/line_diff.h"

#include <algorithm>

namespace torikumi::text {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  if (text.empty()) return lines;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

}  // namespace

std::vector<DiffLine> DiffLines(std::string_view before, std::string_view after) {
  const auto a = Lines(before);
  const auto b = Lines(after);
  // lcs[i][j]: the common subsequence length of a[i..] and b[j..]. Texts of a sheet's cell
  // are a few dozen lines, so the quadratic table is small.
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<DiffLine> diff;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      diff.push_back({DiffLine::Kind::kSame, std::string(a[i])});
      ++i;
      ++j;
    } else if (j == b.size() || (i < a.size() && lcs[i + 1][j] >= lcs[i][j + 1])) {
      diff.push_back({DiffLine::Kind::kRemoved, std::string(a[i++])});
    } else {
      diff.push_back({DiffLine::Kind::kAdded, std::string(b[j++])});
    }
  }
  return diff;
}

}  // namespace torikumi::text
