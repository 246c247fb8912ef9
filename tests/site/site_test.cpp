// Pages rendered through Site directly, without HTTP: the article page's lines in order,
// in French and in English.
#include "site/site.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "site/importer.h"
#include "store/sqlite/sqlite_store.h"
#include "store/wordpress_store.h"
#include "support/in_order.h"
#include "support/temp_dir.h"

namespace tribune {
namespace {

constexpr const char* kSeedPath =
    "/2025/07/11/lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita/";

class SiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = open_sqlite_store(dir_ / "tribune.db");
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
    ASSERT_TRUE(store_->set_setting("site.name", "Sahel Tribune").ok());
    auto imported = import_markdown_files(*store_, {testing::seed_article()}, ImportOptions{});
    ASSERT_TRUE(imported.ok()) << imported.error().to_string();
  }

  std::unique_ptr<Site> open_site() {
    auto site = Site::open(*store_, *Theme::load(std::nullopt), *Catalogs::load(std::nullopt),
                           "http://news.example");
    EXPECT_TRUE(site.ok());
    return site.ok() ? std::move(*site) : nullptr;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  const UnixSeconds now_ = 1800000000;
};

using testing::expect_in_order;

TEST_F(SiteTest, FrenchArticlePageShowsEachLineInOrder) {
  auto site = open_site();
  site->enable_mail(std::nullopt);
  Page page = site->render(kSeedPath, now_);
  ASSERT_EQ(page.status, 200) << page.body;
  expect_in_order(
      page.body,
      {
          "<html lang=\"fr\" dir=\"ltr\">",
          "<link rel=\"canonical\" href=\"http://news.example" + std::string(kSeedPath) + "\">",
          "\"@type\":\"BreadcrumbList\"",
          "<a href=\"/\">Accueil</a>",
          " » </span><a href=\"/category/blog/\">Blog</a>",
          " » </span><a href=\"/category/blog/securite/\">Sécurité</a>",
          " » </span><span aria-current=\"page\">Lutte contre le terrorisme\u00a0: Donald",
          "<h1>Lutte contre le terrorisme\u00a0: Donald Trump propose son appui à Assimi "
          "Goïta</h1>",
          "0 commentaire · 155 vues · 3 min de lecture",
          "11 juillet 2025",
          "<a rel=\"author\" href=\"/author/sidi-modibo-coulibaly/\">Par Sidi Modibo Coulibaly</a>",
          "<h2>Accompagner le Mali face à la menace terroriste croissante</h2>",
          "<h2 id=\"share-heading\">Partager cet article</h2>",
          "En savoir plus sur Sahel Tribune",
          "<form method=\"post\" action=\"/subscribe/\">",
      });
  EXPECT_EQ(page.body.find(" comments "), std::string::npos) << "no English on a French site";
  EXPECT_EQ(page.body.find(" views "), std::string::npos);
}

TEST_F(SiteTest, AFrenchArticleOnAnEnglishSiteSpeaksFrench) {
  ASSERT_TRUE(store_->set_setting("site.locale", "en").ok());
  auto site = open_site();
  Page page = site->render(kSeedPath, now_);
  ASSERT_EQ(page.status, 200);
  // The interface around the article is in its language, with its lists under /fr/.
  expect_in_order(page.body,
                  {"<html lang=\"fr\" dir=\"ltr\">", "<a class=\"brand\" href=\"/fr/\">",
                   "<a href=\"/fr/category/blog/\">Blog</a>", "<a href=\"/fr/\">Accueil</a>",
                   "<h1>Lutte contre", "0 commentaire · 155 vues · 3 min de lecture",
                   "11 juillet 2025", "Par Sidi Modibo Coulibaly", "Laisser un commentaire"});
  EXPECT_EQ(page.body.find("<article class=\"article\" lang="), std::string::npos)
      << "the page's language is the article's: nothing to mark";
  // The site's own pages speak its language; the article is listed on the French ones.
  Page home = site->render("/", now_);
  expect_in_order(home.body, {"<html lang=\"en\" dir=\"ltr\">", "aria-label=\"Site language\"",
                              "<a href=\"/fr/\" lang=\"fr\" hreflang=\"fr\">Français</a>"});
  EXPECT_EQ(home.body.find("<h2><a href=\"" + std::string(kSeedPath)), std::string::npos)
      << "not among the latest English articles";
  Page french = site->render("/fr/", now_);
  ASSERT_EQ(french.status, 200);
  expect_in_order(french.body, {"<html lang=\"fr\" dir=\"ltr\">", kSeedPath});
}

TEST_F(SiteTest, AnArabicArticleIsRightToLeftWithArabicPlurals) {
  testing::TempDir files;
  const auto path = files / "arabic.md";
  testing::write_text(path,
                      "---\ntitle: \"سوق الخضار في نيامي\"\nauthor: \"Awa Diallo\"\n"
                      "category: [\"Économie\"]\nlang: ar\nslug: souk-niamey\n"
                      "date: 2025-07-12T08:00:00Z\n---\n\nتبيع النساء الخضار كل صباح.\n");
  auto imported = import_markdown_files(*store_, {path}, ImportOptions{});
  ASSERT_TRUE(imported.ok()) << imported.error().to_string();
  auto article = store_->published_article("souk-niamey", now_);
  ASSERT_TRUE(article.ok());
  const std::string article_path = "/2025/07/12/souk-niamey/";
  const std::vector<std::pair<int, std::string>> expected = {{0, "لا تعليقات"}, {1, "تعليق واحد"},
                                                             {2, "تعليقان"},    {3, "3 تعليقات"},
                                                             {11, "11 تعليقًا"}, {100, "100 تعليق"}};
  int posted = 0;
  for (const auto& [count, text] : expected) {
    for (; posted < count; ++posted) {
      Comment comment;
      comment.article_id = article->id;
      comment.author_name = "قارئ " + std::to_string(posted);
      comment.author_email = "reader" + std::to_string(posted) + "@example.org";
      comment.body = "شكرًا على هذا المقال.";
      comment.status = CommentStatus::approved;
      comment.created_at = now_ - 1000 + posted;
      ASSERT_TRUE(store_->add_comment(comment, "").ok());
    }
    auto site = open_site();
    Page page = site->render(article_path, now_);
    ASSERT_EQ(page.status, 200);
    expect_in_order(page.body, {"<html lang=\"ar\" dir=\"rtl\">", "<h1>سوق الخضار في نيامي</h1>",
                                "<p class=\"meta\">" + text + " · "});
  }
}

TEST_F(SiteTest, ListsAndErrors) {
  auto site = open_site();
  Page home = site->render("/", now_);
  EXPECT_EQ(home.status, 200);
  EXPECT_NE(home.body.find(kSeedPath), std::string::npos);
  Page section = site->render("/category/blog/", now_);
  EXPECT_EQ(section.status, 200);
  EXPECT_NE(section.body.find(kSeedPath), std::string::npos) << "subsection articles are listed";
  EXPECT_NE(section.body.find("/category/blog/securite/"), std::string::npos);
  EXPECT_EQ(site->render("/author/sidi-modibo-coulibaly/", now_).status, 200);
  EXPECT_EQ(site->render("/category/blog", now_).status, 301);
  EXPECT_EQ(site->render("/category/blog/page/2/", now_).status, 404);
  EXPECT_EQ(site->render("/category/nope/", now_).status, 404);
  Page missing = site->render("/nope/", now_);
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("Page introuvable"), std::string::npos);
  Page old_date = site->render(
      "/2020/01/01/lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita/",
      now_);
  EXPECT_EQ(old_date.status, 301);
  EXPECT_EQ(old_date.location, kSeedPath);
}

