// The render cache: prepared responses by path, bounded in bytes. A page enters on probation
// and is protected once asked for again, so one-off pages (a crawler walking the archive)
// push out each other, never the pages readers keep coming back to.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/prepared_response.h"

namespace tribune::http {

class PageCache {
 public:
  // A newsroom's live pages (home, sections, recent articles, their compressed variants) fit
  // in a few tens of MiB; the default leaves room for them and for the archive readers visit.
  static constexpr std::size_t kDefaultMaxBytes = 128u << 20;

  // Holds at most about `max_bytes` of responses (their bytes plus a fixed cost per entry).
  explicit PageCache(std::size_t max_bytes = kDefaultMaxBytes);

  struct Lookup {
    std::shared_ptr<const PreparedResponse> response;  // nullptr: not cached
    // Marked stale by mark_stale_if() since `stale_since` (steady clock): still servable
    // while a fresh copy is rendered.
    bool stale = false;
    std::chrono::steady_clock::time_point stale_since{};
  };

  // The cached response for `path` (response nullptr when there is none). A hit marks the
  // page as wanted again. Thread-safe.
  Lookup find(std::string_view path);

  // True for exactly one caller per staleness of `path`'s entry (stale, or `expired` by the
  // caller's clock): the one who renders it again (and then insert()s or erase()s it). False
  // when it is fresh, not cached, or another caller is on it.
  bool claim_refresh(std::string_view path, bool expired);

  // Drops `path`'s entry, if any.
  void erase(std::string_view path);

  // Keeps `response` for `path`, replacing any earlier one, and evicts the least useful
  // entries past the bound: pages seen once before pages seen again, the least recently used
  // first. A response larger than a shard's share of the bound is not kept. Thread-safe.
  void insert(std::string_view path, std::shared_ptr<const PreparedResponse> response);

  // Counts again the bytes of `path`'s entry when it holds `response`, which grew (a
  // compressed variant was made since insert()), evicting past the bound. Thread-safe.
  void recount(std::string_view path, const PreparedResponse& response);

  // Drops every entry.
  void clear();

  // Drops the entries whose response satisfies `stale`; returns how many.
  std::size_t erase_if(const std::function<bool(const PreparedResponse&)>& stale);

  // Marks the entries whose response satisfies `stale` as stale (kept, and served while a
  // fresh copy renders); returns how many were fresh before.
  std::size_t mark_stale_if(const std::function<bool(const PreparedResponse&)>& stale);

  std::size_t size() const;
  // Bytes held, as counted against the bound.
  std::size_t bytes() const;
  std::size_t max_bytes() const { return max_bytes_; }
  // Entries pushed out by the bound since start.
  std::uint64_t evictions() const { return evictions_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    std::string path;
    std::shared_ptr<const PreparedResponse> response;
    std::size_t bytes = 0;
    bool is_protected = false;
    bool stale = false;
    bool refreshing = false;  // claimed by claim_refresh()
    std::chrono::steady_clock::time_point stale_since{};
  };
  using List = std::list<Entry>;
  // Independent locks over parts of the key space, as LevelDB's sharded LRU cache: a hit
  // reorders a list, so it needs exclusive access, which shards keep short and spread.
  struct Shard {
    mutable std::mutex mutex;
    List probation;  // seen once; evicted first
    List protected_entries;
    std::size_t probation_bytes = 0;
    std::size_t protected_bytes = 0;
    std::unordered_map<std::string_view, List::iterator> index;  // keys view Entry::path
  };
  static constexpr std::size_t kShards = 16;

  Shard& shard_for(std::string_view path);
  void remove(Shard& shard, List::iterator entry);
  void evict(Shard& shard);

  std::size_t max_bytes_;
  std::size_t shard_bytes_;
  std::array<Shard, kShards> shards_;
  std::atomic<std::uint64_t> evictions_{0};
};

}  // namespace tribune::http
