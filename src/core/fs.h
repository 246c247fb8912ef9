// File-system access used by Tribune: whole-file reads and writes, with writes atomic
// (a temporary file renamed into place) so that a crash never leaves half a file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"

namespace tribune::fs {

// Read and write for the owner only: the mode of every file Tribune creates that may hold a
// secret or a reader's address (tribune.toml, the database, exports).
constexpr std::filesystem::perms kPrivateFile =
    std::filesystem::perms::owner_read | std::filesystem::perms::owner_write;

// The whole content of `path`; an io Error naming the file when it cannot be read.
Result<std::string> read_file(const std::filesystem::path& path);

// Replaces `path` with `content` atomically: readers see the old file or the new one. The new
// file keeps the mode (and, where the process may set them, the owner and group) of the file
// it replaces, so that a `chmod 600` survives; a file that did not exist is created with
// `new_file_mode` (less the umask). Never follows a symbolic link at the temporary name.
Status write_file_atomic(const std::filesystem::path& path, std::string_view content,
                         std::filesystem::perms new_file_mode = kPrivateFile);

// Creates the folder `dir` and any missing parent; `dir` itself, when this call creates it,
// is private to its owner (0700). An existing folder is left as it is. An io Error naming the
// folder when it cannot be created.
Status create_private_directory(const std::filesystem::path& dir);

// True when `path` exists and its mode lets its group or other users read it.
bool readable_by_others(const std::filesystem::path& path);

// A summary of the files directly in each of `folders` (names, sizes, modification times),
// which changes when one is added, removed or rewritten: cheap enough to compare twice a
// second to notice an operator's edit. A folder that does not exist counts as empty.
std::string files_fingerprint(const std::vector<std::filesystem::path>& folders);

// A file system with less free room than this needs its operator before writes fail: under
// 10 % of its size, or under 1 GiB whatever its size (a database grows by whole pages, the
// WAL by a checkpoint's worth, an import by its whole batch).
inline constexpr double kLowSpaceFraction = 0.10;
inline constexpr std::uintmax_t kLowSpaceBytes = std::uintmax_t{1} << 30;

// True when `space` (std::filesystem::space of a folder) has less room left for Tribune
// (`available`, what an unprivileged writer may still use) than kLowSpaceFraction of its
// capacity or kLowSpaceBytes. A capacity of 0 (unknown) is never nearly full.
bool nearly_full(const std::filesystem::space_info& space);

}  // namespace tribune::fs
