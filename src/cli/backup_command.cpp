// tribune backup: the whole data folder in one archive, safe while the server runs; tribune
// restore: such an archive unpacked into a new data folder.
#include <fmt/format.h>

#include <ctime>
#include <iostream>

#include "backup/backup_archive.h"
#include "cli/commands.h"
#include "cli/data_folder.h"

namespace tribune::cli {
namespace {

// tribune-backup-2026-12-02-1405.tar.gz: sorts by date, and says what it is.
std::string default_backup_name() {
  char stamp[32];
  std::time_t now = std::time(nullptr);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d-%H%M%S", std::gmtime(&now));
  return fmt::format("tribune-backup-{}.tar.gz", stamp);
}

std::string megabytes(std::uintmax_t bytes) {
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
}

}  // namespace

void add_backup_commands(CLI::App& app, int& status) {
  struct Options {
    std::string data = default_data_dir().string();
    std::string output;
    std::string archive;
  };
  auto options = std::make_shared<Options>();

  CLI::App* backup = app.add_subcommand(
      "backup",
      "Write the whole site (settings, database, theme, keys, media) into one archive; safe "
      "while the server runs");
  backup->add_option("--data", options->data, "data folder (default: $TRIBUNE_DATA or .)");
  backup->add_option("--output,-o", options->output,
                     "the archive to write (default: tribune-backup-DATE-TIME.tar.gz here); "
                     "never overwritten, and made readable by its owner only");
  backup->callback([options, &status] {
    with_data_folder(options->data, status, [&](DataFolder& folder) {
      std::string output = options->output.empty() ? default_backup_name() : options->output;
      auto written = write_backup(folder.config, *folder.store, output);
      if (!written) {
        status = report(written.error());
        return;
      }
      std::cout << fmt::format("Backed up {} into {}: {} files, {}.\n", options->data, output,
                               written->files, megabytes(written->bytes));
    });
  });

  CLI::App* restore = app.add_subcommand(
      "restore", "Unpack a backup into a new, empty data folder (never over a live one)");
  restore->add_option("--data", options->data,
                      "the data folder to create (default: $TRIBUNE_DATA or .); it must not "
                      "exist or be empty");
  restore->add_option("archive", options->archive, "the archive `tribune backup` wrote")
      ->required();
  restore->callback([options, &status] {
    auto restored = restore_backup(options->archive, options->data);
    if (!restored) {
      status = report(restored.error());
      return;
    }
    std::cout << fmt::format(
        "Restored {} into {}: {} files, {}.\nStart it with: tribune serve --data {}\n",
        options->archive, options->data, restored->files, megabytes(restored->bytes),
        options->data);
  });
}

}  // namespace tribune::cli
