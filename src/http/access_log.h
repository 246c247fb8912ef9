// The access log, one line per request in the combined log format that log analysers read.
// Lines gather in memory and reach the file at most a second late, so that logging costs a
// short copy per request, not a system call.
#pragma once

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tribune::http {

struct AccessLogEntry {
  std::string_view client;  // address
  std::string_view method;
  std::string_view target;
  unsigned version = 11;  // 10 or 11
  int status = 200;
  std::size_t bytes = 0;  // body bytes sent
  std::string_view referer;
  std::string_view user_agent;
};

class AccessLog {
 public:
  // Logs to `path` (appending), to stdout when path is "-", or nowhere when it is empty or on
  // a read-only filesystem (said on stderr): a site on a failing disk keeps serving.
  static Result<std::unique_ptr<AccessLog>> open(const std::string& path_setting,
                                                 const std::filesystem::path& data_dir);
  ~AccessLog();

  // Thread-safe.
  void write(const AccessLogEntry& entry);
  // Writes out what is buffered; called every second and at shutdown.
  void flush();
  // Writes out what is buffered and opens the file again by its name (after logrotate moved
  // it). On failure the log keeps going to the old file, and the Error names the path.
  Status reopen();

 private:
  AccessLog() = default;
  // Past this many buffered bytes, write() flushes at once.
  static constexpr std::size_t kFlushBytes = 64 * 1024;
  std::mutex mutex_;  // guards buffer_
  std::string buffer_;
  std::mutex file_mutex_;      // orders writes to file_
  std::FILE* file_ = nullptr;  // swapped by reopen() under file_mutex_
  std::filesystem::path path_;
  bool owns_file_ = false;
  bool enabled_ = false;  // set once by open(): a file (or stdout) receives the lines
};

}  // namespace tribune::http
