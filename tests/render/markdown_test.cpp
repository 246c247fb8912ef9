#include "render/markdown.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

TEST(Markdown, SubheadingsAndParagraphs) {
  auto rendered = render_markdown("Lede here.\n\n## A subheading\n\nMore.\n");
  EXPECT_EQ(rendered.html, "<p>Lede here.</p>\n<h2>A subheading</h2>\n<p>More.</p>\n");
  EXPECT_EQ(rendered.lede, "Lede here.");
}

TEST(Markdown, RawHtmlIsNotPassedThrough) {
  auto rendered = render_markdown("<script>alert(1)</script>\n\nText <b onclick=x>bold</b>\n");
  EXPECT_EQ(rendered.html.find("<script"), std::string::npos);
  EXPECT_EQ(rendered.html.find("onclick"), std::string::npos);
}

TEST(Markdown, FrenchTypographyKeptAndCompleted) {
  auto kept = render_markdown("« Déjà\u00a0» : oui\n");
  EXPECT_EQ(kept.html, "<p>« Déjà\u00a0» : oui</p>\n") << "no smart punctuation by default";
  auto french = render_markdown("« Oui » : `a : b`\n", MarkdownOptions{.french_typography = true});
  EXPECT_EQ(french.html, "<p>«\u00a0Oui\u00a0»\u00a0: <code>a : b</code></p>\n")
      << "code is never touched";
}

TEST(Markdown, ShortenText) {
  EXPECT_EQ(shorten_text("short", 10), "short");
  EXPECT_EQ(shorten_text("one two three four", 10), "one two…");
}

}  // namespace
}  // namespace tribune
