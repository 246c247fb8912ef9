// Requests an attacker sends, against the real server: each test sends the bytes that once
// killed it, starved it or misled it, and checks that it lives, answers as it should and
// keeps what it holds.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "support/http_client.h"
#include "support/process.h"
#include "support/raw_connection.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

constexpr const char* kSeedPath =
    "/2025/07/11/lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita/";

int count_status_lines(const std::string& answer) {
  int count = 0;
  for (std::size_t at = answer.find("HTTP/1.1 "); at != std::string::npos;
       at = answer.find("HTTP/1.1 ", at + 1)) {
    ++count;
  }
  return count;
}

class HostileRequestsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(create_seed_site(dir_.path()), ""); }
  bool alive(const ServerProcess& server) { return http_get(server.url("/healthz")).status == 200; }
  TempDir dir_;
};

// Item 1: a trailer field of 64 KiB made Beast throw out of the event loop.
TEST_F(HostileRequestsTest, HugeChunkedTrailerGets400AndTheServerLives) {
  ServerProcess server(dir_.path());
  std::string attack = "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: " +
                       std::string(65534, 'a') + "\r\n\r\n";
  std::string answer = raw_request(server.port(), attack);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 400 ")) << answer.substr(0, 60);
  EXPECT_TRUE(alive(server));
  // The same with a body that is chunked properly: refused all the same, without a body read.
  answer =
      raw_request(server.port(),
                  "POST /comments/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                  "Content-Type: application/x-www-form-urlencoded\r\n\r\n3\r\na=b\r\n0\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 400 ")) << answer.substr(0, 60);
  EXPECT_TRUE(alive(server));
}

// Item 2: an endless chunk extension grew the read buffer without limit.
// A body above the 64 KiB most routes take reached only the routes that take more when the
// server read the head with the smallest limit: Beast refuses a Content-Length above it
// before the route is known. Each route now gets what it says, and no more.
TEST_F(HostileRequestsTest, EachRouteTakesTheBodyItSaysAndNoMore) {
  ServerProcess server(dir_.path());
  auto upload = [&](std::size_t file_bytes) {
    const std::string boundary = "----WebKitFormBoundaryHostile0000000";
    std::string body = "--" + boundary +
                       "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
                       "Content-Type: image/jpeg\r\n\r\n" +
                       std::string(file_bytes, 'a') + "\r\n--" + boundary + "--\r\n";
    return raw_request(server.port(),
                       "POST /admin/media/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                       "Content-Type: multipart/form-data; boundary=" +
                           boundary + "\r\nContent-Length: " + std::to_string(body.size()) +
                           "\r\n\r\n" + body);
  };
  // A megabyte reaches the admin, which refuses it for want of a session.
  std::string answer = upload(1024 * 1024);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 403 ")) << answer.substr(0, 60);
  // Above the largest body any route takes: refused from its head.
  answer = upload(2 * 1024 * 1024);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 400 ")) << answer.substr(0, 60);
  // A comment is a few KiB: 100 KiB is refused.
  std::string comment = "name=a&text=" + std::string(100 * 1024, 'a');
  answer = raw_request(server.port(),
                       "POST /comments/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                       "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                           std::to_string(comment.size()) + "\r\n\r\n" + comment);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 400 ")) << answer.substr(0, 60);
  EXPECT_TRUE(alive(server));
}

TEST_F(HostileRequestsTest, EndlessChunkExtensionDoesNotGrowMemory) {
  ServerProcess server(dir_.path());
  long before = resident_kib(server.pid());
  std::string megabyte(1 << 20, 'e');
  for (int connection = 0; connection < 4; ++connection) {
    Connection attacker(server.port());
    ASSERT_TRUE(attacker.connected());
    attacker.send_all("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;e=");
    int sent_megabytes = 0;
    while (sent_megabytes < 32 && attacker.send_all(megabyte)) ++sent_megabytes;
    EXPECT_LT(sent_megabytes, 32) << "the server kept reading an endless chunk extension";
  }
  // Without framing by Transfer-Encoding: a header that never ends is cut off too.
  Connection attacker(server.port());
  attacker.send_all("GET / HTTP/1.1\r\nHost: x\r\nX-Long: ");
  int sent_megabytes = 0;
  while (sent_megabytes < 32 && attacker.send_all(megabyte)) ++sent_megabytes;
  EXPECT_LT(sent_megabytes, 32);
  long after = resident_kib(server.pid());
  EXPECT_LT(after - before, 32 * 1024) << "RSS went from " << before << " to " << after << " KiB";
  EXPECT_TRUE(alive(server));
}

// Item 3: a Transfer-Encoding other than chunked let a body run as a second request.
TEST_F(HostileRequestsTest, NonChunkedTransferEncodingCannotSmuggleARequest) {
  ServerProcess server(dir_.path());
  std::string smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  for (std::string coding : {"identity", "gzip", "chunked, identity"}) {
    std::string attack = "POST /comments/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding +
                         "\r\nContent-Length: " + std::to_string(smuggled.size()) + "\r\n\r\n" +
                         smuggled;
    std::string answer = raw_request(server.port(), attack);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400 ")) << coding << ": " << answer.substr(0, 60);
    EXPECT_EQ(count_status_lines(answer), 1) << coding << ": one answer, then the connection ends";
  }
  for (std::string hosts : {std::string(""), std::string("Host: a\r\nHost: b\r\n")}) {
    std::string answer = raw_request(server.port(), "GET / HTTP/1.1\r\n" + hosts + "\r\n");
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400 ")) << hosts << answer.substr(0, 60);
  }
  EXPECT_TRUE(
      raw_request(server.port(), "GET /healthz HTTP/1.0\r\n\r\n").starts_with("HTTP/1.1 200 "))
      << "HTTP/1.0 may omit Host";
  ASSERT_EQ(server.stop(), 0);
  std::ifstream log(dir_ / "access.log");
  std::string lines((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_EQ(lines.find("/smuggled"), std::string::npos) << lines;
}

// Item 4: past the open-file limit, accept() failed and was retried at once, spinning a core
// while readers timed out.
TEST_F(HostileRequestsTest, ConnectionFloodPastTheFileLimitNeitherSpinsNorStarvesReaders) {
  ServerProcess server(dir_.path(), "serve", 256);
  ASSERT_GT(server.pid(), 0);
  Connection reader(server.port());  // a reader already connected before the flood
  ASSERT_TRUE(reader.connected());
  std::vector<std::unique_ptr<Connection>> flood;
  for (int i = 0; i < 400; ++i) flood.push_back(std::make_unique<Connection>(server.port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  long ticks_before = cpu_ticks(server.pid());
  auto started = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  long ticks_used = cpu_ticks(server.pid()) - ticks_before;
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_LT(static_cast<double>(ticks_used) / static_cast<double>(sysconf(_SC_CLK_TCK)),
            0.25 * seconds)
      << "the server spins while the flood holds its connections";

  ASSERT_TRUE(reader.send_all("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto asked = std::chrono::steady_clock::now();
  std::string answer = reader.receive(std::chrono::seconds(3), [](const std::string& text) {
    return text.find("ok\n") != std::string::npos;
  });
  EXPECT_NE(answer.find("ok\n"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(1));

  flood.clear();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!alive(server) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(alive(server)) << "new readers are served once the flood is gone";
}

// Item 5: behind a proxy, every request came from 127.0.0.1 and saw the operators' pages.
TEST_F(HostileRequestsTest, ForwardedRequestsAreNotLocal) {
  {
    ServerProcess server(dir_.path());
    EXPECT_EQ(http_get(server.url("/metrics")).status, 200) << "the machine itself";
    EXPECT_EQ(http_get(server.url("/metrics"), {"X-Forwarded-For: 203.0.113.9"}).status, 404)
        << "no proxy trusted: a forwarded request is not local";
    EXPECT_EQ(http_get(server.url("/outbox/"), {"X-Forwarded-For: 203.0.113.9"}).status, 404);
  }
  ASSERT_EQ(set_config(dir_.path(), "server.trusted_proxies", "127.0.0.1"), "");
  ServerProcess server(dir_.path());
  EXPECT_EQ(http_get(server.url("/metrics"), {"X-Forwarded-For: 203.0.113.9"}).status, 404)
      << "through a trusted proxy, for a reader elsewhere";
  EXPECT_EQ(http_get(server.url("/metrics"), {"X-Forwarded-For: 127.0.0.1"}).status, 200)
      << "through a trusted proxy, for this machine";
}

// Item 7: junk redirects filled the render cache, and then no page was cached again.
TEST_F(HostileRequestsTest, JunkPathsNeitherRedirectNorOutgrowTheCache) {
  ASSERT_EQ(set_config(dir_.path(), "server.cache_mb", "1"), "");
  ServerProcess server(dir_.path());
  EXPECT_EQ(http_get(server.url("/category/" + std::string(15000, 'x'))).status, 404);
  EXPECT_EQ(http_get(server.url("/author/nobody")).status, 404);
  EXPECT_EQ(http_get(server.url("/tag/nothing")).status, 404);
  EXPECT_EQ(http_get(server.url("/category/blog")).status, 301) << "a real section still is";

  for (int i = 0; i < 5; ++i) ASSERT_EQ(http_get(server.url(kSeedPath)).status, 200);
  // Article URLs under other dates redirect to the real one: cacheable, and endless.
  std::string slug = std::string(kSeedPath).substr(12);
  for (int day = 0; day < 3000; ++day) {
    std::string junk = "/" + std::to_string(1000 + day) + "/01/01/" + slug;
    ASSERT_EQ(http_get(server.url(junk)).status, 301) << junk;
  }
  std::string before = http_get(server.url("/metrics")).body;
  ASSERT_EQ(http_get(server.url(kSeedPath)).status, 200);
  std::string after = http_get(server.url("/metrics")).body;
  EXPECT_LE(prometheus_value(after, "tribune_render_cache_bytes"), 1 << 20);
  EXPECT_GT(prometheus_value(after, "tribune_render_cache_evictions_total"), 0);
  EXPECT_EQ(prometheus_value(after, "tribune_render_cache_hits_total"),
            prometheus_value(before, "tribune_render_cache_hits_total") + 1)
      << "the page readers keep asking for stayed cached";
  EXPECT_EQ(http_get(server.url("/category/blog/")).status, 200);
}

// Runs `sql` on the site's database (the server not running).
void execute_sql(const std::filesystem::path& data, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((data / "tribune.db").c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  int result = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  std::string error = message != nullptr ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  ASSERT_EQ(result, SQLITE_OK) << error;
}

// 2,745 approved comments (about 600 bytes each) on the seed article, plus a reply to the
// first, as a story that went viral gets.
void add_viral_discussion(const std::filesystem::path& data) {
  execute_sql(data,
              "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2745) "
              "INSERT INTO comments (article_id, parent_id, author_name, author_email, body, "
              "status, created_at) SELECT 1, NULL, 'Lecteur ' || i, 'l' || i || '@example.org', "
              "'Commentaire ' || i || ' : ' || printf('%.580c', 'x'), 'approved', "
              "1752300000 + i FROM n;"
              "INSERT INTO comments (article_id, parent_id, author_name, author_email, body, "
              "status, created_at) VALUES (1, 1, 'Awa', 'awa@example.org', 'Réponse au premier', "
              "'approved', 1752400000);");
}

// Item 8: 2,745 comments made one page of 966 KB that took seconds to render on an event
// loop, during which that loop answered nothing.
TEST_F(HostileRequestsTest, ManyCommentsArePaginatedAndRenderedOffTheEventLoops) {
  add_viral_discussion(dir_.path());
  {
    ServerProcess server(dir_.path());
    HttpResponse article = http_get(server.url(kSeedPath));
    ASSERT_EQ(article.status, 200);
    EXPECT_LT(article.body.size(), 100u * 1024);
    EXPECT_NE(article.body.find("Lecteur 2745"), std::string::npos) << "the newest are shown";
    EXPECT_EQ(article.body.find(">Lecteur 1<"), std::string::npos);
    EXPECT_NE(article.body.find(std::string(kSeedPath) + "comment-page-54/"), std::string::npos)
        << "a link to the older comments";
    EXPECT_NE(article.body.find("name=\"text\""), std::string::npos) << "the form is there";

    HttpResponse oldest = http_get(server.url(std::string(kSeedPath) + "comment-page-1/"));
    ASSERT_EQ(oldest.status, 200);
    EXPECT_NE(oldest.body.find("Lecteur 1<"), std::string::npos);
    EXPECT_NE(oldest.body.find("Réponse au premier"), std::string::npos) << "with its replies";
    EXPECT_NE(oldest.body.find("name=\"text\""), std::string::npos);
    EXPECT_EQ(http_get(server.url(std::string(kSeedPath) + "comment-page-55/")).status, 301)
        << "the newest page is the article itself";
    EXPECT_EQ(http_get(server.url(std::string(kSeedPath) + "comment-page-56/")).status, 404);
    EXPECT_EQ(http_get(server.url(std::string(kSeedPath) + "comment-page-0/")).status, 404);
  }

  // Pages of 1,000 comments that no cache can hold: every request renders one. Meanwhile the
  // event loops keep answering what needs no rendering.
  ASSERT_EQ(set_config(dir_.path(), "comments.per_page", "1000"), "");
  ASSERT_EQ(set_config(dir_.path(), "server.cache_mb", "1"), "");
  ServerProcess server(dir_.path());
  std::atomic<bool> done{false};
  std::atomic<int> rendered{0};
  std::vector<std::thread> readers;
  for (int reader = 0; reader < 4; ++reader) {
    readers.emplace_back([&, reader] {
      std::string path =
          std::string(kSeedPath) + "comment-page-" + std::to_string(1 + reader % 2) + "/";
      while (!done) {
        if (http_get(server.url(path)).status == 200) ++rendered;
      }
    });
  }
  std::vector<double> waits;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < until) {
    auto asked = std::chrono::steady_clock::now();
    EXPECT_EQ(http_get(server.url("/healthz")).status, 200);
    waits.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - asked)
            .count());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  done = true;
  for (auto& thread : readers) thread.join();
  std::sort(waits.begin(), waits.end());
  double median = waits[waits.size() / 2];
  EXPECT_GT(rendered, 4) << "the heavy pages were rendered meanwhile";
  EXPECT_LT(median, 50.0) << "/healthz waited behind renders (median " << median << " ms, worst "
                          << waits.back() << " ms)";
}

// Item 11: SIGHUP ended the server without flushing; it now reopens the access log.
TEST_F(HostileRequestsTest, SighupReopensTheAccessLog) {
  ServerProcess server(dir_.path());
  ASSERT_EQ(http_get(server.url("/?before-rotation")).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // the log reaches the file
  std::filesystem::rename(dir_ / "access.log", dir_ / "access.log.1");
  ASSERT_EQ(kill(server.pid(), SIGHUP), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(alive(server));
  ASSERT_EQ(http_get(server.url("/?after-rotation")).status, 200);
  ASSERT_EQ(kill(server.pid(), SIGUSR1), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(alive(server));
  EXPECT_EQ(server.stop(), 0);
  auto read = [](const std::filesystem::path& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  std::string rotated = read(dir_ / "access.log.1");
  std::string current = read(dir_ / "access.log");
  EXPECT_NE(rotated.find("before-rotation"), std::string::npos);
  EXPECT_EQ(rotated.find("after-rotation"), std::string::npos);
  EXPECT_NE(current.find("after-rotation"), std::string::npos);
}

// Item 13: security headers on every response, HSTS when the reader is on HTTPS.
TEST_F(HostileRequestsTest, SecurityHeadersOnEveryResponse) {
  ASSERT_EQ(set_config(dir_.path(), "server.trusted_proxies", "127.0.0.1"), "");
  {
    ServerProcess server(dir_.path());
    for (std::string path : {"/healthz", "/metrics", kSeedPath, "/nowhere"}) {
      HttpResponse answer = http_get(server.url(path));
      EXPECT_EQ(answer.header("x-content-type-options"), "nosniff") << path;
      EXPECT_NE(answer.header("permissions-policy").find("camera=()"), std::string::npos) << path;
      EXPECT_EQ(answer.header("strict-transport-security"), "") << "plain HTTP: " << path;
    }
    std::string refused =
        raw_request(server.port(), "DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(refused.starts_with("HTTP/1.1 405 ")) << refused.substr(0, 60);
    EXPECT_NE(refused.find("X-Content-Type-Options: nosniff\r\n"), std::string::npos);
    HttpResponse secure = http_get(server.url(kSeedPath), {"X-Forwarded-Proto: https"});
    EXPECT_EQ(secure.header("strict-transport-security"), "max-age=31536000");
  }
  ASSERT_EQ(set_config(dir_.path(), "site.url", "https://sahel.example"), "");
  ServerProcess server(dir_.path());
  EXPECT_EQ(http_get(server.url(kSeedPath)).header("strict-transport-security"),
            "max-age=31536000");
  EXPECT_EQ(http_get(server.url("/healthz")).header("strict-transport-security"),
            "max-age=31536000");
}

}  // namespace
}  // namespace tribune::testing
