// View counting through the real server: many readers at once, crawlers, prefetches,
// reloads, and a crash (SIGKILL) in the middle of the load.
#include <gtest/gtest.h>

#include <sqlite3.h>
#include <unistd.h>
#include <chrono>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

constexpr const char* kSeedPath =
    "/2025/07/11/lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita/";

std::string reader_agent(int reader) {
  return "User-Agent: Mozilla/5.0 (Linux; Android 13) Chrome/120.0 Mobile reader-" +
         std::to_string(reader);
}

// The seed article's stored total, as the JSON list gives it (what the database holds).
std::int64_t stored_views(const ServerProcess& server) {
  HttpResponse response = http_get(server.url("/most-read.json"));
  if (response.status != 200) return -1;
  auto body = nlohmann::json::parse(response.body);
  for (const auto& item : body["all_time"]) {
    if (item["url"].get<std::string>().ends_with(kSeedPath))
      return item["views"].get<std::int64_t>();
  }
  return -1;
}

void make_seed_site(const TempDir& data) {
  ASSERT_EQ(run_tribune({"init", "--data", data.path().string()}).exit_code, 0);
  ASSERT_EQ(
      run_tribune({"import", "markdown", "--data", data.path().string(), seed_article().string()})
          .exit_code,
      0);
}

TEST(Views, ConcurrentReadersCountOnceEachAndNothingElseCounts) {
  TempDir data;
  make_seed_site(data);
  ServerProcess server(data.path());
  constexpr int kReaders = 24, kRequestsEach = 5, kThreads = 4;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRequestsEach; ++round) {
        for (int reader = t; reader < kReaders; reader += kThreads) {
          if (http_get(server.url(kSeedPath), {reader_agent(reader)}).status != 200) ++failures;
        }
        // Requests that must not count, mixed into the same load.
        http_get(server.url(kSeedPath),
                 {"User-Agent: Googlebot/2.1 (+http://www.google.com/bot.html)"});
        http_get(server.url(kSeedPath), {"User-Agent: WhatsApp/2.23.20.0 A"});
        http_get(server.url(kSeedPath), {"User-Agent: facebookexternalhit/1.1"});
        http_get(server.url(kSeedPath), {reader_agent(1000 + t), "Sec-Purpose: prefetch"});
        http_get(server.url(kSeedPath), {reader_agent(2000 + t), "Purpose: prefetch"});
        http_get(server.url(kSeedPath), {reader_agent(3000 + t)}, "HEAD");
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(failures, 0);
  // A reader's 304 counts like a full page; this one is a repeat, so it adds nothing.
  std::string etag = http_get(server.url(kSeedPath), {reader_agent(0)}).header("etag");
  EXPECT_EQ(http_get(server.url(kSeedPath), {reader_agent(0), "If-None-Match: " + etag}).status,
            304);

  std::int64_t expected = 155 + kReaders;
  std::int64_t stored = -1;
  for (int attempt = 0; attempt < 40 && stored != expected; ++attempt) {
    usleep(100000);
    stored = stored_views(server);
  }
  EXPECT_EQ(stored, expected);
  // The page says so within two seconds, though it is served from the render cache (which
  // serves the previous page while the new one renders).
  std::string page;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  do {
    page = http_get(server.url(kSeedPath), {reader_agent(0)}).body;
    if (page.find(std::to_string(expected) + " vues") != std::string::npos) break;
    usleep(50000);
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_NE(page.find(std::to_string(expected) + " vues"), std::string::npos);

  HttpResponse metrics = http_get(server.url("/metrics"));
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("tribune_views_counted_total " + std::to_string(kReaders) + "\n"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("tribune_views_rejected_total{reason=\"crawler\"} " +
                              std::to_string(3 * kThreads * kRequestsEach)),
            std::string::npos);
  EXPECT_NE(metrics.body.find("tribune_render_cache_hits_total"), std::string::npos);
}

TEST(Views, AReloadAddsNothingAnotherReaderAddsOne) {
  TempDir data;
  make_seed_site(data);
  ServerProcess server(data.path());
  http_get(server.url(kSeedPath), {reader_agent(1)});
  http_get(server.url(kSeedPath), {reader_agent(1)});  // a reload within 30 minutes
  http_get(server.url(kSeedPath), {reader_agent(2)});
  std::int64_t stored = -1;
  for (int attempt = 0; attempt < 40 && stored != 157; ++attempt) {
    usleep(100000);
    stored = stored_views(server);
  }
  EXPECT_EQ(stored, 157);
}

TEST(Views, MetricsAreForThisMachineOnly) {
  TempDir data;
  make_seed_site(data);
  ASSERT_EQ(run_tribune({"config", "set", "--data", data.path().string(), "server.trusted_proxies",
                         "127.0.0.1"})
                .exit_code,
            0);
  ServerProcess server(data.path());
  EXPECT_EQ(http_get(server.url("/metrics")).status, 200);
  // Through a proxy, the reader is elsewhere: no metrics for them.
  EXPECT_EQ(http_get(server.url("/metrics"), {"X-Forwarded-For: 203.0.113.5"}).status, 404);
}

TEST(Views, SigkillDuringLoadKeepsEveryFlushedView) {
  TempDir data;
  make_seed_site(data);
  auto server = std::make_unique<ServerProcess>(data.path());
  std::atomic<bool> stop{false};
  std::atomic<int> next_reader{0};
  std::vector<std::thread> load;
  for (int t = 0; t < 3; ++t) {
    load.emplace_back([&] {
      while (!stop) http_get(server->url(kSeedPath), {reader_agent(next_reader++)});
    });
  }
  usleep(1500000);
  std::int64_t flushed_before_kill = stored_views(*server);
  usleep(300000);
  server->kill_hard();
  stop = true;
  for (auto& thread : load) thread.join();
  ASSERT_GT(flushed_before_kill, 155) << "some views were flushed during the load";

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((data / "tribune.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* check = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(check), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(check, 0)), "ok");
  sqlite3_finalize(check);
  sqlite3_close(db);

  ServerProcess restarted(data.path());
  std::int64_t after = stored_views(restarted);
  EXPECT_GE(after, flushed_before_kill) << "nothing flushed before the kill is lost";
  EXPECT_LE(after, 155 + next_reader.load()) << "nothing is counted twice";
}

}  // namespace
}  // namespace tribune::testing
