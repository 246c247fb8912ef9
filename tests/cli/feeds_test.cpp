// The RSS and Atom feeds served by the real `tribune serve`: their content, the lists they are
// cut from, what they hide, their conditional answers, how they follow new and edited
// articles, and what a real feed parser (Debian's python3-feedparser) reads in them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <functional>

#include "core/time.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

constexpr const char* kSeedPath =
    "/2025/07/11/lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita/";
constexpr const char* kSeedTitle =
    "Lutte contre le terrorisme\u00a0: Donald Trump propose son appui \u00e0 Assimi Go\u00efta";
constexpr const char* kRssType = "application/rss+xml; charset=utf-8";
constexpr const char* kAtomType = "application/atom+xml; charset=utf-8";

// An article file for `tribune import markdown`: FRONT is its front matter's other lines.
std::string article_file(const std::string& title, const std::string& front,
                         const std::string& body = "Un paragraphe.\n") {
  return "---\ntitle: \"" + title + "\"\n" + front + "---\n\n" + body;
}

// Imports `text` as an article of the site in `data` (`extra`: more options, "--update").
void import_article(const std::filesystem::path& data, const std::string& name,
                    const std::string& text, const std::vector<std::string>& extra = {}) {
  TempDir folder;
  write_text(folder / (name + ".md"), text);
  std::vector<std::string> args = {"import", "markdown", "--data", data.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back((folder / (name + ".md")).string());
  CommandResult imported = run_tribune(args);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
}

// The body at `url` once `done` holds for it, polled for up to 5 s (the server notices a
// change made by another process within a second).
std::string body_when(const std::string& url, const std::function<bool(const std::string&)>& done) {
  std::string body;
  for (int attempt = 0; attempt < 100; ++attempt) {
    body = http_get(url).body;
    if (done(body)) break;
    usleep(50000);
  }
  return body;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// What feed_check.py says of the RSS and Atom feeds of `server`'s home list (empty: all is
// well), with its other arguments `args`.
std::string feed_parser_problems(const ServerProcess& server,
                                 const std::vector<std::string>& args) {
  TempDir folder;
  write_text(folder / "rss.xml", http_get(server.url("/feed/")).body);
  write_text(folder / "atom.xml", http_get(server.url("/feed/atom/")).body);
  std::vector<std::string> command = {
      "/usr/bin/python3",
      (std::filesystem::path(TRIBUNE_SOURCE_DIR) / "tests" / "cli" / "feed_check.py").string(),
      (folder / "rss.xml").string(), (folder / "atom.xml").string()};
  command.insert(command.end(), args.begin(), args.end());
  CommandResult checked = run_program(command);
  if (checked.exit_code == 0) return {};
  return "feed_check.py exited " + std::to_string(checked.exit_code) + ":\n" + checked.out +
         checked.err;
}

// One site for the tests that only read: the seed article, an economics analysis by another
// author with tags and site-relative links, an English dispatch, and articles readers must
// not see in feeds (a draft, one scheduled for 2099, one unpublished).
class FeedsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir();
    ASSERT_EQ(create_seed_site(data_->path()), "");
    ASSERT_EQ(set_config(data_->path(), "site.name", "Sahel Tribune"), "");
    import_article(data_->path(), "analyse",
                   article_file("Analyse économique",
                                "author: \"Awa Diallo\"\ncategory: [\"Économie\"]\n"
                                "tags: [\"Mali\", \"Économie régionale\"]\n"
                                "date: 2025-08-01T08:00:00Z\n"
                                "description: \"Le chapeau de l’analyse.\"\n",
                                "Pourquoi ? Voir [la rubrique](/category/blog/), la carte "
                                "![Carte](/media/carte.png) et [le miroir](//cdn.example.org/a)."
                                "\n"));
    import_article(data_->path(), "dispatch",
                   article_file("English dispatch",
                                "author: \"Sidi Modibo Coulibaly\"\ncategory: [\"Blog\"]\n"
                                "lang: en\ndate: 2025-08-02T08:00:00Z\n"));
    import_article(data_->path(), "draft",
                   article_file("Brouillon secret",
                                "author: \"Awa Diallo\"\ncategory: [\"Blog\"]\ndraft: true\n"
                                "date: 2025-07-01T08:00:00Z\n"));
    import_article(data_->path(), "later",
                   article_file("Article de demain",
                                "author: \"Awa Diallo\"\ncategory: [\"Blog\"]\n"
                                "date: 2099-01-01T08:00:00Z\n"));
    import_article(data_->path(), "removed",
                   article_file("Article retiré",
                                "author: \"Awa Diallo\"\ncategory: [\"Blog\"]\n"
                                "slug: article-retire\ndate: 2025-07-02T08:00:00Z\n"));
    CommandResult unpublished =
        run_tribune({"article", "unpublish", "--data", data_->path().string(), "article-retire"});
    ASSERT_EQ(unpublished.exit_code, 0) << unpublished.err;
    server_ = new ServerProcess(data_->path());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete data_;
  }
  static std::string site() { return server_->url(""); }

  static TempDir* data_;
  static ServerProcess* server_;
};

