// Limits how often one client may do something (post a comment), remembering clients only as
// keyed hashes in memory, like the view counter: no address is stored.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "core/time.h"

namespace tribune {

class RateLimiter {
 public:
  // At most `limit` actions per client in any `window` seconds.
  RateLimiter(int limit, UnixSeconds window);

  // Records an action by `client` at `now` and says whether it is allowed; a refused action
  // is not recorded. Thread-safe.
  bool allow(std::string_view client, UnixSeconds now);

  // Changes the limit (a site setting changed). Thread-safe.
  void set_limit(int limit) {
    std::lock_guard lock(mutex_);
    limit_ = limit;
  }

 private:
  std::mutex mutex_;
  int limit_;
  UnixSeconds window_;
  std::array<unsigned char, 16> key_{};
  std::unordered_map<std::uint64_t, std::deque<UnixSeconds>> recent_;
  UnixSeconds last_purge_ = 0;
};

}  // namespace tribune
