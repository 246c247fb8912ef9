// Coming from WordPress, through the real `tribune import wxr` and `tribune serve`: a whole
// export (tests/data/wordpress/newsroom.wxr) becomes articles, pages and comments readers
// reach, hostile markup does not survive, every old address leads to its new place, a second
// import changes nothing, and a broken or foreign file leaves the site as it was.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/database.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

const std::filesystem::path kExports = std::filesystem::path(TRIBUNE_FIXTURES) / "wordpress";

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

CommandResult import_wxr(const std::filesystem::path& data, const std::filesystem::path& file) {
  return run_tribune({"import", "wxr", "--data", data.string(), file.string()});
}

// Every row the import writes, as one text: equal before and after means nothing changed.
std::string everything(const std::filesystem::path& data) {
  return query_sql(
      data,
      "SELECT group_concat(x, '|') FROM (SELECT id || slug || title || body_html || "
      "views || state || updated_at AS x FROM articles UNION ALL SELECT id || body || "
      "status || created_at FROM comments UNION ALL SELECT path || title || "
      "updated_at FROM static_pages UNION ALL SELECT name || slug FROM sections UNION "
      "ALL SELECT name || slug FROM tags UNION ALL SELECT name || email FROM authors "
      "UNION ALL SELECT COUNT(*) FROM revisions UNION ALL SELECT value FROM meta WHERE "
      "key = 'content_version')");
}

// A site whose permalinks are "/%postname%/", so that WordPress's dated links are old
// addresses, with newsroom.wxr imported.
class WordpressImportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir();
    CommandResult init = run_tribune({"init", "--data", data_->path().string(), "--name",
                                      "Le Fleuve Tribune", "--locale", "fr"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    ASSERT_EQ(set_config(data_->path(), "site.permalink", "/%postname%/"), "");
    imported_ = new CommandResult(import_wxr(data_->path(), kExports / "newsroom.wxr"));
    ASSERT_EQ(imported_->exit_code, 0) << imported_->err;
    server_ = new ServerProcess(data_->path());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete imported_;
    delete data_;
  }
  static HttpResponse get(const std::string& path) { return http_get(server_->url(path)); }

  static TempDir* data_;
  static CommandResult* imported_;
  static ServerProcess* server_;
};

TempDir* WordpressImportTest::data_ = nullptr;
CommandResult* WordpressImportTest::imported_ = nullptr;
ServerProcess* WordpressImportTest::server_ = nullptr;

TEST_F(WordpressImportTest, TheReportCountsEveryKindAndSaysWhatWasSkipped) {
  const std::string& out = imported_->out;
  EXPECT_TRUE(contains(out, "authors: 2 created")) << out;
  EXPECT_TRUE(contains(out, "sections: 4 created")) << out;
  EXPECT_TRUE(contains(out, "tags: 3 created")) << out;
  EXPECT_TRUE(contains(out, "articles: 7 created")) << out;
  EXPECT_TRUE(contains(out, "pages: 2 created")) << out;
  EXPECT_TRUE(contains(out, "comments: 5 created")) << out;
  EXPECT_TRUE(contains(out, "attachments: 3 created")) << out;
  EXPECT_TRUE(contains(out, "skipped: 1 items of type nav_menu_item")) << out;
  // Without the uploads folder, the pictures stay where they were: the report lists them.
  EXPECT_TRUE(contains(out, "https://fleuve.example/wp-content/uploads/2024/03/marche-maradi.jpg"))
      << out;
}

