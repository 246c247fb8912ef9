// Whole-file reads and atomic writes.
#include "core/fs.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

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

Status write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path temporary = path.string() + ".tmp";
  auto fail = [&](const char* what) -> Status {
    Error error = make_error(Errc::io, std::string(what) + ": " + std::strerror(errno));
    error.source = path.string();
    return error;
  };
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fail("cannot create file");
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return fail("cannot write file");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) return fail("cannot flush file");
  if (std::rename(temporary.c_str(), path.c_str()) != 0) return fail("cannot replace file");
  return Ok{};
}

}  // namespace tribune::fs
