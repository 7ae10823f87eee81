#include "text/cell.h"

#include <gtest/gtest.h>

namespace torikumi::text {
namespace {

using Paragraphs = std::vector<std::string>;

TEST(Cell, SplitsParagraphsAndIgnoresSpaceBetweenThem) {
  EXPECT_EQ(CellParagraphs("<p>4月:a</p> <p>5月:b</p>"), (Paragraphs{"4月:a", "5月:b"}));
}

TEST(Cell, LineBreaksSeparateParagraphs) {
  EXPECT_EQ(CellParagraphs("a<br>b<BR/>c<br />d"), (Paragraphs{"a", "b", "c", "d"}));
  EXPECT_EQ(CellParagraphs("a\r\nb\nc"), (Paragraphs{"a", "b", "c"}));
}

TEST(Cell, DropsInlineTagsAndDecodesEntities) {
  EXPECT_EQ(CellParagraphs("<span style=\"color:red\">A&amp;B &lt;C&gt; &#x2460;&#9312;</span>"),
            (Paragraphs{"A&B <C> ①①"}));
}

TEST(Cell, KeepsTextThatOnlyLooksLikeMarkup) {
  EXPECT_EQ(CellParagraphs("1 < 2 & 3 > 2 &unknown;"), (Paragraphs{"1 < 2 & 3 > 2 &unknown;"}));
}

TEST(Cell, TrimsFullWidthSpacesAndDropsEmptyParagraphs) {
  EXPECT_EQ(CellParagraphs("<p>　本文　</p><p> </p>"), (Paragraphs{"本文"}));
}

// Found by the cell fuzzer: an encoded carriage return used to stay inside a paragraph
// and split it only when the cell was written back.
TEST(Cell, EncodedLineBreaksBreakLinesAndControlsAreDropped) {
  EXPECT_EQ(CellParagraphs("a&#xd;b&#10;c"), (Paragraphs{"a", "b", "c"}));
  static constexpr char kControls[] = "a\0b&#1;c\x7f";
  EXPECT_EQ(CellParagraphs(std::string(kControls, sizeof kControls - 1)), (Paragraphs{"abc"}));
  static constexpr char kFound[] = "<pAgt; &#x\xf8;30142&a\0g&gt; &#xd;30142b60>";
  const auto paragraphs = CellParagraphs(std::string(kFound, sizeof kFound - 1));
  EXPECT_EQ(CellParagraphs(ParagraphsToCellHtml(paragraphs)), paragraphs);
}

TEST(Cell, HtmlRoundTrips) {
  const Paragraphs paragraphs{"<script>alert(1)</script>", "A&amp;B", "\"q\""};
  EXPECT_EQ(CellParagraphs(ParagraphsToCellHtml(paragraphs)), paragraphs);
}

}  // namespace
}  // namespace torikumi::text