TEST_F(WordpressImportTest, APostReadsAsAnArticleWithItsParagraphsCountsAndComments) {
  HttpResponse page = get("/inondations-a-niamey/");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "Inondations à Niamey")) << page.body;
  // Classic-editor text: WordPress's paragraph rule made <p> of each block.
  EXPECT_TRUE(contains(page.body, "<p>")) << page.body;
  EXPECT_TRUE(contains(page.body, "1 234 vues") || contains(page.body, "1\u202f234 vues") ||
              contains(page.body, "1\u00a0234 vues"))
      << page.body;
  // The three-level thread is kept as one thread; pending and spam comments are not shown.
  EXPECT_TRUE(contains(page.body, "Courage aux familles de Lamordé")) << page.body;
  EXPECT_TRUE(contains(page.body, "Nous publierons demain la liste")) << page.body;
  EXPECT_TRUE(contains(page.body, "Kirkissoye est déjà plein")) << page.body;
  EXPECT_FALSE(contains(page.body, "villages en amont")) << page.body;
  EXPECT_FALSE(contains(page.body, "Crédit sans justificatif")) << page.body;
  EXPECT_EQ(query_sql(data_->path(),
                      "SELECT status || ':' || COUNT(*) FROM comments GROUP BY status ORDER BY "
                      "status"),
            "approved:3\npending:1\nspam:1");
  EXPECT_EQ(query_sql(data_->path(),
                      "SELECT COUNT(*) FROM comments WHERE parent_id IN (SELECT id FROM comments "
                      "WHERE parent_id IS NOT NULL)"),
            "0");
  // Filed in its first category, nested as in WordPress, with its tags.
  EXPECT_TRUE(contains(page.body, "/category/actualites/sahel/niger/")) << page.body;
}

TEST_F(WordpressImportTest, CaptionsAndGalleriesBecomeFiguresAndHostileMarkupIsGone) {
  HttpResponse page = get("/maradi-marche-du-mil/");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "<figure")) << page.body;
  EXPECT_TRUE(contains(page.body, "<figcaption>Le grand marché de Maradi, un mardi matin."))
      << page.body;
  EXPECT_TRUE(contains(page.body, "class=\"gallery\"")) << page.body;
  EXPECT_FALSE(contains(page.body, "[caption")) << page.body;
  EXPECT_FALSE(contains(page.body, "wp:paragraph")) << page.body;

  HttpResponse hostile = get("/rapport-securite-alimentaire/");
  ASSERT_EQ(hostile.status, 200);
  EXPECT_TRUE(contains(hostile.body, "1,3 million de personnes")) << hostile.body;
  EXPECT_FALSE(contains(hostile.body, "alert(1)")) << hostile.body;
  EXPECT_FALSE(contains(hostile.body, "onerror")) << hostile.body;
}

TEST_F(WordpressImportTest, PrivateDraftPendingAndScheduledPostsAreNotShown) {
  EXPECT_EQ(get("/notes-conference-de-redaction/").status, 404);  // private
  EXPECT_EQ(get("/elections-locales-calendrier/").status, 404);   // scheduled for 2030
  EXPECT_EQ(get("/jeunesse-de-zinder/").status, 404);             // pending review
  EXPECT_EQ(query_sql(data_->path(),
                      "SELECT state FROM articles WHERE slug = "
                      "'notes-conference-de-redaction'"),
            "unpublished");
  EXPECT_EQ(query_sql(data_->path(),
                      "SELECT state || ' ' || (published_at > 1893456000) FROM "
                      "articles WHERE slug = 'elections-locales-calendrier'"),
            "published 1");
  EXPECT_EQ(
      query_sql(data_->path(),
                "SELECT COUNT(*) FROM articles WHERE state = 'draft' AND body_format = 'html'"),
      "2");
  HttpResponse home = get("/");
  EXPECT_FALSE(contains(home.body, "Notes de la conférence")) << home.body;
  EXPECT_FALSE(contains(home.body, "calendrier officiel")) << home.body;
}