TEST_F(SiteTest, FeedsFollowTheirListsAddresses) {
  auto sections = store_->sections();
  ASSERT_TRUE(sections.ok());
  auto blog = std::find_if(sections->begin(), sections->end(),
                           [](const Section& section) { return section.slug == "blog"; });
  ASSERT_NE(blog, sections->end());
  ASSERT_TRUE(store_->update_section(blog->id, "Le Journal", "le-journal", std::nullopt).ok());
  auto site = open_site();
  Page feed = site->render("/category/le-journal/securite/feed/atom/", now_);
  EXPECT_EQ(feed.status, 200);
  EXPECT_EQ(feed.content_type, "application/atom+xml; charset=utf-8");
  EXPECT_EQ(feed.article_id, 0) << "reading a feed is no view of its articles";
  EXPECT_GT(feed.last_modified, 0);
  EXPECT_FALSE(feed.lists.empty()) << "an article joining the list makes it stale";
  EXPECT_FALSE(feed.shown_articles.empty()) << "an edit of an entry makes it stale";
  // The old addresses of a renamed section lead to its feeds as to its pages.
  for (const auto& [old_path, new_path] :
       {std::pair{"/category/blog/feed/", "/category/le-journal/feed/"},
        std::pair{"/category/blog/securite/feed/atom/", "/category/le-journal/securite/feed/atom/"},
        std::pair{"/category/blog/feed/rss2/", "/category/le-journal/feed/"}}) {
    Page moved = site->render(old_path, now_);
    EXPECT_EQ(moved.status, 301) << old_path;
    EXPECT_EQ(moved.location, new_path) << old_path;
  }
  // "feed" is a suffix of lists only: an article, a tag or a section may be called so.
  EXPECT_EQ(site->render("/tag/feed/", now_).status, 404);
  EXPECT_EQ(site->render(std::string(kSeedPath) + "feed/", now_).status, 404);
}

