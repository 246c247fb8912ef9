// Floods against the real server, started under the open-file limit of the README's systemd
// unit: thousands of idle connections, and a slowloris attack, while readers keep reading.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.h"
#include "support/process.h"
#include "support/raw_connection.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

using Clock = std::chrono::steady_clock;
using Milliseconds = std::chrono::duration<double, std::milli>;

constexpr const char* kSeedPath =
    "/2025/07/11/lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita/";
// LimitNOFILE in the README's systemd unit.
constexpr rlim_t kUnitFileLimit = 65536;
constexpr int kIdleConnections = 3000;
constexpr int kSlowlorisConnections = 1000;
// What the server promises a reader during a flood.
constexpr auto kReaderPatience = std::chrono::seconds(1);
// The server's deadline for a request's head, from its first byte (http/server.cpp).
constexpr auto kHeadDeadline = std::chrono::seconds(10);
// What a connection may cost the server in resident memory: its session, its parser and its
// first read buffer take a few KiB; 16 KiB leaves room for the allocator's own keeping.
constexpr long kKibPerConnection = 16;

// Lets this test process hold the flood's sockets: raises its own limit on open files to
// `wanted` (the hard limit too, which root may), or else as far as the hard limit allows.
// Returns the soft limit now in force.
rlim_t raise_own_file_limit(rlim_t wanted) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur >= wanted) return limit.rlim_cur;
  rlimit raised{wanted, std::max(wanted, limit.rlim_max)};
  if (setrlimit(RLIMIT_NOFILE, &raised) == 0) return wanted;
  raised = {limit.rlim_max, limit.rlim_max};
  if (setrlimit(RLIMIT_NOFILE, &raised) == 0) return limit.rlim_max;
  return limit.rlim_cur;
}

// Milliseconds a GET of the seed article takes, from a new connection; fails the test unless
// it is answered 200.
double time_article_get(const ServerProcess& server) {
  auto asked = Clock::now();
  HttpResponse answer = http_get(server.url(kSeedPath));
  double waited = Milliseconds(Clock::now() - asked).count();
  EXPECT_EQ(answer.status, 200) << "after " << waited << " ms";
  return waited;
}

// Waits up to `patience` for `condition`; returns whether it came true.
template <typename Condition>
bool wait_until(std::chrono::milliseconds patience, Condition condition) {
  auto deadline = Clock::now() + patience;
  while (!condition()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// The server's limit on open files: the unit's, or this machine's hard limit when lower (a
// container without CAP_SYS_RESOURCE cannot raise it).
int server_file_limit() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  return static_cast<int>(std::min(kUnitFileLimit, limit.rlim_max));
}

// The sockets process `pid` holds once the connections closing meanwhile are gone (a reader's
// connection the server has yet to see closed): the count, unchanged for 300 ms.
int settled_sockets(pid_t pid) {
  int count = open_sockets(pid);
  auto steady_since = Clock::now();
  auto deadline = Clock::now() + std::chrono::seconds(3);
  while (Clock::now() - steady_since < std::chrono::milliseconds(300) && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    int now = open_sockets(pid);
    if (now != count) steady_since = Clock::now();
    count = now;
  }
  return count;
}

class FloodTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(raise_own_file_limit(kIdleConnections + 256), rlim_t{kIdleConnections + 256})
        << "this test needs " << kIdleConnections + 256 << " open files";
    ASSERT_GT(server_file_limit(), kIdleConnections + 256);
    ASSERT_EQ(create_seed_site(dir_.path()), "");
  }

  // Reports a figure in the test's output and its XML report.
  void report(const std::string& name, double value) {
    std::cout << "[ figure ] " << name << " = " << value << "\n";
    RecordProperty(name, std::to_string(value));
  }

  TempDir dir_;
};

