#include "text/search.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <vector>

#include "text/utf8.h"

namespace torikumi::text {
namespace {

icu::UnicodeString FoldToUnicode(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::UnicodeString source =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), int32_t(text.size())));
  status = U_ZERO_ERROR;
  return nfkc_cf->normalize(source, status);
}

std::u32string Fold(std::string_view text) {
  const icu::UnicodeString folded = FoldToUnicode(text);
  std::u32string out;
  out.reserve(folded.length());
  for (int32_t i = 0; i < folded.length();) {
    const UChar32 c = folded.char32At(i);
    out += static_cast<char32_t>(c);
    i += U16_LENGTH(c);
  }
  return out;
}

}  // namespace

std::string FoldForMatching(std::string_view text) {
  std::string out;
  FoldToUnicode(text).toUTF8String(out);
  return out;
}

namespace {

bool IsWordCharacter(char32_t c) { return u_isalnum(static_cast<UChar32>(c)) || c == 0x30fc; }

// Calls `on_run` for each maximal run of word characters of the folded `text`.
template <typename OnRun>
void ForEachRun(std::string_view text, OnRun on_run) {
  const std::u32string folded = Fold(text);
  std::size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && !IsWordCharacter(folded[i])) ++i;
    const std::size_t start = i;
    while (i < folded.size() && IsWordCharacter(folded[i])) ++i;
    if (i > start) on_run(std::u32string_view(folded).substr(start, i - start));
  }
}

std::string ToUtf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) AppendUtf8(out, c);
  return out;
}

}  // namespace

std::string SearchTokens(std::string_view text) {
  std::string tokens;
  tokens.reserve(text.size() * 3);
  std::string utf8;  // one run in UTF-8, and where each of its characters begins
  std::vector<std::size_t> starts;
  ForEachRun(text, [&](std::u32string_view run) {
    utf8.clear();
    starts.clear();
    for (char32_t c : run) {
      starts.push_back(utf8.size());
      AppendUtf8(utf8, c);
    }
    starts.push_back(utf8.size());
    // Each bigram, then the last character: byte ranges of the run, copied once.
    for (std::size_t i = 0; i < run.size(); ++i) {
      if (!tokens.empty()) tokens += ' ';
      const std::size_t end = starts[std::min(i + 2, run.size())];
      tokens.append(utf8, starts[i], end - starts[i]);
    }
  });
  return tokens;
}

std::vector<SearchPhrase> SearchPhrases(std::string_view query) {
  std::vector<SearchPhrase> phrases;
  ForEachRun(query, [&](std::u32string_view run) {
    SearchPhrase phrase;
    if (run.size() == 1) {
      phrase.tokens.push_back(ToUtf8(run));
      phrase.prefix = true;
    } else {
      for (std::size_t i = 0; i + 1 < run.size(); ++i)
        phrase.tokens.push_back(ToUtf8(run.substr(i, 2)));
    }
    phrases.push_back(std::move(phrase));
  });
  return phrases;
}

}  // namespace torikumi::text