TempDir* FeedsTest::data_ = nullptr;
ServerProcess* FeedsTest::server_ = nullptr;

TEST_F(FeedsTest, HomeRssFeedListsPublishedArticlesNewestFirst) {
  HttpResponse feed = http_get(server_->url("/feed/"));
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.header("content-type"), kRssType);
  const std::string& xml = feed.body;
  EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")) << xml.substr(0, 80);
  EXPECT_TRUE(contains(xml, "<rss version=\"2.0\"")) << xml.substr(0, 300);
  EXPECT_TRUE(contains(xml, "<channel><title>Sahel Tribune</title>"));
  EXPECT_TRUE(contains(
      xml, "<atom:link href=\"" + site() + "/feed/\" rel=\"self\" type=\"application/rss+xml\"/>"));
  EXPECT_TRUE(contains(xml, "<link>" + site() + "/</link>"));
  EXPECT_TRUE(contains(xml, "<language>fr</language>"));
  EXPECT_TRUE(contains(xml, "<lastBuildDate>"));
  // Newest first, in the site's language: the English dispatch is in the English feed.
  std::size_t analysis = xml.find("<title>Analyse économique</title>");
  std::size_t seed = xml.find(std::string("<title>") + kSeedTitle + "</title>");
  ASSERT_NE(analysis, std::string::npos);
  ASSERT_NE(seed, std::string::npos) << "the title keeps its no-break space byte for byte";
  EXPECT_LT(analysis, seed);
  EXPECT_FALSE(contains(xml, "English dispatch"));
  HttpResponse english = http_get(server_->url("/en/feed/"));
  ASSERT_EQ(english.status, 200);
  EXPECT_TRUE(contains(english.body, "<language>en</language>"));
  EXPECT_TRUE(contains(english.body, "<link>" + site() + "/en/</link>"));
  EXPECT_TRUE(contains(english.body, "<title>English dispatch</title>"));
  EXPECT_FALSE(contains(english.body, "Analyse économique"));
  // The seed article's item, field by field.
  std::string item = xml.substr(seed, xml.find("</item>", seed) - seed);
  EXPECT_TRUE(contains(item, "<link>" + site() + kSeedPath + "</link>"));
  EXPECT_TRUE(contains(item, "<dc:creator>Sidi Modibo Coulibaly</dc:creator>"));
  EXPECT_TRUE(contains(item, "<pubDate>Fri, 11 Jul 2025 09:00:00 GMT</pubDate>"));
  EXPECT_TRUE(contains(item, "<category>Blog</category><category>Sécurité</category>"));
  EXPECT_TRUE(contains(item, "<guid isPermaLink=\"false\">tag:127.0.0.1,2025:article-"));
  EXPECT_TRUE(contains(item, "<description>Moins de deux semaines"));
  EXPECT_TRUE(contains(item, "<content:encoded>&lt;p&gt;Moins de deux semaines"));
  EXPECT_FALSE(feed.header("last-modified").empty());
  EXPECT_EQ(http_get(server_->url("/feed/"), {}, "HEAD").status, 200);
}

