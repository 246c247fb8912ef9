// tribune migrate --to DATABASE: moves a site's database to PostgreSQL (so that several
// servers can share it) or back to an SQLite file, comparing every table's rows, and points
// the data folder's tribune.toml at the new one.
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/data_folder.h"
#include "store/store.h"

namespace tribune::cli {
namespace {

bool is_postgres_url(std::string_view target) {
  return target.starts_with("postgres://") || target.starts_with("postgresql://");
}

// Copies `folder`'s database into `target` (a PostgreSQL URL, or an SQLite file that must
// not exist yet) and saves the folder's configuration naming it.
Status migrate(DataFolder& folder, const std::string& target) {
  Config moved = folder.config;
  if (is_postgres_url(target)) {
    TRIBUNE_TRY(moved.set("database.backend", "postgres"));
    TRIBUNE_TRY(moved.set("database.url", target));
  } else {
    const std::filesystem::path file = std::filesystem::absolute(target);
    if (std::filesystem::exists(file)) {
      return with_source(make_error(Errc::conflict, "already exists: name a new file"),
                         file.string());
    }
    TRIBUNE_TRY(moved.set("database.backend", "sqlite"));
    TRIBUNE_TRY(moved.set("database.path", file.string()));
  }
  auto destination = open_store(moved);
  if (!destination) return destination.error();
  auto copied = folder.store->copy_into(**destination);
  if (!copied) return copied.error();
  for (const auto& [table, rows] : *copied) {
    if (rows > 0) std::cout << fmt::format("{:>10}  {}\n", rows, table);
  }
  TRIBUNE_TRY(moved.save());
  std::cout << "Every table's rows were copied and counted. " << folder.config.file_path().string()
            << " now names the new database; the old one is left as it was.\n";
  return Ok{};
}

}  // namespace

void add_migrate_command(CLI::App& app, int& status) {
  struct Options {
    std::string data = default_data_dir().string();
    std::string to;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "migrate",
      "Move the site's database to PostgreSQL, or back to an SQLite file (servers "
      "stopped)");
  command->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  command
      ->add_option("--to", options->to,
                   "postgres://USER:PASSWORD@HOST/NAME (a new, empty database), or a new SQLite "
                   "file")
      ->required();
  command->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      if (Status moved = migrate(folder, options->to); !moved) status = report(moved.error());
    });
  });
}

}  // namespace tribune::cli
