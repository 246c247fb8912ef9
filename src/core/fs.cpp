// Whole-file reads and atomic writes.
#include "core/fs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace tribune::fs {

Result<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Error error = make_error(Errc::io, std::string("cannot read file: ") + std::strerror(errno));
    error.source = path.string();
    return error;
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) {
    Error error = make_error(Errc::io, "read error");
    error.source = path.string();
    return error;
  }
  return content.str();
}

Status write_file_atomic(const std::filesystem::path& path, std::string_view content,
                         std::filesystem::perms new_file_mode) {
  const std::filesystem::path temporary = path.string() + ".tmp";
  auto fail = [&](const char* what) -> Status {
    Error error = make_error(Errc::io, std::string(what) + ": " + std::strerror(errno));
    error.source = path.string();
    return error;
  };
  struct stat existing {};
  const bool replacing = ::stat(path.c_str(), &existing) == 0;
  // A temporary file left by a crash would keep its own mode under O_CREAT: start afresh,
  // and refuse to write through a link planted at that name.
  if (::unlink(temporary.c_str()) != 0 && errno != ENOENT) return fail("cannot replace file");
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                  static_cast<mode_t>(new_file_mode));
  if (fd < 0) return fail("cannot create file");
  auto fail_open = [&](const char* what) -> Status {
    Status failed = fail(what);
    ::close(fd);
    ::unlink(temporary.c_str());
    return failed;
  };
  if (replacing) {
    // Only root may give a file away; anyone else keeps what they may (their own group).
    if (existing.st_uid != ::geteuid() || existing.st_gid != ::getegid())
      (void)::fchown(fd, existing.st_uid, existing.st_gid);
    if (::fchmod(fd, existing.st_mode & 07777) != 0) return fail_open("cannot set file mode");
  }
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail_open("cannot write file");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return fail_open("cannot flush file");
  if (::close(fd) != 0) {
    Status failed = fail("cannot flush file");
    ::unlink(temporary.c_str());
    return failed;
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    Status failed = fail("cannot replace file");
    ::unlink(temporary.c_str());
    return failed;
  }
  return Ok{};
}

Status create_private_directory(const std::filesystem::path& dir) {
  std::filesystem::path folder = dir;
  if (!folder.has_filename()) folder = folder.parent_path();  // "news/" → "news"
  auto fail = [&](const std::string& why) -> Status {
    return with_source(make_error(Errc::io, "cannot create folder: " + why), dir.string());
  };
  std::error_code error;
  if (std::filesystem::is_directory(folder, error)) return Ok{};
  if (!folder.parent_path().empty()) {
    std::filesystem::create_directories(folder.parent_path(), error);
    if (error) return fail(error.message());
  }
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) return fail(std::strerror(errno));
  if (!std::filesystem::is_directory(folder, error)) return fail("a file has that name");
  return Ok{};
}

bool readable_by_others(const std::filesystem::path& path) {
  using std::filesystem::perms;
  std::error_code error;
  std::filesystem::file_status status = std::filesystem::status(path, error);
  return !error && std::filesystem::exists(status) &&
         (status.permissions() & (perms::group_read | perms::others_read)) != perms::none;
}

namespace {

std::string folder_fingerprint(const std::filesystem::path& dir) {
  std::error_code error;
  std::vector<std::string> entries;
  for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    struct stat info {};
    if (::stat(it->path().c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
    // The inode too: an editor that saves by renaming a new file into place may keep the
    // size, and a coarse clock the time.
    entries.push_back(it->path().filename().string() + '\0' + std::to_string(info.st_size) + '\0' +
                      std::to_string(info.st_mtim.tv_sec) + '.' +
                      std::to_string(info.st_mtim.tv_nsec) + '\0' + std::to_string(info.st_ino));
  }
  std::sort(entries.begin(), entries.end());
  std::string fingerprint;
  for (const std::string& entry : entries) fingerprint += entry + '\n';
  return fingerprint;
}

}  // namespace

std::string files_fingerprint(const std::vector<std::filesystem::path>& folders) {
  std::string fingerprint;
  for (const std::filesystem::path& folder : folders)
    fingerprint += folder_fingerprint(folder) + '\0';
  return fingerprint;
}

bool nearly_full(const std::filesystem::space_info& space) {
  if (space.capacity == 0) return false;
  return space.available < kLowSpaceBytes ||
         static_cast<double>(space.available) <
             kLowSpaceFraction * static_cast<double>(space.capacity);
}

}  // namespace tribune::fs
