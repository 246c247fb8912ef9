// A whole site in one file and back: `tribune backup` writes the data folder's settings, a
// consistent copy of its database and its other files into one gzip-compressed tar.
#pragma once

#include <cstdint>
#include <filesystem>

#include "core/config.h"
#include "core/result.h"
#include "store/store.h"

namespace tribune {

// What a backup holds, or what a restore put back.
struct BackupSummary {
  std::uintmax_t files = 0;  // regular files, the database and tribune.toml included
  std::uintmax_t bytes = 0;  // their size, uncompressed
};

// The name of the manifest, the archive's first entry: it marks the file as Tribune's backup
// and names the database entry.
inline constexpr const char* kBackupManifest = "tribune-backup.json";

// Writes the backup of the data folder `config` describes, whose database `store` is, to
// `output`: tribune.toml, the database copied by Store::backup_to (the database as of one
// moment, while a server goes on writing), and every other file in the folder (theme, DKIM
// key, media) but the live database files and the access log. The archive is private (0600)
// and appears under its name only once whole and flushed to disk. conflict when `output`
// exists; io or storage errors name the file at fault.
Result<BackupSummary> write_backup(const Config& config, Store& store,
                                   const std::filesystem::path& output);

// Unpacks the backup `archive` into `data_dir`, which must not exist or be empty: conflict
// otherwise, for a live data folder is never overwritten. invalid_input (its source the
// archive, its field the entry) for a file that is not a Tribune backup, is damaged, or holds
// anything but plain files and folders inside the data folder. The database is opened (and
// migrated from an older Tribune; one from a newer Tribune is refused) before the folder is
// put in place: on any failure `data_dir` is left as it was.
Result<BackupSummary> restore_backup(const std::filesystem::path& archive,
                                     const std::filesystem::path& data_dir);

}  // namespace tribune
