// The Store contract, written once and run against every backend (SQLite and PostgreSQL; a
// new backend adds one entry to kBackends).
#include "store/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"
#include "support/postgres.h"
#include "support/temp_dir.h"

namespace tribune {
namespace {

// Where a backend keeps one test's data: a folder, and for PostgreSQL a database of its own
// on the suite's cluster (dropped after the test).
struct Workspace {
  testing::TempDir dir;
  std::unique_ptr<testing::PostgresDatabase> postgres;
};

struct Backend {
  std::string name;
  std::function<std::unique_ptr<Store>(Workspace&)> open;
  // Opens a copy Store::backup_to wrote.
  std::function<std::unique_ptr<Store>(Workspace&, const std::filesystem::path&)> open_backup;
  // Opens the database open() made once more: another server's view of it.
  std::function<std::unique_ptr<Store>(Workspace&)> open_again;
};

// GoogleTest names a failing case's parameter with this.
void PrintTo(const Backend& backend, std::ostream* out) { *out << backend.name; }

std::unique_ptr<Store> opened(Result<std::unique_ptr<Store>> store) {
  if (!store) ADD_FAILURE() << store.error().to_string();
  return store.ok() ? std::move(*store) : nullptr;
}

const std::vector<Backend> kBackends = {
    {"sqlite", [](Workspace& space) { return opened(open_sqlite_store(space.dir / "tribune.db")); },
     [](Workspace&, const std::filesystem::path& copy) { return opened(open_sqlite_store(copy)); },
     [](Workspace& space) { return opened(open_sqlite_store(space.dir / "tribune.db")); }},
    {"postgres",
     [](Workspace& space) -> std::unique_ptr<Store> {
       space.postgres = std::make_unique<testing::PostgresDatabase>();
       if (space.postgres->url().empty()) {
         ADD_FAILURE() << space.postgres->reason();
         return nullptr;
       }
       return opened(open_postgres_store(space.postgres->url()));
     },
     [](Workspace& space, const std::filesystem::path& copy) -> std::unique_ptr<Store> {
       // pg_dump's custom format goes back with pg_restore, into an empty database.
       const std::string url = space.postgres->another_database();
       const std::string restore =
           "pg_restore --no-owner --dbname='" + url + "' '" + copy.string() + "'";
       if (std::system(restore.c_str()) != 0) {
         ADD_FAILURE() << restore << " failed";
         return nullptr;
       }
       return opened(open_postgres_store(url));
     },
     [](Workspace& space) { return opened(open_postgres_store(space.postgres->url())); }}};

NewArticle make_article(std::string slug, std::vector<std::string> path, std::string author,
                        UnixSeconds published_at) {
  NewArticle article;
  article.slug = slug;
  article.lang = "fr";
  article.body_html = "<p>" + slug + "</p>";
  article.word_count = 10;
  article.draft.source = slug + ".md";
  article.draft.title = "Titre " + slug;
  article.draft.author_name = std::move(author);
  article.draft.section_path = std::move(path);
  article.draft.body_markdown = slug;
  article.draft.published_at = published_at;
  return article;
}

class StoreContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = GetParam().open(workspace_);
    ASSERT_NE(store_, nullptr);
  }
  // Saves article `slug` (published at 100, in section A) and opens the database a second
  // time, as another server would; the article's id.
  Id save_article_and_open_again(const std::string& slug, std::unique_ptr<Store>& other) {
    EXPECT_TRUE(
        store_
            ->save_articles({make_article(slug, {"A"}, "X", 100)}, AuthorPolicy::create_missing, 0)
            .ok());
    other = GetParam().open_again(workspace_);
    auto article = store_->published_article(slug, 5000);
    return article ? article->id : 0;
  }
  Workspace workspace_;
  testing::TempDir& dir_ = workspace_.dir;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreContract, SavesArticlesWithTheirSectionPathAndAuthor) {
  auto article = make_article("seed", {"Blog", "Sécurité"}, "Sidi Modibo Coulibaly", 1000);
  article.draft.views = 155;
  article.draft.tags = {"Sahel", "défense"};
  auto ids = store_->save_articles({article}, AuthorPolicy::create_missing, 0);
  ASSERT_TRUE(ids.ok()) << ids.error().to_string();

  auto found = store_->published_article("seed", 2000);
  ASSERT_TRUE(found.ok()) << found.error().to_string();
  EXPECT_EQ(found->views, 155);
  EXPECT_EQ(found->author.name, "Sidi Modibo Coulibaly");
  EXPECT_EQ(found->author.slug, "sidi-modibo-coulibaly");
  ASSERT_EQ(found->sections.size(), 2u);
  EXPECT_EQ(found->sections[0].name, "Blog");
  EXPECT_EQ(found->sections[1].path, "blog/securite");
  EXPECT_EQ(found->sections[1].parent_id, found->sections[0].id);
  EXPECT_EQ(found->tags.size(), 2u);
  EXPECT_EQ(found->body_html, "<p>seed</p>");

  auto text = store_->article_text(found->id);
  ASSERT_TRUE(text.ok()) << text.error().to_string();
  EXPECT_EQ(text->body_html, "<p>seed</p>");
  EXPECT_EQ(text->views, 155);
  EXPECT_EQ(store_->article_text(found->id + 1000).error().code, Errc::not_found);
}

TEST_P(StoreContract, AStaticPageIsSavedByPathAndReplacedThere) {
  StaticPage about;
  about.path = "a-propos";
  about.title = "À propos";
  about.lang = "fr";
  about.body_source = "Nous.";
  about.body_html = "<p>Nous.</p>";
  auto first = store_->save_static_page(about, 1000);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  StaticPage team = about;
  team.path = "a-propos/equipe";
  team.title = "Équipe";
  ASSERT_TRUE(store_->save_static_page(team, 1000).ok());
  about.body_html = "<p>Nous, depuis 2026.</p>";
  auto again = store_->save_static_page(about, 2000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *first);
  auto pages = store_->static_pages();
  ASSERT_TRUE(pages.ok());
  ASSERT_EQ(pages->size(), 2u);
  EXPECT_EQ((*pages)[0].body_html, "<p>Nous, depuis 2026.</p>");
  EXPECT_EQ((*pages)[0].published_at, 1000) << "its first publication is kept";
  EXPECT_EQ((*pages)[0].updated_at, 2000);
  EXPECT_EQ((*pages)[1].parent_id, *first);
  StaticPage orphan = about;
  orphan.path = "qui/equipe";
  auto refused = store_->save_static_page(orphan, 3000);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "path");
  EXPECT_EQ(store_->static_pages()->size(), 2u);
}

TEST_P(StoreContract, TheMediaLibraryKeepsEachPictureUnderOneName) {
  Media market;
  market.name = "marche";
  market.hash = "0123456789abcdef";
  market.width = 1600;
  market.height = 1000;
  market.alt = "Des sacs de mil";
  market.caption = "Le marché";
  market.credit = "Photo : Awa Diallo";
  market.avif = true;
  auto added = store_->add_media(market);
  ASSERT_TRUE(added.ok()) << added.error().to_string();
  EXPECT_GT(added->id, 0);
  Media stall = market;
  stall.name = "etal";
  stall.hash = "fedcba9876543210";
  stall.avif = false;
  ASSERT_TRUE(store_->add_media(stall).ok());
  auto found = store_->media_named("marche");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->hash, "0123456789abcdef");
  EXPECT_EQ((*found)->credit, "Photo : Awa Diallo");
  EXPECT_TRUE((*found)->avif);
  auto none = store_->media_named("ailleurs");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  Media again = stall;
  again.hash = "00000000000000ff";
  auto taken = store_->add_media(again);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, Errc::conflict);
  EXPECT_EQ(taken.error().field, "name");
  auto all = store_->all_media();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "etal") << "newest first";
  EXPECT_FALSE((*all)[0].avif);
}

TEST_P(StoreContract, ABadArticleSavesNothingOfItsBatch) {
  ASSERT_TRUE(
      store_->save_articles({make_article("one", {"A"}, "X", 1)}, AuthorPolicy::create_missing, 0)
          .ok());
  auto version = *store_->content_version();
  auto result = store_->save_articles(
      {make_article("two", {"B", "C"}, "Y", 2), make_article("one", {"A"}, "X", 3)},
      AuthorPolicy::create_missing, 0);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::conflict);
  EXPECT_EQ(result.error().field, "slug");
  EXPECT_EQ(result.error().source, "one.md");
  EXPECT_FALSE(store_->published_article("two", 10).ok());
  EXPECT_EQ(store_->sections()->size(), 1u) << "section B/C was rolled back";
  EXPECT_EQ(store_->authors()->size(), 1u) << "author Y was rolled back";
  EXPECT_EQ(*store_->content_version(), version);
}

TEST_P(StoreContract, ExistingAuthorsOnlyRefusesUnknownAuthors) {
  auto result = store_->save_articles({make_article("a", {"A"}, "Nobody", 1)},
                                      AuthorPolicy::existing_only, 0);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "author");
  ASSERT_TRUE(store_->add_author("Nobody", "bio").ok());
  EXPECT_TRUE(
      store_->save_articles({make_article("a", {"A"}, "Nobody", 1)}, AuthorPolicy::existing_only, 0)
          .ok());
  EXPECT_EQ(store_->add_author("Nobody", "").error().code, Errc::conflict);
}

TEST_P(StoreContract, ArchiveEntriesAreEveryArticleButDraftsNewestFirst) {
  std::vector<NewArticle> batch = {
      make_article("a", {"Blog"}, "X", 100), make_article("b", {"Blog", "Sécurité"}, "X", 300),
      make_article("c", {"Sport"}, "Y", 200), make_article("d", {"Blog", "Vie"}, "Y", 400),
      make_article("future", {"Blog"}, "X", 5000)};
  batch.push_back(make_article("hidden", {"Blog"}, "X", 50));
  batch.back().draft.draft = true;
  batch[1].draft.tags = {"Sahel"};
  ASSERT_TRUE(store_->save_articles(batch, AuthorPolicy::create_missing, 0).ok());

  auto entries = store_->archive_entries();
  ASSERT_TRUE(entries.ok());
  std::vector<std::string> slugs;
  for (const ArchiveEntry& entry : *entries) slugs.push_back(entry.slug);
  EXPECT_EQ(slugs, (std::vector<std::string>{"future", "d", "b", "c", "a"}))
      << "scheduled articles are kept (lists skip them until their time), drafts are not";
  EXPECT_EQ(entries->at(2).tag_ids.size(), 1u);
  EXPECT_EQ(entries->at(2).section_id, store_->sections()->at(1).id) << "blog/securite";
  EXPECT_EQ(entries->at(1).author_id, store_->author_by_slug("y")->id);
  EXPECT_EQ(*store_->next_publication_after(1000), std::optional<UnixSeconds>(5000));
  EXPECT_EQ(*store_->next_publication_after(5000), std::nullopt);
  EXPECT_FALSE(store_->published_article("future", 1000).ok());
  EXPECT_TRUE(store_->published_article("future", 6000).ok());
  EXPECT_EQ(store_->published_article("hidden", 6000).error().code, Errc::not_found);
}

TEST_P(StoreContract, ViewsAddUpAndRankTheMostRead) {
  const UnixSeconds now = 2000000000;
  ASSERT_TRUE(
      store_
          ->save_articles({make_article("a", {"A"}, "X", 100), make_article("b", {"A"}, "X", 200)},
                          AuthorPolicy::create_missing, 0)
          .ok());
  Id a = store_->published_article("a", now)->id;
  Id b = store_->published_article("b", now)->id;
  auto version = *store_->content_version();
  ASSERT_TRUE(store_->add_views({{a, 5}, {b, 2}}, now - 3 * 86400).ok());  // three days ago
  ASSERT_TRUE(store_->add_views({{b, 4}}, now - 60).ok());                 // a minute ago
  EXPECT_EQ(*store_->content_version(), version) << "views don't invalidate every cache";
  EXPECT_EQ(store_->published_article("a", now)->views, 5);
  EXPECT_EQ(store_->published_article("b", now)->views, 6);

  auto day = *store_->most_read(ReadingPeriod::day, now, 5);
  ASSERT_EQ(day.size(), 1u);
  EXPECT_EQ(day[0].slug, "b");
  EXPECT_EQ(day[0].views, 4) << "the period's views, not the total";
  auto week = *store_->most_read(ReadingPeriod::week, now, 5);
  ASSERT_EQ(week.size(), 2u);
  EXPECT_EQ(week[0].slug, "b");
  EXPECT_EQ(week[0].views, 6);
  EXPECT_EQ(week[1].views, 5);
  auto all = *store_->most_read(ReadingPeriod::all_time, now, 1);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].slug, "b");
  EXPECT_EQ(all[0].sections.size(), 1u);
}

