#include "text/search.h"

#include <gtest/gtest.h>

namespace torikumi::text {
namespace {

TEST(Search, IndexesBigramsOfFoldedRuns) {
  EXPECT_EQ(SearchTokens("防災計画"), "防災 災計 計画 画");
  EXPECT_EQ(SearchTokens("ＡＩ、DX"), "ai i dx x");
}

TEST(Search, QueryWordsBecomePhrasesOfBigrams) {
  auto phrases = SearchPhrases("防災計画 福祉");
  ASSERT_EQ(phrases.size(), 2u);
  EXPECT_EQ(phrases[0].tokens, (std::vector<std::string>{"防災", "災計", "計画"}));
  EXPECT_EQ(phrases[1].tokens, (std::vector<std::string>{"福祉"}));
}

TEST(Search, OneCharacterWordIsAPrefix) {
  auto phrases = SearchPhrases("市");
  ASSERT_EQ(phrases.size(), 1u);
  EXPECT_TRUE(phrases[0].prefix);
}

TEST(Search, PunctuationOnlyQueryHasNoPhrases) {
  EXPECT_TRUE(SearchPhrases("「」、。\"*").empty());
}

}  // namespace
}  // namespace torikumi::text
