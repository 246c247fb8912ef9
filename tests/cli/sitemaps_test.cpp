// Date archives, sitemaps and robots.txt through the real server: periods in the site's time
// zone, every sitemap valid against the published schemas, and both following new articles.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <regex>
#include <set>

#include "core/time.h"
#include "support/database.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

const std::string kSchemas = std::string(TRIBUNE_FIXTURES) + "/schemas/";
constexpr UnixSeconds kDay = 86400;

// A Markdown article file's text; `extra` adds front matter lines.
std::string article_text(const std::string& title, const std::string& slug, const std::string& date,
                         const std::string& extra = "") {
  return "---\ntitle: \"" + title + "\"\nslug: \"" + slug +
         "\"\nauthor: \"Awa Traoré\"\ncategory: [\"Actualité\"]\ntags: [\"Sahel\"]\ndate: " + date +
         "\n" + extra + "---\n\nTexte de l’article.\n";
}

// Imports the articles {slug: file text} into `data`; fails the test on error.
void import_articles(const std::filesystem::path& data,
                     const std::map<std::string, std::string>& articles) {
  TempDir files;
  std::vector<std::string> args = {"import", "markdown", "--data", data.string()};
  for (const auto& [slug, text] : articles) {
    write_text(files / (slug + ".md"), text);
    args.push_back((files / (slug + ".md")).string());
  }
  CommandResult imported = run_tribune(args);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
}

// xmllint's complaints about `document` against the schema file `schema` (offline): empty when
// the document is valid.
std::string schema_errors(const std::string& document, const std::string& schema) {
  TempDir dir;
  write_text(dir / "document.xml", document);
  std::string command = "xmllint --noout --nonet --schema '" + kSchemas + schema + "' '" +
                        (dir / "document.xml").string() + "' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "xmllint did not start";
  std::string output;
  char buffer[4096];
  while (std::size_t read = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, read);
  return pclose(pipe) == 0 ? std::string() : output;
}

// The text of every <TAG> element of `xml`, in order.
std::vector<std::string> elements(const std::string& xml, const std::string& tag) {
  std::vector<std::string> found;
  std::regex pattern("<" + tag + ">([^<]*)</" + tag + ">");
  for (std::sregex_iterator it(xml.begin(), xml.end(), pattern), end; it != end; ++it) {
    found.push_back((*it)[1]);
  }
  return found;
}

// The <lastmod> the sitemap index gives the sitemap at `path`, or "".
std::string index_lastmod(const std::string& index, const std::string& url) {
  std::regex entry("<sitemap><loc>" +
                   std::regex_replace(url, std::regex(R"([.?*+^$()\[\]{}|\\])"), R"(\$&)") +
                   "</loc><lastmod>([^<]*)</lastmod></sitemap>");
  std::smatch match;
  return std::regex_search(index, match, entry) ? match[1].str() : std::string();
}

// Asks for `path` until its body contains `text` (the server notices an import within a
// second), or gives up after 4 s; returns the last body.
std::string wait_for(const ServerProcess& server, const std::string& path,
                     const std::string& text) {
  std::string body;
  for (int attempt = 0; attempt < 80; ++attempt) {
    body = http_get(server.url(path)).body;
    if (body.find(text) != std::string::npos) break;
    usleep(50000);
  }
  return body;
}

// A site an hour east of Greenwich (Lagos keeps UTC+1 all year), two articles a page.
class SitemapsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir();
    auto init = run_tribune(
        {"init", "--data", data_->path().string(), "--name", "Sahel Tribune", "--locale", "fr"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    ASSERT_EQ(set_config(data_->path(), "site.timezone", "Africa/Lagos"), "");
    ASSERT_EQ(set_config(data_->path(), "list.per_page", "2"), "");
    const UnixSeconds now = now_seconds();
    import_articles(
        data_->path(),
        {{"fin-de-juillet",
          article_text("Fin de juillet", "fin-de-juillet", "2025-07-31T23:30:00Z")},
         {"dix-juillet", article_text("Dix juillet", "dix-juillet", "2025-07-10T10:00:00Z")},
         {"onze-juillet", article_text("Onze juillet", "onze-juillet", "2025-07-11T10:00:00Z")},
         {"douze-juillet", article_text("Douze juillet", "douze-juillet", "2025-07-12T10:00:00Z")},
         {"juin", article_text("Juin", "juin", "2025-06-15T10:00:00Z")},
         {"recente", article_text("Dépêche récente", "recente", format_iso8601(now - 3600))},
         {"avant-hier", article_text("Avant-hier", "avant-hier", format_iso8601(now - 3 * kDay))},
         {"brouillon",
          article_text("Brouillon", "brouillon", "2025-07-15T10:00:00Z", "draft: true\n")},
         {"programmee", article_text("Programmée", "programmee", format_iso8601(now + 2 * kDay))},
         {"retiree", article_text("Retirée", "retiree", "2025-07-20T10:00:00Z")},
         {"jetee", article_text("Jetée", "jetee", "2025-07-21T10:00:00Z")}});
    for (auto [action, slug] : {std::pair{"unpublish", "retiree"}, std::pair{"delete", "jetee"}}) {
      CommandResult done = run_tribune({"article", action, "--data", data_->path().string(), slug});
      ASSERT_EQ(done.exit_code, 0) << done.err;
    }
    server_ = new ServerProcess(data_->path());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete data_;
  }
  static std::string url(const std::string& path) { return server_->url(path); }
  static TempDir* data_;
  static ServerProcess* server_;
};

