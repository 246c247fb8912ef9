// How views are bucketed, without storage: the hours and days they are counted in, which
// hours a reading period covers, and how long hourly counts are kept. Every backend uses them.
#pragma once

#include <cstdint>

#include "content/article.h"

namespace tribune {

// The hour `when` falls in, counted from the Unix epoch (UTC): views are counted per hour.
std::int64_t view_hour(UnixSeconds when);

// The day of an hour from view_hour, counted from the epoch: views are also counted per day.
std::int64_t view_day(std::int64_t hour);

// Hourly counts serve the 7-day list at most: after views are added at `when`, those of hours
// before the one returned can go (the daily counts keep them).
std::int64_t oldest_kept_view_hour(UnixSeconds when);

// The hours a period covers before `now` (ReadingPeriod::day or week) are those after the
// hour returned; all_time has no such bound and is counted from the articles' totals.
std::int64_t last_hour_before_period(ReadingPeriod period, UnixSeconds now);

}  // namespace tribune
