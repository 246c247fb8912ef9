// What readers get as an article goes through its states (published, unpublished, trash,
// restored, renamed, corrected): through the real site and handler, on the SQLite store.
#include <gtest/gtest.h>

#include "audience/crawler_detector.h"
#include "audience/view_counter.h"
#include "content/front_matter.h"
#include "core/fs.h"
#include "http/seeded_site.h"

namespace tribune::http {
namespace {

constexpr UnixSeconds kNow = 1800000000;  // 2027-01-15T08:00:00Z
constexpr std::string_view kSlug =
    "lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita";
const std::string kPath = "/2025/07/11/" + std::string(kSlug) + "/";

using testing::body_of;
using testing::bytes_of;

class ArticleStatesTest : public testing::SeededSiteTest {
 protected:
  void SetUp() override {
    SeededSiteTest::SetUp();
    crawlers_ = std::move(*CrawlerDetector::builtin());
    views_ = std::make_unique<ViewCounter>(*crawlers_, [] { return kNow; });
    handler_ = std::make_unique<Handler>(
        *site_, [] { return kNow; }, views_.get());
    auto article = store_->article_for_editing_by_slug(kSlug);
    ASSERT_TRUE(article.ok()) << article.error().to_string();
    id_ = article->id;
  }

  Response get(const std::string& path) {
    Request request{"GET", path, "", ""};
    request.client = "192.0.2.7";
    request.user_agent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    return handler_->handle(request);
  }

  // Moves the article to `state` as an editor would, and has the site notice, as the content
  // watcher does.
  void set_state(ArticleState state) {
    ASSERT_TRUE(store_->set_article_state(id_, state, Actor{0, "test"}, kNow).ok());
    handler_->reload();
  }

  // Saves the seed article again with `change` applied to its front matter.
  void edit(const std::function<void(ArticleDraft&)>& change) {
    auto text = fs::read_file(testing::seed_article());
    ASSERT_TRUE(text.ok());
    auto draft = parse_article_file(*text, "seed.md");
    ASSERT_TRUE(draft.ok());
    change(*draft);
    auto saved = store_->update_article(id_, prepare_article(std::move(*draft), "fr"),
                                        Actor{0, "test"}, "", 0, kNow);
    ASSERT_TRUE(saved.ok()) << saved.error().to_string();
    handler_->reload();
  }

  bool on_home() { return body_of(get("/")).find(kSlug) != std::string::npos; }

  std::unique_ptr<CrawlerDetector> crawlers_;
  std::unique_ptr<ViewCounter> views_;
  std::unique_ptr<Handler> handler_;
  Id id_ = 0;
};

TEST_F(ArticleStatesTest, UnpublishedIsNotFoundTrashedIsGoneRestoredIsBack) {
  ASSERT_EQ(get(kPath).status(), 200);
  ASSERT_TRUE(on_home());

  set_state(ArticleState::unpublished);
  EXPECT_EQ(get(kPath).status(), 404) << "hidden, not gone";
  EXPECT_FALSE(on_home()) << "the cached home page was dropped";

  set_state(ArticleState::published);
  EXPECT_EQ(get(kPath).status(), 200);
  EXPECT_TRUE(on_home());

  views_->take_views();
  set_state(ArticleState::trash);
  Response gone = get(kPath);
  EXPECT_EQ(gone.status(), 410);
  EXPECT_TRUE(bytes_of(gone).starts_with("HTTP/1.1 410 Gone\r\n"));
  EXPECT_NE(body_of(gone).find("Article retiré"), std::string::npos) << "in the site's French";
  EXPECT_EQ(get(kPath).prepared, gone.prepared) << "one fixed page, as for 404";
  EXPECT_EQ(get(kPath + "comment-page-1/").status(), 410);
  EXPECT_FALSE(on_home());
  EXPECT_TRUE(views_->take_views().empty()) << "a 410 is not a view";

  set_state(ArticleState::published);  // out of the trash
  EXPECT_EQ(get(kPath).status(), 200);
  EXPECT_TRUE(on_home());
}

TEST_F(ArticleStatesTest, ARenamedArticleRedirectsFromItsOldSlug) {
  ASSERT_EQ(get(kPath).status(), 200);  // cached under the old address
  edit([](ArticleDraft& draft) { draft.slug = "trump-et-goita"; });
  const std::string new_path = "/2025/07/11/trump-et-goita/";
  Response moved = get(kPath);
  EXPECT_EQ(moved.status(), 301);
  EXPECT_NE(bytes_of(moved).find("Location: " + new_path), std::string::npos) << bytes_of(moved);
  Response old_comments = get(kPath + "comment-page-2/");
  EXPECT_EQ(old_comments.status(), 301);
  EXPECT_NE(bytes_of(old_comments).find(new_path + "comment-page-2/"), std::string::npos);
  EXPECT_EQ(get(new_path).status(), 200);

  // Removed later: the old address goes with it.
  set_state(ArticleState::trash);
  EXPECT_EQ(get(kPath).status(), 410);
  EXPECT_EQ(get(new_path).status(), 410);
}

TEST_F(ArticleStatesTest, ACorrectionIsShownWithItsLocalizedDate) {
  ASSERT_EQ(body_of(get(kPath)).find("class=\"correction\""), std::string::npos);
  edit([](ArticleDraft& draft) {
    draft.correction = "Une version précédente situait la rencontre à Bamako.";
  });
  std::string page = body_of(get(kPath));
  EXPECT_NE(page.find("<aside class=\"correction\" role=\"note\"><p>Correction (15 janvier "
                      "2027)\u00a0: Une version précédente situait la rencontre à "
                      "Bamako.</p></aside>"),
            std::string::npos)
      << page.substr(page.find("<article"), 3000);
}

}  // namespace
}  // namespace tribune::http