TEST_P(StoreContract, CommentsThreadOneLevelAndOnlyApprovedOnesCount) {
  ASSERT_TRUE(
      store_
          ->save_articles({make_article("a", {"A"}, "X", 100), make_article("b", {"A"}, "X", 200)},
                          AuthorPolicy::create_missing, 0)
          .ok());
  Id a = store_->published_article("a", 1000)->id;
  Id b = store_->published_article("b", 1000)->id;
  Comment first{.article_id = a,
                .author_name = "Awa",
                .author_email = "awa@example.org",
                .body = "Merci !",
                .status = CommentStatus::pending,
                .created_at = 500};
  auto first_id = store_->add_comment(first, "moderator@example.org");
  ASSERT_TRUE(first_id.ok()) << first_id.error().to_string();
  auto notices = store_->due_messages(500, 10);
  ASSERT_TRUE(notices.ok());
  ASSERT_EQ(notices->size(), 1u) << "the moderator is told, in the same transaction";
  EXPECT_EQ(notices->front().kind, MessageKind::moderation);
  EXPECT_EQ(notices->front().comment_id, *first_id);
  EXPECT_EQ(store_->published_article("a", 1000)->comment_count, 0) << "pending isn't counted";
  EXPECT_FALSE(*store_->has_approved_comment_from("awa@example.org"));

  auto version = *store_->content_version();
  ASSERT_TRUE(store_->set_comment_status({*first_id}, CommentStatus::approved).ok());
  EXPECT_GT(*store_->content_version(), version);
  EXPECT_TRUE(*store_->has_approved_comment_from("awa@example.org"));
  EXPECT_EQ(store_->published_article("a", 1000)->comment_count, 1);
  EXPECT_EQ(store_->archive_entries()->back().comment_count, 1) << "lists count it too";
  EXPECT_EQ(store_->article_text(a)->comment_count, 1) << "and the article's page, live";

  Comment reply{.article_id = a,
                .parent_id = *first_id,
                .author_name = "Ibrahim",
                .author_email = "i@example.org",
                .body = "D’accord.",
                .status = CommentStatus::approved,
                .created_at = 600};
  auto reply_id = store_->add_comment(reply, "");
  ASSERT_TRUE(reply_id.ok());
  reply.parent_id = *reply_id;
  EXPECT_EQ(store_->add_comment(reply, "").error().field, "parent") << "one level deep";
  reply.parent_id = *first_id;
  reply.article_id = b;
  EXPECT_EQ(store_->add_comment(reply, "").error().field, "parent") << "same article";
  reply.article_id = 999;
  EXPECT_EQ(store_->add_comment(reply, "").error().code, Errc::not_found);

  auto approved = *store_->comments(a, CommentStatus::approved);
  ASSERT_EQ(approved.size(), 2u);
  EXPECT_EQ(approved[0].body, "Merci !");
  EXPECT_EQ(approved[1].parent_id, *first_id);

  EXPECT_EQ(store_->set_comment_status({*reply_id, 12345}, CommentStatus::spam).error().code,
            Errc::not_found);
  EXPECT_EQ(store_->comments(a, CommentStatus::approved)->size(), 2u) << "none moved";
  ASSERT_TRUE(store_->set_comment_status({*reply_id}, CommentStatus::spam).ok());
  EXPECT_EQ(store_->published_article("a", 1000)->comment_count, 1);
  auto spam = *store_->comments(std::nullopt, CommentStatus::spam);
  ASSERT_EQ(spam.size(), 1u) << "the queue across articles";
  EXPECT_EQ(spam[0].id, *reply_id);
}

TEST_P(StoreContract, TheModerationQueueFiltersPagesNewestFirstAndCountsPerArticle) {
  ASSERT_TRUE(store_
                  ->save_articles({make_article("a", {"A"}, "Awa", 100),
                                   make_article("b", {"A"}, "Binta", 200)},
                                  AuthorPolicy::create_missing, 0)
                  .ok());
  const Article a = *store_->published_article("a", 1000);
  const Article b = *store_->published_article("b", 1000);
  auto add = [&](Id article, CommentStatus status, UnixSeconds at) {
    Comment comment{.article_id = article,
                    .author_name = "Lecteur",
                    .author_email = "l@example.org",
                    .body = "Commentaire " + std::to_string(at),
                    .status = status,
                    .created_at = at};
    auto id = store_->add_comment(comment, "");
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  };
  const Id a_old = add(a.id, CommentStatus::pending, 500);
  const Id b_new = add(b.id, CommentStatus::pending, 700);
  const Id a_new = add(a.id, CommentStatus::pending, 600);
  add(a.id, CommentStatus::approved, 800);
  add(a.id, CommentStatus::approved, 900);
  add(b.id, CommentStatus::spam, 950);

  auto pending = store_->moderation_queue({});
  ASSERT_TRUE(pending.ok()) << pending.error().to_string();
  ASSERT_EQ(pending->comments.size(), 3u);
  EXPECT_FALSE(pending->more);
  EXPECT_EQ(pending->comments[0].comment.id, b_new) << "newest first";
  EXPECT_EQ(pending->comments[1].comment.id, a_new);
  EXPECT_EQ(pending->comments[2].comment.id, a_old);
  EXPECT_EQ(pending->comments[0].article_title, "Titre b");
  EXPECT_EQ(pending->comments[0].article_author_id, b.author.id);

  auto first_page = store_->moderation_queue({.limit = 2});
  ASSERT_EQ(first_page->comments.size(), 2u);
  EXPECT_TRUE(first_page->more);
  auto second_page = store_->moderation_queue({.offset = 2, .limit = 2});
  ASSERT_EQ(second_page->comments.size(), 1u);
  EXPECT_FALSE(second_page->more);
  EXPECT_EQ(second_page->comments[0].comment.id, a_old);

  auto of_a = store_->moderation_queue({.article_id = a.id});
  ASSERT_EQ(of_a->comments.size(), 2u);
  EXPECT_EQ(of_a->comments[0].comment.id, a_new);
  auto of_binta = store_->moderation_queue({.article_author_id = b.author.id});
  ASSERT_EQ(of_binta->comments.size(), 1u) << "only under the author's articles";
  EXPECT_EQ(of_binta->comments[0].comment.id, b_new);
  EXPECT_EQ(store_->moderation_queue({.status = CommentStatus::spam})->comments.size(), 1u);
  EXPECT_TRUE(store_->moderation_queue({.article_id = 999})->comments.empty());

  EXPECT_EQ(*store_->count_comments(CommentStatus::pending, 0), 3);
  EXPECT_EQ(*store_->count_comments(CommentStatus::pending, a.author.id), 2);
  EXPECT_EQ(*store_->count_comments(CommentStatus::approved, b.author.id), 0);

  auto counts = store_->comment_counts({b.id, a.id, 999});
  ASSERT_TRUE(counts.ok());
  ASSERT_EQ(counts->size(), 3u);
  EXPECT_EQ((*counts)[0].article_id, b.id);
  EXPECT_EQ((*counts)[0].pending, 1);
  EXPECT_EQ((*counts)[0].approved, 0) << "spam is neither";
  EXPECT_EQ((*counts)[1].pending, 2);
  EXPECT_EQ((*counts)[1].approved, 2);
  EXPECT_EQ((*counts)[2].pending + (*counts)[2].approved, 0);
}

TEST_P(StoreContract, ANewsroomReplyIsKeptAsTheNewsrooms) {
  ASSERT_TRUE(
      store_->save_articles({make_article("a", {"A"}, "X", 100)}, AuthorPolicy::create_missing, 0)
          .ok());
  Id a = store_->published_article("a", 1000)->id;
  auto reader = store_->add_comment({.article_id = a,
                                     .author_name = "Awa",
                                     .author_email = "awa@example.org",
                                     .body = "Une question ?",
                                     .status = CommentStatus::approved,
                                     .created_at = 500},
                                    "");
  ASSERT_TRUE(reader.ok());
  auto reply = store_->add_comment({.article_id = a,
                                    .parent_id = *reader,
                                    .author_name = "La rédaction",
                                    .body = "Une réponse.",
                                    .status = CommentStatus::approved,
                                    .created_at = 600,
                                    .from_newsroom = true},
                                   "moderator@example.org");
  ASSERT_TRUE(reply.ok());
  EXPECT_TRUE(store_->comment(*reply)->from_newsroom);
  EXPECT_FALSE(store_->comment(*reader)->from_newsroom);
  auto threads = store_->comment_threads(a, 0, 10);
  ASSERT_EQ(threads->replies.size(), 1u);
  EXPECT_TRUE(threads->replies[0].from_newsroom);
  EXPECT_TRUE(store_->due_messages(600, 10)->empty()) << "approved: nobody to tell";
}

TEST_P(StoreContract, PublicationsAroundNowAreTheNextScheduledAndTheLatestLive) {
  ASSERT_TRUE(
      store_
          ->save_articles(
              {make_article("old", {"A"}, "X", 100), make_article("recent", {"A"}, "X", 900),
               make_article("soon", {"A"}, "X", 1100), make_article("later", {"A"}, "X", 1500)},
              AuthorPolicy::create_missing, 0)
          .ok());
  auto upcoming = store_->publications_around(1000, true, 10);
  ASSERT_TRUE(upcoming.ok()) << upcoming.error().to_string();
  ASSERT_EQ(upcoming->size(), 2u);
  EXPECT_EQ((*upcoming)[0].slug, "soon") << "soonest first";
  EXPECT_EQ((*upcoming)[1].slug, "later");
  auto latest = store_->publications_around(1000, false, 1);
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ((*latest)[0].slug, "recent");
  EXPECT_EQ((*latest)[0].author_name, "X");
  Id recent = (*latest)[0].id;
  ASSERT_TRUE(
      store_->set_article_state(recent, ArticleState::unpublished, Actor{0, "cli"}, 1000).ok());
  EXPECT_EQ((*store_->publications_around(1000, false, 1))[0].slug, "old") << "only published ones";
}

TEST_P(StoreContract, SettingsAndContentVersion) {
  EXPECT_FALSE(store_->setting("site.name")->has_value());
  auto before = *store_->content_version();
  ASSERT_TRUE(store_->set_setting("site.name", "Sahel Tribune").ok());
  ASSERT_TRUE(store_->set_setting("site.name", "Sahel Tribune 2").ok());
  EXPECT_EQ(**store_->setting("site.name"), "Sahel Tribune 2");
  EXPECT_GT(*store_->content_version(), before);
}

// The ids of the outbox's due messages of `kind`, and to whom.
std::vector<std::string> due_recipients(Store& store, MessageKind kind, UnixSeconds now) {
  std::vector<std::string> recipients;
  auto due = store.due_messages(now, 1000);
  EXPECT_TRUE(due.ok());
  if (!due) return recipients;
  for (const OutboxMessage& message : *due) {
    if (message.kind == kind) recipients.push_back(message.recipient);
  }
  std::sort(recipients.begin(), recipients.end());
  return recipients;
}

// Marks every due message sent, as the sender would.
void mark_all_sent(Store& store, UnixSeconds now) {
  auto due = store.due_messages(now, 1000);
  ASSERT_TRUE(due.ok());
  for (const OutboxMessage& message : *due) ASSERT_TRUE(store.mark_sent(message.id, now).ok());
}

TEST_P(StoreContract, SubscribingTwiceChangesNothingAndConfirmingOnlyOnce) {
  SubscriptionRequest request{"Awa@example.org", "fr", {}, Frequency::each};
  auto first = store_->subscribe(request, 1000);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_EQ(first->status, SubscriberStatus::pending);
  EXPECT_EQ(due_recipients(*store_, MessageKind::confirmation, 1000),
            std::vector<std::string>{"Awa@example.org"});

  // Asked again within the hour (any case): no second confirmation, preferences kept.
  request.email = "awa@EXAMPLE.org";
  request.frequency = Frequency::daily;
  auto again = store_->subscribe(request, 1500);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->frequency, Frequency::each);
  EXPECT_EQ(due_recipients(*store_, MessageKind::confirmation, 1500).size(), 1u);
  // An hour later a pending address gets its confirmation again, once the first went out.
  mark_all_sent(*store_, 1600);
  ASSERT_TRUE(store_->subscribe(request, 1000 + 3600).ok());
  EXPECT_EQ(due_recipients(*store_, MessageKind::confirmation, 5000).size(), 1u);

  auto confirmed = store_->confirm_subscriber(first->id, 6000);
  ASSERT_TRUE(confirmed.ok());
  EXPECT_EQ(confirmed->status, SubscriberStatus::confirmed);
  EXPECT_EQ(confirmed->confirmed_at, 6000);
  ASSERT_TRUE(store_->subscribe(request, 90000).ok());  // confirmed: nothing at all
  EXPECT_EQ(due_recipients(*store_, MessageKind::confirmation, 90000).size(), 1u);

  // Leaving cancels what was queued; an old confirmation link cannot bring them back.
  ASSERT_TRUE(store_->unsubscribe(first->id).ok());
  EXPECT_TRUE(due_recipients(*store_, MessageKind::confirmation, 90000).empty());
  auto stale = store_->confirm_subscriber(first->id, 8000);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Errc::invalid_input);
  // Subscribing again starts over, with the new preferences.
  auto back = store_->subscribe(request, 9000);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->status, SubscriberStatus::pending);
  EXPECT_EQ(back->frequency, Frequency::daily);
  EXPECT_EQ(due_recipients(*store_, MessageKind::confirmation, 9000).size(), 1u);
}

TEST_P(StoreContract, AnAddressGetsAtMostOneConfirmationAnHourWhateverItsState) {
  // Unsubscribed: asking again within the hour of the last confirmation changes nothing.
  SubscriptionRequest left{"left@example.org", "fr", {}, Frequency::each};
  auto subscriber = store_->subscribe(left, 1000);
  ASSERT_TRUE(subscriber.ok());
  mark_all_sent(*store_, 1000);
  ASSERT_TRUE(store_->unsubscribe(subscriber->id).ok());
  for (UnixSeconds when : {1100, 2000, 4599}) {
    auto again = store_->subscribe(left, when);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->status, SubscriberStatus::unsubscribed) << when;
    EXPECT_TRUE(due_recipients(*store_, MessageKind::confirmation, when).empty()) << when;
  }
  auto back = store_->subscribe(left, 4600);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->status, SubscriberStatus::pending);
  EXPECT_EQ(due_recipients(*store_, MessageKind::confirmation, 4600).size(), 1u);
  // Pending with its confirmation still queued (the server deferred it): no second one.
  ASSERT_TRUE(store_->subscribe(left, 4600 + 7200).ok());
  EXPECT_EQ(due_recipients(*store_, MessageKind::confirmation, 4600 + 7200).size(), 1u);
  mark_all_sent(*store_, 12000);

  // Bounced: its confirmation bounced too; the next may go out only a day later.
  SubscriptionRequest gone{"gone@example.org", "fr", {}, Frequency::daily};
  ASSERT_TRUE(store_->subscribe(gone, 20000).ok());
  auto due = store_->due_messages(20000, 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  ASSERT_TRUE(store_->mark_failed(due->front().id, "550 5.1.1 no such user", true).ok());
  for (UnixSeconds when : {20001, 20000 + 3600, 20000 + 86399}) {
    auto again = store_->subscribe(gone, when);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->status, SubscriberStatus::bounced) << when;
    EXPECT_EQ(again->last_error, "550 5.1.1 no such user");
    EXPECT_TRUE(due_recipients(*store_, MessageKind::confirmation, when).empty()) << when;
  }
  auto retried = store_->subscribe(gone, 20000 + 86400);
  ASSERT_TRUE(retried.ok());
  EXPECT_EQ(retried->status, SubscriberStatus::pending);
  EXPECT_EQ(due_recipients(*store_, MessageKind::confirmation, 20000 + 86400),
            std::vector<std::string>{"gone@example.org"});

  // A bounce on an article mail (no confirmation for long): the reader may come back at once.
  Subscriber imported;
  imported.email = "full@example.org";
  imported.status = SubscriberStatus::bounced;
  ASSERT_TRUE(store_->import_subscribers({imported}).ok());
  auto fixed = store_->subscribe({"full@example.org", "fr", {}, Frequency::each}, 200000);
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->status, SubscriberStatus::pending);
}

