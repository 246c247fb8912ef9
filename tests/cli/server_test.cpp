// The real tribune binary on a free port with a fresh data folder, fetched with a real HTTP
// client (libcurl) and raw sockets.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

#include "core/time.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"

extern char** environ;

namespace tribune::testing {
namespace {

constexpr const char* kSeedPath =
    "/2025/07/11/lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita/";

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new TempDir();
    auto init = run_tribune(
        {"init", "--data", data_->path().string(), "--name", "Sahel Tribune", "--locale", "fr"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    auto imported = run_tribune(
        {"import", "markdown", "--data", data_->path().string(), seed_article().string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    auto trusted = run_tribune(
        {"config", "set", "--data", data_->path().string(), "server.trusted_proxies", "127.0.0.1"});
    ASSERT_EQ(trusted.exit_code, 0) << trusted.err;
    server_ = new ServerProcess(data_->path());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete data_;
  }
  static TempDir* data_;
  static ServerProcess* server_;
};

TempDir* ServerTest::data_ = nullptr;
ServerProcess* ServerTest::server_ = nullptr;

TEST_F(ServerTest, ArticlePageHasBreadcrumbMetaLineAndTitleBytes) {
  HttpResponse page = http_get(server_->url(kSeedPath));
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  const std::string& html = page.body;
  std::size_t breadcrumb = html.find("<a href=\"/\">Accueil</a>");
  std::size_t title = html.find(
      "<h1>Lutte contre le terrorisme\xC2\xA0: Donald Trump propose son appui \xC3\xA0 Assimi "
      "Go\xC3\xAFta</h1>");
  std::size_t meta = html.find("0 commentaire · 155 vues · 3 min de lecture");
  ASSERT_NE(breadcrumb, std::string::npos);
  ASSERT_NE(title, std::string::npos) << "the title keeps its no-break space byte for byte";
  ASSERT_NE(meta, std::string::npos);
  EXPECT_LT(breadcrumb, title);
  EXPECT_LT(title, meta);
  EXPECT_NE(html.find("<a href=\"/category/blog/securite/\">Sécurité</a>"), std::string::npos);
  EXPECT_LT(html.size(), 50u * 1024) << "under 50 KB before compression";
}

TEST_F(ServerTest, RepeatedRequestWithEtagGets304) {
  HttpResponse first = http_get(server_->url(kSeedPath));
  std::string etag = first.header("etag");
  ASSERT_FALSE(etag.empty());
  HttpResponse second = http_get(server_->url(kSeedPath), {"If-None-Match: " + etag});
  EXPECT_EQ(second.status, 304);
  EXPECT_TRUE(second.body.empty());
  EXPECT_EQ(second.header("etag"), etag);
}

TEST_F(ServerTest, GzipAndBrotliDecompressToTheSameHtml) {
  HttpResponse plain = http_get(server_->url(kSeedPath));
  HttpResponse gzip = http_get(server_->url(kSeedPath), {"Accept-Encoding: gzip"});
  // A crawler (or a client that names none) gets gzip, cheaper to make, until a reader's
  // browser has had brotli made.
  HttpResponse crawled = http_get(server_->url(kSeedPath), {"Accept-Encoding: br, gzip"});
  HttpResponse br =
      http_get(server_->url(kSeedPath), {"Accept-Encoding: br, gzip",
                                         "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) "
                                         "Gecko/20100101 Firefox/128.0"});
  EXPECT_EQ(crawled.header("content-encoding"), "gzip");
  EXPECT_EQ(gzip.header("content-encoding"), "gzip");
  EXPECT_EQ(br.header("content-encoding"), "br");
  EXPECT_EQ(gunzip(gzip.body), plain.body);
  EXPECT_EQ(unbrotli(br.body), plain.body);
  EXPECT_EQ(gzip.header("vary"), "Accept-Encoding");
}

TEST_F(ServerTest, UnknownPagesGetTheLocalized404) {
  HttpResponse missing = http_get(server_->url("/cette-page-n-existe-pas/"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("Page introuvable"), std::string::npos);
  EXPECT_NE(missing.body.find("<html lang=\"fr\" dir=\"ltr\">"), std::string::npos);
}

TEST_F(ServerTest, GarbageGets400AndTheServerSurvives) {
  for (std::string garbage :
       {std::string("GARBAGE\r\n\r\n"), std::string("GET / HTTP/9.9\r\n\r\n"),
        std::string("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"),
        std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),
        "GET /" + std::string(20000, 'a') + " HTTP/1.1\r\n\r\n"}) {
    std::string answer = raw_request(server_->port(), garbage);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400 Bad Request\r\n")) << answer.substr(0, 80);
  }
  EXPECT_EQ(http_get(server_->url("/healthz")).status, 200);
}

TEST_F(ServerTest, KeepAliveAndPipelining) {
  std::string two =
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /robots.txt HTTP/1.1\r\nHost: x\r\n"
      "Connection: close\r\n\r\n";
  std::string answer = raw_request(server_->port(), two);
  EXPECT_NE(answer.find("ok\n"), std::string::npos);
  EXPECT_NE(answer.find("User-agent: *"), std::string::npos);
}

TEST_F(ServerTest, StaticAssetsAreCachedForAYear) {
  HttpResponse page = http_get(server_->url("/"));
  // The stylesheet is in the page's head, allowed by its hash; the icon is a file of its own.
  EXPECT_NE(page.body.find("<style>"), std::string::npos);
  EXPECT_NE(page.header("content-security-policy").find("; style-src 'self' 'sha256-"),
            std::string::npos);
  std::size_t start = page.body.find("/assets/favicon.");
  ASSERT_NE(start, std::string::npos);
  std::string icon_path = page.body.substr(start, page.body.find('"', start) - start);
  HttpResponse icon = http_get(server_->url(icon_path));
  EXPECT_EQ(icon.status, 200);
  EXPECT_EQ(icon.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(icon.header("content-type"), "image/svg+xml");
  EXPECT_EQ(http_get(server_->url("/favicon.ico")).status, 200);
}

TEST_F(ServerTest, ImportWhileServingShowsUpWithoutRestart) {
  TempDir extra;
  write_text(extra / "new.md",
             "---\ntitle: \"Nouvel article\"\nauthor: \"Sidi Modibo Coulibaly\"\n"
             "category: [\"Culture\"]\ndate: 2026-01-02T08:00:00Z\n---\n\nTexte.\n");
  ASSERT_NE(http_get(server_->url("/")).body.find("Blog"), std::string::npos);
  auto imported = run_tribune(
      {"import", "markdown", "--data", data_->path().string(), (extra / "new.md").string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  std::string home;
  for (int attempt = 0; attempt < 40; ++attempt) {
    home = http_get(server_->url("/")).body;
    if (home.find("Nouvel article") != std::string::npos) break;
    usleep(50000);
  }
  EXPECT_NE(home.find("Nouvel article"), std::string::npos);
}

TEST_F(ServerTest, AccessLogUsesTheCombinedFormat) {
  // The test client is the trusted proxy here, so the reader is the one it forwards for.
  http_get(server_->url("/robots.txt"),
           {"User-Agent: test-agent/1.0", "Referer: http://ref.example/",
            "X-Forwarded-For: 198.51.100.7"});
  usleep(1200000);  // the log is flushed every half second
  std::ifstream log(data_->path() / "access.log");
  std::string line, last;
  while (std::getline(log, line)) {
    if (line.find("robots.txt") != std::string::npos) last = line;
  }
  ASSERT_FALSE(last.empty());
  EXPECT_TRUE(last.starts_with("198.51.100.7 - - [")) << last;
  EXPECT_NE(last.find("] \"GET /robots.txt HTTP/1.1\" 200 "), std::string::npos) << last;
  EXPECT_TRUE(last.ends_with(" \"http://ref.example/\" \"test-agent/1.0\"")) << last;
}

TEST_F(ServerTest, ScheduledArticleAppearsAtItsTime) {
  TempDir extra;
  std::string when = format_iso8601(now_seconds() + 2);
  write_text(extra / "later.md",
             "---\ntitle: \"Article programmé\"\nauthor: \"Sidi Modibo Coulibaly\"\n"
             "category: [\"Blog\"]\ndate: " +
                 when + "\n---\n\nBientôt.\n");
  ASSERT_EQ(run_tribune({"import", "markdown", "--data", data_->path().string(),
                         (extra / "later.md").string()})
                .exit_code,
            0);
  usleep(700000);  // the server has noticed the import
  EXPECT_EQ(http_get(server_->url("/category/blog/")).body.find("Article programmé"),
            std::string::npos)
      << "not before its time";
  std::string list;
  for (int attempt = 0; attempt < 60; ++attempt) {
    list = http_get(server_->url("/category/blog/")).body;
    if (list.find("Article programmé") != std::string::npos) break;
    usleep(100000);
  }
  EXPECT_NE(list.find("Article programmé"), std::string::npos) << "live once its time came";
}

TEST(ServerLifecycle, SigtermStopsCleanly) {
  TempDir data;
  ASSERT_EQ(run_tribune({"init", "--data", data.path().string()}).exit_code, 0);
  ServerProcess server(data.path());
  ASSERT_EQ(http_get(server.url("/")).status, 200);
  EXPECT_EQ(server.stop(), 0);
}

TEST(ServerLifecycle, DemoServesOriginalContent) {
  TempDir data;
  ServerProcess server(data / "demo", "demo");
  HttpResponse home = http_get(server.url("/"));
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("Le Fleuve Tribune"), std::string::npos);
  // The lead story, the headlines and the section blocks.
  int articles = home.body.find("<article class=\"lead\">") != std::string::npos ? 1 : 0;
  for (std::size_t at = home.body.find("<li class=\"item"); at != std::string::npos;
       at = home.body.find("<li class=\"item", at + 1)) {
    ++articles;
  }
  EXPECT_GE(articles, 10);
  // Most of its articles have their picture, and the header its logo.
  EXPECT_NE(home.body.find("<a class=\"brand\" href=\"/\"><picture>"), std::string::npos);
  int pictures = 0;
  for (std::size_t at = home.body.find("<picture>"); at != std::string::npos;
       at = home.body.find("<picture>", at + 1)) {
    ++pictures;
  }
  EXPECT_GE(pictures, 8);
  // Its static pages, linked from the footer.
  for (const std::string path :
       {"/a-propos/", "/mentions-legales/", "/contact/", "/politique-de-confidentialite/"}) {
    EXPECT_NE(home.body.find("<li><a href=\"" + path + "\">"), std::string::npos) << path;
    EXPECT_EQ(http_get(server.url(path)).status, 200) << path;
  }
  EXPECT_EQ(http_get(server.url("/category/blog/securite/")).status, 200);
  EXPECT_NE(home.body.find("lang=\"en\""), std::string::npos) << "English articles too";
}

TEST(ServerLifecycle, ListeningOnPortZeroPrintsThePortBound) {
  // What scripts do to get a free port from the system: the printed port must be the one
  // bound, or the next request goes nowhere.
  TempDir data;
  ASSERT_EQ(run_tribune({"init", "--data", data.path().string()}).exit_code, 0);
  TempDir output;
  std::string out_path = (output / "out").string();
  std::vector<std::string> args = {TRIBUNE_BINARY,       "serve",    "--data",
                                   data.path().string(), "--listen", "127.0.0.1:0"};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT, 0644);
  pid_t pid = -1;
  ASSERT_EQ(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  std::smatch printed;
  std::string out;
  const std::regex line("Tribune is serving .* on http://127\\.0\\.0\\.1:(\\d+)/\n");
  for (int attempt = 0; attempt < 100 && !std::regex_search(out, printed, line); ++attempt) {
    usleep(100000);
    std::ifstream in(out_path);
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ASSERT_TRUE(std::regex_search(out, printed, line)) << out;
  int port = std::stoi(printed[1]);
  EXPECT_NE(port, 0);
  HttpResponse health = http_get("http://127.0.0.1:" + std::to_string(port) + "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, "ok\n");
  // Without site.url, the canonical address is the one bound, not port 0.
  HttpResponse home = http_get("http://127.0.0.1:" + std::to_string(port) + "/");
  EXPECT_NE(home.body.find(
                "<link rel=\"canonical\" href=\"http://127.0.0.1:" + std::to_string(port) + "/\">"),
            std::string::npos)
      << home.body.substr(0, 800);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(ServerLifecycle, CatalogAndThemeOverridesTakeEffectWithoutRestart) {
  TempDir data;
  ASSERT_EQ(create_seed_site(data.path()), "");
  ServerProcess server(data.path());
  // Polls the home page until `text` shows (the watcher looks twice a second).
  auto home_with = [&](const std::string& text) {
    std::string home;
    for (int attempt = 0; attempt < 50; ++attempt) {
      home = http_get(server.url("/")).body;
      if (home.find(text) != std::string::npos) break;
      usleep(100000);
    }
    return home;
  };
  ASSERT_NE(home_with("Aller au contenu").find("Aller au contenu"), std::string::npos);
  // The stylesheet is written into each page's head. (Found without std::regex, whose
  // matcher recurses once per character: a stylesheet's length overflows the stack under
  // AddressSanitizer.)
  auto stylesheet = [](const std::string& page) -> std::optional<std::string> {
    const std::size_t start = page.find("<style>");
    const std::size_t end = page.find("</style>", start);
    if (start == std::string::npos || end == std::string::npos) return std::nullopt;
    return page.substr(start + 7, end - start - 7);
  };
  auto old_css = stylesheet(http_get(server.url("/")).body);
  ASSERT_TRUE(old_css);

  // A message overridden in DATA/locales.
  std::filesystem::create_directories(data / "locales");
  write_text(data / "locales" / "fr.yaml", "site.skip_to_content: \"Sauter au texte\"\n");
  EXPECT_NE(home_with("Sauter au texte").find("Sauter au texte"), std::string::npos);

  // A theme file in DATA/theme: the page links the new stylesheet, which has the new bytes.
  std::filesystem::create_directories(data / "theme");
  write_text(data / "theme" / "style.css", "body { color: #8c1d18; }\n");
  std::optional<std::string> css;
  for (int attempt = 0; attempt < 50; ++attempt) {
    css = stylesheet(http_get(server.url("/")).body);
    if (css && css != old_css) break;
    usleep(100000);
  }
  ASSERT_TRUE(css);
  EXPECT_NE(css, old_css);
  EXPECT_EQ(*css, "body { color: #8c1d18; }\n");

  // A catalog that does not load: said in the log, and the site goes on as it was.
  write_text(data / "locales" / "fr.yaml", "site.skip_to_content: \"{broken\"\n");
  for (int attempt = 0; attempt < 50 && server.err().find("fr.yaml") == std::string::npos;
       ++attempt) {
    usleep(100000);
  }
  EXPECT_NE(server.err().find("fr.yaml"), std::string::npos) << server.err();
  EXPECT_NE(http_get(server.url("/")).body.find("Sauter au texte"), std::string::npos);
  write_text(data / "locales" / "fr.yaml", "site.skip_to_content: \"Lire le texte\"\n");
  EXPECT_NE(home_with("Lire le texte").find("Lire le texte"), std::string::npos);
}

}  // namespace
}  // namespace tribune::testing
