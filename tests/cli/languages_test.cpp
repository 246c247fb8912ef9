// Readers in their own language, through the real `tribune serve`: an article's page speaks the
// article's language, a site's other languages have their lists under /LANG/, translations
// link each other (hreflang alternates in pages and sitemaps), a language switcher without
// JavaScript, and forms answered in the language of the page they were on.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

#include "core/url.h"
#include "support/http_client.h"
#include "support/in_order.h"
#include "support/process.h"
#include "support/smtp_sink.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

constexpr const char* kSeedSlug =
    "lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita";
constexpr const char* kSeedPath =
    "/2025/07/11/lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita/";
constexpr const char* kEnglishPath = "/2025/07/12/counter-terrorism-trump-offers-goita-support/";
constexpr const char* kStandalonePath = "/2025/07/13/market-day-in-segou/";
constexpr const char* kArabicPath = "/2025/07/14/souk-niamey/";

// Whether `page` lists the article at `path` (a list item's or the lead story's heading).
bool listed(const std::string& page, const std::string& path) {
  return page.find("<h2><a href=\"" + path + "\">") != std::string::npos ||
         page.find("<h3><a href=\"" + path + "\">") != std::string::npos;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A French site with the seed article, its English translation, an English article of its
// own and an Arabic one; the server sends mail to an SMTP sink.
class LanguagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir();
    sink_ = new SmtpSink();
    ASSERT_EQ(create_seed_site(data_->path()), "");
    for (auto [key, value] : {std::pair<std::string, std::string>{"site.name", "Sahel Tribune"},
                              {"smtp.host", "127.0.0.1"},
                              {"smtp.port", std::to_string(sink_->port())},
                              {"smtp.tls", "none"}}) {
      ASSERT_EQ(set_config(data_->path(), key, value), "");
    }
    TempDir files;
    write_text(files / "1-translation.md",
               "---\ntitle: \"Counter-terrorism: Trump offers Goïta his support\"\n"
               "author: \"Sidi Modibo Coulibaly\"\ncategory: [\"Blog\", \"Sécurité\"]\n"
               "lang: en\nslug: counter-terrorism-trump-offers-goita-support\n"
               "translation_of: " +
                   std::string(kSeedSlug) +
                   "\ndate: 2025-07-12T09:00:00Z\n---\n\nLess than two weeks after the "
                   "attacks, Washington offers its help.\n");
    write_text(files / "2-standalone.md",
               "---\ntitle: \"Market day in Ségou\"\nauthor: \"Awa Diallo\"\n"
               "category: [\"Économie\"]\nlang: en\nslug: market-day-in-segou\n"
               "date: 2025-07-13T09:00:00Z\n---\n\nTraders come from every village.\n");
    write_text(files / "3-arabic.md",
               "---\ntitle: \"سوق الخضار في نيامي\"\nauthor: \"Awa Diallo\"\n"
               "category: [\"Économie\"]\nlang: ar\nslug: souk-niamey\n"
               "date: 2025-07-14T09:00:00Z\n---\n\nتبيع النساء الخضار كل صباح في السوق الكبير.\n");
    CommandResult imported =
        run_tribune({"import", "markdown", "--data", data_->path().string(),
                     (files / "1-translation.md").string(), (files / "2-standalone.md").string(),
                     (files / "3-arabic.md").string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    server_ = new ServerProcess(data_->path());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete sink_;
    delete data_;
  }
  static std::string get(const std::string& path) { return http_get(server_->url(path)).body; }
  static std::string site() { return server_->url(""); }

  static TempDir* data_;
  static SmtpSink* sink_;
  static ServerProcess* server_;
};

TempDir* LanguagesTest::data_ = nullptr;
SmtpSink* LanguagesTest::sink_ = nullptr;
ServerProcess* LanguagesTest::server_ = nullptr;

TEST_F(LanguagesTest, AnEnglishArticleOnAFrenchSiteSpeaksEnglish) {
  HttpResponse page = http_get(server_->url(kStandalonePath));
  ASSERT_EQ(page.status, 200);
  expect_in_order(
      page.body,
      {"<html lang=\"en\" dir=\"ltr\">", "<meta property=\"og:locale\" content=\"en_US\">",
       "<a class=\"brand\" href=\"/en/\"><span>Sahel Tribune</span></a>",
       "<a href=\"/en/category/economie/\">Économie</a>", "<a href=\"/en/\">Home</a>",
       "<h1>Market day in Ségou</h1>", "0 comments · 0 views · 1 min read", "July 13, 2025",
       "By Awa Diallo", "Leave a comment", "Name", "Discover more from Sahel Tribune"});
  for (const char* french : {"commentaire", "Accueil", "Laisser un commentaire", "juillet"}) {
    EXPECT_FALSE(contains(page.body, french)) << french;
  }
  // The French seed article keeps French around it.
  expect_in_order(get(kSeedPath), {"<html lang=\"fr\" dir=\"ltr\">", "<a href=\"/\">Accueil</a>",
                                   "0 commentaire", "Laisser un commentaire"});
}

TEST_F(LanguagesTest, TranslationsLinkEachOtherWithHreflangAlternates) {
  const std::string french = get(kSeedPath);
  const std::string english = get(kEnglishPath);
  for (const std::string* page : {&french, &english}) {
    EXPECT_TRUE(contains(
        *page, "<link rel=\"alternate\" hreflang=\"fr\" href=\"" + site() + kSeedPath + "\">"));
    EXPECT_TRUE(contains(
        *page, "<link rel=\"alternate\" hreflang=\"en\" href=\"" + site() + kEnglishPath + "\">"));
    EXPECT_TRUE(contains(*page, "<link rel=\"alternate\" hreflang=\"x-default\" href=\"" + site() +
                                    kSeedPath + "\">"))
        << "the version in the site's language stands for the others";
  }
  expect_in_order(french, {"<p class=\"translations\">Cet article existe aussi en :",
                           std::string("<a href=\"") + kEnglishPath +
                               "\" lang=\"en\" hreflang=\"en\" dir=\"ltr\""});
  expect_in_order(english, {"<p class=\"translations\">This article is also in:",
                            std::string("<a href=\"") + kSeedPath +
                                "\" lang=\"fr\" hreflang=\"fr\" dir=\"ltr\""});
  // The switcher leads to the translation; an article without one has no alternates.
  EXPECT_TRUE(contains(french, std::string("<a href=\"") + kEnglishPath +
                                   "\" lang=\"en\" hreflang=\"en\">English</a>"));
  EXPECT_FALSE(contains(get(kStandalonePath), "hreflang=\"x-default\""));
}

TEST_F(LanguagesTest, EachLanguageHasItsListsUnderItsPrefix) {
  const std::string home = get("/");
  expect_in_order(home,
                  {"<html lang=\"fr\" dir=\"ltr\">", "aria-label=\"Langue du site\"",
                   "<a href=\"/\" lang=\"fr\" hreflang=\"fr\" aria-current=\"true\">Français</a>",
                   "<a href=\"/ar/\" lang=\"ar\" hreflang=\"ar\">العربية</a>",
                   "<a href=\"/en/\" lang=\"en\" hreflang=\"en\">English</a>"});
  EXPECT_TRUE(listed(home, kSeedPath));
  EXPECT_FALSE(listed(home, kStandalonePath));

  HttpResponse english = http_get(server_->url("/en/"));
  ASSERT_EQ(english.status, 200);
  expect_in_order(
      english.body,
      {"<html lang=\"en\" dir=\"ltr\">", "<link rel=\"canonical\" href=\"" + site() + "/en/\">",
       "<a href=\"/en/\" lang=\"en\" hreflang=\"en\" aria-current=\"true\">English</a>"});
  EXPECT_TRUE(listed(english.body, kStandalonePath));
  EXPECT_TRUE(listed(english.body, kEnglishPath));
  EXPECT_FALSE(listed(english.body, kSeedPath));

  const std::string section = get("/en/category/economie/");
  expect_in_order(section, {"<html lang=\"en\" dir=\"ltr\">", "Market day in Ségou"});
  EXPECT_FALSE(contains(section, "سوق"));
  EXPECT_TRUE(contains(get("/ar/category/economie/"), "سوق الخضار في نيامي"));
  EXPECT_TRUE(contains(get("/en/2025/07/"), "Market day in Ségou"));
  EXPECT_TRUE(contains(get("/en/author/awa-diallo/"), "Market day in Ségou"));

  HttpResponse bare = http_get(server_->url("/en"));
  EXPECT_EQ(bare.status, 301);
  EXPECT_EQ(bare.header("location"), "/en/");
  EXPECT_EQ(http_get(server_->url("/en/category/economie")).header("location"),
            "/en/category/economie/");
  // Articles have one address; a language without articles, or without a catalog, no prefix.
  EXPECT_EQ(http_get(server_->url(std::string("/en") + kStandalonePath)).status, 404);
  EXPECT_EQ(http_get(server_->url("/de/")).status, 404);
  EXPECT_EQ(http_get(server_->url("/fr/")).status, 404) << "the site's language has no prefix";
  HttpResponse missing = http_get(server_->url("/en/nowhere/"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(contains(missing.body, "<html lang=\"en\" dir=\"ltr\">")) << "in English";
}

TEST_F(LanguagesTest, AnArabicArticleIsWrittenRightToLeft) {
  HttpResponse page = http_get(server_->url(kArabicPath));
  ASSERT_EQ(page.status, 200);
  expect_in_order(page.body, {"<html lang=\"ar\" dir=\"rtl\">", "<a href=\"/ar/\">الرئيسية</a>",
                              "<h1>سوق الخضار في نيامي</h1>", "<p class=\"meta\">لا تعليقات · "});
  // Listed on the French home's most-read lists or elsewhere, it keeps its direction.
  const std::string arabic_home = get("/ar/");
  EXPECT_TRUE(contains(arabic_home, "<html lang=\"ar\" dir=\"rtl\">"));
  // The search page in Arabic (its form, results and pagination under /ar/), and searched
  // with its short vowels written, the article is found.
  HttpResponse arabic_search = http_get(server_->url("/ar/search?q=" + url_encode("نيامي")));
  ASSERT_EQ(arabic_search.status, 200);
  expect_in_order(arabic_search.body, {"<html lang=\"ar\" dir=\"rtl\">", "action=\"/ar/search\"",
                                       std::string("href=\"") + kArabicPath + "\""});
  EXPECT_EQ(http_get(server_->url("/de/search?q=x")).status, 404);
  EXPECT_EQ(http_get(server_->url("/fr/search?q=x")).status, 404);
  const std::string found = get("/search?q=" + url_encode("السُّوقِ الكَبِير"));
  EXPECT_TRUE(contains(found, std::string("href=\"") + kArabicPath + "\"")) << found;
}

TEST_F(LanguagesTest, SitemapsListEachLanguageAndTheTranslations) {
  const std::string pages = get("/sitemap-pages.xml");
  for (const char* home : {"/</loc>", "/en/</loc>", "/ar/</loc>"}) {
    EXPECT_TRUE(contains(pages, "<loc>" + site() + home)) << home;
  }
  EXPECT_TRUE(contains(get("/sitemap-sections.xml"), "<loc>" + site() + "/en/category/economie/"));
  const std::string posts = get("/sitemap-posts-2025-07.xml");
  EXPECT_TRUE(contains(posts, "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
  const std::size_t seed = posts.find(std::string("<loc>") + site() + kSeedPath + "</loc>");
  ASSERT_NE(seed, std::string::npos);
  const std::string entry = posts.substr(seed, posts.find("</url>", seed) - seed);
  EXPECT_TRUE(contains(entry, "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"" + site() +
                                  kEnglishPath + "\"/>"));
  EXPECT_TRUE(contains(entry, "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"" +
                                  site() + kSeedPath + "\"/>"));
  // A sitemap with alternates is still valid for its schema (the xhtml link's included).
  TempDir folder;
  write_text(folder / "posts.xml", posts);
  CommandResult valid = run_program(
      {"/usr/bin/xmllint", "--noout", "--nonet", "--schema",
       (std::filesystem::path(TRIBUNE_FIXTURES) / "schemas" / "alternates-urlset.xsd").string(),
       (folder / "posts.xml").string()});
  EXPECT_EQ(valid.exit_code, 0) << valid.err;
}

TEST_F(LanguagesTest, FormsAnswerInTheLanguageOfTheirPage) {
  // A comment refused on the English article: the errors in English.
  const std::string page = get(kStandalonePath);
  Fields fields = comment_form_fields(page);
  fields.insert(fields.end(), {{"name", "Awa"}, {"email", "awa@example.org"}, {"text", ""}});
  HttpResponse refused = http_post_form(server_->url("/comments/"), fields);
  EXPECT_EQ(refused.status, 422);
  expect_in_order(refused.body, {"<html lang=\"en\" dir=\"ltr\">", "Your comment was not posted"});
  EXPECT_FALSE(contains(refused.body, "commentaire"));

  // A subscription from the English page: the notice and the confirmation mail in English.
  HttpResponse subscribed = http_post_form(server_->url("/subscribe/"),
                                           {{"lang", "en"}, {"email", "reader@example.org"}});
  ASSERT_EQ(subscribed.status, 303);
  EXPECT_EQ(subscribed.header("location"), "/subscribe/check-inbox/en/");
  EXPECT_TRUE(contains(get("/subscribe/check-inbox/en/"), "Check your inbox"));
  EXPECT_EQ(http_get(server_->url("/subscribe/check-inbox/xx/")).status, 404);
  ASSERT_TRUE(sink_->wait_for_messages(1, std::chrono::seconds(10)));
  nlohmann::json mail = parse_mail(sink_->messages()[0].file);
  EXPECT_TRUE(contains(mail["headers"]["subject"][0].get<std::string>(),
                       "Confirm your subscription to Sahel Tribune"));
}

}  // namespace
}  // namespace tribune::testing
