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

}  // namespace

Result<std::unique_ptr<AccessLog>> AccessLog::open(const std::string& path_setting,
                                                   const std::filesystem::path& data_dir) {
  std::unique_ptr<AccessLog> log(new AccessLog());
  if (path_setting.empty()) return log;
  if (path_setting == "-") {
    log->file_ = stdout;
    return log;
  }
  std::filesystem::path path = path_setting;
  if (path.is_relative()) path = data_dir / path;
  log->file_ = std::fopen(path.c_str(), "a");
  if (log->file_ == nullptr) {
    Error error = make_error(Errc::io, std::string("cannot open: ") + std::strerror(errno),
                             "server.access_log");
    error.source = path.string();
    return error;
  }
  log->owns_file_ = true;
  return log;
}

AccessLog::~AccessLog() {
  flush();
  if (owns_file_) std::fclose(file_);
}

void AccessLog::write(const AccessLogEntry& entry) {
  if (file_ == nullptr) return;
  std::lock_guard lock(mutex_);
  buffer_.append(entry.client.empty() ? "-" : entry.client);
  buffer_.append(" - - ");
  buffer_.append(log_time());
  buffer_.append(" \"");
  append_escaped(buffer_, entry.method);
  buffer_ += ' ';
  append_escaped(buffer_, entry.target);
  buffer_.append(entry.version == 10 ? " HTTP/1.0\" " : " HTTP/1.1\" ");
  fmt::format_to(std::back_inserter(buffer_), "{} {} \"", entry.status, entry.bytes);
  append_escaped(buffer_, entry.referer.empty() ? "-" : entry.referer);
  buffer_.append("\" \"");
  append_escaped(buffer_, entry.user_agent.empty() ? "-" : entry.user_agent);
  buffer_.append("\"\n");
  if (buffer_.size() >= kFlushBytes) {
    std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
    std::fflush(file_);
    buffer_.clear();
  }
}

void AccessLog::flush() {
  if (file_ == nullptr) return;
  std::lock_guard lock(mutex_);
  if (!buffer_.empty()) std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
  std::fflush(file_);
  buffer_.clear();
}

}  // namespace tribune::http
