// How views are bucketed (see store/view_rules.h).
#include "store/view_rules.h"

namespace tribune {

namespace {

constexpr std::int64_t kSecondsPerHour = 3600;
constexpr std::int64_t kHoursPerDay = 24;
// The 7-day list's hours, and a day more.
constexpr std::int64_t kHourlyCountsKeptHours = 8 * kHoursPerDay;

}  // namespace

std::int64_t view_hour(UnixSeconds when) { return when / kSecondsPerHour; }

std::int64_t view_day(std::int64_t hour) { return hour / kHoursPerDay; }

std::int64_t oldest_kept_view_hour(UnixSeconds when) {
  return view_hour(when) - kHourlyCountsKeptHours;
}

std::int64_t last_hour_before_period(ReadingPeriod period, UnixSeconds now) {
  const std::int64_t hours = period == ReadingPeriod::day ? kHoursPerDay : 7 * kHoursPerDay;
  return view_hour(now) - hours;
}

}  // namespace tribune
