// A site's data folder as the commands open it: its configuration and its store.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>

#include "core/config.h"
#include "core/result.h"
#include "store/store.h"

namespace tribune::cli {

struct DataFolder {
  Config config;
  std::unique_ptr<Store> store;
};

// Opens an existing data folder; an Error when `dir` holds no Tribune site yet.
Result<DataFolder> open_data_folder(const std::filesystem::path& dir);

// Creates a new site in `dir` (made if missing): tribune.toml and a migrated database, an
// SQLite file in `dir` or, with `database_url`, that PostgreSQL database (another server of
// the site may have made it already). An Error when `dir` already holds a site.
Result<DataFolder> create_data_folder(const std::filesystem::path& dir,
                                      const std::string& database_url = {});

// Opens `dir` and runs `action` on it; when it cannot be opened, reports why and sets
// `status` instead. The shape of most subcommands.
void with_data_folder(const std::string& dir, int& status,
                      const std::function<void(DataFolder&)>& action);

// Where `folder`'s media library keeps its files: DATA/media.
std::filesystem::path media_folder(const DataFolder& folder);

// True when `dir` holds a site.
bool is_data_folder(const std::filesystem::path& dir);

}  // namespace tribune::cli
