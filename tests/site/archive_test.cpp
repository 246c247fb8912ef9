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
    store_ = std::move(*open_sqlite_store(dir_ / "tribune.db"));
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
  // Its month too (1970-01 here), and the marks of what sitemaps show.
  EXPECT_EQ(
      published.lists,
      (std::vector<std::string>{Archive::author_list(store_->author_by_slug("x")->id),
                                Archive::changes_key(), Archive::changes_key(197001), "home",
                                Archive::month_list(197001), Archive::section_list(section("blog")),
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

// Articles around two month ends, filed by their date in the site's time zone.
class DateArchiveTest : public ::testing::Test {
 protected:
  // 2025-07-31T23:30:00Z: July 31 in UTC, August 1 in Lagos (UTC+1 all year).
  static constexpr UnixSeconds kJuly31Late = 1754004600;
  static constexpr UnixSeconds kJuly11 = 1752224400;   // 2025-07-11T09:00:00Z
  static constexpr UnixSeconds kJune30 = 1751277600;   // 2025-06-30T10:00:00Z
  static constexpr UnixSeconds kAugust2 = 1754128800;  // 2025-08-02T10:00:00Z
  static constexpr UnixSeconds kNow = 1760000000;      // October 2025
  void SetUp() override {
    store_ = std::move(*open_sqlite_store(dir_ / "tribune.db"));
    std::vector<NewArticle> batch = {
        make_article("late", {"Blog"}, "X", kJuly31Late),
        make_article("july-a", {"Blog"}, "X", kJuly11),
        make_article("july-b", {"Sport"}, "Y", kJuly11 + 60),
        make_article("june", {"Blog"}, "X", kJune30),
        make_article("august", {"Blog"}, "Y", kAugust2),
        make_article("scheduled", {"Blog"}, "X", kNow + 3600),
        make_article("old", {"Blog"}, "X", 1700000000),  // November 2023
    };
    ASSERT_TRUE(store_->save_articles(batch, AuthorPolicy::create_missing, 0).ok());
  }
  std::shared_ptr<const Archive> load(std::string_view time_zone) {
    auto archive = Archive::load(*store_, *store_->sections(), time_zone);
    EXPECT_TRUE(archive.ok());
    return *archive;
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(DateArchiveTest, ArticlesAreFiledByTheirLocalDate) {
  auto utc = load("UTC");
  EXPECT_EQ(slugs(utc->dated({2025, 7, 0}, kNow, 0, 10)),
            (std::vector<std::string>{"late", "july-b", "july-a"}));
  EXPECT_EQ(slugs(utc->dated({2025, 7, 31}, kNow, 0, 10)), (std::vector<std::string>{"late"}));
  EXPECT_TRUE(utc->dated({2025, 8, 1}, kNow, 0, 10).articles.empty());

  auto lagos = load("Africa/Lagos");
  EXPECT_EQ(slugs(lagos->dated({2025, 7, 0}, kNow, 0, 10)),
            (std::vector<std::string>{"july-b", "july-a"}));
  EXPECT_EQ(slugs(lagos->dated({2025, 8, 1}, kNow, 0, 10)), (std::vector<std::string>{"late"}));
  EXPECT_EQ(slugs(lagos->dated({2025, 8, 0}, kNow, 0, 10)),
            (std::vector<std::string>{"august", "late"}));
  EXPECT_TRUE(lagos->dated({2025, 7, 31}, kNow, 0, 10).articles.empty());
  EXPECT_EQ(lagos->months(), (std::vector<int>{202510, 202508, 202507, 202506, 202311}))
      << "the scheduled article's month is known, empty until its time";
}

TEST_F(DateArchiveTest, AYearJoinsItsMonthsAndPagesCrossThem) {
  auto archive = load("UTC");
  ArticleList year = archive->dated({2025, 0, 0}, kNow, 0, 10);
  EXPECT_EQ(year.total, 5) << "the scheduled article waits for its time";
  EXPECT_EQ(slugs(year), (std::vector<std::string>{"august", "late", "july-b", "july-a", "june"}));
  ArticleList second = archive->dated({2025, 0, 0}, kNow, 2, 2);
  EXPECT_EQ(second.total, 5);
  EXPECT_EQ(slugs(second), (std::vector<std::string>{"july-b", "july-a"}));
  EXPECT_EQ(slugs(archive->dated({2025, 0, 0}, kNow, 4, 2)), (std::vector<std::string>{"june"}));
  EXPECT_TRUE(archive->dated({2025, 0, 0}, kNow, 5, 2).articles.empty());
  EXPECT_EQ(archive->dated({2025, 0, 0}, kNow + 7200, 0, 10).total, 6) << "and once live";
  EXPECT_EQ(slugs(archive->dated({2025, 7, 11}, kNow, 1, 10)),
            (std::vector<std::string>{"july-a"}));

  for (DatePeriod invalid : {DatePeriod{0, 0, 0}, DatePeriod{2025, 13, 0}, DatePeriod{2025, 0, 11},
                             DatePeriod{2025, 7, 32}}) {
    EXPECT_EQ(archive->dated(invalid, kNow, 0, 10).total, 0);
  }
  EXPECT_EQ(archive->lists_of_period({2025, 7, 11}),
            std::vector<std::string>{Archive::month_list(202507)});
  EXPECT_EQ(archive->lists_of_period({2025, 0, 0}).size(), 12u);
}

TEST_F(DateArchiveTest, ListSummariesCountAndDateWithoutReading) {
  auto archive = load("UTC");
  ListSummary blog = archive->list_summary(Archive::month_list(202507), kNow);
  EXPECT_EQ(blog.count, 3);
  EXPECT_EQ(blog.newest_update, kJuly31Late);
  EXPECT_EQ(archive->list_summary(Archive::home_list(), kNow).count, 6);
  EXPECT_EQ(archive->list_summary(Archive::home_list(), kNow).newest_update, kAugust2)
      << "not the scheduled article's";
  EXPECT_EQ(archive->list_summary(Archive::month_list(202510), kNow).count, 0);
  EXPECT_EQ(archive->list_summary("section:999", kNow).count, 0);

  // An edit moves the month's newest change, and marks it changed, without moving any list.
  Id july_a = archive->dated({2025, 7, 11}, kNow, 1, 1).articles.at(0).id;
  NewArticle edited = make_article("july-a", {"Blog"}, "X", kJuly11);
  edited.draft.title = "Titre corrigé";
  ASSERT_TRUE(store_->update_article(july_a, edited, Actor{0, "test"}, "", 0, kNow).ok());
  auto after = load("UTC");
  EXPECT_EQ(after->list_summary(Archive::month_list(202507), kNow).newest_update, kNow);
  ContentChange change = Archive::difference(*archive, kNow, *after, kNow);
  EXPECT_EQ(change.articles, std::vector<Id>{july_a});
  EXPECT_EQ(change.lists,
            (std::vector<std::string>{Archive::changes_key(), Archive::changes_key(202507)}));
}

}  // namespace
}  // namespace tribune

namespace tribune {
namespace {

TEST_F(ArchiveTest, AMultilingualSiteCutsEveryListByLanguage) {
  auto english = make_article("e", {"Blog"}, "X", 500);
  english.lang = "en";
  auto spanish = make_article("s", {"Blog"}, "Y", 600);
  spanish.lang = "es";  // no catalog: listed with the site's language
  ASSERT_TRUE(store_->save_articles({english, spanish}, AuthorPolicy::create_missing, 0).ok());
  auto archive = Archive::load(*store_, *store_->sections(), "UTC", {"fr", {"ar", "en", "fr"}});
  ASSERT_TRUE(archive.ok());
  const Archive& site = **archive;
  EXPECT_TRUE(site.multilingual());
  EXPECT_EQ(site.page_languages(), (std::vector<std::string>{"fr", "en"}))
      << "the site's first, then those with articles and a catalog";
  EXPECT_EQ(site.in_language(Archive::home_list(), "en"), "home@en");
  EXPECT_EQ(site.in_language(Archive::home_list(), "de"), "home@fr");
  EXPECT_EQ(slugs(site.page(site.in_language(Archive::home_list(), "fr"), 1000, 0, 10)),
            (std::vector<std::string>{"s", "d", "b", "c", "a"}));
  EXPECT_EQ(slugs(site.page(site.in_language(Archive::home_list(), "en"), 1000, 0, 10)),
            (std::vector<std::string>{"e"}));
  EXPECT_EQ(site.page(Archive::home_list(), 1000, 0, 10).total, 6) << "and all together";
  const std::string blog = Archive::section_list(section("blog"));
  EXPECT_EQ(slugs(site.page(site.in_language(blog, "en"), 1000, 0, 10)),
            (std::vector<std::string>{"e"}));
  EXPECT_EQ(slugs(site.dated({1970, 1, 0}, 1000, 0, 10, "en")), (std::vector<std::string>{"e"}));

  // One language alone: no cut lists.
  auto single = Archive::load(*store_, *store_->sections(), "UTC", {"fr", {"fr"}});
  ASSERT_TRUE(single.ok());
  EXPECT_FALSE((*single)->multilingual());
  EXPECT_EQ((*single)->in_language(Archive::home_list(), "en"), "home");
}

TEST_F(ArchiveTest, ANewTranslationChangesItsOriginalsPagesAndSitemap) {
  const PageLanguages languages{"fr", {"en", "fr"}};
  auto before = Archive::load(*store_, *store_->sections(), "UTC", languages);
  ASSERT_TRUE(before.ok());
  auto english = make_article("b-en", {"Blog"}, "X", 500);
  english.lang = "en";
  english.draft.translation_of = "b";
  auto ids = store_->save_articles({english}, AuthorPolicy::create_missing, 0);
  ASSERT_TRUE(ids.ok()) << ids.error().to_string();
  auto after = Archive::load(*store_, *store_->sections(), "UTC", languages);
  ASSERT_TRUE(after.ok());
  ContentChange change = Archive::difference(**before, 1000, **after, 1000);
  EXPECT_TRUE(change.everything) << "a new page language changes every page's switcher";

  // A second translation once the site has both languages: the group's pages, not all.
  auto again = make_article("d-en", {"Blog"}, "Y", 600);
  again.lang = "en";
  again.draft.translation_of = "d";
  ASSERT_TRUE(store_->save_articles({again}, AuthorPolicy::create_missing, 0).ok());
  auto last = Archive::load(*store_, *store_->sections(), "UTC", languages);
  ASSERT_TRUE(last.ok());
  change = Archive::difference(**after, 1000, **last, 1000);
  ASSERT_FALSE(change.everything);
  const std::optional<Article> d = (*last)->published_by_slug("d", 1000);
  ASSERT_TRUE(d);
  EXPECT_TRUE(std::binary_search(change.articles.begin(), change.articles.end(), d->id))
      << "the original's page links its new translation";
  EXPECT_TRUE(std::count(change.lists.begin(), change.lists.end(), "home@en"));
  EXPECT_FALSE(std::count(change.lists.begin(), change.lists.end(), "home@fr"));
  EXPECT_EQ((*last)->translations(d->id, 1000).size(), 1u);
  EXPECT_EQ((*last)->translations(d->id, 1000)[0].slug, "d-en");
  EXPECT_EQ((*last)->translation_group(d->id).size(), 2u);
}

}  // namespace
}  // namespace tribune
