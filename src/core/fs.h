// File-system access used by Tribune: whole-file reads and writes, with writes atomic
// (a temporary file renamed into place) so that a crash never leaves half a file.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.h"

namespace tribune::fs {

// The whole content of `path`; an io Error naming the file when it cannot be read.
Result<std::string> read_file(const std::filesystem::path& path);

// Replaces `path` with `content` atomically: readers see the old file or the new one.
Status write_file_atomic(const std::filesystem::path& path, std::string_view content);

}  // namespace tribune::fs
