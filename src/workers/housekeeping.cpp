// The hourly round of deletions.
#include "workers/housekeeping.h"

namespace tribune {

Status Housekeeping::run_once() {
  const UnixSeconds now = clock_();
  auto purged = store_.purge_trash(now - kTrashRetention);
  if (!purged) return purged.error();
  if (*purged > 0 && purged_) purged_();
  auto forgotten = store_.forget_actions_before(now - kRateLimitMemory);
  if (!forgotten) return forgotten.error();
  return store_.purge_expired_accounts_data(now, now - kFailedLoginMemory);
}

}  // namespace tribune
