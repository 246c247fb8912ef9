// Combined log format: HOST - - [TIME] "REQUEST" STATUS BYTES "REFERER" "USER-AGENT".
#include "http/access_log.h"

#include "http/per_second_text.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace tribune::http {
namespace {

// "[10/Oct/2000:13:55:36 +0000]".
std::string_view log_time() {
  thread_local PerSecondText text("[%d/%b/%Y:%H:%M:%S +0000]");
  return text.current();
}

// Quotes and backslashes escaped, control bytes as \xHH, as nginx does.
void append_escaped(std::string& out, std::string_view text) {
  for (unsigned char c : text) {
    if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
      fmt::format_to(std::back_inserter(out), "\\x{:02X}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
}

Error cannot_open(const std::filesystem::path& path) {
  Error error = make_error(Errc::io, std::string("cannot open: ") + std::strerror(errno),
                           "server.access_log");
  error.source = path.string();
  return error;
}

}  // namespace

Result<std::unique_ptr<AccessLog>> AccessLog::open(const std::string& path_setting,
                                                   const std::filesystem::path& data_dir) {
  std::unique_ptr<AccessLog> log(new AccessLog());
  if (path_setting.empty()) return log;
  log->enabled_ = true;
  if (path_setting == "-") {
    log->file_ = stdout;
    return log;
  }
  std::filesystem::path path = path_setting;
  if (path.is_relative()) path = data_dir / path;
  log->path_ = path;
  log->file_ = std::fopen(path.c_str(), "a");
  if (log->file_ == nullptr && errno == EROFS) {
    // A disk remounted read-only after errors: the site still serves what it holds (writes
    // answer 503), which matters more than the log of those visits.
    fmt::print(stderr, "tribune: no access log: {} is on a read-only filesystem\n", path.string());
    log->enabled_ = false;
    return log;
  }
  if (log->file_ == nullptr) return cannot_open(path);
  log->owns_file_ = true;
  return log;
}

Status AccessLog::reopen() {
  if (!owns_file_) return Ok{};
  flush();
  std::FILE* reopened = std::fopen(path_.c_str(), "a");
  if (reopened == nullptr) return cannot_open(path_);  // keep writing to the old file
  std::lock_guard file_lock(file_mutex_);
  std::fclose(file_);
  file_ = reopened;
  return Ok{};
}

AccessLog::~AccessLog() {
  flush();
  if (owns_file_) std::fclose(file_);
}

void AccessLog::write(const AccessLogEntry& entry) {
  if (!enabled_) return;
  // Formatted outside the lock, so that threads only contend for a short copy.
  thread_local std::string line;
  line.clear();
  line.append(entry.client.empty() ? "-" : entry.client);
  line.append(" - - ");
  line.append(log_time());
  line.append(" \"");
  append_escaped(line, entry.method);
  line += ' ';
  append_escaped(line, entry.target);
  line.append(entry.version == 10 ? " HTTP/1.0\" " : " HTTP/1.1\" ");
  fmt::format_to(std::back_inserter(line), "{} {} \"", entry.status, entry.bytes);
  append_escaped(line, entry.referer.empty() ? "-" : entry.referer);
  line.append("\" \"");
  append_escaped(line, entry.user_agent.empty() ? "-" : entry.user_agent);
  line.append("\"\n");
  thread_local std::string full;
  {
    std::lock_guard lock(mutex_);
    buffer_ += line;
    if (buffer_.size() < kFlushBytes) return;
    full.swap(buffer_);
    buffer_.clear();
  }
  // The file is written outside the buffer's lock: other threads keep logging meanwhile.
  std::lock_guard file_lock(file_mutex_);
  std::fwrite(full.data(), 1, full.size(), file_);
  std::fflush(file_);
}

void AccessLog::flush() {
  if (!enabled_) return;
  std::string pending;
  {
    std::lock_guard lock(mutex_);
    pending.swap(buffer_);
  }
  std::lock_guard file_lock(file_mutex_);
  if (!pending.empty()) std::fwrite(pending.data(), 1, pending.size(), file_);
  std::fflush(file_);
}

}  // namespace tribune::http
