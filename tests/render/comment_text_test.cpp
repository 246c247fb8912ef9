#include "render/comment_text.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

TEST(CommentText, ParagraphsAndLineBreaks) {
  EXPECT_EQ(comment_text_html("Bonjour,\r\nmerci.\n\n\nÀ bientôt"),
            "<p>Bonjour,<br>merci.</p>\n<p>À bientôt</p>\n");
  EXPECT_EQ(comment_text_html(""), "");
}

TEST(CommentText, EverythingIsEscaped) {
  EXPECT_EQ(comment_text_html("<script>alert('x')</script> & \"q\""),
            "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</p>\n");
}

TEST(CommentText, AddressesBecomeLinksThatPassNothing) {
  EXPECT_EQ(comment_text_html("Voir https://example.org/a?b=1&c=2."),
            "<p>Voir <a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow ugc "
            "noopener\">https://example.org/a?b=1&amp;c=2</a>.</p>\n");
  EXPECT_EQ(comment_text_html("javascript:alert(1) httpx://a"),
            "<p>javascript:alert(1) httpx://a</p>\n");
  EXPECT_EQ(comment_text_html("https://\"onmouseover=alert(1)"),
            "<p>https://&quot;onmouseover=alert(1)</p>\n");
}

TEST(CommentText, WebAddresses) {
  EXPECT_TRUE(is_web_address("https://sahel.example/"));
  EXPECT_FALSE(is_web_address("javascript:alert(1)"));
  EXPECT_FALSE(is_web_address("https:///x"));
  EXPECT_FALSE(is_web_address("http://a b"));
  EXPECT_FALSE(is_web_address("data:text/html,<b>"));
}

}  // namespace
}  // namespace tribune