TempDir* SitemapsTest::data_ = nullptr;
ServerProcess* SitemapsTest::server_ = nullptr;

// The slugs of the published articles the tests import.
const std::set<std::string> kPublished = {"fin-de-juillet", "dix-juillet", "onze-juillet",
                                          "douze-juillet",  "juin",        "recente",
                                          "avant-hier"};

TEST_F(SitemapsTest, TheIndexNamesEveryPartAndEveryPartIsValid) {
  HttpResponse index = http_get(url("/sitemap.xml"));
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.header("content-type"), "application/xml; charset=utf-8");
  EXPECT_EQ(schema_errors(index.body, "siteindex.xsd"), "");
  std::vector<std::string> parts = elements(index.body, "loc");
  std::set<std::string> part_paths;
  for (const std::string& part : parts) {
    ASSERT_TRUE(part.starts_with(url("/sitemap"))) << part << ": absolute, on the site";
    part_paths.insert(part.substr(url("").size()));
  }
  for (const char* expected :
       {"/sitemap-news.xml", "/sitemap-pages.xml", "/sitemap-sections.xml", "/sitemap-authors.xml",
        "/sitemap-tags.xml", "/sitemap-posts-2025-06.xml", "/sitemap-posts-2025-07.xml",
        "/sitemap-posts-2025-08.xml"}) {
    EXPECT_TRUE(part_paths.contains(expected)) << expected << " in\n" << index.body;
  }

  std::multiset<std::string> articles;  // every article address, as often as listed
  for (const std::string& path : part_paths) {
    HttpResponse part = http_get(url(path));
    ASSERT_EQ(part.status, 200) << path;
    EXPECT_EQ(part.header("content-type"), "application/xml; charset=utf-8") << path;
    const bool news = path == "/sitemap-news.xml";
    EXPECT_EQ(schema_errors(part.body, news ? "news-urlset.xsd" : "sitemap.xsd"), "") << path;
    if (!path.starts_with("/sitemap-posts-")) continue;
    for (const std::string& loc : elements(part.body, "loc")) articles.insert(loc);
    EXPECT_EQ(elements(part.body, "loc").size(), elements(part.body, "lastmod").size()) << path;
  }
  std::set<std::string> slugs;
  for (const std::string& loc : articles) {
    std::string path = loc.substr(0, loc.size() - 1);
    slugs.insert(path.substr(path.rfind('/') + 1));
  }
  EXPECT_EQ(articles.size(), kPublished.size()) << "each published article once";
  EXPECT_EQ(slugs, kPublished) << "no draft, scheduled, unpublished or trashed article";
}

