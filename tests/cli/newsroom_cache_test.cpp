// The render cache at a newsroom's scale, against the real server: a change re-renders the
// pages that show it and only those, within a second; a crawler walking the archive keeps
// the cache under its bound without pushing out the pages readers keep asking for.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <deque>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "support/database.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

// Writes `count` articles shaped like a newsroom's: sections two levels deep, a handful of
// authors, shared tags, one a day going back from 2025-06-30. Returns the files.
std::vector<std::string> write_articles(const std::filesystem::path& folder, int count) {
  static const std::vector<std::string> kSections = {R"(["Actualité", "Sahel"])",
                                                     R"(["Actualité", "Monde"])", R"(["Économie"])",
                                                     R"(["Sport", "Football"])", R"(["Culture"])"};
  std::vector<std::string> files;
  std::filesystem::create_directories(folder);
  for (int i = 0; i < count; ++i) {
    std::filesystem::path file = folder / ("article-" + std::to_string(i) + ".md");
    std::time_t when = 1751241600 - static_cast<std::time_t>(i) * 86400;  // from 2025-06-30
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%dT09:00:00Z", std::gmtime(&when));
    std::ofstream out(file);
    out << "---\ntitle: \"Dépêche numéro " << i << " sur la vie du pays\"\nauthor: \"Auteur "
        << i % 4 << "\"\ncategory: " << kSections[static_cast<std::size_t>(i) % kSections.size()]
        << "\ndate: " << date << "\ntags: [\"thème " << i % 7 << "\", \"thème " << i % 11
        << "\"]\n---\n\nPremier paragraphe de la dépêche " << i
        << ", qui résume ce qui s’est passé.\n\n## Les faits\n\nUn second paragraphe, plus "
           "long, qui raconte les faits, cite des témoins et donne des chiffres.\n";
    files.push_back(file.string());
  }
  return files;
}

// Every page reachable from the home page by following the site's own links (not assets,
// forms or feeds), at most `limit`, with its body.
std::map<std::string, std::string> walk(const ServerProcess& server, std::size_t limit) {
  std::map<std::string, std::string> pages;
  std::deque<std::string> queue = {"/"};
  std::set<std::string> seen = {"/"};
  std::regex link("href=\"(/[^\"#?]*)\"");
  while (!queue.empty() && pages.size() < limit) {
    std::string path = queue.front();
    queue.pop_front();
    HttpResponse page = http_get(server.url(path));
    if (page.status != 200) continue;
    for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), link);
         it != std::sregex_iterator(); ++it) {
      std::string target = (*it)[1];
      if (target.starts_with("/assets/") || target.starts_with("/comments/") ||
          target.starts_with("/subscri") || target.starts_with("/favicon")) {
        continue;
      }
      if (seen.insert(target).second) queue.push_back(target);
    }
    pages.emplace(path, std::move(page.body));
  }
  return pages;
}

class NewsroomCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto init = run_tribune({"init", "--data", data().string(), "--name", "Sahel Tribune"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    // Views move the "most read" lists; this test changes one thing at a time.
    ASSERT_EQ(set_config(data(), "views.counting", "off"), "");
  }
  std::filesystem::path data() const { return dir_ / "site"; }
  void import(const std::vector<std::string>& files) {
    std::vector<std::string> args = {"import", "markdown", "--data", data().string()};
    args.insert(args.end(), files.begin(), files.end());
    auto imported = run_tribune(args);
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }
  TempDir dir_;
};