TEST_P(StoreContract, ARunOfSenderRefusalsLastsUntilAMessageIsAccepted) {
  EXPECT_FALSE(store_->sender_refusal()->has_value());
  ASSERT_TRUE(store_->resolve_sender_refusal(900).ok()) << "nothing to resolve: no error";
  ASSERT_TRUE(store_->record_sender_refusal("553 5.7.1 no (reply to MAIL FROM)", 1060, 1000).ok());
  ASSERT_TRUE(
      store_->record_sender_refusal("553 5.7.1 still no (reply to MAIL FROM)", 1180, 1060).ok());
  auto lasting = store_->sender_refusal();
  ASSERT_TRUE(lasting.ok() && lasting->has_value());
  EXPECT_EQ((*lasting)->first_refused_at, 1000);
  EXPECT_EQ((*lasting)->refused_at, 1060);
  EXPECT_EQ((*lasting)->refusals, 2);
  EXPECT_EQ((*lasting)->reply, "553 5.7.1 still no (reply to MAIL FROM)");
  EXPECT_EQ((*lasting)->retry_at, 1180);
  EXPECT_EQ((*lasting)->resolved_at, 0);
  ASSERT_TRUE(store_->resolve_sender_refusal(1200).ok());
  ASSERT_TRUE(store_->resolve_sender_refusal(1300).ok());
  EXPECT_EQ((*store_->sender_refusal())->resolved_at, 1200) << "resolved once";
  // A later refusal starts a new run.
  ASSERT_TRUE(store_->record_sender_refusal("554 5.7.1 policy (reply to DATA)", 5060, 5000).ok());
  auto next = store_->sender_refusal();
  EXPECT_EQ((*next)->first_refused_at, 5000);
  EXPECT_EQ((*next)->refusals, 1);
  EXPECT_EQ((*next)->resolved_at, 0);
}

// A key made once per site: two servers starting together both get the first one stored.
TEST_P(StoreContract, ASecretIsStoredOnceWhicheverServerAsksFirst) {
  auto other = GetParam().open_again(workspace_);
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(*store_->setting_once("secret.form_key", "first"), "first");
  EXPECT_EQ(*other->setting_once("secret.form_key", "second"), "first");
  EXPECT_EQ(**other->setting("secret.form_key"), "first");
}

// Where changes are announced (PostgreSQL), another server hears a committed change at once,
// not at its next look; where not (SQLite), the wait is a plain pause.
TEST_P(StoreContract, AnotherServerHearsACommittedChangeAtOnce) {
  std::unique_ptr<Store> other;
  const Id a = save_article_and_open_again("a", other);
  ASSERT_NE(other, nullptr);
  using std::chrono::milliseconds;
  if (!other->announces_content_changes()) {
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(other->wait_for_content_change(milliseconds(50)));
    EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(50));
    return;
  }
  // The first wait makes the listening connection (and says a change may have been missed);
  // then a quiet database is a wait that runs out.
  EXPECT_TRUE(other->wait_for_content_change(milliseconds(2000)));
  EXPECT_FALSE(other->wait_for_content_change(milliseconds(50)));
  const auto before = *other->content_version();
  std::thread writer([&] {
    std::this_thread::sleep_for(milliseconds(200));
    ASSERT_TRUE(store_->set_setting("site.name", "Le Fleuve").ok());
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(other->wait_for_content_change(milliseconds(5000)));
  const auto waited = std::chrono::steady_clock::now() - start;
  writer.join();
  EXPECT_LT(waited, milliseconds(1000)) << "heard only when the wait ran out";
  EXPECT_GT(*other->content_version(), before);
  // Several changes heard together are one wake-up; then quiet again.
  ASSERT_TRUE(store_->set_setting("site.name", "A").ok());
  ASSERT_TRUE(store_->set_setting("site.name", "B").ok());
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_TRUE(other->wait_for_content_change(milliseconds(1000)));
  EXPECT_FALSE(other->wait_for_content_change(milliseconds(100)));
  // Reads and view counts announce nothing.
  ASSERT_TRUE(store_->add_views({{a, 5}}, 1000).ok());
  EXPECT_FALSE(other->wait_for_content_change(milliseconds(100)));
}

// A rate limit counted in the store holds across servers: five actions in the window whichever
// server records them, the sixth refused on either, and room again once the first leaves it.
TEST_P(StoreContract, RateLimitedActionsAreCountedAcrossServers) {
  auto other = GetParam().open_again(workspace_);
  ASSERT_NE(other, nullptr);
  const UnixSeconds window = 600;
  for (int i = 0; i < 5; ++i) {
    Store& server = i % 2 ? *other : *store_;
    EXPECT_TRUE(*server.record_limited_action("comment:a1", 1000 + i, window, 5)) << i;
  }
  EXPECT_FALSE(*store_->record_limited_action("comment:a1", 1010, window, 5));
  EXPECT_FALSE(*other->record_limited_action("comment:a1", 1010, window, 5));
  // Another client, or another kind of action by the same one, has a count of its own.
  EXPECT_TRUE(*other->record_limited_action("comment:b2", 1010, window, 5));
  EXPECT_TRUE(*other->record_limited_action("subscription:a1", 1010, window, 5));
  // The refusals were not recorded: at 1600 the first action (at 1000) has left the window.
  EXPECT_TRUE(*store_->record_limited_action("comment:a1", 1600, window, 5));
  EXPECT_FALSE(*other->record_limited_action("comment:a1", 1600, window, 5));
  // Concurrent attempts from both servers: exactly the limit gets through.
  std::atomic<int> allowed = 0;
  std::vector<std::thread> attempts;
  for (Store* server : {store_.get(), other.get()}) {
    attempts.emplace_back([&allowed, server] {
      for (int i = 0; i < 10; ++i) {
        if (*server->record_limited_action("comment:c3", 5000, 600, 5)) ++allowed;
      }
    });
  }
  for (auto& attempt : attempts) attempt.join();
  EXPECT_EQ(allowed.load(), 5);
  // Housekeeping forgets what no window needs any more.
  EXPECT_EQ(*store_->forget_actions_before(2000), 7);
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(*other->record_limited_action("comment:a1", 1601, window, 5))
        << "1002-1004 and 1600 were forgotten, so five fit again: " << i;
  }
}

// Readers spread over two servers count once each per window, and the day's key is one.
TEST_P(StoreContract, ServersSharingTheDatabaseCountEachReaderOncePerWindow) {
  std::unique_ptr<Store> other;
  const Id a = save_article_and_open_again("a", other);
  ASSERT_NE(other, nullptr);
  const UnixSeconds now = 100000;
  std::vector<ReaderView> first, second;
  for (std::uint64_t reader = 1; reader <= 100; ++reader) {
    (reader % 2 ? first : second).push_back({reader * 0x9E3779B97F4A7C15ULL, a, now});
  }
  for (std::uint64_t reader = 1; reader <= 10; ++reader) {  // again, on the other server
    (reader % 2 ? second : first).push_back({reader * 0x9E3779B97F4A7C15ULL, a, now + 60});
  }
  auto counted_first = store_->add_reader_views(first, now + 60);
  auto counted_second = other->add_reader_views(second, now + 60);
  ASSERT_TRUE(counted_first.ok()) << counted_first.error().to_string();
  ASSERT_TRUE(counted_second.ok()) << counted_second.error().to_string();
  EXPECT_EQ(store_->published_article("a", now)->views, 100);
  std::int64_t reported = 0;
  for (const auto* counted : {&*counted_first, &*counted_second}) {
    for (const ViewIncrement& increment : *counted) reported += increment.views;
  }
  EXPECT_EQ(reported, 100) << "what each call counted, for the caches";

  // Once the window has passed, the same reader counts again, on either server.
  auto later = other->add_reader_views({{0x9E3779B97F4A7C15ULL, a, now + kViewRepeatWindow}},
                                       now + kViewRepeatWindow);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(store_->published_article("a", now)->views, 101);

  // One batch spanning more than the window (given back after an outage, say): a reader's
  // reload within it counts nothing, their return after it counts again.
  const UnixSeconds back = now + 10 * kViewRepeatWindow;
  const std::uint64_t returning = 0xC0FFEEULL;
  auto batch = other->add_reader_views({{returning, a, back},
                                        {returning, a, back + 60},
                                        {returning, a, back + kViewRepeatWindow + 60}},
                                       back + kViewRepeatWindow + 60);
  ASSERT_TRUE(batch.ok()) << batch.error().to_string();
  EXPECT_EQ(store_->published_article("a", now)->views, 103);

  EXPECT_EQ(*store_->daily_view_key(10, "aa"), "aa");
  EXPECT_EQ(*other->daily_view_key(10, "bb"), "aa") << "the first server's key";
  EXPECT_EQ(*other->daily_view_key(12, "cc"), "cc");
  EXPECT_EQ(*store_->daily_view_key(10, "dd"), "dd") << "day 10's key was forgotten on day 12";
}

// Two servers on one database send each message once: their claims never overlap while a
// lease runs, and a dead server's claim goes to another once its lease ends.
TEST_P(StoreContract, ServersSharingTheOutboxClaimEachMessageOnce) {
  constexpr int kMessages = 300;
  for (int i = 0; i < kMessages; ++i) {
    SubscriptionRequest request{
        "reader" + std::to_string(i) + "@example.org", "fr", {}, Frequency::each};
    ASSERT_TRUE(store_->subscribe(request, 1000).ok());
  }
  auto other = GetParam().open_again(workspace_);
  ASSERT_NE(other, nullptr);

  // A server that claims ten and dies: its messages wait for the lease (until 1100).
  auto dead = other->claim_due_messages(1000, 10, 1100);
  ASSERT_TRUE(dead.ok()) << dead.error().to_string();
  ASSERT_EQ(dead->size(), 10u);

  std::mutex mutex;
  std::map<Id, int> sent;
  auto send_all = [&](Store& server, UnixSeconds now) {
    for (;;) {
      auto claimed = server.claim_due_messages(now, 7, now + 60);
      ASSERT_TRUE(claimed.ok()) << claimed.error().to_string();
      if (claimed->empty()) return;
      for (const OutboxMessage& message : *claimed) {
        ASSERT_TRUE(server.mark_sent(message.id, now).ok());
        std::lock_guard lock(mutex);
        ++sent[message.id];
      }
    }
  };
  std::thread first([&] { send_all(*store_, 1050); });
  std::thread second([&] { send_all(*other, 1050); });
  first.join();
  second.join();
  EXPECT_EQ(sent.size(), static_cast<std::size_t>(kMessages - 10)) << "the dead claim waits";
  for (const auto& [id, times] : sent) EXPECT_EQ(times, 1) << "message " << id;

  send_all(*store_, 1101);  // the lease ended: another server takes them
  EXPECT_EQ(sent.size(), static_cast<std::size_t>(kMessages));
  for (const OutboxMessage& message : *dead) EXPECT_EQ(sent[message.id], 1);
  EXPECT_TRUE(store_->claim_due_messages(5000, 10, 5100)->empty());

  // A claim released (its server stopping) is taken at once by another, lease or not.
  ASSERT_TRUE(store_->subscribe({"late@example.org", "fr", {}, Frequency::each}, 6000).ok());
  auto stopping = store_->claim_due_messages(6000, 10, 9000);
  ASSERT_EQ(stopping->size(), 1u);
  EXPECT_TRUE(other->claim_due_messages(6001, 10, 9000)->empty());
  ASSERT_TRUE(store_->release_claims({stopping->front().id}).ok());
  auto taken = other->claim_due_messages(6001, 10, 9000);
  ASSERT_EQ(taken->size(), 1u);
  EXPECT_EQ(taken->front().id, stopping->front().id);
}

class Subscriptions : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    ASSERT_TRUE(store_
                    ->save_articles({make_article("old", {"Politique", "Local"}, "X", 100),
                                     make_article("sport", {"Sport"}, "X", 100)},
                                    AuthorPolicy::create_missing, 1000)
                    .ok());
    auto sections = store_->sections();
    ASSERT_TRUE(sections.ok());
    for (const Section& section : *sections) section_ids_[section.path] = section.id;
    add("all@example.org", {}, Frequency::each, true);
    add("politics@example.org", {section_ids_["politique"]}, Frequency::each, true);
    add("sport@example.org", {section_ids_["sport"]}, Frequency::each, true);
    add("daily@example.org", {}, Frequency::daily, true);
    add("pending@example.org", {}, Frequency::each, false);
  }
  void add(std::string email, std::vector<Id> sections, Frequency frequency, bool confirm) {
    auto subscriber = store_->subscribe({email, "fr", std::move(sections), frequency}, 1000);
    ASSERT_TRUE(subscriber.ok());
    if (confirm) {
      ASSERT_TRUE(store_->confirm_subscriber(subscriber->id, 1000).ok());
    }
    ids_[email] = subscriber->id;
  }
  std::map<std::string, Id> section_ids_;
  std::map<std::string, Id> ids_;
};