TEST_F(SitemapsTest, MonthsFollowTheSiteTimeZone) {
  // 23:30 UTC on July 31 is August 1 in Lagos.
  std::string july = http_get(url("/sitemap-posts-2025-07.xml")).body;
  EXPECT_EQ(elements(july, "loc"), (std::vector<std::string>{url("/2025/07/12/douze-juillet/"),
                                                             url("/2025/07/11/onze-juillet/"),
                                                             url("/2025/07/10/dix-juillet/")}));
  EXPECT_EQ(elements(july, "lastmod").at(0), "2025-07-12T10:00:00Z");
  std::string august = http_get(url("/sitemap-posts-2025-08.xml")).body;
  EXPECT_EQ(elements(august, "loc"), std::vector<std::string>{url("/2025/07/31/fin-de-juillet/")})
      << "the address keeps its UTC date; the month is the reader's";
  std::string index = http_get(url("/sitemap.xml")).body;
  EXPECT_EQ(index_lastmod(index, url("/sitemap-posts-2025-07.xml")), "2025-07-12T10:00:00Z");

  std::string sections = http_get(url("/sitemap-sections.xml")).body;
  EXPECT_EQ(elements(sections, "loc"), std::vector<std::string>{url("/category/actualite/")});
  std::string tags = http_get(url("/sitemap-tags.xml")).body;
  EXPECT_EQ(elements(tags, "loc"), std::vector<std::string>{url("/tag/sahel/")});
  std::string authors = http_get(url("/sitemap-authors.xml")).body;
  EXPECT_EQ(elements(authors, "loc"), std::vector<std::string>{url("/author/awa-traore/")});
  EXPECT_EQ(elements(http_get(url("/sitemap-pages.xml")).body, "loc"),
            std::vector<std::string>{url("/")});
}

