#include "web/html.h"

#include <gtest/gtest.h>

namespace torikumi::web {
namespace {

TEST(Html, EscapesTextAndAttributeValues) {
  Html h;
  h.Open("a", {{"href", "/x?a=1&b=\"2\""}}).Text("<script>alert('x')</script>").Close("a");
  EXPECT_EQ(
      h.str(),
      "<a href=\"/x?a=1&amp;b=&quot;2&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</a>");
}

TEST(Html, MultilineTextBreaksLinesOnly) {
  Html h;
  h.MultilineText("a<b\nc");
  EXPECT_EQ(h.str(), "a&lt;b<br>c");
}

}  // namespace
}  // namespace torikumi::web