TEST_F(FeedsTest, HomeAtomFeedCarriesTheSameEntries) {
  HttpResponse feed = http_get(server_->url("/feed/atom/"));
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.header("content-type"), kAtomType);
  const std::string& xml = feed.body;
  EXPECT_TRUE(contains(xml, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">"));
  EXPECT_TRUE(contains(xml, "<id>" + site() + "/</id><title>Sahel Tribune</title>"));
  EXPECT_TRUE(contains(xml, "<link rel=\"self\" type=\"application/atom+xml\" href=\"" + site() +
                                "/feed/atom/\"/>"));
  EXPECT_TRUE(
      contains(xml, "<link rel=\"alternate\" type=\"text/html\" href=\"" + site() + "/\"/>"));
  EXPECT_FALSE(contains(xml, "English dispatch"));
  HttpResponse english = http_get(server_->url("/en/feed/atom/"));
  ASSERT_EQ(english.status, 200);
  EXPECT_TRUE(
      contains(english.body, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"));
  EXPECT_TRUE(contains(english.body, "<entry><id>tag:127.0.0.1,2025:article-"));
  std::size_t seed = xml.find(std::string("<title>") + kSeedTitle + "</title>");
  ASSERT_NE(seed, std::string::npos);
  std::string entry = xml.substr(seed, xml.find("</entry>", seed) - seed);
  EXPECT_TRUE(contains(entry, "<published>2025-07-11T09:00:00Z</published>"));
  EXPECT_TRUE(contains(entry, "<updated>"));
  EXPECT_TRUE(contains(entry, "<author><name>Sidi Modibo Coulibaly</name><uri>" + site() +
                                  "/author/sidi-modibo-coulibaly/</uri></author>"));
  EXPECT_TRUE(contains(entry, "<category term=\"Sécurité\"/>"));
  EXPECT_TRUE(contains(entry, "<content type=\"html\">&lt;p&gt;Moins de deux semaines"));
  HttpResponse gzipped = http_get(server_->url("/feed/atom/"), {"Accept-Encoding: gzip"});
  EXPECT_EQ(gzipped.header("content-encoding"), "gzip");
  EXPECT_EQ(gunzip(gzipped.body), xml);
  HttpResponse rss2 = http_get(server_->url("/feed/rss2/"));
  EXPECT_EQ(rss2.status, 301);
  EXPECT_EQ(rss2.header("location"), "/feed/");
}

TEST_F(FeedsTest, SectionAuthorAndTagFeedsHoldTheirListOnly) {
  HttpResponse blog = http_get(server_->url("/category/blog/feed/"));
  ASSERT_EQ(blog.status, 200);
  EXPECT_EQ(blog.header("content-type"), kRssType);
  EXPECT_TRUE(contains(blog.body, "<title>Blog – Sahel Tribune</title>"));
  EXPECT_TRUE(contains(blog.body, "<link>" + site() + "/category/blog/</link>"));
  EXPECT_TRUE(contains(blog.body, kSeedTitle)) << "subsections' articles are the section's";
  EXPECT_FALSE(contains(blog.body, "English dispatch")) << "in the English section's feed";
  EXPECT_FALSE(contains(blog.body, "Analyse économique"));
  HttpResponse english_blog = http_get(server_->url("/en/category/blog/feed/"));
  ASSERT_EQ(english_blog.status, 200);
  EXPECT_TRUE(contains(english_blog.body, "English dispatch"));
  EXPECT_TRUE(contains(english_blog.body, "<link>" + site() + "/en/category/blog/</link>"));
  EXPECT_FALSE(contains(english_blog.body, kSeedTitle));

  HttpResponse security = http_get(server_->url("/category/blog/securite/feed/atom/"));
  ASSERT_EQ(security.status, 200);
  EXPECT_EQ(security.header("content-type"), kAtomType);
  EXPECT_TRUE(contains(security.body, "<title>Sécurité – Sahel Tribune</title>"));
  EXPECT_TRUE(contains(security.body, kSeedTitle));
  EXPECT_FALSE(contains(security.body, "English dispatch"));

  HttpResponse author = http_get(server_->url("/author/awa-diallo/feed/"));
  ASSERT_EQ(author.status, 200);
  EXPECT_TRUE(contains(author.body, "<title>Awa Diallo – Sahel Tribune</title>"));
  EXPECT_TRUE(contains(author.body, "Analyse économique"));
  EXPECT_FALSE(contains(author.body, kSeedTitle));

  HttpResponse tag = http_get(server_->url("/tag/mali/feed/atom/"));
  ASSERT_EQ(tag.status, 200);
  EXPECT_TRUE(contains(tag.body, "<title>Mali – Sahel Tribune</title>"));
  EXPECT_TRUE(contains(tag.body, "Analyse économique"));
  EXPECT_TRUE(contains(tag.body, "<category term=\"Économie régionale\"/>"));
  EXPECT_FALSE(contains(tag.body, kSeedTitle));
  EXPECT_TRUE(contains(tag.body, "<summary>Le chapeau de l’analyse.</summary>"));
}

TEST_F(FeedsTest, UnknownListsHaveNoFeed) {
  for (const char* path :
       {"/category/nowhere/feed/", "/category/nowhere/feed/atom/", "/author/nobody/feed/",
        "/tag/nothing/feed/atom/", "/category/blog/page/2/feed/", "/feed/nonsense/",
        "/category/feed/", "/category/blog/feed/rss2/nope/", "/tag/feed/atom/"}) {
    EXPECT_EQ(http_get(server_->url(path)).status, 404) << path;
  }
  EXPECT_EQ(http_get(server_->url("/author/nobody/feed/rss2/")).status, 404);
  HttpResponse rss2 = http_get(server_->url("/category/blog/feed/rss2/"));
  EXPECT_EQ(rss2.status, 301);
  EXPECT_EQ(rss2.header("location"), "/category/blog/feed/");
  HttpResponse no_slash = http_get(server_->url("/category/blog/feed"));
  EXPECT_EQ(no_slash.status, 301);
  EXPECT_EQ(no_slash.header("location"), "/category/blog/feed/");
}

TEST_F(FeedsTest, DraftsScheduledAndUnpublishedArticlesStayOut) {
  for (const char* path :
       {"/feed/", "/feed/atom/", "/category/blog/feed/", "/author/awa-diallo/feed/atom/"}) {
    std::string body = http_get(server_->url(path)).body;
    EXPECT_FALSE(contains(body, "Brouillon secret")) << path;
    EXPECT_FALSE(contains(body, "Article de demain")) << path;
    EXPECT_FALSE(contains(body, "Article retiré")) << path;
  }
}

TEST_F(FeedsTest, SiteRelativeLinksInContentBecomeAbsolute) {
  std::string body = http_get(server_->url("/tag/mali/feed/")).body;
  EXPECT_TRUE(contains(body, site() + "/category/blog/")) << body;
  EXPECT_TRUE(contains(body, site() + "/media/carte.png"));
  EXPECT_FALSE(contains(body, "&quot;/media/")) << "no relative source is left";
  EXPECT_FALSE(contains(body, site() + "//cdn.example.org")) << "protocol-relative links stay";
  EXPECT_TRUE(contains(body, "//cdn.example.org/a"));
}

TEST_F(FeedsTest, FeedParserReadsBothFormats) {
  // The seed's thin spaces (U+2009) and the narrow no-break space (U+202F) French spacing
  // puts before a question mark, accents and apostrophes, as a feed reader shows them.
  EXPECT_EQ(feed_parser_problems(
                *server_, {"--title", kSeedTitle, "--text", "transition\u2009;", "--text",
                           "\u00ab\u2009Il ne s\u2019agit", "--text",
                           "\u00c0 l\u2019issue de la rencontre", "--text", "Pourquoi\u202f?"}),
            "");
}

TEST_F(FeedsTest, EveryPageLinksTheSiteFeedAndListsTheirOwn) {
  const std::string site_feed = "<link rel=\"alternate\" type=\"application/rss+xml\" " +
                                std::string("title=\"Flux RSS\u00a0: Sahel Tribune\" href=\"") +
                                site() + "/feed/\">";
  for (std::string path : {std::string("/"), std::string(kSeedPath), std::string("/category/blog/"),
                           std::string("/nowhere/")}) {
    EXPECT_TRUE(contains(http_get(server_->url(path)).body, site_feed)) << path;
  }
  EXPECT_TRUE(contains(http_get(server_->url("/category/blog/securite/")).body,
                       "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Flux "
                       "RSS\u00a0: Sécurité – Sahel Tribune\" href=\"" +
                           site() + "/category/blog/securite/feed/\">"));
  EXPECT_TRUE(contains(http_get(server_->url("/author/awa-diallo/")).body,
                       "title=\"Flux RSS\u00a0: Awa Diallo – Sahel Tribune\" href=\"" + site() +
                           "/author/awa-diallo/feed/\">"));
  EXPECT_TRUE(contains(
      http_get(server_->url("/tag/mali/")).body,
      "title=\"Flux RSS\u00a0: Mali – Sahel Tribune\" href=\"" + site() + "/tag/mali/feed/\">"));
}

TEST_F(FeedsTest, ConditionalRequestsGet304) {
  HttpResponse first = http_get(server_->url("/feed/"));
  const std::string etag = first.header("etag");
  const std::string last_modified = first.header("last-modified");
  ASSERT_FALSE(etag.empty());
  ASSERT_FALSE(last_modified.empty());

  HttpResponse by_etag = http_get(server_->url("/feed/"), {"If-None-Match: " + etag});
  EXPECT_EQ(by_etag.status, 304);
  EXPECT_TRUE(by_etag.body.empty());
  EXPECT_EQ(by_etag.header("last-modified"), last_modified);

  HttpResponse by_date = http_get(server_->url("/feed/"), {"If-Modified-Since: " + last_modified});
  EXPECT_EQ(by_date.status, 304);
  EXPECT_EQ(by_date.header("etag"), etag);

  // The obsolete asctime form, which HTTP recipients must read too (RFC 9110 §5.6.7): now is
  // after the feed's last change.
  std::time_t now = static_cast<std::time_t>(now_seconds());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char asctime_date[64];
  std::strftime(asctime_date, sizeof asctime_date, "%a %b %e %H:%M:%S %Y", &parts);
  EXPECT_EQ(
      http_get(server_->url("/feed/"), {std::string("If-Modified-Since: ") + asctime_date}).status,
      304)
      << asctime_date;

  // Any other answer is the whole feed: a date before the last change, a date that is none
  // or in the future (both ignored), and an If-None-Match that does not match, which decides
  // alone whatever the date says.
  for (const std::vector<std::string>& headers : std::vector<std::vector<std::string>>{
           {"If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT"},
           {"If-Modified-Since: hier soir"},
           {"If-Modified-Since: " + format_http_date(now_seconds() + 86400 * 365)},
           {"If-None-Match: \"autre\"", "If-Modified-Since: " + last_modified}}) {
    HttpResponse answer = http_get(server_->url("/feed/"), headers);
    EXPECT_EQ(answer.status, 200) << headers.back();
    EXPECT_EQ(answer.body, first.body);
  }
  // Pages that do not know when they changed answer If-Modified-Since in full.
  EXPECT_EQ(http_get(server_->url("/"), {"If-Modified-Since: " + last_modified}).status, 200);
}

// A site of its own for each test that changes something, served from `data_`.
class FeedChangesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(create_seed_site(data_.path()), "");
    ASSERT_EQ(set_config(data_.path(), "site.name", "Sahel Tribune"), "");
  }
  TempDir data_;
};

