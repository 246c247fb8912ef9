// ISO 8601 parsing and formatting for the subset Tribune reads and writes, and HTTP dates.
#include "core/time.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace tribune {
namespace {

bool read_number(std::string_view text, std::size_t& pos, int digits, int& out) {
  if (pos + digits > text.size()) return false;
  out = 0;
  for (int i = 0; i < digits; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += digits;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

Result<UnixSeconds> parse_iso8601(std::string_view text) {
  auto invalid = [&]() -> Result<UnixSeconds> {
    // Appended piece by piece: GCC 12 at -O3 warns (wrongly) about `"'" + std::string(…)`.
    std::string message = "'";
    message.append(text).append("' is not a date like 2025-07-11T09:00:00Z");
    return make_error(Errc::invalid_input, std::move(message));
  };
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_number(text, pos, 4, year) || !expect(text, pos, '-') ||
      !read_number(text, pos, 2, month) || !expect(text, pos, '-') ||
      !read_number(text, pos, 2, day)) {
    return invalid();
  }
  long offset_seconds = 0;
  if (pos < text.size()) {
    if (!expect(text, pos, 'T') && !expect(text, pos, ' ')) return invalid();
    if (!read_number(text, pos, 2, hour) || !expect(text, pos, ':') ||
        !read_number(text, pos, 2, minute)) {
      return invalid();
    }
    if (expect(text, pos, ':') && !read_number(text, pos, 2, second)) return invalid();
    if (expect(text, pos, '.')) {
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    }
    if (expect(text, pos, 'Z')) {
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      int sign = text[pos] == '-' ? -1 : 1;
      ++pos;
      int offset_hours = 0, offset_minutes = 0;
      if (!read_number(text, pos, 2, offset_hours)) return invalid();
      expect(text, pos, ':');
      if (!read_number(text, pos, 2, offset_minutes)) return invalid();
      offset_seconds = sign * (offset_hours * 3600L + offset_minutes * 60L);
    }
    if (pos != text.size()) return invalid();
  }
  using namespace std::chrono;
  year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                      std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60) return invalid();
  auto days_since_epoch = sys_days(date).time_since_epoch().count();
  return static_cast<UnixSeconds>(days_since_epoch) * 86400 + hour * 3600 + minute * 60 + second -
         offset_seconds;
}

std::string format_iso8601(UnixSeconds when) {
  std::time_t time = static_cast<std::time_t>(when);
  std::tm parts{};
  gmtime_r(&time, &parts);
  // Four digits for the year whatever it is (strftime's %Y writes 697 for 0697, which no
  // reader of ISO 8601, parse_iso8601 included, takes back).
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
  return text;
}

std::string format_http_date(UnixSeconds when) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t time = static_cast<std::time_t>(when);
  std::tm parts{};
  gmtime_r(&time, &parts);
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                kDays[static_cast<std::size_t>(parts.tm_wday)], parts.tm_mday,
                kMonths[static_cast<std::size_t>(parts.tm_mon)], parts.tm_year + 1900,
                parts.tm_hour, parts.tm_min, parts.tm_sec);
  return text;
}

UnixSeconds now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace tribune