TEST_P(Subscriptions, PublishingQueuesOneMessagePerFollowerInTheSameTransaction) {
  auto local = make_article("budget", {"Politique", "Local"}, "X", 2000);
  local.announce = true;
  auto plain = make_article("quiet", {"Politique"}, "X", 2000);  // imported without --publish
  auto scheduled = make_article("match", {"Sport"}, "X", 5000);
  scheduled.announce = true;
  auto saved = store_->save_articles({local, plain, scheduled}, AuthorPolicy::create_missing, 2000);
  ASSERT_TRUE(saved.ok()) << saved.error().to_string();
  // Live now: everyone following Politique (or everything), confirmed, "each article".
  EXPECT_EQ(due_recipients(*store_, MessageKind::article, 2000),
            (std::vector<std::string>{"all@example.org", "politics@example.org"}));

  // The scheduled one is queued when it goes live, and only once.
  auto early = store_->queue_due_announcements(4999);
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(*early, 0);
  auto live = store_->queue_due_announcements(5000);
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(*live, 2);
  auto again = store_->queue_due_announcements(6000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(due_recipients(*store_, MessageKind::article, 6000),
            (std::vector<std::string>{"all@example.org", "all@example.org", "politics@example.org",
                                      "sport@example.org"}));
  auto counts = store_->outbox_counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->queued, 4 + 5);  // with the five confirmations
}

TEST_P(Subscriptions, TheDigestIsQueuedOncePerDayWithWhatIsNew) {
  auto fresh = make_article("fresh", {"Sport"}, "X", 150000);
  ASSERT_TRUE(store_->save_articles({fresh}, AuthorPolicy::create_missing, 150000).ok());
  auto queued = store_->queue_digest(20260102, 160000);
  ASSERT_TRUE(queued.ok()) << queued.error().to_string();
  EXPECT_EQ(*queued, 1);
  auto twice = store_->queue_digest(20260102, 161000);
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(*twice, 0);
  auto articles =
      store_->articles_for_subscriber(ids_["daily@example.org"], 160000 - 86400, 160000);
  ASSERT_TRUE(articles.ok());
  ASSERT_EQ(articles->size(), 1u);
  EXPECT_EQ(articles->front().slug, "fresh");
  // The next day starts where the last digest ended: nothing new, nothing queued.
  auto next = store_->queue_digest(20260103, 250000);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, 0);
}

// Every server looks for due announcements and the day's digest: racing each other, they
// queue a scheduled article's announcement once and the digest once.
TEST_P(Subscriptions, ServersRacingQueueAnAnnouncementAndTheDigestOnce) {
  auto scheduled = make_article("match", {"Sport"}, "X", 150000);
  scheduled.announce = true;
  ASSERT_TRUE(store_->save_articles({scheduled}, AuthorPolicy::create_missing, 2000).ok());
  auto other = GetParam().open_again(workspace_);
  ASSERT_NE(other, nullptr);
  std::atomic<int> announcements = 0;
  std::atomic<int> digests = 0;
  std::vector<std::thread> servers;
  for (Store* server : {store_.get(), other.get()}) {
    servers.emplace_back([&, server] {
      for (int round = 0; round < 5; ++round) {
        auto queued = server->queue_due_announcements(150000 + round);
        auto digest = server->queue_digest(20260102, 160000 + round);
        ASSERT_TRUE(queued.ok() && digest.ok());
        announcements += *queued;
        digests += *digest;
      }
    });
  }
  for (auto& server : servers) server.join();
  EXPECT_EQ(announcements.load(), 2) << "all@ and sport@, once each";
  EXPECT_EQ(digests.load(), 1) << "daily@, once";
}

TEST_P(Subscriptions, ARefusedAddressIsMarkedAndItsOtherMessagesCancelled) {
  auto article = make_article("news", {"Sport"}, "X", 2000);
  article.announce = true;
  ASSERT_TRUE(store_->save_articles({article}, AuthorPolicy::create_missing, 2000).ok());
  auto due = store_->due_messages(2000, 100);
  ASSERT_TRUE(due.ok());
  std::optional<OutboxMessage> to_sport;
  for (const OutboxMessage& message : *due) {
    if (message.recipient == "sport@example.org") to_sport = message;
  }
  ASSERT_TRUE(to_sport);
  ASSERT_TRUE(store_->mark_retry(to_sport->id, 2600, "451 try later").ok());
  auto later = store_->due_messages(2000, 100);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->size(), due->size() - 1);
  ASSERT_TRUE(store_->mark_failed(to_sport->id, "550 no such user", true).ok());
  auto subscriber = store_->subscriber(ids_["sport@example.org"]);
  ASSERT_TRUE(subscriber.ok());
  EXPECT_EQ(subscriber->status, SubscriberStatus::bounced);
  EXPECT_EQ(subscriber->last_error, "550 no such user");
  for (const OutboxMessage& message : *due) {
    if (message.recipient != "sport@example.org") {
      ASSERT_TRUE(store_->mark_sent(message.id, 2100).ok());
    }
  }
  auto counts = store_->outbox_counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->failed, 1);
  EXPECT_EQ(counts->queued, 0);
  EXPECT_GE(counts->sent, 1);
}

TEST_P(Subscriptions, ImportAddsNewAddressesOnlyAndSearchFinds) {
  Subscriber known;
  known.email = "ALL@example.org";
  known.status = SubscriberStatus::confirmed;
  Subscriber fresh;
  fresh.email = "new@example.net";
  fresh.status = SubscriberStatus::confirmed;
  fresh.section_ids = {section_ids_["sport"]};
  auto added = store_->import_subscribers({known, fresh});
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, 1);
  auto found = store_->subscribers({SubscriberStatus::confirmed, "EXAMPLE.NET"});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().email, "new@example.net");
  EXPECT_EQ(found->front().section_ids, std::vector<Id>{section_ids_["sport"]});
  auto pending = store_->subscribers({SubscriberStatus::pending, ""});
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->size(), 1u);
}

TEST_P(Subscriptions, UnconfirmedAddressesAreForgottenAndSentMessagesPruned) {
  // pending@ was sent its confirmation at 1000; an imported pending address never was.
  Subscriber imported;
  imported.email = "imported@example.org";
  imported.status = SubscriberStatus::pending;
  ASSERT_TRUE(store_->import_subscribers({imported}).ok());
  auto due = store_->due_messages(1000, 100);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 5u);  // the five confirmations
  // Held back by a paused sender: it went out at 5000, so the reader has until then + lifetime.
  for (const OutboxMessage& message : *due) {
    ASSERT_TRUE(
        store_->mark_sent(message.id, message.recipient == "pending@example.org" ? 5000 : 1000)
            .ok());
  }
  auto early = store_->delete_unconfirmed_subscribers(4999);
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(*early, 0);
  auto forgotten = store_->delete_unconfirmed_subscribers(5000);
  ASSERT_TRUE(forgotten.ok()) << forgotten.error().to_string();
  EXPECT_EQ(*forgotten, 1);
  EXPECT_EQ(store_->subscriber(ids_["pending@example.org"]).error().code, Errc::not_found);
  EXPECT_TRUE(store_->subscriber(ids_["all@example.org"]).ok()) << "confirmed: kept";
  EXPECT_TRUE(store_->subscriber_by_email("imported@example.org").ok())
      << "never sent a confirmation: kept";

  // The confirmed ones' confirmations (sent at 1000) go in batches; nothing else does.
  auto article = make_article("news", {"Sport"}, "X", 6000);
  article.announce = true;
  ASSERT_TRUE(store_->save_articles({article}, AuthorPolicy::create_missing, 6000).ok());
  auto prune_batch = [&] {
    auto pruned = store_->prune_sent_messages(1000, 3);
    EXPECT_TRUE(pruned.ok()) << pruned.error().to_string();
    return pruned.ok() ? *pruned : -1;
  };
  EXPECT_EQ(prune_batch(), 3);
  EXPECT_EQ(prune_batch(), 1);
  EXPECT_EQ(prune_batch(), 0);
  auto counts = store_->outbox_counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->sent, 0);
  EXPECT_EQ(counts->queued, 2) << "the article's messages stay queued";
}

TEST_P(Subscriptions, TheOperatorsListPagesByAddressWithCountsByStatus) {
  std::vector<Subscriber> imported;
  for (int i = 0; i < 7; ++i) {
    Subscriber subscriber;
    subscriber.email = "Reader" + std::to_string(i) + "@example.net";
    subscriber.status = i % 2 == 0 ? SubscriberStatus::confirmed : SubscriberStatus::bounced;
    imported.push_back(subscriber);
  }
  ASSERT_TRUE(store_->import_subscribers(imported).ok());
  auto counts = store_->subscriber_counts();
  ASSERT_TRUE(counts.ok()) << counts.error().to_string();
  EXPECT_EQ(counts->confirmed, 4 + 4);  // all@, politics@, sport@, daily@ and four readers
  EXPECT_EQ(counts->pending, 1);
  EXPECT_EQ(counts->bounced, 3);
  EXPECT_EQ(counts->unsubscribed, 0);

  // Pages of three, each after the last address of the one before, case aside.
  SubscriberQuery readers{std::nullopt, "READER"};
  std::vector<std::string> seen;
  std::string after;
  for (int page = 0; page < 4; ++page) {
    auto found = store_->subscriber_page(readers, after, 3);
    ASSERT_TRUE(found.ok()) << found.error().to_string();
    for (const Subscriber& subscriber : *found) seen.push_back(subscriber.email);
    if (found->empty()) break;
    after = found->back().email;
  }
  ASSERT_EQ(seen.size(), 7u);
  EXPECT_EQ(seen.front(), "Reader0@example.net");
  EXPECT_EQ(seen.back(), "Reader6@example.net");
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  auto from_lowercase = store_->subscriber_page(readers, "reader4@example.net", 10);
  ASSERT_TRUE(from_lowercase.ok());
  EXPECT_EQ(from_lowercase->size(), 2u) << "after compares without case, as the index sorts";

  auto bounced = store_->subscriber_page({SubscriberStatus::bounced, ""}, "", 10);
  ASSERT_TRUE(bounced.ok());
  ASSERT_EQ(bounced->size(), 3u);
  EXPECT_EQ(bounced->front().email, "Reader1@example.net");
  auto everyone = store_->subscriber_page({}, "", 100);
  ASSERT_TRUE(everyone.ok());
  EXPECT_EQ(everyone->size(), 5u + 7u);
  EXPECT_EQ(everyone->front().email, "all@example.org");
}

TEST_P(Subscriptions, TheOperatorRetriesFailedOrDeferredMessagesAndCancelsQueuedOnes) {
  // The five confirmations: one deferred, one failed, one sent, two still queued.
  auto due = store_->due_messages(1000, 100);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 5u);
  std::map<std::string, Id> message;
  for (const OutboxMessage& each : *due) message[each.recipient] = each.id;
  ASSERT_TRUE(store_->mark_retry(message["all@example.org"], 9000, "451 4.3.0 try later").ok());
  ASSERT_TRUE(store_->mark_failed(message["sport@example.org"], "554 5.7.1 refused", false).ok());
  ASSERT_TRUE(store_->mark_sent(message["daily@example.org"], 1100).ok());

  auto counts = store_->outbox_counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->queued, 3);
  EXPECT_EQ(counts->deferred, 1);
  auto deferred = store_->outbox_entries({OutboxState::deferred, std::nullopt, 0, 50});
  ASSERT_TRUE(deferred.ok()) << deferred.error().to_string();
  ASSERT_EQ(deferred->size(), 1u);
  EXPECT_EQ(deferred->front().message.recipient, "all@example.org");
  EXPECT_EQ(deferred->front().state, OutboxState::deferred);
  EXPECT_EQ(deferred->front().next_attempt_at, 9000);
  EXPECT_EQ(deferred->front().last_error, "451 4.3.0 try later");
  auto queued = store_->outbox_entries({OutboxState::queued, std::nullopt, 0, 50});
  ASSERT_TRUE(queued.ok());
  EXPECT_EQ(queued->size(), 2u);
  auto sent = store_->outbox_entries({OutboxState::sent, ids_["daily@example.org"], 0, 50});
  ASSERT_TRUE(sent.ok());
  ASSERT_EQ(sent->size(), 1u);
  EXPECT_EQ(sent->front().sent_at, 1100);
  // Newest first, a page before a message.
  auto all = store_->outbox_entries({std::nullopt, std::nullopt, 0, 2});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_GT(all->front().message.id, all->back().message.id);
  auto older = store_->outbox_entries({std::nullopt, std::nullopt, all->back().message.id, 50});
  ASSERT_TRUE(older.ok());
  EXPECT_EQ(older->size(), 3u);

  // Retry: deferred or failed → due now; anything else is refused and left as it is.
  auto retried = store_->retry_message(message["all@example.org"], 2000);
  ASSERT_TRUE(retried.ok()) << retried.error().to_string();
  EXPECT_EQ(retried->recipient, "all@example.org") << "the message is returned";
  ASSERT_TRUE(store_->retry_message(message["sport@example.org"], 2000).ok());
  for (const char* other : {"daily@example.org", "politics@example.org"}) {
    auto refused = store_->retry_message(message[other], 2000);
    ASSERT_FALSE(refused.ok()) << other;
    EXPECT_EQ(refused.error().code, Errc::conflict);
  }
  EXPECT_EQ(store_->retry_message(999999, 2000).error().code, Errc::not_found);
  auto now_due = store_->due_messages(2000, 100);
  ASSERT_TRUE(now_due.ok());
  std::vector<std::string> recipients;
  for (const OutboxMessage& each : *now_due) recipients.push_back(each.recipient);
  std::sort(recipients.begin(), recipients.end());
  EXPECT_EQ(recipients, (std::vector<std::string>{"all@example.org", "pending@example.org",
                                                  "politics@example.org", "sport@example.org"}));
  auto failed_again = store_->outbox_entries({OutboxState::failed, std::nullopt, 0, 50});
  ASSERT_TRUE(failed_again.ok());
  EXPECT_TRUE(failed_again->empty());

  // Cancel: queued (tried or not) → cancelled; sent ones stay sent.
  auto cancelled = store_->cancel_message(message["politics@example.org"]);
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().to_string();
  EXPECT_EQ(cancelled->id, message["politics@example.org"]);
  ASSERT_TRUE(store_->cancel_message(message["all@example.org"]).ok());
  auto cancelled_twice = store_->cancel_message(message["all@example.org"]);
  ASSERT_FALSE(cancelled_twice.ok());
  EXPECT_EQ(cancelled_twice.error().code, Errc::conflict);
  EXPECT_EQ(store_->cancel_message(message["daily@example.org"]).error().code, Errc::conflict);
  counts = store_->outbox_counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->cancelled, 2);
  EXPECT_EQ(counts->sent, 1);
  EXPECT_EQ(counts->queued, 2);
  EXPECT_EQ(counts->deferred, 1) << "sport@ was tried once, failed, and waits again";
}

