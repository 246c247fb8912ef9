// The data folder's configuration file, DATA/tribune.toml: server, database, theme and SMTP
// settings, read at start. Site settings that editors change live in the database instead.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "core/result.h"

namespace tribune {

class Config {
 public:
  // Reads DATA/tribune.toml; a missing file gives every default. A malformed file, an unknown
  // key or an invalid value is an Error naming the file and the key.
  static Result<Config> load(const std::filesystem::path& data_dir);

  // The value of a file setting, or its default when the file does not set it.
  // `key` must name a file setting of the schema.
  std::string get(std::string_view key) const;

  // Changes a file setting in memory after validating it; save() writes it.
  Status set(std::string_view key, std::string_view value);

  // Writes DATA/tribune.toml atomically, with only the keys that were set.
  Status save() const;

  const std::filesystem::path& data_dir() const { return data_dir_; }
  std::filesystem::path file_path() const { return data_dir_ / "tribune.toml"; }

  // A path setting (database.path, theme.dir…) resolved against the data folder.
  std::filesystem::path resolve(std::string_view key) const;

 private:
  std::filesystem::path data_dir_;
  std::map<std::string, std::string, std::less<>> values_;  // "server.listen" -> "..."
};

// The data folder a command works on: --data when given, else $TRIBUNE_DATA, else ".".
std::filesystem::path default_data_dir();

}  // namespace tribune
