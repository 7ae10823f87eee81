#include "text/encoding.h"

#include <gtest/gtest.h>

namespace torikumi::text {
namespace {

TEST(Encoding, ReadsUtf8AndDropsTheBom) {
  auto decoded = DecodeText("\xEF\xBB\xBF取組");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->utf8(), "取組");
  EXPECT_EQ(decoded->source, Encoding::kUtf8);
}

TEST(Encoding, ReadsCp932) {
  // "取組～" in CP932: the wave dash 0x8160 reads as U+FF5E.
  auto decoded = DecodeText("\x8E\xE6\x91\x67\x81\x60");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->utf8(), "取組～");
  EXPECT_EQ(decoded->source, Encoding::kCp932);
}

TEST(Encoding, RefusesBytesInNoKnownEncodingNamingTheLine) {
  auto decoded = DecodeText("line1\nline2\n\xFF\xFF\xFF\n");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().where().line, 3);
}

TEST(Encoding, RefusesBinaryData) {
  EXPECT_FALSE(DecodeText(std::string("PK\x03\x04\0\0", 6)).ok());
}

TEST(Encoding, Cp932RoundTripsWhatItCanHold) {
  const std::string text = "取組実施プロセスシート ①～→↑↓ ㈱ 髙";
  Cp932Text encoded = EncodeCp932(text);
  EXPECT_EQ(encoded.substitutions.total, 0);
  auto decoded = DecodeText(encoded.bytes);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->utf8(), text);
}

// Found by fuzzing (fuzz/cp932_fuzzer.cc): ICU's table swaps 0x1A, 0x1C and 0x7F, so a CP932
// file's DEL read as U+001A and an exported DEL came back as another character.
TEST(Encoding, Cp932ReadsControlCodesAsThemselves) {
  auto decoded = DecodeText("\x8E\xE6\x7F\x1A\x1C\x91\x67");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->source, Encoding::kCp932);
  EXPECT_EQ(decoded->utf8(), "取\x7F\x1A\x1C組");
  EXPECT_EQ(DecodeText(EncodeCp932(decoded->utf8()).bytes)->utf8(), decoded->utf8());
  // Still no trail byte: a lead byte before one of them is refused as before.
  EXPECT_FALSE(DecodeText("\x8E\x7F").ok());
}

TEST(Encoding, Cp932SubstitutesAndCountsWhatItLacks) {
  Cp932Text encoded = EncodeCp932("↗〜↘𠮷");
  EXPECT_EQ(encoded.substitutions.total, 4);
  EXPECT_EQ(encoded.substitutions.counts.at("↗→↑"), 1);
  EXPECT_EQ(encoded.substitutions.counts.at("𠮷→〓"), 1);
  EXPECT_EQ(DecodeText(encoded.bytes)->utf8(), "↑～↓〓");
  EXPECT_NE(DescribeSubstitutions(encoded.substitutions).find("4 字"), std::string::npos);
}

}  // namespace
}  // namespace torikumi::text
