// The content watcher: the site reloads when the content version moves, when a scheduled
// article's time comes and when theme files change, and not twice for a version it has read.
#include "workers/content_watcher.h"

#include <gtest/gtest.h>

#include "site/importer.h"
#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace tribune {
namespace {

class ContentWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = open_sqlite_store(dir_ / "tribune.db");
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
  }

  // Saves an article going live at `when` (moves the content version).
  void schedule(const std::string& title, UnixSeconds when) {
    ArticleDraft draft;
    draft.title = title;
    draft.author_name = "Awa Diallo";
    draft.section_path = {"Blog"};
    draft.body_markdown = "Texte.";
    draft.published_at = when;
    auto saved =
        store_->save_articles({prepare_article(draft, "fr")}, AuthorPolicy::create_missing, now_);
    ASSERT_TRUE(saved.ok()) << saved.error().to_string();
  }

  std::int64_t version() { return store_->content_version().value(); }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  UnixSeconds now_ = 1796100000;
  int reloads_ = 0;
};

TEST_F(ContentWatcherTest, AMovedVersionReloadsTheSite) {
  ContentWatcher watcher(
      *store_, [this] { return now_; }, [this] { ++reloads_; });
  ASSERT_TRUE(watcher.start().ok());
  watcher.check();
  EXPECT_EQ(reloads_, 0);
  schedule("Un article", now_ - 60);
  watcher.check();
  EXPECT_EQ(reloads_, 1);
  watcher.check();
  EXPECT_EQ(reloads_, 1);
}

TEST_F(ContentWatcherTest, AVersionTheSiteReadIsNotReadAgainButItsScheduleIsKept) {
  std::int64_t site_version = 0;
  ContentWatcher watcher(
      *store_, [this] { return now_; }, [this] { ++reloads_; });
  watcher.set_site_version([&] { return site_version; });
  ASSERT_TRUE(watcher.start().ok());
  // An editor schedules an article; the site reloaded within that request.
  schedule("Programmé", now_ + 60);
  site_version = version();
  watcher.check();
  EXPECT_EQ(reloads_, 0);
  // Its time comes: the site must reload by itself for it to go live.
  now_ += 61;
  watcher.check();
  EXPECT_EQ(reloads_, 1);
  // Another process's change, which the site has not read: reloaded.
  schedule("D’ailleurs", now_ - 10);
  watcher.check();
  EXPECT_EQ(reloads_, 2);
}

}  // namespace
}  // namespace tribune