TEST_F(FeedChangesTest, NewAndEditedArticlesReachTheCachedFeeds) {
  ServerProcess server(data_.path());
  HttpResponse before = http_get(server.url("/feed/"));
  HttpResponse before_blog = http_get(server.url("/category/blog/feed/atom/"));
  ASSERT_EQ(before.status, 200);
  ASSERT_TRUE(contains(before.body, kSeedTitle));
  // Served from the cache from now on.
  ASSERT_EQ(http_get(server.url("/feed/"), {"If-None-Match: " + before.header("etag")}).status,
            304);
  sleep(1);  // a later second than the feed's Last-Modified

  const std::string news =
      article_file("Nouvelle dépêche",
                   "author: \"Awa Diallo\"\ncategory: [\"Blog\"]\nslug: nouvelle-depeche\n"
                   "date: 2025-09-01T08:00:00Z\n");
  import_article(data_.path(), "news", news);
  std::string after = body_when(server.url("/feed/"), [](const std::string& body) {
    return contains(body, "Nouvelle dépêche");
  });
  EXPECT_TRUE(contains(after, "Nouvelle dépêche")) << "a new publication joins the feed";
  EXPECT_LT(after.find("Nouvelle dépêche"), after.find(kSeedTitle)) << "newest first";
  EXPECT_TRUE(contains(http_get(server.url("/category/blog/feed/atom/")).body, "Nouvelle dépêche"));
  EXPECT_EQ(http_get(server.url("/feed/"), {"If-None-Match: " + before.header("etag")}).status,
            200);
  HttpResponse since_before =
      http_get(server.url("/feed/"), {"If-Modified-Since: " + before.header("last-modified")});
  EXPECT_EQ(since_before.status, 200) << "the feed changed since that date";
  EXPECT_NE(since_before.header("last-modified"), before.header("last-modified"));
  EXPECT_NE(http_get(server.url("/category/blog/feed/atom/")).body, before_blog.body);

  // An edit of the title: the same entry (same guid), under its new title.
  const std::string guid_line = after.substr(after.find("<guid", after.find("Nouvelle dépêche")));
  const std::string guid = guid_line.substr(0, guid_line.find("</guid>"));
  std::string edited = news;
  edited.replace(edited.find("Nouvelle dépêche"), std::string("Nouvelle dépêche").size(),
                 "Dépêche corrigée");
  import_article(data_.path(), "news", edited, {"--update"});
  std::string renamed = body_when(server.url("/feed/"), [](const std::string& body) {
    return contains(body, "Dépêche corrigée");
  });
  EXPECT_TRUE(contains(renamed, "<title>Dépêche corrigée</title>"));
  EXPECT_FALSE(contains(renamed, "Nouvelle dépêche"));
  EXPECT_TRUE(contains(renamed, guid)) << "an edit is no new item";
}

