// Limits how often one client may do something (post a comment, ask for a subscription),
// knowing clients only as keyed hashes, like the view counter: no address is kept.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"
#include "core/time.h"

namespace tribune {

class RateLimiter {
 public:
  // The window the site's servers share (the store's RateStore::record_limited_action):
  // records an action of `client` at `now` when fewer than `limit` are recorded in the
  // `window` seconds before, and says whether it did.
  using SharedWindow = std::function<Result<bool>(std::string_view client, UnixSeconds now,
                                                  UnixSeconds window, int limit)>;
  // The key clients are hashed with; the same on every server when the window is shared.
  using Key = std::array<unsigned char, 16>;

  // At most `limit` actions per client in any `window` seconds, counted in this process.
  RateLimiter(int limit, UnixSeconds window);
  // The same limit, held across every server sharing `shared`: a client is named to it by a
  // hash keyed with `key`, after `kind` ("comment"), so that each kind of action has its own
  // count. This process's own count still answers first, sparing the store the refusals.
  RateLimiter(int limit, UnixSeconds window, std::string kind, const Key& key, SharedWindow shared);

  // Records an action by `client` at `now` and says whether it is allowed; a refused action
  // is not recorded. When the shared window cannot be read (the database is out of reach),
  // this process's count decides. Thread-safe.
  bool allow(std::string_view client, UnixSeconds now);

  // Changes the limit (a site setting changed). Thread-safe.
  void set_limit(int limit) {
    std::lock_guard lock(mutex_);
    limit_ = limit;
  }

 private:
  // Whether this process's count lets `hash` act at `now` (mutex_ held): its times in the
  // window are fewer than the limit.
  bool below_local_limit(std::uint64_t hash, UnixSeconds now);

  std::mutex mutex_;
  int limit_;
  UnixSeconds window_;
  std::string kind_;
  Key key_{};
  SharedWindow shared_;
  std::unordered_map<std::uint64_t, std::deque<UnixSeconds>> recent_;
  UnixSeconds last_purge_ = 0;
};

}  // namespace tribune
