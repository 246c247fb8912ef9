// The sliding-window rate limiter.
#include "audience/rate_limiter.h"

#include <fmt/format.h>
#include <sodium.h>

#include <cstring>

namespace tribune {

RateLimiter::RateLimiter(int limit, UnixSeconds window) : limit_(limit), window_(window) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to start");
  randombytes_buf(key_.data(), key_.size());
}

RateLimiter::RateLimiter(int limit, UnixSeconds window, std::string kind, const Key& key,
                         SharedWindow shared)
    : limit_(limit),
      window_(window),
      kind_(std::move(kind)),
      key_(key),
      shared_(std::move(shared)) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to start");
}

bool RateLimiter::below_local_limit(std::uint64_t hash, UnixSeconds now) {
  if (now - last_purge_ >= window_) {
    std::erase_if(recent_, [&](const auto& entry) {
      return entry.second.empty() || now - entry.second.back() >= window_;
    });
    last_purge_ = now;
  }
  std::deque<UnixSeconds>& times = recent_[hash];
  while (!times.empty() && now - times.front() >= window_) times.pop_front();
  return static_cast<int>(times.size()) < limit_;
}

bool RateLimiter::allow(std::string_view client, UnixSeconds now) {
  unsigned char out[crypto_shorthash_BYTES];
  crypto_shorthash(out, reinterpret_cast<const unsigned char*>(client.data()), client.size(),
                   key_.data());
  std::uint64_t hash = 0;
  std::memcpy(&hash, out, sizeof hash);
  int limit = 0;
  {
    std::lock_guard lock(mutex_);
    if (!below_local_limit(hash, now)) return false;
    if (!shared_) {
      recent_[hash].push_back(now);
      return true;
    }
    limit = limit_;
  }
  // Asked without the lock: other clients need not wait for this one's transaction.
  auto recorded = shared_(fmt::format("{}:{:016x}", kind_, hash), now, window_, limit);
  if (recorded && !*recorded) return false;
  std::lock_guard lock(mutex_);
  recent_[hash].push_back(now);
  return true;
}

}  // namespace tribune
