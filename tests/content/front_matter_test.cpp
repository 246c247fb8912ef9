#include "content/front_matter.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/temp_dir.h"

namespace tribune {
namespace {

std::string read_seed() {
  std::ifstream in(testing::seed_article(), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

constexpr const char* kValid =
    "---\ntitle: \"Un titre\"\nauthor: \"A. Auteur\"\ncategory: [\"Blog\", \"Sécurité\"]\n"
    "date: 2026-01-05T08:00:00Z\n---\n\nLe texte.\n";

std::string without_line(std::string text, const std::string& prefix) {
  auto start = text.find("\n" + prefix);
  auto end = text.find('\n', start + 1);
  return text.erase(start, end - start);
}

TEST(FrontMatter, SeedArticleParses) {
  auto draft = parse_article_file(read_seed(), "article.md");
  ASSERT_TRUE(draft.ok()) << draft.error().to_string();
  EXPECT_EQ(draft->title,
            "Lutte contre le terrorisme\u00a0: Donald Trump propose son appui à Assimi Goïta");
  EXPECT_EQ(draft->author_name, "Sidi Modibo Coulibaly");
  EXPECT_EQ(draft->section_path, (std::vector<std::string>{"Blog", "Sécurité"}));
  EXPECT_EQ(draft->views, 155);
  EXPECT_EQ(draft->lang, "fr");
  EXPECT_EQ(format_iso8601(draft->published_at), "2025-07-11T09:00:00Z");
  EXPECT_TRUE(draft->body_markdown.starts_with("\nMoins de deux semaines"));
}

TEST(FrontMatter, OptionalFields) {
  std::string text = kValid;
  text.insert(text.find("---\n\n"),
              "tags: [\"sahel\", \"défense\"]\nviews: 3\nslug: mon-slug\ndraft: true\n");
  auto draft = parse_article_file(text, "a.md");
  ASSERT_TRUE(draft.ok()) << draft.error().to_string();
  EXPECT_EQ(draft->tags.size(), 2u);
  EXPECT_EQ(draft->slug, "mon-slug");
  EXPECT_TRUE(draft->draft);
  EXPECT_EQ(draft->views, 3);
}

TEST(FrontMatter, TheBodyIsMarkdownUnlessItsFormatSaysHtml) {
  auto markdown = parse_article_file(kValid, "a.md");
  ASSERT_TRUE(markdown.ok());
  EXPECT_EQ(markdown->body_format, BodyFormat::markdown);
  std::string text = kValid;
  text.insert(text.find("---\n\n"), "format: html\n");
  auto html = parse_article_file(text, "a.md");
  ASSERT_TRUE(html.ok()) << html.error().to_string();
  EXPECT_EQ(html->body_format, BodyFormat::html);
  text = kValid;
  text.insert(text.find("---\n\n"), "format: docx\n");
  auto refused = parse_article_file(text, "a.md");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "format");
}

TEST(FrontMatter, CorrectionIsOneLineOfText) {
  std::string text = std::string(kValid).insert(
      4, "correction: \"Le chiffre du chômage était de 7,4\u00a0%, non 7,9\u00a0%.\"\n");
  auto draft = parse_article_file(text, "a.md");
  ASSERT_TRUE(draft.ok()) << draft.error().to_string();
  EXPECT_EQ(draft->correction, "Le chiffre du chômage était de 7,4\u00a0%, non 7,9\u00a0%.");
  auto none = parse_article_file(kValid, "a.md");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->correction, "");

  // A line break (YAML's "\n" escape), a C1 control and a right-to-left override.
  for (const char* bad : {"\"Avant\\nAprès\"", "\"Texte\u0085suite\"", "\"Texte\u202Eesrevni\""}) {
    auto refused = parse_article_file(
        std::string(kValid).insert(4, std::string("correction: ") + bad + "\n"), "c.md");
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().field, "correction") << refused.error().to_string();
    EXPECT_NE(refused.error().message.find("U+"), std::string::npos) << refused.error().message;
  }
  // A list is not a correction.
  auto list = parse_article_file(std::string(kValid).insert(4, "correction: [a, b]\n"), "d.md");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().field, "correction");
}

struct BadCase {
  std::string name;
  std::string text;
  std::string field;
};

TEST(FrontMatter, BadInputNamesTheFileAndTheField) {
  std::vector<BadCase> cases = {
      {"missing title", without_line(kValid, "title:"), "title"},
      {"missing author", without_line(kValid, "author:"), "author"},
      {"missing date", without_line(kValid, "date:"), "date"},
      {"bad date",
       std::string(kValid).replace(std::string(kValid).find("2026-01-05"), 10, "05/01/2026"),
       "date"},
      {"unknown field", std::string(kValid).insert(4, "autor: x\n"), "autor"},
      {"bad views", std::string(kValid).insert(4, "views: many\n"), "views"},
      {"negative views", std::string(kValid).insert(4, "views: -4\n"), "views"},
      {"bad slug", std::string(kValid).insert(4, "slug: Not A Slug\n"), "slug"},
      {"bad lang", std::string(kValid).insert(4, "lang: French\n"), "lang"},
      {"bad draft", std::string(kValid).insert(4, "draft: perhaps\n"), "draft"},
      {"title list", std::string(kValid).insert(4, "description: [a, b]\n"), "description"},
      {"no front matter", "Just text\n", "front matter"},
      {"unclosed front matter", "---\ntitle: x\n", "front matter"},
      {"broken yaml", "---\ntitle: [unclosed\nauthor: x\n---\nbody\n", "front matter"},
      {"empty body", std::string(kValid).substr(0, std::string(kValid).find("Le texte")), "body"},
  };
  for (const BadCase& bad : cases) {
    auto draft = parse_article_file(bad.text, "articles/bad.md");
    ASSERT_FALSE(draft.ok()) << bad.name;
    EXPECT_EQ(draft.error().field, bad.field) << bad.name << ": " << draft.error().to_string();
    EXPECT_EQ(draft.error().source, "articles/bad.md") << bad.name;
    EXPECT_EQ(draft.error().to_string().find('\n'), std::string::npos) << "one line";
  }
}