TEST_P(Subscriptions, AnAnnouncementNamesItsArticle) {
  auto article = make_article("news", {"Sport"}, "X", 2000);
  article.announce = true;
  ASSERT_TRUE(store_->save_articles({article}, AuthorPolicy::create_missing, 2000).ok());
  auto entries = store_->outbox_entries({std::nullopt, ids_["sport@example.org"], 0, 50});
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ(entries->front().message.kind, MessageKind::article);
  EXPECT_EQ(entries->front().article_title, "Titre news");
  EXPECT_EQ(entries->back().message.kind, MessageKind::confirmation);
  EXPECT_EQ(entries->back().article_title, "");
}

// Readers in parallel with one writer, as the server runs them (render threads reading, the
// view flusher, an import and comments writing): every read succeeds and sees a whole
// commit, and nothing written is lost. Run under ThreadSanitizer by `make test`.
TEST_P(StoreContract, ConcurrentReadersAndAWriter) {
  std::vector<NewArticle> first;
  for (int i = 0; i < 20; ++i) {
    first.push_back(make_article("a" + std::to_string(i), {"Actualité", "Sahel"}, "X", 100 + i));
  }
  ASSERT_TRUE(store_->save_articles(first, AuthorPolicy::create_missing, 0).ok());
  std::atomic<bool> writing{true};
  std::atomic<int> failed_reads{0}, reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&, r] {
      while (writing) {
        auto article = store_->published_article("a" + std::to_string(r), 10000);
        auto entries = store_->archive_entries();
        auto threads = store_->comment_threads(article ? article->id : 1, 0, 50);
        auto version = store_->content_version();
        auto most_read = store_->most_read(ReadingPeriod::all_time, 10000, 5);
        if (!article || !entries || !threads || !version || !most_read) ++failed_reads;
        // A batch of articles is one commit: never seen in part.
        if (entries && entries->size() != 20 && entries->size() != 40) ++failed_reads;
        ++reads;
      }
    });
  }
  std::thread writer([&] {
    for (int round = 0; round < 30; ++round) {
      EXPECT_TRUE(store_->add_views({{1, 1}, {2, 2}}, 5000 + round).ok());
      Comment comment;
      comment.article_id = 1;
      comment.author_name = "Awa";
      comment.author_email = "awa@example.org";
      comment.body = "Merci " + std::to_string(round);
      comment.status = CommentStatus::approved;
      comment.created_at = 6000 + round;
      EXPECT_TRUE(store_->add_comment(comment, "").ok());
    }
    std::vector<NewArticle> second;
    for (int i = 0; i < 20; ++i) {
      second.push_back(make_article("b" + std::to_string(i), {"Économie"}, "Y", 200 + i));
    }
    EXPECT_TRUE(store_->save_articles(second, AuthorPolicy::create_missing, 0).ok());
    writing = false;
  });
  writer.join();
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(failed_reads.load(), 0) << "of " << reads.load() << " reads";
  EXPECT_GT(reads.load(), 0);
  auto one = store_->published_article("a0", 10000);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->views, 30);
  auto threads = store_->comment_threads(one->id, 0, 100);
  ASSERT_TRUE(threads.ok());
  EXPECT_EQ(threads->total_threads, 30);
  EXPECT_EQ(store_->archive_entries()->size(), 40u);
}

TEST_P(StoreContract, CommentThreadsPageByThreadWithTheirApprovedReplies) {
  auto ids =
      store_->save_articles({make_article("a", {"A"}, "X", 1)}, AuthorPolicy::create_missing, 0);
  ASSERT_TRUE(ids.ok());
  const Id article = ids->front();
  auto add = [&](std::optional<Id> parent, CommentStatus status, UnixSeconds at) {
    Comment comment;
    comment.article_id = article;
    comment.parent_id = parent;
    comment.author_name = "Awa";
    comment.author_email = "awa@example.org";
    comment.body = "Merci";
    comment.status = status;
    comment.created_at = at;
    auto id = store_->add_comment(comment, "");
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : Id{0};
  };
  // Seven threads, each answered once but the last; a pending thread and a pending reply.
  std::vector<Id> threads;
  for (int i = 0; i < 7; ++i)
    threads.push_back(add(std::nullopt, CommentStatus::approved, 100 + i));
  for (int i = 0; i < 6; ++i)
    add(threads[static_cast<std::size_t>(i)], CommentStatus::approved, 200 + i);
  add(std::nullopt, CommentStatus::pending, 300);
  add(threads[0], CommentStatus::pending, 301);

  // A first page read in one pass (13 comments) and one read thread by thread (limit 3: more
  // than four pages' worth) give the same shape; later pages go by thread too.
  for (auto [offset, limit] :
       {std::pair{0, 4}, std::pair{0, 3}, std::pair{3, 3}, std::pair{6, 3}}) {
    SCOPED_TRACE("offset " + std::to_string(offset) + ", limit " + std::to_string(limit));
    auto page = store_->comment_threads(article, offset, limit);
    ASSERT_TRUE(page.ok()) << page.error().to_string();
    EXPECT_EQ(page->total_threads, 7);
    const auto shown = static_cast<std::size_t>(std::min(limit, 7 - offset));
    ASSERT_EQ(page->top_level.size(), shown);
    for (std::size_t i = 0; i < shown; ++i) {
      EXPECT_EQ(page->top_level[i].id, threads[static_cast<std::size_t>(offset) + i]);
    }
    // Each shown thread's approved reply, oldest first; none of the threads not shown.
    const std::size_t answered =
        std::min<std::size_t>(shown, static_cast<std::size_t>(std::max(0, 6 - offset)));
    ASSERT_EQ(page->replies.size(), answered);
    for (std::size_t i = 0; i < answered; ++i) {
      EXPECT_EQ(page->replies[i].parent_id, threads[static_cast<std::size_t>(offset) + i]);
    }
  }
}

// --- Editing: states, revisions, old addresses (EditorialStore), accounts, the audit log ---

const Actor kEditor{0, "command line"};

TEST_P(StoreContract, StatesKeepTheDraftFlagInStepAndCountScheduled) {
  auto live = make_article("live", {"Blog"}, "X", 100);
  auto later = make_article("later", {"Blog", "Sport"}, "X", 5000);  // a sub-section
  auto draft = make_article("draft", {"Blog"}, "X", 100);
  draft.draft.draft = true;
  ASSERT_TRUE(store_->save_articles({live, later, draft}, AuthorPolicy::create_missing, 0).ok());
  auto counts = store_->article_counts(1000);
  ASSERT_TRUE(counts.ok()) << counts.error().to_string();
  EXPECT_EQ(counts->published, 1);
  EXPECT_EQ(counts->scheduled, 1);
  EXPECT_EQ(counts->draft, 1);

  Id id = store_->article_for_editing_by_slug("draft")->id;
  EXPECT_EQ(store_->article_for_editing(id)->state, ArticleState::draft);
  EXPECT_FALSE(store_->article_by_id(id).ok()) << "readers never see a draft";
  EXPECT_EQ(store_->set_article_state(id, ArticleState::unpublished, kEditor, 1000).error().field,
            "state");
  ASSERT_TRUE(store_->set_article_state(id, ArticleState::published, kEditor, 1000).ok());
  EXPECT_TRUE(store_->published_article("draft", 1000).ok());
  ASSERT_TRUE(store_->set_article_state(id, ArticleState::unpublished, kEditor, 1001).ok());
  EXPECT_FALSE(store_->published_article("draft", 1001).ok());
  EXPECT_FALSE(store_->article_text(id).ok());
  ASSERT_TRUE(store_->set_article_state(id, ArticleState::trash, kEditor, 1002).ok());
  auto trashed = store_->article_for_editing(id);
  EXPECT_EQ(trashed->state, ArticleState::trash);
  EXPECT_EQ(trashed->trashed_at, 1002);
  EXPECT_TRUE(trashed->draft);
  // Leaving the trash restores the state before, whatever is asked.
  ASSERT_TRUE(store_->set_article_state(id, ArticleState::published, kEditor, 1003).ok());
  EXPECT_EQ(store_->article_for_editing(id)->state, ArticleState::unpublished);
  EXPECT_EQ(store_->set_article_state(id + 100, ArticleState::trash, kEditor, 1).error().code,
            Errc::not_found);

  auto archive = store_->archive_entries();
  EXPECT_EQ(archive->size(), 2u) << "the archive still reads the draft flag";
  auto log = store_->audit_log(0, 10);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 4u);
  EXPECT_EQ((*log)[0].action, "restore");
  EXPECT_EQ((*log)[1].action, "trash");
  EXPECT_EQ((*log)[2].action, "unpublish");
  EXPECT_EQ((*log)[3].action, "publish");
  EXPECT_EQ((*log)[3].subject, "Titre draft");
  EXPECT_EQ((*log)[3].user_name, "command line");

  ArticleFilter filter;
  filter.now = 1000;
  EXPECT_EQ(store_->find_articles(filter)->total, 3);
  filter.state = ArticleState::published;
  filter.scheduled_only = true;
  auto scheduled = store_->find_articles(filter);
  ASSERT_EQ(scheduled->articles.size(), 1u);
  EXPECT_EQ(scheduled->articles[0].slug, "later");
  filter = ArticleFilter{};
  filter.section_id = store_->sections()->at(0).id;  // Blog: every article is filed there
  EXPECT_EQ(store_->find_articles(filter)->total, 3);
  filter.author_id = store_->author_by_slug("x")->id;
  filter.limit = 1;
  auto one = store_->find_articles(filter);
  EXPECT_EQ(one->total, 3);
  EXPECT_EQ(one->articles.size(), 1u);
  filter = ArticleFilter{};
  filter.title_contains = "LIV";
  EXPECT_EQ(store_->find_articles(filter)->articles.at(0).slug, "live");
}

TEST_P(StoreContract, RevisionsNumberEachSaveWithWhatChanged) {
  ASSERT_TRUE(store_->add_author("X", "").ok());
  auto article = make_article("story", {"Blog"}, "X", 100);
  article.draft.tags = {"Sahel"};
  auto id = store_->create_article(article, kEditor, 100);
  ASSERT_TRUE(id.ok()) << id.error().to_string();
  EXPECT_EQ(store_->create_article(article, kEditor, 100).error().field, "slug");

  article.draft.title = "New title";
  article.draft.body_markdown = "new body";
  article.draft.tags = {"Sahel", "Mali"};
  article.draft.correction = "A name was misspelt.";
  auto second = store_->update_article(*id, article, kEditor, "", 1, 200);
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  EXPECT_EQ(*second, 2);
  // The same content again saves nothing.
  EXPECT_EQ(*store_->update_article(*id, article, kEditor, "", 2, 300), 2);
  // A save based on revision 1 after revision 2: a conflict, nothing saved.
  article.draft.title = "Stale";
  auto stale = store_->update_article(*id, article, kEditor, "", 1, 300);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Errc::conflict);
  EXPECT_EQ(stale.error().field, "revision");

  auto revisions = store_->revisions(*id);
  ASSERT_TRUE(revisions.ok()) << revisions.error().to_string();
  ASSERT_EQ(revisions->size(), 2u);
  EXPECT_EQ((*revisions)[0].number, 2);
  EXPECT_EQ((*revisions)[0].note, "title, tags, body, correction");
  EXPECT_EQ((*revisions)[0].content.title, "New title");
  EXPECT_EQ((*revisions)[0].content.tags, (std::vector<std::string>{"Sahel", "Mali"}));
  EXPECT_EQ((*revisions)[0].content.section_path, std::vector<std::string>{"Blog"});
  EXPECT_EQ((*revisions)[1].number, 1);
  EXPECT_EQ((*revisions)[1].content.title, "Titre story");
  EXPECT_EQ(store_->revision((*revisions)[1].id)->content.body_markdown, "story");

  auto text = store_->article_text(*id);
  EXPECT_EQ(text->correction, "A name was misspelt.");
  EXPECT_EQ(text->corrected_at, 200);
  auto edited = store_->article_for_editing(*id);
  EXPECT_EQ(edited->title, "New title");
  EXPECT_EQ(edited->tags.size(), 2u);
  auto log = store_->audit_log(0, 10);
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].action, "edit");
  EXPECT_EQ((*log)[1].action, "create");

  auto unknown_author = make_article("other", {"Blog"}, "Nobody", 100);
  EXPECT_EQ(store_->create_article(unknown_author, kEditor, 100).error().field, "author");
}

TEST_P(StoreContract, AChangedSlugRedirectsAndGoneSlugsAnswerGone) {
  ASSERT_TRUE(store_
                  ->save_articles({make_article("first", {"Blog"}, "X", 100),
                                   make_article("other", {"Blog"}, "X", 100)},
                                  AuthorPolicy::create_missing, 0)
                  .ok());
  Id id = store_->article_for_editing_by_slug("first")->id;
  Id other = store_->article_for_editing_by_slug("other")->id;
  auto article = make_article("second", {"Blog"}, "X", 100);
  ASSERT_TRUE(store_->update_article(id, article, kEditor, "", 0, 200).ok());
  auto history = store_->slug_history();
  ASSERT_TRUE(history.ok()) << history.error().to_string();
  EXPECT_EQ(history->moved,
            (std::vector<std::pair<std::string, std::string>>{{"first", "second"}}));
  EXPECT_TRUE(history->gone.empty());

  // Another article cannot take the old address, nor the new one.
  auto taking_old = make_article("first", {"Blog"}, "X", 100);
  EXPECT_EQ(store_->update_article(other, taking_old, kEditor, "", 0, 300).error().field, "slug");
  auto taking_new = make_article("second", {"Blog"}, "X", 100);
  EXPECT_EQ(store_->update_article(other, taking_new, kEditor, "", 0, 300).error().code,
            Errc::conflict);
  // Going back to its old slug: that redirect goes, the other way round one comes.
  ASSERT_TRUE(
      store_->update_article(id, make_article("first", {"Blog"}, "X", 100), kEditor, "", 0, 400)
          .ok());
  EXPECT_EQ(store_->slug_history()->moved,
            (std::vector<std::pair<std::string, std::string>>{{"second", "first"}}));

  // Trashed: its addresses are gone; purged: they stay gone, even the redirects'.
  ASSERT_TRUE(store_->set_article_state(id, ArticleState::trash, kEditor, 1000).ok());
  EXPECT_EQ(store_->slug_history()->gone, (std::vector<std::string>{"first", "second"}));
  EXPECT_TRUE(store_->slug_history()->moved.empty());
  EXPECT_EQ(*store_->purge_trash(1000), 0) << "trashed at 1000, not before";
  EXPECT_EQ(*store_->purge_trash(1001), 1);
  EXPECT_EQ(store_->article_for_editing(id).error().code, Errc::not_found);
  EXPECT_EQ(store_->slug_history()->gone, (std::vector<std::string>{"first", "second"}));
  // A new article may take a purged slug: it is no longer gone.
  ASSERT_TRUE(store_
                  ->save_articles({make_article("first", {"Blog"}, "X", 100)},
                                  AuthorPolicy::create_missing, 0)
                  .ok());
  EXPECT_EQ(store_->slug_history()->gone, (std::vector<std::string>{"second"}));
}

