// Opening and creating data folders.
#include "cli/data_folder.h"

namespace tribune::cli {

bool is_data_folder(const std::filesystem::path& dir) {
  std::error_code ignored;
  return std::filesystem::exists(dir / "tribune.toml", ignored);
}

Result<DataFolder> open_data_folder(const std::filesystem::path& dir) {
  if (!is_data_folder(dir)) {
    Error error = make_error(
        Errc::not_found, "not a Tribune data folder (create one with 'tribune init --data DIR')");
    error.source = dir.string();
    return error;
  }
  auto config = Config::load(dir);
  if (!config) return config.error();
  auto store = open_store(*config);
  if (!store) return store.error();
  return DataFolder{std::move(*config), std::move(*store)};
}

Result<DataFolder> create_data_folder(const std::filesystem::path& dir) {
  if (is_data_folder(dir)) {
    Error error = make_error(Errc::conflict, "already holds a Tribune site");
    error.source = dir.string();
    return error;
  }
  std::error_code error_code;
  std::filesystem::create_directories(dir, error_code);
  if (error_code) {
    Error error = make_error(Errc::io, "cannot create folder: " + error_code.message());
    error.source = dir.string();
    return error;
  }
  auto config = Config::load(dir);
  if (!config) return config.error();
  auto store = open_store(*config);
  if (!store) return store.error();
  // Written last: a folder with tribune.toml is a complete site.
  TRIBUNE_TRY(config->set("server.listen", config->get("server.listen")));
  TRIBUNE_TRY(config->save());
  return DataFolder{std::move(*config), std::move(*store)};
}

}  // namespace tribune::cli