TEST_F(WordpressImportTest, PagesHaveTheirOwnAddressAndStayOutOfListsAndFeeds) {
  HttpResponse about = get("/a-propos/");
  ASSERT_EQ(about.status, 200);
  EXPECT_TRUE(contains(about.body, "<h1>À propos</h1>")) << about.body;
  HttpResponse team = get("/a-propos/equipe/");
  ASSERT_EQ(team.status, 200);
  EXPECT_TRUE(contains(team.body, "L’équipe") || contains(team.body, "L'équipe")) << team.body;
  EXPECT_EQ(get("/a-propos").status, 301);
  // In no list (the home's main column), but linked from the footer of every page.
  const std::string home = get("/").body;
  const std::string main_column = home.substr(0, home.find("<footer"));
  EXPECT_FALSE(contains(main_column, "À propos</a>"));
  EXPECT_TRUE(contains(home.substr(home.find("<footer")), "<a href=\"/a-propos/\">À propos</a>"))
      << home;
  EXPECT_FALSE(contains(get("/feed/").body, "a-propos"));
}

TEST_F(WordpressImportTest, EveryOldAddressLeadsToItsNewPlace) {
  const std::string site = server_->url("");
  struct Case {
    std::string old_address;
    std::string new_path;
  };
  const Case cases[] = {
      {"/2024/03/05/inondations-a-niamey/", "/inondations-a-niamey/"},       // the old permalink
      {"/2024/03/05/inondations-a-niamey/feed/", "/inondations-a-niamey/"},  // its comments feed
      {"/?p=101", "/inondations-a-niamey/"},
      {"/?p=102&preview=true", "/maradi-marche-du-mil/"},
      {"/?page_id=108", "/a-propos/"},
      {"/?cat=5", "/category/actualites/sahel/niger/"},
      {"/?feed=rss2", "/feed/"},
      {"/2024/03/05/inondations-a-niamey/crue/", "/inondations-a-niamey/"},  // attachment page
      {"/?attachment_id=202", "/maradi-marche-du-mil/"},
  };
  for (const Case& c : cases) {
    HttpResponse answer = get(c.old_address);
    EXPECT_EQ(answer.status, 301) << c.old_address;
    const std::string location = answer.header("location");
    EXPECT_TRUE(location == c.new_path || location == site + c.new_path)
        << c.old_address << " → " << location;
  }
  // The new address answers; an address WordPress never had is still a 404.
  EXPECT_EQ(get("/inondations-a-niamey/").status, 200);
  EXPECT_EQ(get("/?p=999999").status, 404);
  EXPECT_EQ(get("/2024/03/05/never-was/").status, 404);
  // A private post's old address leads nowhere either.
  EXPECT_EQ(get("/2024/03/18/notes-conference-de-redaction/").status, 404);
}

TEST_F(WordpressImportTest, ImportingTheSameFileAgainChangesNothing) {
  const std::string before = everything(data_->path());
  CommandResult again = import_wxr(data_->path(), kExports / "newsroom.wxr");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(contains(again.out, "articles: 0 created, 0 updated, 7 unchanged")) << again.out;
  EXPECT_TRUE(contains(again.out, "comments: 0 created, 0 updated, 5 unchanged")) << again.out;
  EXPECT_TRUE(contains(again.out, "attachments: 0 created, 0 updated, 3 unchanged")) << again.out;
  EXPECT_EQ(everything(data_->path()), before);
}

TEST_F(WordpressImportTest, ABrokenOrForeignFileIsRefusedWholeAndTheSiteStaysAsItWas) {
  const std::string before = everything(data_->path());
  CommandResult truncated = import_wxr(data_->path(), kExports / "truncated.wxr");
  EXPECT_NE(truncated.exit_code, 0);
  EXPECT_TRUE(contains(truncated.err, "truncated.wxr")) << truncated.err;
  EXPECT_TRUE(contains(truncated.err, "line ")) << truncated.err;
  EXPECT_EQ(everything(data_->path()), before);

  CommandResult foreign = import_wxr(data_->path(), kExports / "not-wxr.xml");
  EXPECT_NE(foreign.exit_code, 0);
  EXPECT_TRUE(contains(foreign.err, "not a WordPress export")) << foreign.err;
  CommandResult missing = import_wxr(data_->path(), kExports / "no-such-file.xml");
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_EQ(everything(data_->path()), before);
}