TEST_P(StoreContract, ImportUpdatesTakenSlugsWithARevisionKeepingTheState) {
  auto article = make_article("story", {"Blog"}, "X", 100);
  article.draft.draft = true;
  ASSERT_TRUE(store_->save_articles({article}, AuthorPolicy::create_missing, 0).ok());
  Id id = store_->article_for_editing_by_slug("story")->id;
  article.draft.body_markdown = "imported again";
  article.draft.draft = false;
  auto import = store_->begin_import(AuthorPolicy::create_missing, TakenSlugPolicy::update,
                                     Actor{7, "Awa"}, 200);
  ASSERT_TRUE(import.ok());
  auto ids = (*import)->add({article, make_article("fresh", {"Blog"}, "X", 100)});
  ASSERT_TRUE(ids.ok()) << ids.error().to_string();
  EXPECT_EQ(ids->at(0), id);
  EXPECT_EQ((*import)->updated(), 1);
  // The same slug twice in one import is still a conflict.
  EXPECT_EQ((*import)->add({article}).error().field, "slug");
  ASSERT_TRUE((*import)->commit().ok());
  import->reset();

  auto updated = store_->article_for_editing(id);
  EXPECT_EQ(updated->body_markdown, "imported again");
  EXPECT_EQ(updated->state, ArticleState::draft);
  auto revisions = store_->revisions(id);
  ASSERT_EQ(revisions->size(), 1u);
  EXPECT_EQ((*revisions)[0].user_name, "Awa");
  EXPECT_EQ((*revisions)[0].note, "body");
  EXPECT_EQ(store_->audit_log(0, 1)->at(0).user_id, 7);
  // Without update, a taken slug is refused.
  EXPECT_EQ(store_->save_articles({article}, AuthorPolicy::create_missing, 0).error().code,
            Errc::conflict);
}

TEST_P(StoreContract, SessionsExpireAndLoginTokensWorkOnce) {
  auto user = store_->add_user({"Awa@Example.org", "Awa Diallo", Role::editor, ""}, 100);
  ASSERT_TRUE(user.ok()) << user.error().to_string();
  EXPECT_FALSE(user->has_password);
  EXPECT_EQ(store_->author_by_slug("awa-diallo")->id, user->author_id);
  auto taken = store_->add_user({"awa@example.ORG", "Other", Role::author, ""}, 100);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, Errc::conflict);
  EXPECT_EQ(taken.error().field, "email");
  EXPECT_EQ(store_->user_by_email("AWA@example.org")->id, user->id);
  EXPECT_EQ(store_->add_user({"x@example.org", "!!!", Role::author, ""}, 1).error().field, "name");

  ASSERT_TRUE(store_->add_session({"hash", user->id, "csrf", 100, 200}).ok());
  EXPECT_EQ(store_->session("hash", 199)->csrf_token, "csrf");
  EXPECT_EQ(store_->session("hash", 200).error().code, Errc::not_found);
  ASSERT_TRUE(store_->set_password_hash(user->id, "$argon2id$x").ok());
  EXPECT_FALSE(store_->session("hash", 150).ok()) << "a new password ends every session";
  EXPECT_EQ(*store_->password_hash(user->id), "$argon2id$x");
  EXPECT_TRUE(store_->user_by_id(user->id)->has_password);
  ASSERT_TRUE(store_->set_role(user->id, Role::administrator).ok());
  EXPECT_EQ(store_->users()->at(0).role, Role::administrator);

  ASSERT_TRUE(store_->add_login_token("t", user->id, LoginTokenPurpose::login, 500).ok());
  EXPECT_FALSE(store_->use_login_token("t", LoginTokenPurpose::password_reset, 100).ok());
  EXPECT_EQ(*store_->use_login_token("t", LoginTokenPurpose::login, 100), user->id);
  EXPECT_FALSE(store_->use_login_token("t", LoginTokenPurpose::login, 100).ok()) << "used";
  ASSERT_TRUE(store_->add_login_token("u", user->id, LoginTokenPurpose::login, 500).ok());
  EXPECT_FALSE(store_->use_login_token("u", LoginTokenPurpose::login, 500).ok()) << "expired";

  EXPECT_EQ(*store_->add_failed_login("account:a", 100, 0), 1);
  EXPECT_EQ(*store_->add_failed_login("account:a", 200, 0), 2);
  EXPECT_EQ(*store_->add_failed_login("client:b", 200, 0), 1);
  EXPECT_EQ(*store_->failed_logins("account:a", 150), 1);
  ASSERT_TRUE(store_->clear_failed_logins("account:a").ok());
  EXPECT_EQ(*store_->failed_logins("account:a", 0), 0);
  ASSERT_TRUE(store_->purge_expired_accounts_data(1000, 300).ok());
  EXPECT_EQ(*store_->failed_logins("client:b", 0), 0);

  ASSERT_TRUE(store_->add_audit_entry({0, 50, user->id, "Awa Diallo", "login", 0, ""}).ok());
  EXPECT_EQ(store_->audit_log(0, 5)->at(0).action, "login");
}

TEST_P(Subscriptions, PublishingAgainAfterUnpublishingMailsNoOneTwice) {
  auto draft = make_article("budget", {"Politique"}, "X", 1000);
  draft.draft.draft = true;
  ASSERT_TRUE(store_->save_articles({draft}, AuthorPolicy::create_missing, 1000).ok());
  Id id = store_->article_for_editing_by_slug("budget")->id;
  EXPECT_TRUE(due_recipients(*store_, MessageKind::article, 2000).empty());
  ASSERT_TRUE(store_->set_article_state(id, ArticleState::published, kEditor, 2000).ok());
  const auto mailed = due_recipients(*store_, MessageKind::article, 2000);
  EXPECT_EQ(mailed, (std::vector<std::string>{"all@example.org", "politics@example.org"}));
  ASSERT_TRUE(store_->set_article_state(id, ArticleState::unpublished, kEditor, 2001).ok());
  ASSERT_TRUE(store_->set_article_state(id, ArticleState::published, kEditor, 2002).ok());
  EXPECT_EQ(*store_->queue_due_announcements(3000), 0);
  EXPECT_EQ(due_recipients(*store_, MessageKind::article, 3000), mailed);
}

// The sections of the store by path.
std::map<std::string, Section> sections_by_path(Store& store) {
  std::map<std::string, Section> found;
  auto sections = store.sections();
  EXPECT_TRUE(sections.ok());
  if (sections) {
    for (Section& section : *sections) found[section.path] = section;
  }
  return found;
}

// Where each old address of `kind` leads.
std::map<std::string, Id> redirects_of(Store& store, CatalogKind kind) {
  std::map<std::string, Id> found;
  auto redirects = store.catalog_redirects();
  EXPECT_TRUE(redirects.ok());
  if (redirects) {
    for (const CatalogRedirect& redirect : *redirects) {
      if (redirect.kind == kind) found[redirect.old_key] = redirect.target_id;
    }
  }
  return found;
}

// How many articles each tag files.
std::map<Id, int> tag_counts(Store& store) {
  std::map<Id, int> found;
  auto counts = store.article_counts_by(CatalogKind::tag);
  EXPECT_TRUE(counts.ok());
  if (counts) found.insert(counts->begin(), counts->end());
  return found;
}

TEST_P(StoreContract, TheNewsroomsReplyApprovesTheCommentInTheSameTransaction) {
  ASSERT_TRUE(
      store_
          ->save_articles({make_article("a", {"A"}, "X", 100), make_article("b", {"A"}, "X", 200)},
                          AuthorPolicy::create_missing, 0)
          .ok());
  Id a = store_->published_article("a", 1000)->id;
  Id b = store_->published_article("b", 1000)->id;
  Comment reader{.article_id = a,
                 .author_name = "Awa",
                 .author_email = "awa@example.org",
                 .body = "Et la suite ?",
                 .status = CommentStatus::pending,
                 .created_at = 500};
  auto held = store_->add_comment(reader, "");
  ASSERT_TRUE(held.ok());
  Comment reply{.article_id = a,
                .parent_id = *held,
                .author_name = "La rédaction",
                .author_email = "redaction@example.org",
                .body = "Demain.",
                .status = CommentStatus::approved,
                .created_at = 600,
                .from_newsroom = true};
  // A reply the store refuses (filed under another article) changes nothing: the comment
  // stays held.
  Comment misfiled = reply;
  misfiled.article_id = b;
  EXPECT_EQ(store_->add_newsroom_reply(*held, misfiled).error().code, Errc::invalid_input);
  EXPECT_EQ(store_->comment(*held)->status, CommentStatus::pending);
  EXPECT_EQ(store_->add_newsroom_reply(*held + 100, reply).error().code, Errc::not_found);

  auto version = *store_->content_version();
  auto id = store_->add_newsroom_reply(*held, reply);
  ASSERT_TRUE(id.ok()) << id.error().to_string();
  EXPECT_EQ(store_->comment(*held)->status, CommentStatus::approved);
  EXPECT_TRUE(store_->comment(*id)->from_newsroom);
  EXPECT_GT(*store_->content_version(), version);
  auto threads = store_->comment_threads(a, 0, 10);
  ASSERT_TRUE(threads.ok());
  ASSERT_EQ(threads->replies.size(), 1u);
  EXPECT_EQ(threads->replies.front().body, "Demain.");
}

TEST_P(StoreContract, SeveralSettingsAreWrittenTogether) {
  auto version = *store_->content_version();
  ASSERT_TRUE(
      store_->set_settings({{"site.name", "Sahel Tribune"}, {"site.timezone", "Africa/Bamako"}})
          .ok());
  EXPECT_EQ(**store_->setting("site.name"), "Sahel Tribune");
  EXPECT_EQ(**store_->setting("site.timezone"), "Africa/Bamako");
  EXPECT_GT(*store_->content_version(), version);
}

TEST_P(StoreContract, RenamingAndMovingASectionCarriesItsSubsectionsAndLeavesRedirects) {
  ASSERT_TRUE(store_
                  ->save_articles({make_article("a", {"Blog", "Sécurité"}, "X", 100),
                                   make_article("b", {"Sport"}, "X", 100)},
                                  AuthorPolicy::create_missing, 1000)
                  .ok());
  auto before = sections_by_path(*store_);
  Id blog = before["blog"].id, security = before["blog/securite"].id;
  auto version = *store_->content_version();

  ASSERT_TRUE(store_->update_section(blog, "Journal", "", std::nullopt).ok());
  auto after = sections_by_path(*store_);
  EXPECT_EQ(after["journal"].name, "Journal");
  EXPECT_EQ(after["journal/securite"].id, security);
  EXPECT_FALSE(after.contains("blog"));
  EXPECT_GT(*store_->content_version(), version);
  auto redirects = redirects_of(*store_, CatalogKind::section);
  EXPECT_EQ(redirects["blog"], blog);
  EXPECT_EQ(redirects["blog/securite"], security);

  // Moved under Sport: the subsection's path follows, its old ones lead to it.
  Id sport = after["sport"].id;
  ASSERT_TRUE(store_->update_section(security, "Sécurité", "defense", sport).ok());
  after = sections_by_path(*store_);
  EXPECT_EQ(after["sport/defense"].id, security);
  EXPECT_EQ(after["sport/defense"].parent_id, sport);
  redirects = redirects_of(*store_, CatalogKind::section);
  EXPECT_EQ(redirects["journal/securite"], security);
  EXPECT_EQ(redirects["blog/securite"], security);

  // An editor's own slug does not make saving an article by section names create another.
  auto again = make_article("c", {"Sport", "Sécurité"}, "X", 100);
  ASSERT_TRUE(store_->save_articles({again}, AuthorPolicy::create_missing, 1000).ok());
  EXPECT_EQ(store_->sections()->size(), 3u);
  EXPECT_EQ(store_->published_article("c", 2000)->sections.back().id, security);

  // Refusals name their field and change nothing.
  EXPECT_EQ(store_->update_section(sport, "Sport", "", security).error().field, "parent");
  EXPECT_EQ(store_->update_section(sport, "Sport", "Bad Slug", std::nullopt).error().field, "slug");
  auto taken = store_->update_section(blog, "Journal", "sport", std::nullopt);
  EXPECT_EQ(taken.error().code, Errc::conflict);
  EXPECT_EQ(taken.error().field, "slug");
  EXPECT_EQ(store_->update_section(blog, "Sport", "autre", std::nullopt).error().field, "name");
  EXPECT_EQ(store_->update_section(9999, "X", "", std::nullopt).error().code, Errc::not_found);
  EXPECT_EQ(sections_by_path(*store_).size(), 3u);
  EXPECT_TRUE(sections_by_path(*store_).contains("journal"));

  // A new section under a parent; its path taken again frees the redirect.
  auto added = store_->add_section("Blog", "", std::nullopt);
  ASSERT_TRUE(added.ok()) << added.error().to_string();
  EXPECT_EQ(added->path, "blog");
  EXPECT_FALSE(redirects_of(*store_, CatalogKind::section).contains("blog"));
  auto child = store_->add_section("Analyses", "", added->id);
  ASSERT_TRUE(child.ok());
  EXPECT_EQ(child->path, "blog/analyses");
  EXPECT_EQ(store_->add_section("Analyses", "", added->id).error().code, Errc::conflict);
}

