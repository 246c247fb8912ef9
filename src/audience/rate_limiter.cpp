// The sliding-window rate limiter.
#include "audience/rate_limiter.h"

#include <sodium.h>

#include <cstring>

namespace tribune {

RateLimiter::RateLimiter(int limit, UnixSeconds window) : limit_(limit), window_(window) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to start");
  randombytes_buf(key_.data(), key_.size());
}

bool RateLimiter::allow(std::string_view client, UnixSeconds now) {
  unsigned char out[crypto_shorthash_BYTES];
  crypto_shorthash(out, reinterpret_cast<const unsigned char*>(client.data()), client.size(),
                   key_.data());
  std::uint64_t hash = 0;
  std::memcpy(&hash, out, sizeof hash);
  std::lock_guard lock(mutex_);
  if (now - last_purge_ >= window_) {
    std::erase_if(recent_, [&](const auto& entry) {
      return entry.second.empty() || now - entry.second.back() >= window_;
    });
    last_purge_ = now;
  }
  std::deque<UnixSeconds>& times = recent_[hash];
  while (!times.empty() && now - times.front() >= window_) times.pop_front();
  if (static_cast<int>(times.size()) >= limit_) return false;
  times.push_back(now);
  return true;
}

}  // namespace tribune
