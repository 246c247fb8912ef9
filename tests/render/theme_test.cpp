#include "render/theme.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace tribune {
namespace {

TEST(Theme, DefaultThemeRendersAndEscapes) {
  auto theme = Theme::load(std::nullopt);
  ASSERT_TRUE(theme.ok()) << theme.error().to_string();
  nlohmann::json view = {{"lang", "fr"},
                         {"dir", "ltr"},
                         {"page_title", "<Titre> & \"co\""},
                         {"error", {{"title", "<b>x</b>"}, {"text", "t"}, {"back", "b"}}}};
  auto html = theme->render_page("error", view);
  ASSERT_TRUE(html.ok());
  EXPECT_NE(html->find("<title>&lt;Titre&gt; &amp; &quot;co&quot;</title>"), std::string::npos);
  EXPECT_NE(html->find("<h1>&lt;b&gt;x&lt;/b&gt;</h1>"), std::string::npos);
  EXPECT_NE(html->find("<html lang=\"fr\" dir=\"ltr\">"), std::string::npos);
  EXPECT_TRUE(theme->asset("style.css").has_value());
}

TEST(Theme, ASiteFolderOverridesTemplatesAndAssets) {
  testing::TempDir dir;
  testing::write_text(dir / "error.mustache",
                      "<p class=\"mine\">{{#error}}{{title}}{{/error}}</p>");
  testing::write_text(dir / "style.css", "body{color:red}");
  auto theme = Theme::load(dir.path());
  ASSERT_TRUE(theme.ok());
  auto html = theme->render_page("error", {{"error", {{"title", "Oups"}}}});
  EXPECT_NE(html->find("<p class=\"mine\">Oups</p>"), std::string::npos);
  EXPECT_EQ(*theme->asset("style.css"), "body{color:red}");
}

TEST(Theme, PartialsRenderInTheirTagsContextOverriddenOrNot) {
  testing::TempDir dir;
  testing::write_text(
      dir / "error.mustache",
      "{{#error}}<ul>{{#items}}{{> _entry}}{{/items}}</ul>{{> _missing}}{{/error}}");
  testing::write_text(dir / "_entry.mustache", "<li>{{name}}{{> _entry_tail}}</li>");
  testing::write_text(dir / "_entry_tail.mustache", " ({{title}})");
  testing::write_text(dir / "_loop.mustache", "again {{> _loop}}");
  auto theme = Theme::load(dir.path());
  ASSERT_TRUE(theme.ok()) << theme.error().to_string();
  nlohmann::json view = {
      {"error", {{"title", "T"}, {"items", {{{"name", "a"}}, {{"name", "b"}}}}}}};
  // Rendered twice: the second render reuses the parsed template.
  for (int round = 0; round < 2; ++round) {
    auto html = theme->render_page("error", view);
    ASSERT_TRUE(html.ok());
    EXPECT_NE(html->find("<ul><li>a (T)</li><li>b (T)</li></ul>"), std::string::npos) << *html;
  }
  // A partial that includes itself stops after a few levels rather than looping.
  testing::write_text(dir / "error.mustache", "{{> _loop}}");
  auto looping = Theme::load(dir.path());
  ASSERT_TRUE(looping.ok());
  EXPECT_TRUE(looping->render_page("error", view).ok());
}

TEST(Theme, APartialsOwnDelimitersStayInsideIt) {
  testing::TempDir dir;
  testing::write_text(dir / "_other.mustache", "{{=<% %>=}}<b><%title%></b>");
  testing::write_text(dir / "error.mustache", "{{#error}}{{> _other}} {{title}}{{/error}}");
  auto theme = Theme::load(dir.path());
  ASSERT_TRUE(theme.ok()) << theme.error().to_string();
  auto html = theme->render_page("error", {{"error", {{"title", "T"}}}});
  ASSERT_TRUE(html.ok());
  EXPECT_NE(html->find("<b>T</b> T"), std::string::npos) << *html;
}

TEST(Theme, BrokenTemplateNamesItsFile) {
  testing::TempDir dir;
  testing::write_text(dir / "article.mustache", "{{#article}} never closed");
  auto theme = Theme::load(dir.path());
  ASSERT_FALSE(theme.ok());
  EXPECT_NE(theme.error().source.find("article.mustache"), std::string::npos);
}

}  // namespace
}  // namespace tribune
