// Round trips through the exports: the newsroom's WordPress export imported, exported again
// (WXR, then Markdown) and imported into an empty site gives the same site, compared through
// the store; the WXR written is valid XML that Tribune's own reader reads.
#include "wordpress/wxr_export.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "content/front_matter.h"
#include "site/importer.h"
#include "site/markdown_export.h"
#include "store/sqlite/sqlite_store.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "wordpress/wxr_import.h"
#include "wordpress/wxr_reader.h"

namespace tribune {
namespace {

constexpr UnixSeconds kNow = 1767225600;  // 2026-01-01: the fixture's 2030 post is scheduled

std::filesystem::path newsroom() {
  return std::filesystem::path(TRIBUNE_FIXTURES) / "wordpress" / "newsroom.wxr";
}

std::unique_ptr<Store> empty_store(const std::filesystem::path& dir) {
  auto store = open_sqlite_store(dir / "tribune.db");
  EXPECT_TRUE(store.ok()) << store.error().to_string();
  return std::move(*store);
}

WxrImportOptions import_options() {
  WxrImportOptions options;
  options.now = kNow;
  return options;
}

WxrExportOptions export_options() {
  WxrExportOptions options;
  options.site_url = "https://fleuve.example";
  options.title = "Le Fleuve Tribune";
  options.language = "fr";
  options.permalink = "/%year%/%monthnum%/%day%/%postname%/";
  options.timezone = "Africa/Bamako";
  options.now = kNow;
  return options;
}

// Every article but the trash's, by slug, with body, sections and tags.
std::map<std::string, Article> articles_of(Store& store) {
  std::map<std::string, Article> by_slug;
  ArticleFilter filter;
  filter.limit = 1000;
  auto page = store.find_articles(filter);
  EXPECT_TRUE(page.ok());
  for (const DeskEntry& entry : page->articles) {
    auto article = store.article_for_editing(entry.id);
    EXPECT_TRUE(article.ok());
    by_slug[article->slug] = *article;
  }
  return by_slug;
}

std::vector<std::string> section_names(const Article& article) {
  std::vector<std::string> names;
  for (const Section& section : article.sections) names.push_back(section.name);
  return names;
}

std::vector<std::string> tag_names(const Article& article) {
  std::vector<std::string> names;
  for (const Tag& tag : article.tags) names.push_back(tag.name);
  std::sort(names.begin(), names.end());
  return names;
}

// An article's comments in one status as "author: body" lines, sorted.
std::vector<std::string> comments_of(Store& store, Id article_id, CommentStatus status) {
  auto comments = store.comments(article_id, status);
  EXPECT_TRUE(comments.ok());
  std::vector<std::string> lines;
  for (const Comment& comment : *comments) {
    lines.push_back(comment.author_name + " <" + comment.author_email + "> " + comment.author_url +
                    ": " + comment.body + (comment.parent_id ? " (reply)" : ""));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

// What the WXR reader finds in a file, counted.
struct Counter : WxrVisitor {
  WxrSite found_site;
  int authors = 0, categories = 0, tags = 0;
  std::map<std::string, int> items;      // by post type
  std::map<std::string, WxrItem> posts;  // by post_name
  Status site(const WxrSite& site) override {
    found_site = site;
    return Ok{};
  }
  Status author(const WxrAuthor&) override {
    ++authors;
    return Ok{};
  }
  Status term(const WxrTerm& term) override {
    ++(term.kind == WxrTermKind::category ? categories : tags);
    return Ok{};
  }
  Status item(WxrItem&& item) override {
    ++items[item.post_type];
    if (item.post_type == "post") posts[item.post_name] = std::move(item);
    return Ok{};
  }
};

class ExportRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    original_ = empty_store(first_.path());
    auto imported = import_wxr(*original_, newsroom(), import_options());
    ASSERT_TRUE(imported.ok()) << imported.error().to_string();
  }
  testing::TempDir first_, second_, files_;
  std::unique_ptr<Store> original_;
};

TEST_F(ExportRoundTrip, WxrIsValidXmlThatTheReaderReadsWithEveryItem) {
  const auto file = files_ / "export.xml";
  auto exported = export_wxr_file(*original_, file, export_options());
  ASSERT_TRUE(exported.ok()) << exported.error().to_string();
  EXPECT_FALSE(std::filesystem::exists(file.string() + ".tmp"));
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  auto lint = testing::run_program({"/usr/bin/xmllint", "--noout", file.string()});
  EXPECT_EQ(lint.exit_code, 0) << lint.err;

  Counter counter;
  ASSERT_TRUE(read_wxr(file, counter).ok());
  EXPECT_EQ(counter.found_site.wxr_version, "1.2");
  EXPECT_EQ(counter.found_site.base_site_url, "https://fleuve.example");
  const auto articles = articles_of(*original_);
  auto sections = original_->sections();
  auto tags = original_->tags();
  auto authors = original_->authors();
  auto pages = original_->static_pages();
  auto media = original_->wordpress_media();
  EXPECT_EQ(counter.authors, static_cast<int>(authors->size()));
  EXPECT_EQ(counter.categories, static_cast<int>(sections->size()));
  EXPECT_EQ(counter.tags, static_cast<int>(tags->size()));
  EXPECT_EQ(counter.items["post"], static_cast<int>(articles.size()));
  EXPECT_EQ(counter.items["page"], static_cast<int>(pages->size()));
  EXPECT_EQ(counter.items["attachment"], static_cast<int>(media->size()));
  EXPECT_EQ(exported->articles, static_cast<int>(articles.size()));
  ASSERT_GE(articles.size(), 5u);

  for (const auto& [slug, article] : articles) {
    ASSERT_TRUE(counter.posts.count(slug)) << slug;
    const WxrItem& item = counter.posts.at(slug);
    auto origin = original_->wordpress_origin(article.id);
    EXPECT_EQ(item.post_id, origin->wp_id) << slug << ": keeps its WordPress id";
    EXPECT_EQ(item.title, article.title);
    EXPECT_EQ(item.creator, article.author.slug);
    EXPECT_EQ(item.date_gmt, article.published_at);
    EXPECT_NE(item.content.find(article.body_markdown), std::string::npos) << slug;
    EXPECT_NE(item.link.find("/" + slug + "/"), std::string::npos) << item.link;
    const std::string expected_status = article.state == ArticleState::draft         ? "draft"
                                        : article.state == ArticleState::unpublished ? "private"
                                        : article.published_at > kNow                ? "future"
                                                                                     : "publish";
    EXPECT_EQ(item.status, expected_status) << slug;
    bool has_views = false;
    for (const auto& [key, value] : item.meta) {
      if (key == "views") has_views = value == std::to_string(article.views);
      if (key == "_thumbnail_id") {
        EXPECT_EQ(value, std::to_string(origin->featured_attachment));
      }
    }
    EXPECT_TRUE(has_views) << slug;
    std::size_t comments = 0;
    for (CommentStatus status : {CommentStatus::pending, CommentStatus::approved,
                                 CommentStatus::spam, CommentStatus::trash}) {
      comments += original_->comments(article.id, status)->size();
    }
    EXPECT_EQ(item.comments.size(), comments) << slug;
  }
}

TEST_F(ExportRoundTrip, WxrImportedIntoAnEmptySiteGivesTheSameSite) {
  const auto file = files_ / "export.xml";
  ASSERT_TRUE(export_wxr_file(*original_, file, export_options()).ok());
  auto copy = empty_store(second_.path());
  auto imported = import_wxr(*copy, file, import_options());
  ASSERT_TRUE(imported.ok()) << imported.error().to_string();

  const auto before = articles_of(*original_);
  const auto after = articles_of(*copy);
  ASSERT_EQ(before.size(), after.size());
  for (const auto& [slug, article] : before) {
    ASSERT_TRUE(after.count(slug)) << slug;
    const Article& again = after.at(slug);
    EXPECT_EQ(again.title, article.title) << slug;
    EXPECT_EQ(again.state, article.state) << slug;
    EXPECT_EQ(again.published_at, article.published_at) << slug;
    EXPECT_EQ(again.body_html, article.body_html) << slug;
    EXPECT_EQ(again.description, article.description) << slug;
    EXPECT_EQ(again.views, article.views) << slug;
    EXPECT_EQ(again.comments_closed, article.comments_closed) << slug;
    EXPECT_EQ(section_names(again), section_names(article)) << slug;
    EXPECT_EQ(tag_names(again), tag_names(article)) << slug;
    EXPECT_EQ(again.author.name, article.author.name) << slug;
    EXPECT_EQ(again.author.slug, article.author.slug) << slug;
    EXPECT_EQ(again.lang, article.lang) << slug;
    for (CommentStatus status : {CommentStatus::pending, CommentStatus::approved,
                                 CommentStatus::spam, CommentStatus::trash}) {
      EXPECT_EQ(comments_of(*copy, again.id, status), comments_of(*original_, article.id, status))
          << slug << " " << comment_status_name(status);
    }
    EXPECT_EQ(copy->wordpress_origin(again.id)->featured_attachment,
              original_->wordpress_origin(article.id)->featured_attachment);
  }

  auto pages_before = original_->static_pages();
  auto pages_after = copy->static_pages();
  ASSERT_EQ(pages_before->size(), pages_after->size());
  ASSERT_FALSE(pages_before->empty());
  for (std::size_t i = 0; i < pages_before->size(); ++i) {
    const StaticPage& page = (*pages_before)[i];
    const StaticPage& again = (*pages_after)[i];
    EXPECT_EQ(again.path, page.path);
    EXPECT_EQ(again.title, page.title);
    EXPECT_EQ(again.body_html, page.body_html) << page.path;
    EXPECT_EQ(again.draft, page.draft);
    EXPECT_EQ(again.position, page.position);
  }
  auto media_before = original_->wordpress_media();
  auto media_after = copy->wordpress_media();
  ASSERT_EQ(media_before->size(), media_after->size());
  for (std::size_t i = 0; i < media_before->size(); ++i) {
    EXPECT_EQ((*media_after)[i].wp_id, (*media_before)[i].wp_id);
    EXPECT_EQ((*media_after)[i].parent_wp_id, (*media_before)[i].parent_wp_id);
    EXPECT_EQ((*media_after)[i].url, (*media_before)[i].url);
    EXPECT_EQ((*media_after)[i].alt, (*media_before)[i].alt);
    EXPECT_EQ((*media_after)[i].caption, (*media_before)[i].caption);
  }
}

TEST_F(ExportRoundTrip, MarkdownImportedIntoAnEmptySiteGivesTheSameArticles) {
  const auto dir = files_ / "markdown";
  auto exported = export_markdown(*original_, dir, kNow);
  ASSERT_TRUE(exported.ok()) << exported.error().to_string();
  EXPECT_GT(exported->pages, 0);
  EXPECT_TRUE(std::filesystem::exists(dir / "pages" / "a-propos.md"));

  // The articles are under articles/, a folder the Markdown import reads whole; pages/ holds
  // the static pages, which it does not read.
  auto files = markdown_files({dir / "articles"});
  ASSERT_TRUE(files.ok()) << files.error().to_string();
  auto copy = empty_store(second_.path());
  ImportOptions options;
  options.default_lang = "en";  // every file names its language: none falls back to this
  options.now = kNow;
  auto imported = import_markdown_files(*copy, *files, options);
  ASSERT_TRUE(imported.ok()) << imported.error().to_string();

  const auto before = articles_of(*original_);
  const auto after = articles_of(*copy);
  ASSERT_EQ(before.size(), after.size());
  EXPECT_EQ(exported->articles, static_cast<int>(before.size()));
  for (const auto& [slug, article] : before) {
    ASSERT_TRUE(after.count(slug)) << slug;
    const Article& again = after.at(slug);
    EXPECT_EQ(again.title, article.title) << slug;
    EXPECT_EQ(again.body_html, article.body_html) << slug;
    EXPECT_EQ(again.body_markdown, article.body_markdown) << slug;
    EXPECT_EQ(again.body_format, article.body_format) << slug;
    EXPECT_EQ(again.views, article.views) << slug;
    EXPECT_EQ(again.published_at, article.published_at) << slug;
    EXPECT_EQ(again.description, article.description) << slug;
    EXPECT_EQ(again.comments_closed, article.comments_closed) << slug;
    EXPECT_EQ(section_names(again), section_names(article)) << slug;
    EXPECT_EQ(tag_names(again), tag_names(article)) << slug;
    EXPECT_EQ(again.author.name, article.author.name) << slug;
    EXPECT_EQ(again.lang, article.lang) << slug;
    EXPECT_EQ(again.state == ArticleState::published, article.state == ArticleState::published)
        << slug;
  }
}

TEST_F(ExportRoundTrip, MarkdownRefusesAFolderWithFilesInIt) {
  testing::write_text(files_ / "notes.txt", "earlier work");
  auto exported = export_markdown(*original_, files_.path(), kNow);
  ASSERT_FALSE(exported.ok());
  EXPECT_EQ(exported.error().code, Errc::conflict);
  EXPECT_NE(exported.error().to_string().find("not empty"), std::string::npos);
}

// A title YAML would read as something else (null, a boolean, a number) and text with quotes,
// colons and line breaks come back as they were.
TEST(MarkdownExport, FrontMatterQuotesWhatYamlWouldMisread) {
  Article article;
  article.title = "null";
  article.translation_of = "true";
  article.author.name = "Awa \"la\" Diallo: reporter";
  article.sections = {Section{1, std::nullopt, "yes", "yes", "yes", 0}};
  article.tags = {Tag{1, "2025", "2025"}, Tag{2, "# not a comment", "not-a-comment"}};
  article.slug = "null";  // not the title's: read as YAML's null, the import would make one
  article.lang = "fr";
  article.description = "Line one\nline two: 'quoted'";
  article.correction = "~";
  article.published_at = 1752224400;
  article.views = 12;
  article.body_markdown = "---\nNot front matter.\n";
  article.state = ArticleState::unpublished;
  auto parsed = parse_article_file(article_markdown(article), "x.md");
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string() << "\n" << article_markdown(article);
  EXPECT_EQ(parsed->title, "null");
  EXPECT_EQ(parsed->slug, "null");
  EXPECT_EQ(parsed->translation_of, "true");
  EXPECT_EQ(parsed->author_name, article.author.name);
  EXPECT_EQ(parsed->section_path, std::vector<std::string>{"yes"});
  EXPECT_EQ(parsed->tags, (std::vector<std::string>{"2025", "# not a comment"}));
  EXPECT_EQ(parsed->description, article.description);
  EXPECT_EQ(parsed->correction, "~");
  EXPECT_EQ(parsed->published_at, article.published_at);
  EXPECT_EQ(parsed->views, 12);
  EXPECT_EQ(parsed->body_markdown, article.body_markdown);
  EXPECT_TRUE(parsed->draft);
}

}  // namespace
}  // namespace tribune