// Found by the http_request fuzz target ("GET /tag/?p=//"): a list prefix with no name after
// it was cut one character short of empty.
TEST_F(SiteTest, AListPrefixAloneIsNotFound) {
  auto site = open_site();
  for (const char* path : {"/tag/", "/category/", "/author/", "/tag/feed/", "/author/page/2/"}) {
    EXPECT_EQ(site->render(path, now_).status, 404) << path;
  }
}

TEST_F(SiteTest, ShareLinksCarryTheCanonicalAddressEncoded) {
  auto site = open_site();
  Page page = site->render(kSeedPath, now_);
  ASSERT_EQ(page.status, 200) << page.body;
  const std::string url =
      "http%3A%2F%2Fnews.example%2F2025%2F07%2F11%2F"
      "lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita%2F";
  // The title as the page writes it: French spacing puts a no-break space before the colon.
  const std::string title = "Lutte%20contre%20le%20terrorisme%C2%A0%3A%20Donald%20Trump";
  expect_in_order(page.body,
                  {
                      "<a href=\"https://wa.me/?text=" + title,
                      "Go%C3%AFta%20" + url + "\" aria-label=\"Partager sur WhatsApp\"",
                      ">WhatsApp</a>",
                      "<a href=\"https://www.facebook.com/sharer/sharer.php?u=" + url + "\"",
                      "<a href=\"https://x.com/intent/post?url=" + url + "&amp;text=" + title,
                      "<a href=\"https://t.me/share/url?url=" + url + "&amp;text=" + title,
                      "<a href=\"mailto:?subject=" + title,
                      "&amp;body=" + url + "\">Par e-mail</a>",
                      "Copier le lien\u00a0: <input type=\"url\" value=\"http://news.example" +
                          std::string(kSeedPath) + "\" readonly>",
                  });
  // Nothing is loaded from another host: every src and stylesheet is the site's own.
  for (const std::string attribute : {"src=\"", "href=\""}) {
    for (std::size_t at = page.body.find(attribute); at != std::string::npos;
         at = page.body.find(attribute, at + 1)) {
      std::string value = page.body.substr(at + attribute.size(), 40);
      std::size_t tag = page.body.rfind('<', at);
      std::string element = page.body.substr(tag, at - tag);
      if (attribute == "href=\"" && element.rfind("<link", 0) != 0) continue;
      EXPECT_TRUE(value.rfind("/", 0) == 0 || value.rfind("http://news.example/", 0) == 0)
          << element << value;
    }
  }
}

