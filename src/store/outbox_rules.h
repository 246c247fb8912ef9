// When mail is due, without storage: the period each daily digest covers, so that it goes
// out once a day across every server of the site. Every backend applies it in queue_digest.
#pragma once

#include <optional>

#include "core/time.h"

namespace tribune {

// Seconds in the period of the first digest, which has no previous one to start from.
inline constexpr UnixSeconds kFirstDigestPeriod = 86400;

// What the store recorded of the last digest queued (0 and 0 before the first).
struct LastDigest {
  int day = 0;                 // its local date, YYYYMMDD
  UnixSeconds period_end = 0;  // when it was queued: the end of the period it covered
};

// The start of the period the digest of `day` covers, queued at `now` (which ends it): where
// the last digest's period ended, or kFirstDigestPeriod before `now` for the first. nullopt
// when the digest of `day`, or of a later day, was queued already.
std::optional<UnixSeconds> digest_period_start(int day, const LastDigest& last, UnixSeconds now);

}  // namespace tribune