// Connections that connect and send nothing are held, each for a few KiB, while readers are
// served within a second; once they go, the server is as it was.
TEST_F(FloodTest, IdleConnectionsAreHeldWhileReadersAreServed) {
  ServerProcess server(dir_.path(), "serve", server_file_limit());
  time_article_get(server);  // the page is rendered once, as before any flood
  int sockets_before = settled_sockets(server.pid());
  long rss_before = resident_kib(server.pid());

  std::vector<std::unique_ptr<Connection>> flood;
  for (int i = 0; i < kIdleConnections; ++i) {
    flood.push_back(std::make_unique<Connection>(server.port()));
    ASSERT_TRUE(flood.back()->connected()) << "connection " << i;
  }
  ASSERT_TRUE(
      wait_until(std::chrono::seconds(5),
                 [&] { return open_sockets(server.pid()) >= sockets_before + kIdleConnections; }))
      << "the server holds " << open_sockets(server.pid()) - sockets_before << " of "
      << kIdleConnections << " connections";

  double slowest_ms = 0;
  for (int reader = 0; reader < 20; ++reader) {
    slowest_ms = std::max(slowest_ms, time_article_get(server));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  long rss_during = resident_kib(server.pid());
  int held = open_sockets(server.pid()) - sockets_before;
  EXPECT_GE(held, kIdleConnections) << "none of the idle connections was dropped yet";
  EXPECT_LT(slowest_ms, Milliseconds(kReaderPatience).count());
  EXPECT_LT(rss_during - rss_before, kIdleConnections * kKibPerConnection)
      << "RSS went from " << rss_before << " to " << rss_during << " KiB";

  flood.clear();
  double first_after_ms = time_article_get(server);
  EXPECT_LT(first_after_ms, Milliseconds(kReaderPatience).count());
  EXPECT_TRUE(wait_until(std::chrono::seconds(2),
                         [&] { return open_sockets(server.pid()) <= sockets_before; }))
      << "the server still holds " << open_sockets(server.pid()) - sockets_before
      << " closed connections";
  long rss_after = resident_kib(server.pid());
  EXPECT_LE(rss_after, rss_during + 1024) << "memory kept growing after the flood";

  report("idle_connections_held", held);
  report("rss_kib_before", static_cast<double>(rss_before));
  report("rss_kib_during", static_cast<double>(rss_during));
  report("rss_kib_after", static_cast<double>(rss_after));
  report("slowest_get_ms_during", slowest_ms);
  report("first_get_ms_after", first_after_ms);
}

// Slowloris: each connection sends a request's head one line every two seconds, which never
// lets an idle deadline expire. The head's own deadline cuts them all, while readers are
// served within a second and memory stays bounded.
TEST_F(FloodTest, SlowlorisHeadsAreCutAtTheirDeadlineWhileReadersAreServed) {
  ServerProcess server(dir_.path(), "serve", server_file_limit());
  time_article_get(server);
  long rss_before = resident_kib(server.pid());

  std::vector<std::unique_ptr<Connection>> attackers;
  for (int i = 0; i < kSlowlorisConnections; ++i) {
    attackers.push_back(std::make_unique<Connection>(server.port()));
    ASSERT_TRUE(attackers.back()->connected()) << "connection " << i;
    ASSERT_TRUE(attackers.back()->send_all("GET / HTTP/1.1\r\nHost: x\r\n"));
  }
  auto started = Clock::now();
  auto cut_count = [&] {
    return std::count_if(attackers.begin(), attackers.end(),
                         [](const auto& attacker) { return attacker->closed_by_server(); });
  };

  double slowest_ms = 0;
  long rss_during = rss_before;
  long cut_halfway = -1;
  auto next_line = started + std::chrono::seconds(2);
  for (int line = 0; Clock::now() < started + kHeadDeadline + std::chrono::seconds(3);) {
    if (Clock::now() >= next_line) {
      for (auto& attacker : attackers)
        attacker->send_all("X-Line-" + std::to_string(line) + ": 1\r\n");
      ++line;
      next_line += std::chrono::seconds(2);
    }
    if (cut_halfway < 0 && Clock::now() >= started + kHeadDeadline / 2) cut_halfway = cut_count();
    slowest_ms = std::max(slowest_ms, time_article_get(server));
    rss_during = std::max(rss_during, resident_kib(server.pid()));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  long cut = cut_count();
  EXPECT_EQ(cut_halfway, 0) << "a head still arriving was cut before its deadline";
  EXPECT_EQ(cut, kSlowlorisConnections) << "heads still trickling past their deadline";
  EXPECT_LT(slowest_ms, Milliseconds(kReaderPatience).count());
  EXPECT_LT(rss_during - rss_before, kSlowlorisConnections * kKibPerConnection)
      << "RSS went from " << rss_before << " to " << rss_during << " KiB";

  attackers.clear();
  double first_after_ms = time_article_get(server);
  EXPECT_LT(first_after_ms, Milliseconds(kReaderPatience).count());

  report("slowloris_connections_cut", static_cast<double>(cut));
  report("rss_kib_before", static_cast<double>(rss_before));
  report("rss_kib_during_max", static_cast<double>(rss_during));
  report("slowest_get_ms_during", slowest_ms);
  report("first_get_ms_after", first_after_ms);
}

}  // namespace
}  // namespace tribune::testing
