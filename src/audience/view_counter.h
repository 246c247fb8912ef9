// Counting article views the way a newsroom means them: people, once per reading. Each view
// is checked (crawler, prefetch, the same reader again within 30 minutes) and kept in memory;
// the server flushes them to the database every second, where a reader seen by another
// server of the site within the window is not counted again (ViewStore::add_reader_views).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "audience/crawler_detector.h"
#include "content/article.h"
#include "core/result.h"
#include "core/time.h"

namespace tribune {

struct ViewRequest {
  Id article_id = 0;
  std::string_view client;  // the reader's address (never stored)
  std::string_view user_agent;
  bool prefetch = false;  // Sec-Purpose or Purpose says prefetch
};

enum class ViewVerdict { counted, repeat, crawler, prefetch };

class ViewCounter {
 public:
  // The same reader reading the same article again within this window counts once.
  static constexpr UnixSeconds kRepeatWindow = kViewRepeatWindow;

  // Gives the day's key that readers are hashed with: the stored one when another server
  // made it first, else `candidate` (ViewStore::daily_view_key). An Error keeps `candidate`.
  using KeySource =
      std::function<Result<std::string>(std::int64_t day, std::string_view candidate)>;

  // Without `shared_key`, each day's key is random and lives in this process only.
  ViewCounter(const CrawlerDetector& crawlers, std::function<UnixSeconds()> clock,
              KeySource shared_key = {});

  // Decides and, when it is a person's new view, keeps it. Thread-safe; threads meet only
  // on one of kShards locks, picked by the reader.
  ViewVerdict record(const ViewRequest& request);

  // The views kept since the last call, and forgets them.
  std::vector<ReaderView> take_views();

  // Puts back views that take_views() gave but that could not be saved, so that the next
  // flush saves them: a failed write loses no view.
  void give_back(const std::vector<ReaderView>& views);

  // The detector that tells crawlers' views from people's.
  const CrawlerDetector& crawlers() const { return crawlers_; }

  // Running totals since start, for metrics.
  std::uint64_t counted() const { return counted_.load(std::memory_order_relaxed); }
  std::uint64_t rejected(ViewVerdict reason) const;

 private:
  static constexpr std::size_t kShards = 16;
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::uint64_t, UnixSeconds> last_counted;  // reader hash -> when
    std::vector<ReaderView> pending;
  };

  // SipHash of (client, user agent, article) under today's key. The key is random, changes
  // every day and is forgotten the day after, so the hashes cannot be traced back to
  // addresses.
  std::uint64_t reader_hash(const ViewRequest& request, UnixSeconds now);
  // Replaces key_ (just drawn for `day`) with the key every server uses that day.
  void adopt_shared_key(std::int64_t day);

  const CrawlerDetector& crawlers_;
  std::function<UnixSeconds()> clock_;
  KeySource shared_key_;
  std::array<Shard, kShards> shards_;
  std::mutex key_mutex_;
  std::int64_t key_day_ = -1;
  std::array<unsigned char, 16> key_{};
  std::atomic<std::uint64_t> counted_{0};
  std::array<std::atomic<std::uint64_t>, 4> rejected_{};
  UnixSeconds last_purge_ = 0;
};

}  // namespace tribune
