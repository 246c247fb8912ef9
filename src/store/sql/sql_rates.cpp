// The SQL implementation of RateStore (see store/rate_store.h).
#include "store/sql/connection.h"
#include "store/sql/sql_store.h"

namespace tribune {

using sql::Statement;
using sql::Transaction;

Result<bool> SqlStore::record_limited_action(std::string_view client, UnixSeconds now,
                                             UnixSeconds window, int limit) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  // The client's actions that left the window go first: the count is of the window alone.
  Statement expired(db_, "DELETE FROM recent_actions WHERE client = ? AND at <= ?");
  expired.bind(1, client).bind(2, now - window);
  TRIBUNE_TRY(expired.run());
  Statement count(db_, "SELECT COUNT(*) FROM recent_actions WHERE client = ?");
  count.bind(1, client);
  if (!count.step()) return count.step_error();
  const bool allowed = count.integer(0) < limit;
  if (allowed) {
    Statement insert(db_, "INSERT INTO recent_actions (client, at) VALUES (?, ?)");
    insert.bind(1, client).bind(2, now);
    TRIBUNE_TRY(insert.run());
  }
  TRIBUNE_TRY(transaction.commit());
  return allowed;
}

Result<int> SqlStore::forget_actions_before(UnixSeconds before) {
  std::lock_guard lock(mutex_);
  Statement remove(db_, "DELETE FROM recent_actions WHERE at < ?");
  remove.bind(1, before);
  TRIBUNE_TRY(remove.run());
  return static_cast<int>(db_->changes());
}

}  // namespace tribune
