// Search through the real server, on the search corpus (tests/data/search) and the seed
// article: folding, stemming and elisions as readers type, ranking, snippets, pagination,
// WordPress's address, hostile queries, and an index that follows the newsroom's changes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>

#include "core/url.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

const std::filesystem::path kCorpus = std::filesystem::path(TRIBUNE_FIXTURES) / "search";
constexpr std::string_view kSeedSlug =
    "lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita";

class Search : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_tribune({"init", "--data", data()}).exit_code, 0);
    std::vector<std::string> import = {"import", "markdown", "--data", data(),
                                       seed_article().string()};
    // In name order, as importing a folder does: ids, and so "most recently added", follow it.
    std::vector<std::string> files;
    for (const auto& file : std::filesystem::directory_iterator(kCorpus)) {
      if (file.path().filename() != "README.md") files.push_back(file.path().string());
    }
    std::sort(files.begin(), files.end());
    import.insert(import.end(), files.begin(), files.end());
    CommandResult imported = run_tribune(import);
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    ASSERT_EQ(set_config(data_.path(), "list.per_page", "2"), "");
    server_ = std::make_unique<ServerProcess>(data_.path());
  }

  std::string data() const { return data_.path().string(); }

  HttpResponse search(std::string_view typed, std::string_view extra = "") {
    return http_get(server_->url("/search?q=" + url_encode(typed) + std::string(extra)));
  }

  // The slugs of the articles a page lists, in order.
  static std::vector<std::string> slugs_in(const std::string& page) {
    std::vector<std::string> slugs;
    static const std::regex kItem(
        R"(<li class="item[^"]*"[^>]*>\s*(?:<div class="item-picture">.*</div>\s*)?<h[23]><a href="/\d{4}/\d\d/\d\d/([^/]+)/")");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), kItem);
         it != std::sregex_iterator(); ++it) {
      slugs.push_back((*it)[1].str());
    }
    return slugs;
  }

  // The slugs every page of a search lists (following "older" links), most relevant first.
  std::vector<std::string> found(std::string_view typed) {
    std::vector<std::string> slugs;
    for (int page = 1; page < 20; ++page) {
      HttpResponse response = search(typed, page == 1 ? "" : "&page=" + std::to_string(page));
      if (response.status == 404) break;
      EXPECT_EQ(response.status, 200) << typed;
      std::vector<std::string> more = slugs_in(response.body);
      slugs.insert(slugs.end(), more.begin(), more.end());
      if (response.body.find("rel=\"next\"") == std::string::npos) break;
    }
    return slugs;
  }

  static bool holds(const std::vector<std::string>& slugs, std::string_view slug) {
    return std::find(slugs.begin(), slugs.end(), slug) != slugs.end();
  }

  TempDir data_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(Search, FoldsAccentsAndCase) {
  EXPECT_EQ(found("Goita").front(), kSeedSlug) << "Goita finds Goïta, in a title first";
  EXPECT_EQ(found("GOÏTA"), found("goita"));
  std::vector<std::string> united = found("etats unis");
  EXPECT_TRUE(holds(united, kSeedSlug));
  EXPECT_TRUE(holds(united, "economie-coton")) << "États-Unis, hyphenated";
  EXPECT_EQ(found("BAMAKO").size(), 3u);
}

TEST_F(Search, StemsEachArticleInItsOwnLanguage) {
  EXPECT_TRUE(holds(found("terroriste"), kSeedSlug)) << "terroriste finds terrorisme";
  EXPECT_TRUE(holds(found("terrorist"), "terrorisme-en"));
  std::vector<std::string> elections = found("élection");
  EXPECT_TRUE(holds(elections, "elections-fr")) << "élection finds the French plural";
  EXPECT_TRUE(holds(elections, "elections-en")) << "and the English article's elections";
  EXPECT_EQ(found("hôpitaux"), std::vector<std::string>{"hopital"}) << "plural -aux";
  EXPECT_EQ(found("producteur"), std::vector<std::string>{"economie-coton"});
}

TEST_F(Search, DropsFrenchElisions) {
  std::vector<std::string> army = found("l'armée");
  ASSERT_FALSE(army.empty());
  EXPECT_EQ(army.front(), "armee-bamako") << "in its title";
  // Snowball's French stem of "armée" is that of "armes" too: the seed's weapons follow.
  EXPECT_EQ(found("armées"), army);
  EXPECT_EQ(found("L’Armée"), army);
  EXPECT_EQ(found("armee"), army);
}

TEST_F(Search, ATitleWinsThenTheNewestAndOnlyLiveArticles) {
  EXPECT_EQ(found("goita"),
            (std::vector<std::string>{std::string(kSeedSlug), "goita-body", "goita-body-older"}))
      << "the draft and the article scheduled for 2099 are never found";
  EXPECT_TRUE(found("brouillon").empty());
}