TEST_P(StoreContract, MergingASectionMovesItsArticlesSubsectionsAndFollowers) {
  ASSERT_TRUE(store_
                  ->save_articles({make_article("a", {"Actualité", "Local"}, "X", 100),
                                   make_article("b", {"Actualité"}, "X", 100),
                                   make_article("c", {"Nouvelles"}, "X", 100)},
                                  AuthorPolicy::create_missing, 1000)
                  .ok());
  auto before = sections_by_path(*store_);
  Id news = before["actualite"].id, local = before["actualite/local"].id,
     target = before["nouvelles"].id;
  auto follower = store_->subscribe({"f@example.org", "fr", {news}, Frequency::each}, 1000);
  ASSERT_TRUE(follower.ok());

  EXPECT_EQ(store_->merge_section(news, local).error().field, "into");
  ASSERT_TRUE(store_->merge_section(news, target).ok());
  auto after = sections_by_path(*store_);
  EXPECT_FALSE(after.contains("actualite"));
  EXPECT_EQ(after["nouvelles/local"].id, local);
  EXPECT_EQ(after["nouvelles/local"].parent_id, target);
  EXPECT_EQ(store_->published_article("b", 2000)->sections.back().id, target);
  EXPECT_EQ(store_->subscriber(follower->id)->section_ids, std::vector<Id>{target});
  auto redirects = redirects_of(*store_, CatalogKind::section);
  EXPECT_EQ(redirects["actualite"], target);
  EXPECT_EQ(redirects["actualite/local"], local);
  EXPECT_EQ(store_->merge_section(news, target).error().code, Errc::not_found);
}

TEST_P(StoreContract, AuthorsAndTagsRenamedOrMergedKeepTheirOldAddresses) {
  auto article = make_article("a", {"Blog"}, "Awa Diallo", 100);
  article.draft.tags = {"Élections", "Vote"};
  auto other = make_article("b", {"Blog"}, "Awa Diallo", 100);
  other.draft.tags = {"Vote"};
  ASSERT_TRUE(store_->save_articles({article, other}, AuthorPolicy::create_missing, 1000).ok());
  Author awa = *store_->author_by_slug("awa-diallo");

  ASSERT_TRUE(store_->update_author(awa.id, "Awa Diallo Traoré", "", "Reporter à Mopti.").ok());
  auto renamed = store_->author_by_slug("awa-diallo-traore");
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(renamed->bio, "Reporter à Mopti.");
  EXPECT_EQ(redirects_of(*store_, CatalogKind::author)["awa-diallo"], awa.id);
  ASSERT_TRUE(store_->add_author("Moussa Keita", "").ok());
  auto taken = store_->update_author(awa.id, "Moussa Keita", "", "");
  EXPECT_EQ(taken.error().code, Errc::conflict);
  EXPECT_EQ(taken.error().field, "name");
  EXPECT_EQ(store_->update_author(awa.id, "Awa", "moussa-keita", "").error().field, "slug");

  Tag elections = *store_->tag_by_slug("elections");
  Tag vote = *store_->tag_by_slug("vote");
  ASSERT_TRUE(store_->update_tag(elections.id, "Élections", "elections-2026").ok());
  // Typing the name again finds the tag, whatever its slug.
  auto retagged = make_article("c", {"Blog"}, "Awa Diallo Traoré", 100);
  retagged.draft.tags = {"Élections"};
  ASSERT_TRUE(store_->save_articles({retagged}, AuthorPolicy::create_missing, 1000).ok());
  EXPECT_EQ(store_->tags()->size(), 2u);

  std::map<Id, int> counts = tag_counts(*store_);
  EXPECT_EQ(counts[elections.id], 2);
  EXPECT_EQ(counts[vote.id], 2);

  EXPECT_EQ(store_->merge_tag(vote.id, vote.id).error().field, "into");
  ASSERT_TRUE(store_->merge_tag(vote.id, elections.id).ok());
  EXPECT_EQ(store_->tags()->size(), 1u);
  counts = tag_counts(*store_);
  EXPECT_EQ(counts[elections.id], 3);  // a, b and c: a had both, once
  auto tag_redirects = redirects_of(*store_, CatalogKind::tag);
  EXPECT_EQ(tag_redirects["elections"], elections.id);
  EXPECT_EQ(tag_redirects["vote"], elections.id);
}

// The slugs a search for `words` finds at `now`, most relevant first (site languages fr, en).
std::vector<std::string> found_slugs(Store& store, std::vector<std::string> words,
                                     UnixSeconds now = 10'000) {
  SearchRequest request;
  request.words = std::move(words);
  request.languages = {"en", "fr"};
  request.now = now;
  request.limit = 50;
  auto results = store.search(request);
  EXPECT_TRUE(results.ok()) << results.error().to_string();
  std::vector<std::string> slugs;
  if (!results.ok()) return slugs;
  for (const SearchHit& hit : results->hits)
    slugs.push_back(store.article_by_id(hit.article_id)->slug);
  return slugs;
}

std::string joined(const std::vector<SnippetPart>& parts, bool marks) {
  std::string text;
  for (const SnippetPart& part : parts) {
    text += marks && part.matched ? "[" + part.text + "]" : part.text;
  }
  return text;
}

class Search : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    auto goita = make_article("goita", {"Politique"}, "Awa Diallo", 300);
    goita.draft.title = "Le colonel Goïta reçoit l'envoyé des États-Unis";
    goita.description = "Une visite à Koulouba.";
    goita.body_html =
        "<p>Les entretiens ont porté sur la lutte contre le terrorisme et "
        "l&#8217;armée malienne.</p>";
    auto elections = make_article("elections", {"World"}, "John Smith", 200);
    elections.lang = "en";
    elections.draft.title = "Senegal counts its votes";
    elections.body_html = "<p>The elections were held on Sunday; observers praised them.</p>";
    elections.draft.tags = {"Démocratie"};
    auto body_only = make_article("body-only", {"Économie"}, "Awa Diallo", 250);
    body_only.draft.title = "Le coton repart";
    body_only.body_html = "<p>Un mot du colonel Goïta sur les récoltes.</p>";
    auto newer_body = make_article("newer-body", {"Économie"}, "Awa Diallo", 260);
    newer_body.draft.title = "Le riz aussi";
    newer_body.body_html = "<p>Un mot du colonel Goïta sur les récoltes.</p>";
    auto later = make_article("later", {"Politique"}, "Awa Diallo", 50'000);
    later.draft.title = "Goïta demain";
    auto draft = make_article("draft", {"Politique"}, "Awa Diallo", 100);
    draft.draft.title = "Goïta en brouillon";
    draft.draft.draft = true;
    ASSERT_TRUE(store_
                    ->save_articles({goita, elections, body_only, newer_body, later, draft},
                                    AuthorPolicy::create_missing, 0)
                    .ok());
  }
};

TEST_P(Search, FoldsAccentsStemsWordsAndDropsElisions) {
  EXPECT_EQ(found_slugs(*store_, {"etats", "unis"}), std::vector<std::string>{"goita"});
  EXPECT_EQ(found_slugs(*store_, {"terroriste"}), std::vector<std::string>{"goita"});
  EXPECT_EQ(found_slugs(*store_, {"armee"}), std::vector<std::string>{"goita"});
  EXPECT_EQ(found_slugs(*store_, {"armees"}), std::vector<std::string>{"goita"});
  EXPECT_EQ(found_slugs(*store_, {"election"}), std::vector<std::string>{"elections"})
      << "the English article is stemmed as English";
  EXPECT_EQ(found_slugs(*store_, {"vote"}), std::vector<std::string>{"elections"});
  EXPECT_TRUE(found_slugs(*store_, {"goita", "senegal"}).empty()) << "every word must be found";
}

TEST_P(Search, FindsAuthorsSectionsTagsAndLedes) {
  EXPECT_EQ(found_slugs(*store_, {"smith"}), std::vector<std::string>{"elections"});
  EXPECT_EQ(found_slugs(*store_, {"democratie"}), std::vector<std::string>{"elections"});
  EXPECT_EQ(found_slugs(*store_, {"koulouba"}), std::vector<std::string>{"goita"});
  EXPECT_EQ(found_slugs(*store_, {"economie"}),
            (std::vector<std::string>{"newer-body", "body-only"}));
}

TEST_P(Search, ATitleBeatsABodyAndTheNewestBreaksTies) {
  EXPECT_EQ(found_slugs(*store_, {"goita"}),
            (std::vector<std::string>{"goita", "newer-body", "body-only"}));
  EXPECT_EQ(found_slugs(*store_, {"goita"}, 60'000),
            (std::vector<std::string>{"later", "goita", "newer-body", "body-only"}))
      << "a scheduled article is found once live, never a draft";
}

TEST_P(Search, SnippetsMarkTheWordsFoundAndPagesCountTheWhole) {
  SearchRequest request;
  request.words = {"goita"};
  request.languages = {"fr", "en"};
  request.now = 10'000;
  request.offset = 1;
  request.limit = 1;
  auto results = store_->search(request);
  ASSERT_TRUE(results.ok()) << results.error().to_string();
  EXPECT_EQ(results->total, 3);
  ASSERT_EQ(results->hits.size(), 1u);
  EXPECT_EQ(joined(results->hits[0].title, true), "Le riz aussi");
  // The words around the match: SQLite's snippet keeps the sentence whole; PostgreSQL's
  // ts_headline, one fragment about the match, drops the stop words at its edges.
  const std::string around = joined(results->hits[0].excerpt, true);
  EXPECT_NE(around.find("colonel [Goïta] sur les récoltes"), std::string::npos) << around;

  request.words = {"armee"};
  request.offset = 0;
  results = store_->search(request);
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->hits.size(), 1u);
  // The elided article is marked with its word (SQLite's tokenizer) or left out of the mark
  // (PostgreSQL's parser cuts at the apostrophe): either way the word is marked.
  const std::string excerpt = joined(results->hits[0].excerpt, true);
  EXPECT_TRUE(excerpt.find("[l’armée]") != std::string::npos ||
              excerpt.find("l’[armée]") != std::string::npos)
      << excerpt;
  EXPECT_EQ(joined(results->hits[0].title, false),
            "Le colonel Goïta reçoit l'envoyé des États-Unis");
}

TEST_P(Search, QuerySyntaxInWordsIsNeverSyntax) {
  const std::vector<std::string> words = {"\"",
                                          "AND",
                                          "OR",
                                          "NOT",
                                          "NEAR",
                                          "*",
                                          "(",
                                          ")",
                                          "col:x",
                                          "^",
                                          "'",
                                          "\"goita\" OR \"x",
                                          std::string("a\0b", 3)};
  for (const std::string& word : words) {
    EXPECT_TRUE(found_slugs(*store_, {word}).empty()) << word;
  }
  EXPECT_TRUE(found_slugs(*store_, {}).empty());
}

TEST_P(Search, TheIndexFollowsEditsStatesAndRenames) {
  Id id = store_->article_for_editing_by_slug("goita")->id;
  auto edited = make_article("goita", {"Politique"}, "Awa Diallo", 300);
  edited.draft.title = "Le président de la transition reçoit un envoyé";
  edited.body_html = "<p>Rien sur la défense.</p>";
  ASSERT_TRUE(store_->update_article(id, edited, kEditor, "", 0, 400).ok());
  EXPECT_EQ(found_slugs(*store_, {"goita"}), (std::vector<std::string>{"newer-body", "body-only"}));
  EXPECT_EQ(found_slugs(*store_, {"transition"}), std::vector<std::string>{"goita"});

  ASSERT_TRUE(store_->set_article_state(id, ArticleState::unpublished, kEditor, 500).ok());
  EXPECT_TRUE(found_slugs(*store_, {"transition"}).empty());
  ASSERT_TRUE(store_->set_article_state(id, ArticleState::published, kEditor, 600).ok());
  EXPECT_EQ(found_slugs(*store_, {"transition"}), std::vector<std::string>{"goita"});
  ASSERT_TRUE(store_->set_article_state(id, ArticleState::trash, kEditor, 700).ok());
  EXPECT_TRUE(found_slugs(*store_, {"transition"}).empty());
  ASSERT_TRUE(store_->set_article_state(id, ArticleState::published, kEditor, 800).ok());
  EXPECT_EQ(found_slugs(*store_, {"transition"}), std::vector<std::string>{"goita"});

  Author awa = *store_->author_by_slug("awa-diallo");
  ASSERT_TRUE(store_->update_author(awa.id, "Awa Traoré", "", "").ok());
  EXPECT_TRUE(found_slugs(*store_, {"diallo"}).empty());
  EXPECT_EQ(found_slugs(*store_, {"traore"}).size(), 3u);

  Tag democratie = *store_->tag_by_slug("democratie");
  ASSERT_TRUE(store_->update_tag(democratie.id, "Suffrage", "").ok());
  EXPECT_TRUE(found_slugs(*store_, {"democratie"}).empty());
  EXPECT_EQ(found_slugs(*store_, {"suffrage"}), std::vector<std::string>{"elections"});

  Section economie = sections_by_path(*store_).at("economie");
  ASSERT_TRUE(store_->update_section(economie.id, "Agriculture", "economie", std::nullopt).ok());
  EXPECT_EQ(found_slugs(*store_, {"agriculture"}).size(), 2u);
  Section politique = sections_by_path(*store_).at("politique");
  ASSERT_TRUE(store_->merge_section(economie.id, politique.id).ok());
  EXPECT_EQ(found_slugs(*store_, {"politique"}).size(), 3u);

  ASSERT_TRUE(store_->set_article_state(id, ArticleState::trash, kEditor, 900).ok());
  ASSERT_TRUE(store_->purge_trash(1000).ok());
  EXPECT_TRUE(found_slugs(*store_, {"transition"}).empty());
  ASSERT_TRUE(store_->rebuild_search_index().ok());
  EXPECT_EQ(found_slugs(*store_, {"goita"}), (std::vector<std::string>{"newer-body", "body-only"}));
}

