// The one table of every setting Tribune knows: where it lives (the data folder's
// tribune.toml, or the database, where editors change it), its default and its valid values.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace tribune {

enum class SettingHome {
  file,      // DATA/tribune.toml: server, database, SMTP and DKIM; read at start, apart from
             // the settings marked reread
  database,  // the site's settings table: what editors change while the site runs
};

enum class SettingKind {
  text,
  integer,  // a whole number within [min, max]
  choice,   // one of `choices`
  locale,   // a language code with a message catalog ("fr", "en")
  listen,   // HOST:PORT
  email,    // an email address, or empty; the address rule (content/email_address.h) is
            // applied where settings are set (`tribune config set`), above core
};

struct SettingSpec {
  std::string_view key;
  SettingHome home;
  SettingKind kind;
  std::string_view default_value;
  std::string_view help;
  std::vector<std::string_view> choices = {};
  long long min = 0;
  long long max = 0;
  // A database setting read once when the server starts; the others take effect at once.
  bool read_at_start = false;
  // A file setting a running server reads again when tribune.toml changes (the sender's SMTP
  // and DKIM settings); the other file settings are read when it starts.
  bool reread = false;
};

// Whether a server running with `old_value` needs a restart to use `new_value` of `spec`.
// Turning mail on or off (smtp.host empty or not) needs one, though smtp.host is reread.
bool needs_restart(const SettingSpec& spec, std::string_view old_value, std::string_view new_value);

// Every setting, in the order `tribune config list` prints them.
std::span<const SettingSpec> all_settings();

// The setting named `key`, or nullptr when there is none.
const SettingSpec* find_setting(std::string_view key);

// Checks `value` against the spec's kind; an invalid_input Error whose field is the key.
Status validate_setting(const SettingSpec& spec, std::string_view value);

}  // namespace tribune
