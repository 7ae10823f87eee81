#ifndef TORIKUMI_TEXT_SEARCH_H_
#define TORIKUMI_TEXT_SEARCH_H_

#include <string>
#include <string_view>
#include <vector>

namespace torikumi::text {

// Japanese full-text search by character bigrams. Japanese has no spaces between words, and
// word-based or trigram indexes cannot find the many two-character words (防災, 福祉), so
// text is folded (NFKC, case-folded: ＡＩ = ai) and each run of letters and digits is indexed
// as its overlapping bigrams plus its last character. Both storage backends index these
// tokens; a query word then is the phrase of its own bigrams.

// `text` in NFKC with case folding, as ICU defines it for matching ("nfkc_cf"): "ＡＤＭＩＮ"
// and "Admin" are "admin".
std::string FoldForMatching(std::string_view text);

// The index tokens of `text`, separated by spaces: "防災計画" → "防災 災計 計画 画".
std::string SearchTokens(std::string_view text);

// One query word as a phrase of index tokens that must appear consecutively. A
// one-character word is a single token matched as a prefix.
struct SearchPhrase {
  std::vector<std::string> tokens;
  bool prefix = false;
};

// The phrases of a user's query: words separated by spaces, each split further at
// punctuation. Every phrase must match. Empty when the query has no letters or digits.
std::vector<SearchPhrase> SearchPhrases(std::string_view query);

}  // namespace torikumi::text

#endif  // TORIKUMI_TEXT_SEARCH_H_