// A site moves to the other engine (SQLite to PostgreSQL, or back) with every row, and the
// copy goes on as a site: new ids follow the copied ones, search finds what it found.
TEST_P(StoreContract, CopyIntoTheOtherEngineKeepsEveryRow) {
  auto article = make_article("seed", {"Blog", "Sécurité"}, "Awa Traoré", 1000);
  article.draft.tags = {"Sahel"};
  ASSERT_TRUE(store_
                  ->save_articles({article, make_article("riz", {"Blog"}, "Awa Traoré", 1100)},
                                  AuthorPolicy::create_missing, 0)
                  .ok());
  const Id seed = store_->published_article("seed", 5000)->id;
  ASSERT_TRUE(store_->add_views({{seed, 42}}, 4000).ok());
  ASSERT_TRUE(store_->set_setting("site.name", "Le Journal du Sahel").ok());
  ASSERT_TRUE(store_->subscribe({"awa@example.org", "fr", {}, Frequency::each}, 1000).ok());
  Comment comment;
  comment.article_id = seed;
  comment.author_name = "Moussa";
  comment.author_email = "moussa@example.org";
  comment.body = "Merci.";
  comment.status = CommentStatus::approved;
  comment.created_at = 2000;
  ASSERT_TRUE(store_->add_comment(comment, "").ok());

  Workspace other_space;
  const Backend& other = GetParam().name == "sqlite" ? kBackends[1] : kBackends[0];
  auto target = other.open(other_space);
  ASSERT_NE(target, nullptr);
  auto copied = store_->copy_into(*target);
  ASSERT_TRUE(copied.ok()) << copied.error().to_string();
  std::map<std::string, std::int64_t> rows(copied->begin(), copied->end());
  EXPECT_EQ(rows["articles"], 2);
  EXPECT_EQ(rows["comments"], 1);
  EXPECT_EQ(rows["subscribers"], 1);

  auto moved = target->published_article("seed", 5000);
  ASSERT_TRUE(moved.ok()) << moved.error().to_string();
  EXPECT_EQ(moved->id, seed);
  EXPECT_EQ(moved->views, 42);
  EXPECT_EQ(moved->comment_count, 1);
  EXPECT_EQ(moved->sections.back().path, "blog/securite");
  EXPECT_EQ(**target->setting("site.name"), "Le Journal du Sahel");
  EXPECT_EQ(target->subscriber_counts()->pending, 1);
  EXPECT_EQ(found_slugs(*target, {"sahel"}), std::vector<std::string>{"seed"});
  auto added = target->save_articles({make_article("mil", {"Blog"}, "Awa Traoré", 1200)},
                                     AuthorPolicy::create_missing, 0);
  ASSERT_TRUE(added.ok()) << added.error().to_string();
  EXPECT_GT(added->front(), seed) << "a new id after the copied ones";

  auto again = store_->copy_into(*target);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::conflict) << "never into a database that holds a site";
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::ValuesIn(kBackends),
                         [](const auto& test_info) { return test_info.param.name; });
INSTANTIATE_TEST_SUITE_P(Backends, Subscriptions, ::testing::ValuesIn(kBackends),
                         [](const auto& test_info) { return test_info.param.name; });
INSTANTIATE_TEST_SUITE_P(Backends, Search, ::testing::ValuesIn(kBackends),
                         [](const auto& test_info) { return test_info.param.name; });

}  // namespace
}  // namespace tribune

namespace tribune {
namespace {

// The translation group of `slug` as the archive holds it: its original's id, or 0.
Id original_of(Store& store, std::string_view slug) {
  auto entries = store.archive_entries();
  if (!entries) return -1;
  for (const ArchiveEntry& entry : *entries) {
    if (entry.slug == slug) return entry.translation_of;
  }
  return -1;
}

TEST_P(StoreContract, TranslationsJoinTheirOriginalsGroup) {
  auto original = make_article("crues", {"Société"}, "Awa Diallo", 1000);
  auto english = make_article("floods", {"Société"}, "Awa Diallo", 2000);
  english.lang = "en";
  english.draft.translation_of = "crues";
  auto arabic = make_article("fayadan", {"Société"}, "Awa Diallo", 3000);
  arabic.lang = "ar";
  arabic.draft.translation_of = "floods";  // a translation of a translation: the same group
  auto ids = store_->save_articles({original, english, arabic}, AuthorPolicy::create_missing, 0);
  ASSERT_TRUE(ids.ok()) << ids.error().to_string();
  const Id crues = (*ids)[0];
  EXPECT_EQ(original_of(*store_, "crues"), 0);
  EXPECT_EQ(original_of(*store_, "floods"), crues);
  EXPECT_EQ(original_of(*store_, "fayadan"), crues);
  auto read = store_->article_by_id((*ids)[2]);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->translation_of, "crues") << "articles name their group's original";

  // Refused, naming the field: an unknown slug, the same language, itself.
  auto unknown = make_article("inconnu", {"Société"}, "Awa Diallo", 4000);
  unknown.lang = "en";
  unknown.draft.translation_of = "nowhere";
  auto refused = store_->save_articles({unknown}, AuthorPolicy::create_missing, 0);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "translation_of");
  EXPECT_EQ(refused.error().code, Errc::invalid_input);
  auto same = make_article("meme-langue", {"Société"}, "Awa Diallo", 4000);
  same.draft.translation_of = "crues";
  refused = store_->save_articles({same}, AuthorPolicy::create_missing, 0);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "translation_of");
  auto itself = original;
  itself.draft.translation_of = "crues";
  itself.lang = "en";
  auto saved = store_->update_article(crues, itself, Actor{0, "test"}, "", 0, 5000);
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.error().field, "translation_of");

  // An editor makes the original a translation of another article: its group follows it.
  auto wolof = make_article("ndox", {"Société"}, "Awa Diallo", 500);
  wolof.lang = "wo";
  auto wolof_id = store_->save_articles({wolof}, AuthorPolicy::create_missing, 0);
  ASSERT_TRUE(wolof_id.ok());
  auto moved = original;
  moved.draft.translation_of = "ndox";
  ASSERT_TRUE(store_->update_article(crues, moved, Actor{0, "test"}, "", 0, 6000).ok());
  EXPECT_EQ(original_of(*store_, "crues"), (*wolof_id)[0]);
  EXPECT_EQ(original_of(*store_, "floods"), (*wolof_id)[0]);
  EXPECT_EQ(original_of(*store_, "fayadan"), (*wolof_id)[0]);
  // And leaves it again when the field is emptied.
  moved.draft.translation_of.clear();
  ASSERT_TRUE(store_->update_article(crues, moved, Actor{0, "test"}, "", 0, 7000).ok());
  EXPECT_EQ(original_of(*store_, "crues"), 0);
}

// A WordPress import keys everything by WordPress id: the same objects again change nothing,
// a changed one is updated in place (with a revision), a slug taken by an article of the
// newsroom's own is not stolen, and nothing is saved without commit().
TEST_P(StoreContract, AWordpressImportIsKeyedByWordpressIds) {
  auto mine = make_article("crues", {"Société"}, "Awa Diallo", 1000);
  ASSERT_TRUE(store_->save_articles({mine}, AuthorPolicy::create_missing, 0).ok());

  auto import_once = [&](const std::string& title, const std::string& fingerprint,
                         ImportOutcome& article_outcome, ImportOutcome& comment_outcome,
                         bool commit) -> Id {
    auto import = store_->begin_wordpress_import(Actor{0, "WordPress import"}, 5000);
    EXPECT_TRUE(import.ok());
    ImportOutcome outcome{};
    auto author =
        (*import)->author(WordpressKey{"awa", "a"}, "Awa Diallo", "awa@example.org", outcome);
    EXPECT_TRUE(author.ok());
    auto section = (*import)->section(WordpressKey{"3", "s"}, 0, "Société", "societe", outcome);
    EXPECT_TRUE(section.ok());
    WordpressArticle article;
    article.key = WordpressKey{"101", fingerprint};
    article.article = make_article("crues", {"Société"}, "Awa Diallo", 2000);
    article.article.draft.title = title;
    article.article.draft.body_format = BodyFormat::html;
    article.article.draft.views = 40;
    article.state = ArticleState::unpublished;
    auto id = (*import)->article(article, article_outcome);
    EXPECT_TRUE(id.ok()) << id.error().to_string();
    WordpressComment comment;
    comment.key = WordpressKey{"501", fingerprint};
    comment.post_wp_id = 101;
    comment.comment.author_name = "Ibrahim";
    comment.comment.author_email = "ibrahim@example.org";
    comment.comment.body = "Courage.";
    comment.comment.status = CommentStatus::approved;
    comment.comment.created_at = 2100;
    EXPECT_TRUE((*import)->comment(comment, comment_outcome).ok());
    EXPECT_TRUE((*import)
                    ->old_address(OldAddress{"/2024/03/05/crues/", OldAddressKind::article,
                                             id.ok() ? *id : 0, ""})
                    .ok());
    if (commit) {
      EXPECT_TRUE((*import)->commit().ok());
    }
    return id.ok() ? *id : 0;
  };

  ImportOutcome article{}, comment{};
  const Id abandoned = import_once("Crues", "v1", article, comment, false);
  EXPECT_NE(abandoned, 0);
  EXPECT_FALSE(store_->old_address("/2024/03/05/crues/")->has_value()) << "not committed";

  const Id id = import_once("Crues", "v1", article, comment, true);
  EXPECT_EQ(article, ImportOutcome::created);
  EXPECT_EQ(comment, ImportOutcome::created);
  auto saved = store_->article_for_editing(id);
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->slug, "crues-2") << "the newsroom's own article keeps its slug";
  EXPECT_EQ(saved->state, ArticleState::unpublished);
  EXPECT_EQ(saved->body_format, BodyFormat::html);
  EXPECT_EQ(saved->views, 40);
  auto address = store_->old_address("/2024/03/05/crues/");
  ASSERT_TRUE(address.ok() && address->has_value());
  EXPECT_EQ((*address)->target_id, id);
  EXPECT_EQ(store_->wordpress_origin(id)->wp_id, 101);

  EXPECT_EQ(import_once("Crues", "v1", article, comment, true), id);
  EXPECT_EQ(article, ImportOutcome::unchanged);
  EXPECT_EQ(comment, ImportOutcome::unchanged);
  EXPECT_EQ(store_->revisions(id)->size(), 0u) << "an import keeps no revision, as Markdown's";

  EXPECT_EQ(import_once("Crues du fleuve", "v2", article, comment, true), id);
  EXPECT_EQ(article, ImportOutcome::updated);
  EXPECT_EQ(comment, ImportOutcome::updated);
  EXPECT_EQ(store_->article_for_editing(id)->title, "Crues du fleuve");
  EXPECT_EQ(store_->revisions(id)->size(), 1u) << "the update is kept as a revision";
  EXPECT_EQ(store_->comments(id, CommentStatus::approved)->size(), 1u);
}

// Static pages come back parents first, drafts included.
TEST_P(StoreContract, StaticPagesAreReadParentsFirst) {
  auto import = store_->begin_wordpress_import(Actor{0, "WordPress import"}, 5000);
  ASSERT_TRUE(import.ok());
  ImportOutcome outcome{};
  StaticPage team;
  team.path = "a-propos/equipe";
  team.title = "L'équipe";
  team.lang = "fr";
  team.body_source = team.body_html = "<p>Nous.</p>";
  team.body_format = BodyFormat::html;
  team.parent_id = 108;
  StaticPage about = team;
  about.path = "a-propos";
  about.title = "À propos";
  about.parent_id = 0;
  about.draft = true;
  ASSERT_TRUE((*import)->page(WordpressKey{"108", "x"}, about, outcome).ok());
  ASSERT_TRUE((*import)->page(WordpressKey{"109", "x"}, team, outcome).ok());
  ASSERT_TRUE((*import)->commit().ok());
  auto pages = store_->static_pages();
  ASSERT_TRUE(pages.ok());
  ASSERT_EQ(pages->size(), 2u);
  EXPECT_EQ((*pages)[0].path, "a-propos");
  EXPECT_TRUE((*pages)[0].draft);
  EXPECT_EQ((*pages)[1].path, "a-propos/equipe");
  EXPECT_EQ((*pages)[1].parent_id, (*pages)[0].id);
}

// A backup taken while another thread keeps writing ends (it does not start over at each
// write), holds everything committed before it began, and is private to its owner.
TEST_P(StoreContract, ABackupIsOneMomentOfTheDatabaseWhileWritesGoOn) {
  std::vector<NewArticle> articles;
  for (int i = 0; i < 200; ++i) {
    articles.push_back(make_article("a" + std::to_string(i), {"Sahel"}, "Awa", 1000 + i));
  }
  ASSERT_TRUE(store_->save_articles(articles, AuthorPolicy::create_missing, 0).ok());
  ASSERT_TRUE(store_->set_setting("site.name", "Avant la copie").ok());

  std::atomic<bool> stop{false};
  std::atomic<int> writes{0};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      if (store_->set_setting("site.description", "écrit " + std::to_string(i)).ok()) ++writes;
    }
  });
  while (writes < 20) std::this_thread::yield();  // the backup starts amid the writes
  const std::filesystem::path copy = dir_ / "copy.db";
  Status copied = store_->backup_to(copy);
  int writes_during = writes;
  stop = true;
  writer.join();
  ASSERT_TRUE(copied.ok()) << copied.error().to_string();
  EXPECT_GT(writes_during, 20);

  EXPECT_EQ(std::filesystem::status(copy).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  Status again = store_->backup_to(copy);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::conflict) << "a backup never overwrites a file";

  auto restored = GetParam().open_backup(workspace_, copy);
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(restored->archive_entries()->size(), 200u);
  EXPECT_EQ(**restored->setting("site.name"), "Avant la copie");
  ASSERT_TRUE(restored->published_article("a199", 5000).ok());
  auto description = restored->setting("site.description");
  ASSERT_TRUE(description.ok() && description->has_value());
  EXPECT_TRUE((*description)->starts_with("écrit ")) << "one of the writes, whole";
}

}  // namespace
}  // namespace tribune