TEST_F(SitemapsTest, TheNewsSitemapHoldsTheLastTwoDays) {
  std::string news = http_get(url("/sitemap-news.xml")).body;
  std::vector<std::string> locs = elements(news, "loc");
  ASSERT_EQ(locs.size(), 1u) << news;
  EXPECT_TRUE(locs[0].ends_with("/recente/"));
  EXPECT_EQ(elements(news, "news:name"), std::vector<std::string>{"Sahel Tribune"});
  EXPECT_EQ(elements(news, "news:language"), std::vector<std::string>{"fr"});
  EXPECT_EQ(elements(news, "news:title"), std::vector<std::string>{"Dépêche récente"});
  ASSERT_EQ(elements(news, "news:publication_date").size(), 1u);
  EXPECT_TRUE(std::regex_match(elements(news, "news:publication_date")[0],
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
}

TEST_F(SitemapsTest, RobotsTxtNamesTheIndexAndKeepsCrawlersOutOfForms) {
  HttpResponse robots = http_get(url("/robots.txt"));
  ASSERT_EQ(robots.status, 200);
  EXPECT_NE(robots.body.find("\nSitemap: " + url("/sitemap.xml") + "\n"), std::string::npos)
      << robots.body;
  for (const char* line :
       {"Disallow: /admin/\n", "Disallow: /search\n", "Disallow: /comments/\n", "Allow: /\n"}) {
    EXPECT_NE(robots.body.find(line), std::string::npos) << line;
  }
}

TEST_F(SitemapsTest, UnknownSitemapsAre404) {
  for (const char* path :
       {"/sitemap-posts-abc.xml", "/sitemap-posts-2025-13.xml", "/sitemap-posts-2024-07.xml",
        "/sitemap-posts-2025-07-1.xml", "/sitemap-posts-2025-07-2.xml",
        "/sitemap-posts-2025-07-02.xml", "/sitemap-posts-99999-01.xml", "/sitemap-tags-2.xml",
        "/sitemap-tags-1.xml", "/sitemap-tagsx.xml", "/sitemap-foo.xml", "/sitemap-.xml",
        "/sitemap-posts-.xml", "/sitemap-posts-2025-07-18446744073709551617.xml"}) {
    EXPECT_EQ(http_get(url(path)).status, 404) << path;
  }
  EXPECT_EQ(http_get(url("/healthz")).status, 200);
}

TEST_F(SitemapsTest, DateArchivesListAPeriodNewestFirstByPage) {
  HttpResponse july = http_get(url("/2025/07/"));
  ASSERT_EQ(july.status, 200);
  EXPECT_NE(july.body.find("<h1>Juillet 2025</h1>"), std::string::npos);
  EXPECT_NE(july.body.find("<link rel=\"canonical\" href=\"" + url("/2025/07/") + "\">"),
            std::string::npos);
  EXPECT_NE(july.body.find("<a href=\"/2025/\">2025</a>"), std::string::npos) << "breadcrumb";
  EXPECT_NE(july.body.find("3 articles"), std::string::npos);
  std::size_t douze = july.body.find("Douze juillet");
  std::size_t onze = july.body.find("Onze juillet");
  ASSERT_NE(douze, std::string::npos);
  ASSERT_NE(onze, std::string::npos);
  EXPECT_LT(douze, onze) << "newest first";
  EXPECT_EQ(july.body.find("Dix juillet"), std::string::npos) << "on page 2";
  EXPECT_EQ(july.body.find("Fin de juillet"), std::string::npos) << "August 1 in Lagos";
  EXPECT_EQ(july.body.find("Brouillon"), std::string::npos);
  EXPECT_EQ(july.body.find("Retirée"), std::string::npos);

  HttpResponse second = http_get(url("/2025/07/page/2/"));
  ASSERT_EQ(second.status, 200);
  EXPECT_NE(second.body.find("Dix juillet"), std::string::npos);
  EXPECT_NE(second.body.find("<link rel=\"canonical\" href=\"" + url("/2025/07/page/2/") + "\">"),
            std::string::npos);
  EXPECT_EQ(http_get(url("/2025/07/page/3/")).status, 404) << "past the last page";

  HttpResponse day = http_get(url("/2025/07/11/"));
  ASSERT_EQ(day.status, 200);
  EXPECT_NE(day.body.find("<h1>11 juillet 2025</h1>"), std::string::npos);
  EXPECT_NE(day.body.find("Onze juillet"), std::string::npos);
  EXPECT_EQ(day.body.find("Douze juillet"), std::string::npos);
  EXPECT_NE(day.body.find("<a href=\"/2025/07/\">Juillet 2025</a>"), std::string::npos);

  HttpResponse year = http_get(url("/2025/"));
  ASSERT_EQ(year.status, 200);
  EXPECT_NE(year.body.find("<h1>2025</h1>"), std::string::npos);
  EXPECT_NE(year.body.find("Fin de juillet"), std::string::npos);
  EXPECT_EQ(http_get(url("/2025/page/3/")).status, 200) << "five articles, two a page";
  EXPECT_NE(http_get(url("/2025/page/3/")).body.find("Juin"), std::string::npos);
  EXPECT_EQ(http_get(url("/2025/page/4/")).status, 404);

  HttpResponse moved = http_get(url("/2025/07"));
  EXPECT_EQ(moved.status, 301);
  EXPECT_EQ(moved.header("location"), "/2025/07/");
  EXPECT_EQ(http_get(url("/2025/07/11/onze-juillet/")).status, 200) << "articles still win";
}

TEST_F(SitemapsTest, DayAndMonthFollowTheSiteTimeZone) {
  HttpResponse first_of_august = http_get(url("/2025/08/01/"));
  ASSERT_EQ(first_of_august.status, 200);
  EXPECT_NE(first_of_august.body.find("Fin de juillet"), std::string::npos);
  EXPECT_NE(http_get(url("/2025/08/")).body.find("Fin de juillet"), std::string::npos);
  EXPECT_EQ(http_get(url("/2025/07/31/")).status, 404) << "nothing on July 31 in Lagos";
}

TEST_F(SitemapsTest, EmptyOrImpossiblePeriodsAre404) {
  for (const char* path :
       {"/2024/", "/2025/09/", "/2025/07/13/", "/2025/13/", "/2025/00/", "/0000/", "/99999/",
        "/2025/02/30/", "/2025/7/", "/2025/07/11/12/", "/2025/page/0/", "/2025/07/page/abc/"}) {
    HttpResponse page = http_get(url(path));
    EXPECT_EQ(page.status, 404) << path;
    EXPECT_NE(page.body.find("Page introuvable"), std::string::npos) << path;
  }
}

// Last: it adds articles (each test runs in a fresh server under ctest, in order otherwise).
TEST_F(SitemapsTest, ANewArticleJoinsItsMonthTheIndexAndTheNewsWhileServing) {
  // Made and cached before the change, so that the change must reach them.
  std::string index = http_get(url("/sitemap.xml")).body;
  ASSERT_EQ(index_lastmod(index, url("/sitemap-posts-2025-07.xml")), "2025-07-12T10:00:00Z");
  ASSERT_EQ(http_get(url("/sitemap-posts-2025-07.xml")).body.find("vingt-juillet"),
            std::string::npos);
  ASSERT_EQ(http_get(url("/sitemap-news.xml")).body.find("toute-fraiche"), std::string::npos);
  ASSERT_EQ(http_get(url("/2025/07/")).body.find("Vingt juillet"), std::string::npos);

  import_articles(
      data_->path(),
      {{"vingt-juillet", article_text("Vingt juillet", "vingt-juillet", "2025-07-20T10:00:00Z")},
       {"toute-fraiche",
        article_text("Toute fraîche", "toute-fraiche", format_iso8601(now_seconds() - 60))}});

  EXPECT_NE(wait_for(*server_, "/sitemap-posts-2025-07.xml", "vingt-juillet").find("vingt-juillet"),
            std::string::npos);
  EXPECT_NE(wait_for(*server_, "/sitemap-news.xml", "toute-fraiche").find("toute-fraiche"),
            std::string::npos);
  EXPECT_NE(wait_for(*server_, "/2025/07/", "Vingt juillet").find("Vingt juillet"),
            std::string::npos);
  index = http_get(url("/sitemap.xml")).body;
  EXPECT_EQ(index_lastmod(index, url("/sitemap-posts-2025-07.xml")), "2025-07-20T10:00:00Z");
}

// A month of 50,001 articles takes two sitemaps: the oldest 50,000, then the newest one.
TEST(SitemapParts, AMonthPastFiftyThousandArticlesIsSplit) {
  TempDir data;
  auto init = run_tribune({"init", "--data", data.path().string(), "--locale", "fr"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  import_articles(data.path(),
                  {{"premier", article_text("Premier", "premier", "2025-07-01T08:00:00Z")}});
  // 50,000 more within the next 14 hours, as rows (an import would take minutes).
  ASSERT_EQ(run_sql(data.path(),
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                    "50000) INSERT INTO articles (slug, title, lang, body_markdown, body_html, "
                    "author_id, section_id, published_at, updated_at) SELECT 'depeche-' || i, "
                    "'Dépêche ' || i, 'fr', '', '', a.author_id, a.section_id, a.published_at + i, "
                    "a.published_at + i FROM n, (SELECT author_id, section_id, published_at FROM "
                    "articles LIMIT 1) a"),
            "");
  ServerProcess server(data.path());
  std::string index = http_get(server.url("/sitemap.xml")).body;
  EXPECT_NE(index.find("<loc>" + server.url("/sitemap-posts-2025-07.xml") + "</loc>"),
            std::string::npos);
  EXPECT_NE(index.find("<loc>" + server.url("/sitemap-posts-2025-07-2.xml") + "</loc>"),
            std::string::npos);
  std::string first = http_get(server.url("/sitemap-posts-2025-07.xml")).body;
  std::vector<std::string> oldest = elements(first, "loc");
  ASSERT_EQ(oldest.size(), 50000u);
  EXPECT_EQ(schema_errors(first, "sitemap.xsd"), "");
  EXPECT_EQ(oldest.back(), server.url("/2025/07/01/premier/")) << "the oldest, in part 1";
  EXPECT_EQ(elements(http_get(server.url("/sitemap-posts-2025-07-2.xml")).body, "loc"),
            std::vector<std::string>{server.url("/2025/07/01/depeche-50000/")})
      << "the newest, in part 2";
  EXPECT_EQ(http_get(server.url("/sitemap-posts-2025-07-3.xml")).status, 404);
}

// A permalink pattern without the day: /2025/07/ is the address of an article "07", which wins
// over July's archive; other months stay archives.
TEST(DateArchivesAndPermalinks, AnArticleAddressWinsOverADateArchive) {
  TempDir data;
  auto init = run_tribune({"init", "--data", data.path().string(), "--locale", "fr"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  ASSERT_EQ(set_config(data.path(), "site.permalink", "/%year%/%postname%/"), "");
  import_articles(data.path(),
                  {{"07", article_text("Le numéro sept", "07", "2025-03-01T10:00:00Z")},
                   {"printemps", article_text("Printemps", "printemps", "2025-07-05T10:00:00Z")}});
  ServerProcess server(data.path());
  HttpResponse article = http_get(server.url("/2025/07/"));
  ASSERT_EQ(article.status, 200);
  EXPECT_NE(article.body.find("<h1>Le numéro sept</h1>"), std::string::npos);
  EXPECT_EQ(article.body.find("<h1>Juillet 2025</h1>"), std::string::npos) << "not July's archive";
  HttpResponse march = http_get(server.url("/2025/03/"));
  ASSERT_EQ(march.status, 200);
  EXPECT_NE(march.body.find("<h1>Mars 2025</h1>"), std::string::npos);
  EXPECT_NE(march.body.find("Le numéro sept"), std::string::npos);
  EXPECT_EQ(http_get(server.url("/2025/")).status, 200);
  EXPECT_NE(http_get(server.url("/sitemap-posts-2025-07.xml")).body.find("/2025/printemps/"),
            std::string::npos);
  std::string index = http_get(server.url("/sitemap.xml")).body;
  EXPECT_EQ(index.find("sitemap-news"), std::string::npos)
      << "no news in two days: no news sitemap listed (an empty one is not valid)";
  EXPECT_EQ(schema_errors(index, "siteindex.xsd"), "");
}

}  // namespace
}  // namespace tribune::testing
