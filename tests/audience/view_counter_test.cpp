#include "audience/view_counter.h"

#include <gtest/gtest.h>

#include <thread>

namespace tribune {
namespace {

const CrawlerDetector& detector() {
  static const auto built = CrawlerDetector::builtin();
  return **built;
}

constexpr const char* kBrowser =
    "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";

class ViewCounterTest : public ::testing::Test {
 protected:
  UnixSeconds now_ = 1800000000;
  ViewCounter counter_{detector(), [this] { return now_; }};
  std::int64_t pending_for(Id article) {
    std::int64_t total = 0;
    for (const ReaderView& view : counter_.take_views()) {
      if (view.article_id == article) ++total;
    }
    return total;
  }
};

TEST_F(ViewCounterTest, AReaderCountsOncePerWindow) {
  EXPECT_EQ(counter_.record({7, "198.51.100.1", kBrowser, false}), ViewVerdict::counted);
  EXPECT_EQ(counter_.record({7, "198.51.100.1", kBrowser, false}), ViewVerdict::repeat);
  now_ += ViewCounter::kRepeatWindow - 1;
  EXPECT_EQ(counter_.record({7, "198.51.100.1", kBrowser, false}), ViewVerdict::repeat);
  now_ += 1;
  EXPECT_EQ(counter_.record({7, "198.51.100.1", kBrowser, false}), ViewVerdict::counted);
  EXPECT_EQ(pending_for(7), 2);
  EXPECT_EQ(pending_for(7), 0) << "take_views forgets what it gave";
}

TEST_F(ViewCounterTest, DistinctReadersAndArticlesEachCount) {
  EXPECT_EQ(counter_.record({7, "198.51.100.1", kBrowser, false}), ViewVerdict::counted);
  EXPECT_EQ(counter_.record({7, "198.51.100.2", kBrowser, false}), ViewVerdict::counted);
  EXPECT_EQ(counter_.record({7, "198.51.100.1", "Mozilla/5.0 other", false}), ViewVerdict::counted);
  EXPECT_EQ(counter_.record({8, "198.51.100.1", kBrowser, false}), ViewVerdict::counted);
  EXPECT_EQ(pending_for(7), 3);
}

TEST_F(ViewCounterTest, CrawlersAndPrefetchesDoNotCount) {
  EXPECT_EQ(counter_.record({7, "198.51.100.1", "Googlebot/2.1", false}), ViewVerdict::crawler);
  EXPECT_EQ(counter_.record({7, "198.51.100.1", "", false}), ViewVerdict::crawler);
  EXPECT_EQ(counter_.record({7, "198.51.100.1", kBrowser, true}), ViewVerdict::prefetch);
  EXPECT_EQ(pending_for(7), 0);
  EXPECT_EQ(counter_.rejected(ViewVerdict::crawler), 2u);
  EXPECT_EQ(counter_.rejected(ViewVerdict::prefetch), 1u);
}

TEST_F(ViewCounterTest, GivenBackCountsAreNotLost) {
  counter_.record({7, "198.51.100.1", kBrowser, false});
  auto taken = counter_.take_views();
  counter_.give_back(taken);
  EXPECT_EQ(pending_for(7), 1);
}

TEST_F(ViewCounterTest, ConcurrentReadersAreCountedExactly) {
  constexpr int kThreads = 4, kReaders = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int reader = 0; reader < kReaders; ++reader) {
        std::string address =
            "10.0." + std::to_string(reader / 256) + "." + std::to_string(reader % 256);
        counter_.record({7, address, kBrowser, false});  // every thread reads as every reader
        (void)t;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(pending_for(7), kReaders);
  EXPECT_EQ(counter_.counted(), static_cast<std::uint64_t>(kReaders));
}

}  // namespace
}  // namespace tribune
