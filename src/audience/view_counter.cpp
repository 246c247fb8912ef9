// The view counter.
#include "audience/view_counter.h"

#include <sodium.h>

#include <cstdio>
#include <cstring>

namespace tribune {
namespace {

constexpr UnixSeconds kDay = 86400;
// Forgetting readers seen more than a window ago keeps memory bounded by the readers of the
// last half hour; it runs at most this often.
constexpr UnixSeconds kPurgeInterval = 60;

}  // namespace

ViewCounter::ViewCounter(const CrawlerDetector& crawlers, std::function<UnixSeconds()> clock,
                         KeySource shared_key)
    : crawlers_(crawlers), clock_(std::move(clock)), shared_key_(std::move(shared_key)) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to start");
}

void ViewCounter::adopt_shared_key(std::int64_t day) {
  // Hex, so that the key is plain text in the database.
  char candidate[2 * sizeof key_ + 1];
  sodium_bin2hex(candidate, sizeof candidate, key_.data(), key_.size());
  auto shared = shared_key_(day, candidate);
  if (!shared || shared->size() != 2 * key_.size() ||
      sodium_hex2bin(key_.data(), key_.size(), shared->data(), shared->size(), nullptr, nullptr,
                     nullptr) != 0) {
    // This server's own key for the day: its readers may count once more on another server.
    std::fprintf(stderr, "tribune: views: the day's shared key: %s\n",
                 shared ? "malformed" : shared.error().to_string().c_str());
    sodium_hex2bin(key_.data(), key_.size(), candidate, 2 * key_.size(), nullptr, nullptr, nullptr);
  }
}

std::uint64_t ViewCounter::reader_hash(const ViewRequest& request, UnixSeconds now) {
  std::int64_t day = now / kDay;
  // Each thread keeps a copy of today's key, so that the shared key is locked once a day
  // per thread, not per view.
  thread_local std::int64_t thread_key_day = -1;
  thread_local const ViewCounter* thread_key_owner = nullptr;
  thread_local unsigned char key[crypto_shorthash_KEYBYTES];
  if (day != thread_key_day || thread_key_owner != this) {
    std::lock_guard lock(key_mutex_);
    if (day != key_day_) {
      randombytes_buf(key_.data(), key_.size());
      key_day_ = day;
      if (shared_key_) adopt_shared_key(day);
    }
    std::memcpy(key, key_.data(), sizeof key);
    thread_key_day = day;
    thread_key_owner = this;
  }
  // client NUL user-agent NUL article-id: the NULs keep ("ab","c") and ("a","bc") apart.
  thread_local std::string input;
  input.assign(request.client);
  input.push_back('\0');
  input.append(request.user_agent);
  input.push_back('\0');
  input.append(reinterpret_cast<const char*>(&request.article_id), sizeof request.article_id);
  unsigned char out[crypto_shorthash_BYTES];
  crypto_shorthash(out, reinterpret_cast<const unsigned char*>(input.data()), input.size(), key);
  std::uint64_t hash = 0;
  std::memcpy(&hash, out, sizeof hash);
  return hash;
}

ViewVerdict ViewCounter::record(const ViewRequest& request) {
  auto reject = [&](ViewVerdict reason) {
    rejected_[static_cast<std::size_t>(reason)].fetch_add(1, std::memory_order_relaxed);
    return reason;
  };
  if (request.prefetch) return reject(ViewVerdict::prefetch);
  if (crawlers_.is_crawler(request.user_agent)) return reject(ViewVerdict::crawler);
  UnixSeconds now = clock_();
  std::uint64_t hash = reader_hash(request, now);
  Shard& shard = shards_[hash % kShards];
  {
    std::lock_guard lock(shard.mutex);
    auto [entry, inserted] = shard.last_counted.try_emplace(hash, now);
    if (!inserted) {
      if (now - entry->second < kRepeatWindow) return reject(ViewVerdict::repeat);
      entry->second = now;
    }
    shard.pending.push_back({hash, request.article_id, now});
  }
  counted_.fetch_add(1, std::memory_order_relaxed);
  return ViewVerdict::counted;
}

std::vector<ReaderView> ViewCounter::take_views() {
  UnixSeconds now = clock_();
  bool purge = now - last_purge_ >= kPurgeInterval;
  if (purge) last_purge_ = now;
  std::vector<ReaderView> views;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    views.insert(views.end(), shard.pending.begin(), shard.pending.end());
    shard.pending.clear();
    if (purge) {
      std::erase_if(shard.last_counted,
                    [&](const auto& entry) { return now - entry.second >= kRepeatWindow; });
    }
  }
  return views;
}

void ViewCounter::give_back(const std::vector<ReaderView>& views) {
  Shard& shard = shards_.front();
  std::lock_guard lock(shard.mutex);
  shard.pending.insert(shard.pending.end(), views.begin(), views.end());
}

std::uint64_t ViewCounter::rejected(ViewVerdict reason) const {
  return rejected_[static_cast<std::size_t>(reason)].load(std::memory_order_relaxed);
}

}  // namespace tribune
