// How views are bucketed, without a database (store/view_rules.h).
#include "store/view_rules.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

TEST(ViewRules, ViewsAreCountedPerHourAndDayOfUnixTime) {
  EXPECT_EQ(view_hour(0), 0);
  EXPECT_EQ(view_hour(3599), 0);
  EXPECT_EQ(view_hour(3600), 1);
  EXPECT_EQ(view_day(23), 0);
  EXPECT_EQ(view_day(24), 1);
}

TEST(ViewRules, PeriodsAndKeptHours) {
  const UnixSeconds now = 1000 * 3600 + 5;
  EXPECT_EQ(last_hour_before_period(ReadingPeriod::day, now), 1000 - 24);
  EXPECT_EQ(last_hour_before_period(ReadingPeriod::week, now), 1000 - 7 * 24);
  // The week's hours are all kept.
  EXPECT_LT(oldest_kept_view_hour(now), last_hour_before_period(ReadingPeriod::week, now));
}

}  // namespace
}  // namespace tribune
