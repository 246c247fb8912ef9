// Opening and creating data folders.
#include "cli/data_folder.h"

#include "cli/commands.h"
#include "core/fs.h"

namespace tribune::cli {

std::filesystem::path media_folder(const DataFolder& folder) {
  return folder.config.data_dir() / "media";
}

bool is_data_folder(const std::filesystem::path& dir) {
  std::error_code ignored;
  return std::filesystem::exists(dir / "tribune.toml", ignored);
}

namespace {

// The configuration and the store of `dir`, opened (and the database migrated); the
// database `database_url` names instead of the folder's own when it is not empty.
Result<DataFolder> load_folder(const std::filesystem::path& dir,
                               const std::string& database_url = {}) {
  auto config = Config::load(dir);
  if (!config) return config.error();
  if (!database_url.empty()) {
    TRIBUNE_TRY(config->set("database.backend", "postgres"));
    TRIBUNE_TRY(config->set("database.url", database_url));
  }
  auto store = open_store(*config);
  if (!store) return store.error();
  return DataFolder{std::move(*config), std::move(*store)};
}

}  // namespace

void with_data_folder(const std::string& dir, int& status,
                      const std::function<void(DataFolder&)>& action) {
  auto folder = open_data_folder(dir);
  if (!folder) {
    status = report(folder.error());
    return;
  }
  action(*folder);
}

Result<DataFolder> open_data_folder(const std::filesystem::path& dir) {
  if (!is_data_folder(dir)) {
    return with_source(make_error(Errc::not_found,
                                  "not a Tribune data folder (create one with "
                                  "'tribune init --data DIR')"),
                       dir.string());
  }
  return load_folder(dir);
}

Result<DataFolder> create_data_folder(const std::filesystem::path& dir,
                                      const std::string& database_url) {
  if (is_data_folder(dir)) {
    return with_source(make_error(Errc::conflict, "already holds a Tribune site"), dir.string());
  }
  // The folder holds the site's signing key and its subscribers' addresses: a folder made
  // here is its owner's alone (0700), as are the files in it (see fs::kPrivateFile).
  TRIBUNE_TRY(fs::create_private_directory(dir));
  auto folder = load_folder(dir, database_url);
  if (!folder) return folder.error();
  // Written last: a folder with tribune.toml is a complete site.
  TRIBUNE_TRY(folder->config.set("server.listen", folder->config.get("server.listen")));
  TRIBUNE_TRY(folder->config.save());
  return folder;
}

}  // namespace tribune::cli
