// SQLite implementation of SettingStore (see store/setting_store.h): settings and the
// content version.
#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include "store/sqlite/statement.h"

namespace tribune {

using sqlite::Statement;
using sqlite::Transaction;

Result<std::optional<std::string>> SqliteStore::setting(std::string_view key) {
  Reader reader(*this);
  sqlite3* db = reader.db();
  Statement query(db, "SELECT value FROM settings WHERE key = ?");
  query.bind(1, key);
  if (query.step()) return std::optional<std::string>(query.text(0));
  if (query.failed()) return query.step_error();
  return std::optional<std::string>();
}

Status SqliteStore::set_setting(std::string_view key, std::string_view value) {
  return set_settings({{std::string(key), std::string(value)}});
}

Status SqliteStore::set_settings(const std::vector<std::pair<std::string, std::string>>& values) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return sqlite::database_error(db_, "begin");
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

Result<std::int64_t> SqliteStore::content_version() {
  Reader reader(*this);
  sqlite3* db = reader.db();
  Statement query(db, "SELECT value FROM meta WHERE key = 'content_version'");
  if (query.step()) return query.integer(0);
  return query.step_error();
}

}  // namespace tribune
