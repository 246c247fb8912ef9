// When mail is due (see store/outbox_rules.h).
#include "store/outbox_rules.h"

namespace tribune {

std::optional<UnixSeconds> digest_period_start(int day, const LastDigest& last, UnixSeconds now) {
  if (last.day >= day) return std::nullopt;
  return last.period_end > 0 ? last.period_end : now - kFirstDigestPeriod;
}

}  // namespace tribune
