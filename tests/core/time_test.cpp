#include "core/time.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

TEST(Time, ParsesTheFormsFrontMatterUses) {
  EXPECT_EQ(*parse_iso8601("2025-07-11T09:00:00Z"), 1752224400);
  EXPECT_EQ(*parse_iso8601("2025-07-11"), 1752192000);
  EXPECT_EQ(*parse_iso8601("2025-07-11T10:00:00+01:00"), 1752224400);
  EXPECT_EQ(*parse_iso8601("2025-07-11 09:00"), 1752224400);
}

TEST(Time, RefusesMalformedDates) {
  for (const char* text : {"", "2025-7-11", "2025-02-30", "2025-07-11T25:00", "yesterday",
                           "2025-07-11T09:00:00Zjunk"}) {
    EXPECT_FALSE(parse_iso8601(text).ok()) << text;
  }
}

TEST(Time, FormatsBack) { EXPECT_EQ(format_iso8601(1752224400), "2025-07-11T09:00:00Z"); }

// Found by fuzz/subscriber_csv_fuzzer.cpp: a subscriber CSV dated in year 697 was read, then
// exported with "697-07-11…", which no import reads back. Every year is written in 4 digits.
TEST(Time, FormatsEarlyYearsInFourDigitsThatParseBack) {
  for (std::string_view date :
       {"0697-07-11T09:00:00Z", "0001-01-01T00:00:00Z", "0999-12-31T23:59:59Z"}) {
    auto parsed = parse_iso8601(date);
    ASSERT_TRUE(parsed.ok()) << date;
    EXPECT_EQ(format_iso8601(*parsed), date);
  }
}

TEST(Time, FormatsHttpDatesInEnglishWhateverTheLocale) {
  EXPECT_EQ(format_http_date(1752224400), "Fri, 11 Jul 2025 09:00:00 GMT");
  EXPECT_EQ(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
}

}  // namespace
}  // namespace tribune