TEST(FrontMatter, WithoutCategoryTheSectionIsLeftToTheImporter) {
  auto draft = parse_article_file(without_line(kValid, "category:"), "a.md");
  ASSERT_TRUE(draft.ok()) << draft.error().to_string();
  EXPECT_TRUE(draft->section_path.empty());
}

TEST(FrontMatter, AnUnclosedQuoteIsBlamedOnItsFieldAndLine) {
  std::string text = kValid;
  std::size_t title = text.find("title: \"");
  ASSERT_NE(title, std::string::npos);
  std::size_t close = text.find("\"\n", title);
  text.erase(close, 1);  // the title's closing quote
  auto draft = parse_article_file(text, "a.md");
  ASSERT_FALSE(draft.ok());
  EXPECT_EQ(draft.error().field, "title") << draft.error().to_string();
  EXPECT_NE(draft.error().message.find("line 2:"), std::string::npos) << draft.error().message;
  EXPECT_NE(draft.error().message.find("never closed"), std::string::npos);

  // Single quotes too, and a value at the end of the block; a quoted value that goes on over
  // indented lines is YAML's, and fine.
  auto single =
      parse_article_file(std::string(kValid).insert(4, "description: 'l''avis du jury\n"), "b.md");
  ASSERT_FALSE(single.ok());
  EXPECT_EQ(single.error().field, "description") << single.error().to_string();
  auto last = parse_article_file("---\ntitle: \"x\n---\n\nTexte.\n", "c.md");
  ASSERT_FALSE(last.ok());
  EXPECT_EQ(last.error().field, "title") << last.error().to_string();
  auto folded = parse_article_file(
      std::string(kValid).insert(4, "description: \"une longue\n  description\"\n"), "d.md");
  ASSERT_TRUE(folded.ok()) << folded.error().to_string();
  EXPECT_EQ(folded->description, "une longue description");
}

TEST(FrontMatter, NonUtf8ByteIsRefused) {
  std::string text = kValid;
  text.insert(text.find("Le texte"), "\xC3\x28");
  auto draft = parse_article_file(text, "latin1.md");
  ASSERT_FALSE(draft.ok());
  EXPECT_NE(draft.error().message.find("UTF-8"), std::string::npos);
  EXPECT_EQ(draft.error().source, "latin1.md");
}

}  // namespace
}  // namespace tribune

namespace tribune {
namespace {

TEST(PageFrontMatter, APageTakesItsPathFromItsTitleUnlessGiven) {
  auto about =
      parse_page_file("---\ntitle: \"À propos de nous\"\nposition: 2\n---\n\nTexte.\n", "about.md");
  ASSERT_TRUE(about.ok()) << about.error().to_string();
  EXPECT_EQ(about->path, "a-propos-de-nous");
  EXPECT_EQ(about->position, 2);
  EXPECT_EQ(about->body_source, "\nTexte.\n");
  auto team = parse_page_file(
      "---\ntitle: \"Équipe\"\npath: a-propos/equipe\nlang: fr\ndraft: true\n---\n\nNous.\n",
      "team.md");
  ASSERT_TRUE(team.ok()) << team.error().to_string();
  EXPECT_EQ(team->path, "a-propos/equipe");
  EXPECT_TRUE(team->draft);
}

TEST(PageFrontMatter, BadInputNamesTheField) {
  struct Case {
    const char* text;
    const char* field;
  };
  const Case cases[] = {
      {"---\npath: a\n---\n\nTexte.\n", "title"},
      {"---\ntitle: \"A\"\npath: \"../etc\"\n---\n\nTexte.\n", "path"},
      {"---\ntitle: \"A\"\npath: \"a//b\"\n---\n\nTexte.\n", "path"},
      {"---\ntitle: \"A\"\npath: \"/a\"\n---\n\nTexte.\n", "path"},
      {"---\ntitle: \"A\"\nposition: deux\n---\n\nTexte.\n", "position"},
      {"---\ntitle: \"A\"\nauthor: \"B\"\n---\n\nTexte.\n", "author"},  // pages have no byline
      {"---\ntitle: \"A\"\n---\n\n", "body"},
  };
  for (const Case& bad : cases) {
    auto page = parse_page_file(bad.text, "page.md");
    ASSERT_FALSE(page.ok()) << bad.text;
    EXPECT_EQ(page.error().field, bad.field) << bad.text;
    EXPECT_EQ(page.error().source, "page.md");
  }
}

}  // namespace
}  // namespace tribune
