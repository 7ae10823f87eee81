#include "web/multipart.h"

#include <gtest/gtest.h>

namespace torikumi::web {
namespace {

TEST(Multipart, SplitsFieldsAndFiles) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntoken\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"シート.tsv\"\r\n"
      "Content-Type: text/tab-separated-values\r\n\r\na\tb\r\nc\r\n--XyZ--\r\n";
  auto parts = ParseMultipart("multipart/form-data; boundary=XyZ", body);
  ASSERT_TRUE(parts.ok());
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "csrf");
  EXPECT_EQ((*parts)[0].content, "token");
  EXPECT_EQ((*parts)[1].file_name, "シート.tsv");
  EXPECT_EQ((*parts)[1].content, "a\tb\r\nc");
}

TEST(Multipart, RefusesWhatIsMalformed) {
  EXPECT_FALSE(ParseMultipart("multipart/form-data", "--x\r\n").ok());
  EXPECT_FALSE(ParseMultipart("multipart/form-data; boundary=x", "nope").ok());
  EXPECT_FALSE(
      ParseMultipart("multipart/form-data; boundary=x",
                     "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nnever closed")
          .ok());
  EXPECT_FALSE(ParseMultipart("text/plain; boundary=x", "--x--").ok());
}

}  // namespace
}  // namespace torikumi::web
