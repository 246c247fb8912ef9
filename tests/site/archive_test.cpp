// The in-memory archive: lists cut from it (sections with their subsections, authors, tags),
// pages at any offset, scheduled articles kept out until their time, and the difference
// between two archives that decides which cached pages are stale.
#include "site/archive.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace tribune {
namespace {

NewArticle make_article(std::string slug, std::vector<std::string> path, std::string author,
                        UnixSeconds published_at, std::vector<std::string> tags = {}) {
  NewArticle article;
  article.slug = slug;
  article.lang = "fr";
  article.draft.source = slug + ".md";
  article.draft.title = "Titre " + slug;
  article.draft.author_name = std::move(author);
  article.draft.section_path = std::move(path);
  article.draft.body_markdown = slug;
  article.draft.published_at = published_at;
  article.draft.tags = std::move(tags);
  return article;
}

std::vector<std::string> slugs(const ArticleList& list) {
  std::vector<std::string> out;
  for (const Article& article : list.articles) out.push_back(article.slug);
  return out;
}

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*SqliteStore::open(dir_ / "tribune.db"));
    std::vector<NewArticle> batch = {make_article("a", {"Blog"}, "X", 100, {"Sahel"}),
                                     make_article("b", {"Blog", "Sécurité"}, "X", 300, {"Sahel"}),
                                     make_article("c", {"Sport"}, "Y", 200),
                                     make_article("d", {"Blog", "Vie"}, "Y", 400),
                                     make_article("future", {"Blog"}, "X", 5000)};
    ASSERT_TRUE(store_->save_articles(batch, AuthorPolicy::create_missing, 0).ok());
  }
  std::shared_ptr<const Archive> load() {
    auto archive = Archive::load(*store_, *store_->sections());
    EXPECT_TRUE(archive.ok());
    return *archive;
  }
  Id section(std::string_view path) {
    auto sections = store_->sections();
    for (const Section& each : *sections) {
      if (each.path == path) return each.id;
    }
    return 0;
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(ArchiveTest, ListsAreNewestFirstWithSubsectionsAndPages) {
  auto archive = load();
  ArticleList all = archive->page(Archive::home_list(), 1000, 0, 10);
  EXPECT_EQ(all.total, 4) << "the scheduled article waits for its time";
  EXPECT_EQ(slugs(all), (std::vector<std::string>{"d", "b", "c", "a"}));
  ASSERT_EQ(all.articles[1].sections.size(), 2u) << "each item knows its section path";
  EXPECT_EQ(all.articles[1].author.slug, "x");

  const std::string blog = Archive::section_list(section("blog"));
  ArticleList first = archive->page(blog, 1000, 0, 2);
  EXPECT_EQ(first.total, 3) << "a section lists its subsections' articles";
  EXPECT_EQ(slugs(first), (std::vector<std::string>{"d", "b"}));
  EXPECT_EQ(slugs(archive->page(blog, 1000, 2, 2)), (std::vector<std::string>{"a"}));
  EXPECT_TRUE(archive->page(blog, 1000, 4, 2).articles.empty());
  EXPECT_EQ(archive->page(blog, 6000, 0, 10).total, 4) << "and the scheduled one once live";

  auto author = archive->author_by_slug("y");
  ASSERT_TRUE(author);
  EXPECT_EQ(slugs(archive->page(Archive::author_list(author->id), 1000, 0, 10)),
            (std::vector<std::string>{"d", "c"}));
  auto tag = archive->tag_by_slug("sahel");
  ASSERT_TRUE(tag);
  EXPECT_EQ(archive->page(Archive::tag_list(tag->id), 1000, 0, 10).total, 2);
  EXPECT_FALSE(archive->author_by_slug("nobody"));
  EXPECT_TRUE(archive->page("section:999", 1000, 0, 10).articles.empty());
}

TEST_F(ArchiveTest, TheDifferenceNamesWhatChangedAndTheListsItMovedIn) {
  auto before = load();
  EXPECT_TRUE(Archive::difference(*before, 1000, *load(), 1000).empty()) << "nothing changed";

  // An approved comment changes what lists show of one article, not where it is filed.
  Id c = before->page(Archive::section_list(section("sport")), 1000, 0, 1).articles[0].id;
  Comment comment{.article_id = c,
                  .author_name = "Awa",
                  .author_email = "awa@example.org",
                  .body = "Merci.",
                  .status = CommentStatus::approved,
                  .created_at = 900};
  ASSERT_TRUE(store_->add_comment(comment, "").ok());
  ContentChange commented = Archive::difference(*before, 1000, *load(), 1000);
  EXPECT_FALSE(commented.everything);
  EXPECT_EQ(commented.articles, std::vector<Id>{c});
  EXPECT_TRUE(commented.lists.empty());

  // A new article joins the lists it is filed in (and those above its section).
  auto with_comment = load();
  ASSERT_TRUE(store_
                  ->save_articles({make_article("e", {"Blog", "Vie"}, "X", 500)},
                                  AuthorPolicy::create_missing, 1000)
                  .ok());
  ContentChange published = Archive::difference(*with_comment, 1000, *load(), 1000);
  EXPECT_EQ(published.articles.size(), 1u);
  EXPECT_EQ(published.lists,
            (std::vector<std::string>{Archive::author_list(store_->author_by_slug("x")->id), "home",
                                      Archive::section_list(section("blog")),
                                      Archive::section_list(section("blog/vie"))}));
  EXPECT_FALSE(published.lists.empty());

  // The scheduled article going live is a change too, with nothing written.
  auto now = load();
  ContentChange live = Archive::difference(*now, 1000, *now, 6000);
  EXPECT_EQ(live.articles.size(), 1u);
  EXPECT_TRUE(std::find(live.lists.begin(), live.lists.end(), "home") != live.lists.end());

  // A new author or section changes every page (navigation, bylines).
  ASSERT_TRUE(store_
                  ->save_articles({make_article("f", {"Culture"}, "Z", 600)},
                                  AuthorPolicy::create_missing, 1000)
                  .ok());
  EXPECT_TRUE(Archive::difference(*now, 1000, *load(), 1000).everything);
}

}  // namespace
}  // namespace tribune