TEST_F(FeedChangesTest, ExcerptSettingAndItemCountShapeTheFeeds) {
  import_article(data_.path(), "older",
                 article_file("Article plus ancien",
                              "author: \"Awa Diallo\"\ncategory: [\"Blog\"]\n"
                              "date: 2024-01-01T08:00:00Z\n"));
  EXPECT_NE(set_config(data_.path(), "feed.content", "parfois"), "") << "only full or excerpt";
  EXPECT_NE(set_config(data_.path(), "feed.items", "0"), "");
  ASSERT_EQ(set_config(data_.path(), "feed.content", "excerpt"), "");
  ASSERT_EQ(set_config(data_.path(), "feed.items", "1"), "");
  ServerProcess server(data_.path());
  std::string rss = http_get(server.url("/feed/")).body;
  EXPECT_TRUE(contains(rss, "<description>Moins de deux semaines"));
  EXPECT_FALSE(contains(rss, "content:encoded>"));
  EXPECT_FALSE(contains(rss, "Article plus ancien")) << "feed.items is 1";
  std::string atom = http_get(server.url("/feed/atom/")).body;
  EXPECT_TRUE(contains(atom, "<summary>Moins de deux semaines"));
  EXPECT_FALSE(contains(atom, "<content"));
  EXPECT_EQ(feed_parser_problems(server, {"--title", kSeedTitle, "--excerpt"}), "");

  // Back to the full text while the server runs: the feeds follow.
  ASSERT_EQ(set_config(data_.path(), "feed.content", "full"), "");
  std::string full = body_when(server.url("/feed/"), [](const std::string& body) {
    return contains(body, "<content:encoded>");
  });
  EXPECT_TRUE(contains(full, "<content:encoded>"));
}

}  // namespace
}  // namespace tribune::testing