TEST_F(Search, MarksMatchesAndPagesWithACount) {
  HttpResponse first = search("goïta");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(slugs_in(first.body).size(), 2u);
  EXPECT_NE(first.body.find("3 résultats"), std::string::npos);
  EXPECT_NE(first.body.find("Assimi <mark>Goïta</mark>"), std::string::npos);
  EXPECT_NE(first.body.find("<p class=\"excerpt\">"), std::string::npos);
  EXPECT_NE(first.body.find("<meta name=\"robots\" content=\"noindex\">"), std::string::npos);
  EXPECT_NE(first.body.find("href=\"/search?q=go%C3%AFta&amp;page=2\""), std::string::npos);

  HttpResponse second = search("goïta", "&page=2");
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(slugs_in(second.body), std::vector<std::string>{"goita-body-older"});
  EXPECT_NE(second.body.find("colonel <mark>Goïta</mark>"), std::string::npos);
  EXPECT_EQ(search("goïta", "&page=3").status, 404);
  EXPECT_EQ(search("goïta", "&page=0").status, 404);

  HttpResponse none = search("zanzibar");
  EXPECT_EQ(none.status, 200);
  EXPECT_NE(none.body.find("Aucun résultat"), std::string::npos);
  EXPECT_NE(none.body.find("Aucun article ne contient tous ces mots"), std::string::npos);
  HttpResponse empty = http_get(server_->url("/search"));
  EXPECT_EQ(empty.status, 200);
  EXPECT_NE(empty.body.find("Tapez un ou plusieurs mots"), std::string::npos);
}

TEST_F(Search, AnswersWordPressAddressAndHasABoxInEveryHeader) {
  HttpResponse wordpress = http_get(server_->url("/?s=coton"));
  ASSERT_EQ(wordpress.status, 200);
  EXPECT_EQ(slugs_in(wordpress.body), std::vector<std::string>{"economie-coton"});
  HttpResponse home = http_get(server_->url("/"));
  EXPECT_NE(home.body.find("<form class=\"search\" role=\"search\" action=\"/search\""),
            std::string::npos);
  EXPECT_TRUE(slugs_in(http_get(server_->url("/?utm_source=x")).body).size() >= 2u)
      << "other query strings still get the home page";
}

TEST_F(Search, HostileQueriesGiveAPageNeverAnErrorNorMarkup) {
  const std::vector<std::string> hostile = {
      "\"",
      "\"goita",
      "goita\" OR \"x",
      "((((",
      "goita)",
      "NEAR(goita bamako, 2)",
      "title:goita",
      "go* AND NOT -x ^y",
      std::string(5000, 'a'),
      std::string("goi\0ta", 6),
      "' OR 1=1 --",
      "1; DROP TABLE articles; --",
      "<script>alert(1)</script>",
      "\"><img src=x onerror=alert(1)>",
      "\xFF\xFE\xC3",
      "{count} {query, plural, other {#}}",
  };
  for (const std::string& query : hostile) {
    HttpResponse response = search(query);
    EXPECT_EQ(response.status, 200) << query;
    EXPECT_EQ(response.body.find("<script>alert"), std::string::npos) << query;
    EXPECT_EQ(response.body.find("<img src=x"), std::string::npos) << query;
    EXPECT_EQ(response.body.find('\0'), std::string::npos) << query;
  }
  EXPECT_NE(search("<script>alert(1)</script>").body.find("&lt;script&gt;alert(1)&lt;/script&gt;"),
            std::string::npos);
  EXPECT_EQ(found("\"goita"), found("goita")) << "a stray quote is punctuation";
  EXPECT_EQ(http_get(server_->url("/healthz")).status, 200);
}

TEST_F(Search, ResultsAreNeverStaleAndNotCachedForLong) {
  HttpResponse first = search("mopti");
  EXPECT_EQ(slugs_in(first.body), std::vector<std::string>{"hopital"});
  EXPECT_EQ(first.header("cache-control"), "public, no-cache");

  auto article = [&](std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--data", data()});
    args.insert(args.begin(), "article");
    CommandResult result = run_tribune(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
  };
  article({"unpublish", "hopital"});
  EXPECT_TRUE(slugs_in(search("mopti").body).empty());
  article({"publish", "hopital"});
  EXPECT_EQ(slugs_in(search("mopti").body), std::vector<std::string>{"hopital"});

  TempDir files;
  std::ofstream(files.path() / "hopital.md")
      << "---\nslug: \"hopital\"\ntitle: \"Un nouvel hôpital ouvre à Tombouctou\"\nauthor: \"Awa "
         "Diallo\"\ncategory: [\"Société\"]\ndate: 2025-08-08T09:00:00Z\nlang: fr\n---\n\nCent "
         "lits et un bloc opératoire.\n";
  CommandResult updated = run_tribune(
      {"import", "markdown", "--update", "--data", data(), (files.path() / "hopital.md").string()});
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  EXPECT_EQ(slugs_in(search("tombouctou").body), std::vector<std::string>{"hopital"});
  EXPECT_TRUE(slugs_in(search("mopti").body).empty()) << "the old text left the index";

  article({"delete", "hopital"});
  EXPECT_TRUE(slugs_in(search("tombouctou").body).empty());
}

}  // namespace
}  // namespace tribune::testing
