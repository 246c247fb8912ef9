// The current time as text in a strftime format, formatted at most once a second: the Date
// header and the access log's timestamps are wanted on every request, and change once a
// second. Not thread-safe: keep one per thread (thread_local).
#pragma once

#include <ctime>
#include <string_view>

namespace tribune::http {

class PerSecondText {
 public:
  explicit PerSecondText(const char* strftime_format) : format_(strftime_format) {}

  // The current second (UTC) in the format.
  std::string_view current() {
    std::time_t now = std::time(nullptr);
    if (now != second_) {
      second_ = now;
      std::tm parts{};
      gmtime_r(&now, &parts);
      length_ = std::strftime(text_, sizeof text_, format_, &parts);
    }
    return {text_, length_};
  }

 private:
  const char* format_;
  std::time_t second_ = 0;
  char text_[64] = {};
  std::size_t length_ = 0;
};

}  // namespace tribune::http
