// Site settings kept in the database, and the content version caches compare to know they
// are stale. Part of Store (store/store.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace tribune {

class SettingStore {
 public:
  virtual ~SettingStore() = default;

  // A site setting stored in the database; nullopt when never set.
  virtual Result<std::optional<std::string>> setting(std::string_view key) = 0;
  // Writes a site setting (the caller validated it against the settings schema).
  virtual Status set_setting(std::string_view key, std::string_view value) = 0;
  // The setting `key`, storing `candidate` first when it was never set: whichever of the
  // site's servers asks first, every one gets the same value (a key made once per site).
  virtual Result<std::string> setting_once(std::string_view key, std::string_view candidate) = 0;
  // Writes several site settings in one transaction: all of them or none.
  virtual Status set_settings(const std::vector<std::pair<std::string, std::string>>& values) = 0;

  // A number that changes whenever content or settings change, in this process or in
  // another one sharing the database: caches compare it to know they are stale.
  virtual Result<std::int64_t> content_version() = 0;
  // Whether every process's change of content_version() is announced to the others
  // (PostgreSQL's NOTIFY), so that wait_for_content_change() can be waited on. When not
  // (SQLite, whose processes share one machine), callers poll content_version().
  virtual bool announces_content_changes() const = 0;
  // Waits up to `timeout` for an announced change of content_version(): true when one came,
  // or may have come unheard (the listening connection was lost and is being made again: the
  // caller reads content_version() either way, which reports a database out of reach); false
  // when the time ran out. Where changes are not announced, sleeps and answers false.
  virtual bool wait_for_content_change(std::chrono::milliseconds timeout) = 0;
};

}  // namespace tribune