// A site with the default permalinks (WordPress's dated ones): the old addresses are the new
// ones, served directly; an export of an older WordPress (WXR 1.1) imports as well.
TEST(WordpressImport, WhereThePatternIsTheSameThePageIsServedDirectly) {
  TempDir data;
  ASSERT_EQ(create_seed_site(data.path()), "");
  CommandResult imported = import_wxr(data.path(), kExports / "newsroom.wxr");
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  CommandResult older = import_wxr(data.path(), kExports / "wxr-1.1.xml");
  ASSERT_EQ(older.exit_code, 0) << older.err;
  EXPECT_TRUE(contains(older.out, "articles: 1 created")) << older.out;
  EXPECT_TRUE(contains(older.out, "comments: 1 created")) << older.out;
  ServerProcess server(data.path());
  EXPECT_EQ(http_get(server.url("/2024/03/05/inondations-a-niamey/")).status, 200);
  // WXR 1.1's site linked its posts by year and month only: that old address leads on.
  HttpResponse moved = http_get(server.url("/2012/10/bienvenue/"));
  EXPECT_EQ(moved.status, 301);
  EXPECT_TRUE(contains(moved.header("location"), "/2012/10/15/bienvenue/"))
      << moved.header("location");
}

// WordPress keeps non-Latin slugs percent-encoded: Tribune's section has a slug of its own,
// and WordPress's category and tag addresses, however the browser spells the escapes, lead
// there.
TEST(WordpressImport, PercentEncodedCategoryAddressesLeadToTheirSection) {
  TempDir data;
  ASSERT_EQ(create_seed_site(data.path()), "");
  const std::filesystem::path file = data.path() / "arabic.xml";
  {
    std::ofstream out(file);
    out << R"(<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Nahr</title><link>https://nahr.example</link><language>ar</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://nahr.example</wp:base_site_url>
<wp:base_blog_url>https://nahr.example</wp:base_blog_url>
<wp:category><wp:term_id>7</wp:term_id><wp:category_nicename>%d8%a7%d9%82%d8%aa%d8%b5%d8%a7%d8%af</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[اقتصاد]]></wp:cat_name></wp:category>
<item>
<title>سوق</title><link>https://nahr.example/2024/03/05/souk/</link>
<dc:creator>awa</dc:creator><guid isPermaLink="false">https://nahr.example/?p=1</guid>
<content:encoded><![CDATA[نص المقال.]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>1</wp:post_id><wp:post_date>2024-03-05 10:00:00</wp:post_date><wp:post_date_gmt>2024-03-05 10:00:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>souk</wp:post_name><wp:status>publish</wp:status>
<wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order><wp:post_type>post</wp:post_type>
<category domain="category" nicename="%d8%a7%d9%82%d8%aa%d8%b5%d8%a7%d8%af"><![CDATA[اقتصاد]]></category>
</item>
</channel>
</rss>
)";
  }
  CommandResult imported = import_wxr(data.path(), file);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const std::string section =
      query_sql(data.path(), "SELECT path FROM sections WHERE name = 'اقتصاد'");
  ASSERT_FALSE(section.empty());
  EXPECT_EQ(section.find('%'), std::string::npos) << section;
  ServerProcess server(data.path());
  for (const std::string old : {"/category/%d8%a7%d9%82%d8%aa%d8%b5%d8%a7%d8%af/",
                                "/category/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF/"}) {
    HttpResponse moved = http_get(server.url(old));
    EXPECT_EQ(moved.status, 301) << old;
    EXPECT_TRUE(contains(moved.header("location"), "/category/" + section + "/"))
        << moved.header("location");
  }
  EXPECT_EQ(http_get(server.url("/category/" + section + "/")).status, 200);
}

}  // namespace
}  // namespace tribune::testing