TEST_F(NewsroomCacheTest, AChangeRerendersExactlyThePagesThatShowItWithinASecond) {
  import(write_articles(dir_ / "articles", 60));
  ServerProcess server(data());
  std::map<std::string, std::string> pages = walk(server, 1000);
  ASSERT_GT(pages.size(), 80u) << "articles, sections, authors, tags and their pages";

  // Article 7, as lists and other pages link to it.
  std::string target;
  for (const auto& [path, body] : pages) {
    if (body.find("<h1>Dépêche numéro 7 sur la vie du pays</h1>") != std::string::npos) {
      target = path;
    }
  }
  ASSERT_FALSE(target.empty());
  std::size_t showing = 0;
  for (const auto& [path, body] : pages) {
    if (body.find("href=\"" + target + "\"") != std::string::npos || path == target) ++showing;
  }
  ASSERT_GT(showing, 3u);
  ASSERT_LT(showing, pages.size() / 2);

  // A reader's comment on it is approved from the command line (another process).
  ASSERT_EQ(run_sql(data(),
                    "INSERT INTO comments (article_id, author_name, author_email, body, status, "
                    "created_at) SELECT id, 'Awa', 'awa@example.org', 'Merci.', 'pending', "
                    "1751300000 FROM articles WHERE title LIKE 'Dépêche numéro 7 %'"),
            "");
  std::string before = http_get(server.url("/metrics")).body;
  auto approved_at = std::chrono::steady_clock::now();
  auto approve = run_tribune({"comments", "approve", "--data", data().string(), "1"});
  ASSERT_EQ(approve.exit_code, 0) << approve.err;
  bool shown = false;
  while (!shown && std::chrono::steady_clock::now() - approved_at < std::chrono::seconds(1)) {
    shown = http_get(server.url(target)).body.find("1 commentaire ·") != std::string::npos;
    if (!shown) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(shown) << "the article's page says so within a second";

  // Every page again: those that show the article were made again, no other.
  std::size_t now_showing_count = 0;
  for (const auto& [path, body] : pages) {
    HttpResponse page = http_get(server.url(path));
    ASSERT_EQ(page.status, 200) << path;
    if (body.find("href=\"" + target + "\"") != std::string::npos && path != target &&
        body.find("Dépêche numéro 7 sur la vie du pays") != std::string::npos &&
        page.body.find("1 commentaire") != std::string::npos) {
      ++now_showing_count;
    }
  }
  std::string after = http_get(server.url("/metrics")).body;
  double rerendered = prometheus_value(after, "tribune_render_cache_misses_total") -
                      prometheus_value(before, "tribune_render_cache_misses_total");
  EXPECT_EQ(rerendered, static_cast<double>(showing))
      << showing << " of " << pages.size() << " pages show the article";
  EXPECT_GT(now_showing_count, 0u) << "lists show its new comment count";
}

TEST_F(NewsroomCacheTest, APublishedArticleAppearsWithinASecondWithoutEmptyingTheCache) {
  import(write_articles(dir_ / "articles", 60));
  ServerProcess server(data());
  std::map<std::string, std::string> pages = walk(server, 1000);
  std::string before = http_get(server.url("/metrics")).body;

  std::filesystem::path fresh = dir_ / "fresh.md";
  {
    std::ofstream out(fresh);
    out << "---\ntitle: \"Dernière minute à Ségou\"\nauthor: \"Auteur 1\"\ncategory: "
           "[\"Culture\"]\ndate: 2025-07-01T10:00:00Z\n---\n\nLe festival ouvre ce soir.\n";
  }
  auto published_at = std::chrono::steady_clock::now();
  import({fresh.string()});
  bool on_home = false;
  while (!on_home && std::chrono::steady_clock::now() - published_at < std::chrono::seconds(1)) {
    on_home = http_get(server.url("/")).body.find("Dernière minute à Ségou") != std::string::npos;
    if (!on_home) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(on_home);
  EXPECT_NE(http_get(server.url("/category/culture/")).body.find("Dernière minute à Ségou"),
            std::string::npos);
  EXPECT_NE(http_get(server.url("/author/auteur-1/")).body.find("Dernière minute à Ségou"),
            std::string::npos);

  for (const auto& [path, body] : pages) http_get(server.url(path));
  std::string after = http_get(server.url("/metrics")).body;
  double rerendered = prometheus_value(after, "tribune_render_cache_misses_total") -
                      prometheus_value(before, "tribune_render_cache_misses_total");
  EXPECT_GT(rerendered, 3) << "home, the section, the author";
  EXPECT_LT(rerendered, static_cast<double>(pages.size()) / 2)
      << "the pages of other sections, authors and articles stayed cached";
}

TEST_F(NewsroomCacheTest, ACrawlerKeepsTheCacheUnderItsBoundAndTheHotPagesCached) {
  import(write_articles(dir_ / "articles", 2500));
  // One article per list page makes an archive of about 10,000 pages; 2 MiB holds a few
  // hundred of them.
  ASSERT_EQ(set_config(data(), "list.per_page", "1"), "");
  ASSERT_EQ(set_config(data(), "server.cache_mb", "2"), "");
  ServerProcess server(data());
  const std::vector<std::string> hot = {"/", "/category/actualite/", "/category/culture/"};
  for (int i = 0; i < 3; ++i) {
    for (const std::string& path : hot) ASSERT_EQ(http_get(server.url(path)).status, 200);
  }
  std::vector<std::string> archive;
  for (const char* list :
       {"/category/actualite/", "/category/economie/", "/category/sport/", "/category/culture/",
        "/author/auteur-0/", "/author/auteur-1/", "/author/auteur-2/", "/author/auteur-3/"}) {
    for (int page = 2; page <= 1300; ++page) {
      archive.push_back(std::string(list) + "page/" + std::to_string(page) + "/");
    }
  }
  for (int tag = 0; tag < 11; ++tag) {
    for (int page = 1; page <= 600; ++page) {
      archive.push_back("/tag/theme-" + std::to_string(tag) + "/" +
                        (page == 1 ? std::string() : "page/" + std::to_string(page) + "/"));
    }
  }
  std::atomic<std::size_t> next{0}, walked{0};
  std::vector<std::thread> crawlers;
  for (int c = 0; c < 4; ++c) {
    crawlers.emplace_back([&] {
      for (std::size_t i = next++; i < archive.size(); i = next++) {
        if (http_get(server.url(archive[i]), {"User-Agent: Googlebot/2.1"}).status == 200) ++walked;
        if (i % 50 == 0) {
          for (const std::string& path : hot) http_get(server.url(path));  // readers meanwhile
        }
      }
    });
  }
  for (auto& crawler : crawlers) crawler.join();
  EXPECT_GT(walked.load(), 9000u) << "archive pages walked";

  std::string before = http_get(server.url("/metrics")).body;
  EXPECT_LE(prometheus_value(before, "tribune_render_cache_bytes"), 2 << 20);
  EXPECT_GT(prometheus_value(before, "tribune_render_cache_evictions_total"), 1000);
  for (const std::string& path : hot) ASSERT_EQ(http_get(server.url(path)).status, 200);
  std::string after = http_get(server.url("/metrics")).body;
  EXPECT_EQ(
      prometheus_value(after, "tribune_render_cache_hits_total"),
      prometheus_value(before, "tribune_render_cache_hits_total") + static_cast<double>(hot.size()))
      << "the hot pages were still cached";
}

}  // namespace
}  // namespace tribune::testing
