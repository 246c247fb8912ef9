// The SQL implementation of SettingStore (see store/setting_store.h): settings and the
// content version.
#include "store/sql/sql_store.h"

#include <thread>

#include "store/sql/connection.h"

namespace tribune {

using sql::Statement;
using sql::Transaction;

Result<std::optional<std::string>> SqlStore::setting(std::string_view key) {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  Statement query(db, "SELECT value FROM settings WHERE key = ?");
  query.bind(1, key);
  if (query.step()) return std::optional<std::string>(query.text(0));
  if (query.failed()) return query.step_error();
  return std::optional<std::string>();
}

Status SqlStore::set_setting(std::string_view key, std::string_view value) {
  return set_settings({{std::string(key), std::string(value)}});
}

Result<std::string> SqlStore::setting_once(std::string_view key, std::string_view candidate) {
  std::lock_guard lock(mutex_);
  // No content version bump: nothing a page shows changes.
  Statement offer(db_, "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)");
  offer.bind(1, key).bind(2, candidate);
  TRIBUNE_TRY(offer.run());
  Statement stored(db_, "SELECT value FROM settings WHERE key = ?");
  stored.bind(1, key);
  return sql::read_row(
      stored, [](const Statement& row) { return row.text(0); },
      make_error(Errc::storage, "setting " + std::string(key) + " vanished"));
}

Status SqlStore::set_settings(const std::vector<std::pair<std::string, std::string>>& values) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  for (const auto& [key, value] : values) {
    Statement upsert(db_,
                     "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                     "SET value = excluded.value");
    upsert.bind(1, key).bind(2, value);
    TRIBUNE_TRY(upsert.run());
  }
  TRIBUNE_TRY(bump_content_version());
  return transaction.commit();
}

Result<std::int64_t> SqlStore::content_version() {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  Statement query(db, "SELECT value FROM meta WHERE key = 'content_version'");
  if (query.step()) return query.integer(0);
  return query.step_error();
}

bool SqlStore::announces_content_changes() const { return engine_->announces_content_changes(); }

bool SqlStore::wait_for_content_change(std::chrono::milliseconds timeout) {
  return engine_->wait_for_content_change(timeout);
}

bool sql::Engine::wait_for_content_change(std::chrono::milliseconds timeout) {
  std::this_thread::sleep_for(timeout);
  return false;
}

}  // namespace tribune