TEST_F(SiteTest, TheMoreHeadingStandsOnlyOverSomething) {
  auto site = open_site();
  // The seed article is alone in its section, and mail is off: nothing to put under it.
  Page alone = site->render(kSeedPath, now_);
  EXPECT_EQ(alone.body.find("En savoir plus"), std::string::npos);
  site->enable_mail(std::nullopt);
  Page with_form = site->render(kSeedPath, now_);
  EXPECT_NE(with_form.body.find("En savoir plus sur Sahel Tribune"), std::string::npos);
}

TEST_F(SiteTest, TheFooterLinksSectionsStaticPagesAndFeeds) {
  auto import = store_->begin_wordpress_import(Actor{0, "WordPress import"}, now_);
  ASSERT_TRUE(import.ok());
  ImportOutcome outcome{};
  StaticPage about;
  about.path = "a-propos";
  about.title = "À propos";
  about.lang = "fr";
  about.body_source = about.body_html = "<p>Nous.</p>";
  about.body_format = BodyFormat::html;
  StaticPage team = about;
  team.path = "a-propos/equipe";
  team.title = "L’équipe";
  team.parent_id = 108;
  StaticPage draft = about;
  draft.path = "brouillon";
  draft.title = "Brouillon";
  draft.draft = true;
  ASSERT_TRUE((*import)->page(WordpressKey{"108", "x"}, about, outcome).ok());
  ASSERT_TRUE((*import)->page(WordpressKey{"109", "x"}, team, outcome).ok());
  ASSERT_TRUE((*import)->page(WordpressKey{"110", "x"}, draft, outcome).ok());
  ASSERT_TRUE((*import)->commit().ok());
  import->reset();  // an import holds the store's writer until it ends

  auto site = open_site();
  Page page = site->render(kSeedPath, now_);
  ASSERT_EQ(page.status, 200) << page.body;
  std::string footer = page.body.substr(page.body.find("<footer"));
  expect_in_order(footer, {
                              "<nav aria-label=\"Plan du site\">",
                              "<h2>Rubriques</h2>",
                              "<a href=\"/category/blog/\">Blog</a>",
                              "<h2>Le journal</h2>",
                              "<a href=\"/a-propos/\">À propos</a>",
                              "<a href=\"http://news.example/feed/\" "
                              "type=\"application/rss+xml\">Flux RSS</a>",
                              "<a href=\"http://news.example/feed/atom/\"",
                              "© Sahel Tribune",
                          });
  // Only the top-level pages readers may see.
  EXPECT_EQ(footer.find("equipe"), std::string::npos);
  EXPECT_EQ(footer.find("Brouillon"), std::string::npos);
  // The page itself answers at that address, and is in no list.
  EXPECT_EQ(site->render("/a-propos/", now_).status, 200);
  Page home = site->render("/", now_);
  ASSERT_NE(home.body.find("<a href=\"/a-propos/\">À propos</a>"), std::string::npos);
  EXPECT_EQ(home.body.find("<a href=\"/a-propos/\">À propos</a>"),
            home.body.rfind("<a href=\"/a-propos/\">À propos</a>"))
      << "linked once, from the footer";
}

TEST_F(SiteTest, ProtectionModes) {
  auto site = open_site();
  Page attribution = site->render(kSeedPath, now_);
  EXPECT_NE(attribution.body.find("data-protect=\"attribution\""), std::string::npos);
  EXPECT_NE(attribution.body.find("Source\u00a0: Lutte contre"), std::string::npos);
  ASSERT_TRUE(store_->set_setting("content.protection", "off").ok());
  ASSERT_TRUE(site->reload(now_).ok());
  Page off = site->render(kSeedPath, now_);
  EXPECT_EQ(off.body.find("<script src"), std::string::npos);
  // The attribute, not the stylesheet's rule for it (the stylesheet is in every page's head).
  EXPECT_EQ(off.body.find(" data-protect="), std::string::npos);
}

}  // namespace
}  // namespace tribune
