// Housekeeping, once an hour: articles in the trash for more than 30 days are deleted for good
// (their addresses keep answering 410), and expired sessions, login links, old failed logins
// and the comments and subscription requests counted for rate limits are forgotten.
#pragma once

#include <functional>

#include "store/store.h"

namespace tribune {

// How long a trashed article can be restored.
inline constexpr UnixSeconds kTrashRetention = 30 * 24 * 3600;
// How long failed logins are remembered (longer than the rate limit's window).
inline constexpr UnixSeconds kFailedLoginMemory = 24 * 3600;
// How long readers' actions are counted for rate limits (longer than any limit's window).
inline constexpr UnixSeconds kRateLimitMemory = 24 * 3600;

class Housekeeping {
 public:
  // `purged` is called after articles were deleted for good (pages showing them change).
  Housekeeping(Store& store, std::function<UnixSeconds()> clock, std::function<void()> purged)
      : store_(store), clock_(std::move(clock)), purged_(std::move(purged)) {}

  // One round; an Error says what failed (the next round tries again).
  Status run_once();

 private:
  Store& store_;
  std::function<UnixSeconds()> clock_;
  std::function<void()> purged_;
};

}  // namespace tribune
