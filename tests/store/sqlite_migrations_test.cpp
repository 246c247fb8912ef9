#include "store/sqlite/migrations.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace tribune {
namespace {

TEST(SqliteMigrations, AnOlderDatabaseIsUpgradedWithItsDataKept) {
  testing::TempDir dir;
  const auto path = dir / "tribune.db";
  {
    auto opened = sqlite::SqliteConnection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    ASSERT_TRUE(opened.ok());
    sql::Connection* db = opened->get();
    ASSERT_TRUE(sqlite::migrate(db, 1).ok());
    EXPECT_EQ(*sqlite::schema_version(db), 1);
    ASSERT_TRUE(db->execute("INSERT INTO authors (name, slug) VALUES ('Ancien', 'ancien')").ok());
  }
  auto store = open_sqlite_store(path);
  ASSERT_TRUE(store.ok()) << store.error().to_string();
  EXPECT_EQ((*store)->author_by_slug("ancien")->name, "Ancien");
  EXPECT_FALSE((*store)->tag_by_slug("x").ok()) << "the tags table of migration 2 exists";
  EXPECT_EQ((*store)->tag_by_slug("x").error().code, Errc::not_found);
}

TEST(SqliteMigrations, Version9DraftsBecomeDraftsAndTheRestPublished) {
  testing::TempDir dir;
  const auto path = dir / "tribune.db";
  {
    auto opened = sqlite::SqliteConnection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    ASSERT_TRUE(opened.ok());
    sql::Connection* db = opened->get();
    ASSERT_TRUE(sqlite::migrate(db, 9).ok());
    ASSERT_TRUE(sql::execute(
                    db,
                    "INSERT INTO authors (id, name, slug) VALUES (1, 'A', 'a');"
                    "INSERT INTO sections (id, name, slug, path) VALUES (1, 'S', 's', 's');"
                    "INSERT INTO articles (slug, title, lang, body_markdown, body_html, author_id, "
                    "section_id, published_at, updated_at, draft) VALUES "
                    "('hidden', 'Hidden', 'fr', 'x', '<p>x</p>', 1, 1, 10, 10, 1), "
                    "('shown', 'Shown', 'fr', 'y', '<p>y</p>', 1, 1, 10, 10, 0)")
                    .ok());
  }
  auto store = open_sqlite_store(path);
  ASSERT_TRUE(store.ok()) << store.error().to_string();
  auto hidden = (*store)->article_for_editing_by_slug("hidden");
  ASSERT_TRUE(hidden.ok()) << hidden.error().to_string();
  EXPECT_EQ(hidden->state, ArticleState::draft);
  EXPECT_TRUE(hidden->draft);
  EXPECT_EQ((*store)->article_for_editing_by_slug("shown")->state, ArticleState::published);
  EXPECT_TRUE((*store)->revisions(hidden->id)->empty()) << "revision 1 is the first save";
  EXPECT_TRUE((*store)->users()->empty());
}

TEST(SqliteMigrations, ANewerDatabaseIsRefusedUntouched) {
  testing::TempDir dir;
  const auto path = dir / "tribune.db";
  auto opened = sqlite::SqliteConnection::open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  ASSERT_TRUE(opened.ok());
  sql::Connection* db = opened->get();
  ASSERT_TRUE(db->execute("PRAGMA user_version = 999").ok());
  auto store = open_sqlite_store(path);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("newer"), std::string::npos);
}

TEST(SqliteMigrations, DatabaseIsInWalMode) {
  testing::TempDir dir;
  auto store = open_sqlite_store(dir / "tribune.db");
  ASSERT_TRUE(store.ok());
  auto opened = sqlite::SqliteConnection::open((dir / "tribune.db"),
                                               SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  ASSERT_TRUE(opened.ok());
  sql::Connection* db = opened->get();
  sql::Statement mode(db, "PRAGMA journal_mode");
  ASSERT_TRUE(mode.step());
  EXPECT_EQ(mode.text(0), "wal");
}

// Migration 13: the moderation queue of one state, newest first (of every article, or of
// one author's), walks an index instead of sorting or reading the million comments of a big
// site; one article's walks that article's. The queries as sqlite_comments.cpp asks them.
TEST(SqliteMigrations, TheModerationQueueWalksAnIndexWithoutSorting) {
  testing::TempDir dir;
  ASSERT_TRUE(open_sqlite_store(dir / "tribune.db").ok());
  auto opened = sqlite::SqliteConnection::open((dir / "tribune.db"),
                                               SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  ASSERT_TRUE(opened.ok());
  sql::Connection* db = opened->get();
  auto plan_of = [&](const std::string& conditions) {
    sql::Statement plan(db,
                        "EXPLAIN QUERY PLAN SELECT c.id, c.body, a.title FROM comments AS c "
                        "JOIN articles AS a ON a.id = c.article_id WHERE c.status = 'pending'" +
                            conditions + " ORDER BY c.created_at DESC, c.id DESC LIMIT 51");
    std::string details;
    while (plan.step()) details += plan.text(3) + "\n";
    return details;
  };
  const std::string all = plan_of("");
  EXPECT_NE(all.find("comments_queue"), std::string::npos) << all;
  const std::string by_author =
      plan_of(" AND c.article_id IN (SELECT id FROM articles WHERE author_id = 3)");
  EXPECT_NE(by_author.find("comments_queue"), std::string::npos) << by_author;
  EXPECT_NE(by_author.find("articles_by_author"), std::string::npos) << by_author;
  const std::string of_article = plan_of(" AND c.article_id = 5");
  EXPECT_NE(of_article.find("comments_by_article"), std::string::npos) << of_article;
  for (const std::string& plan : {all, by_author, of_article}) {
    EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
    EXPECT_EQ(plan.find("SCAN"), std::string::npos) << plan;
  }
}

// The newest page of a long discussion (an article page shows it) reads its threads' replies
// by parent, not by walking comments_queue over every approved comment of the site: a page
// of the 10 most commented articles of the 100,000-article bench took 3 s that way. The
// query as sqlite_comments.cpp asks it.
TEST(SqliteMigrations, RepliesOfAPageOfThreadsAreReadByParent) {
  testing::TempDir dir;
  ASSERT_TRUE(open_sqlite_store(dir / "tribune.db").ok());
  auto opened = sqlite::SqliteConnection::open((dir / "tribune.db"),
                                               SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  ASSERT_TRUE(opened.ok());
  sql::Connection* db = opened->get();
  sql::Statement plan(
      db,
      "EXPLAIN QUERY PLAN SELECT id FROM comments WHERE +status = 'approved' AND parent_id IN ("
      "SELECT id FROM comments WHERE article_id = 5 AND status = 'approved' AND parent_id IS NULL "
      "ORDER BY created_at, id LIMIT 50 OFFSET 3300) ORDER BY created_at, id");
  std::string details;
  while (plan.step()) details += plan.text(3) + "\n";
  EXPECT_NE(details.find("comments_by_parent (parent_id=?)"), std::string::npos) << details;
  EXPECT_NE(details.find("comments_threads (article_id=? AND status=? AND parent_id=?)"),
            std::string::npos)
      << details;
  EXPECT_EQ(details.find("comments_queue"), std::string::npos) << details;
  EXPECT_EQ(details.find("SCAN"), std::string::npos) << details;
}

}  // namespace
}  // namespace tribune
