// Subscribers as CSV: what an export writes reads back the same, defaults fill what a file
// leaves out, and the first fault names its line and column with nothing read.
#include "content/subscriber_csv.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

const std::vector<Section> kSections = {
    {3, std::nullopt, "Sport", "sport", "sport", 0},
    {5, std::nullopt, "Politique", "politique", "politique", 1}};

TEST(SubscriberCsv, WhatAnExportWritesReadsBackTheSame) {
  Subscriber confirmed;
  confirmed.email = "awa@example.org";
  confirmed.status = SubscriberStatus::confirmed;
  confirmed.frequency = Frequency::daily;
  confirmed.lang = "fr";
  confirmed.section_ids = {5, 3};
  confirmed.created_at = 1752224400;  // 2025-07-11T09:00:00Z
  confirmed.confirmed_at = 1752228000;
  Subscriber pending;
  pending.email = "o'neil@example.org";
  pending.lang = "en";
  pending.created_at = 1752224400;
  const std::string csv = write_subscribers_csv({confirmed, pending}, kSections);
  EXPECT_TRUE(csv.starts_with(
      "\"email\",\"status\",\"frequency\",\"lang\",\"sections\",\"created_at\",\"confirmed_at\"\r\n"
      "\"awa@example.org\",\"confirmed\",\"daily\",\"fr\",\"politique sport\","
      "\"2025-07-11T09:00:00Z\",\"2025-07-11T10:00:00Z\"\r\n"))
      << csv;
  auto read = read_subscribers_csv(csv, kSections, "xx", 0);
  ASSERT_TRUE(read.ok()) << read.error().to_string();
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[0].email, confirmed.email);
  EXPECT_EQ((*read)[0].section_ids, confirmed.section_ids);
  EXPECT_EQ((*read)[0].frequency, Frequency::daily);
  EXPECT_EQ((*read)[0].confirmed_at, confirmed.confirmed_at);
  EXPECT_EQ((*read)[1].email, pending.email);
  EXPECT_EQ((*read)[1].status, SubscriberStatus::pending);
  EXPECT_EQ((*read)[1].confirmed_at, 0);
}

TEST(SubscriberCsv, MissingColumnsTakeTheirDefaults) {
  auto read = read_subscribers_csv("lang,email\r\n,awa@example.org\r\n", kSections, "fr", 1000);
  ASSERT_TRUE(read.ok()) << read.error().to_string();
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ(read->front().status, SubscriberStatus::confirmed);
  EXPECT_EQ(read->front().frequency, Frequency::each);
  EXPECT_EQ(read->front().lang, "fr");
  EXPECT_TRUE(read->front().section_ids.empty());
  EXPECT_EQ(read->front().created_at, 1000);
  EXPECT_EQ(read->front().confirmed_at, 1000);
}

TEST(SubscriberCsv, ASpreadsheetsByteOrderMarkIsSkipped) {
  auto read = read_subscribers_csv(
      "\xEF\xBB\xBF"
      "email\r\nawa@example.org\r\n",
      kSections, "fr", 0);
  ASSERT_TRUE(read.ok()) << read.error().to_string();
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ(read->front().email, "awa@example.org");
}

TEST(SubscriberCsv, TheFirstFaultNamesItsLineAndColumn) {
  struct Case {
    std::string csv;
    std::string field;
    std::string line;
  };
  const std::vector<Case> cases = {
      {"email\r\nok@example.org\r\nnot-an-address\r\n", "email", "3"},
      {"email,status\r\nok@example.org,vip\r\n", "status", "2"},
      {"email,frequency\r\nok@example.org,weekly\r\n", "frequency", "2"},
      {"email,sections\r\nok@example.org,sport culture\r\n", "sections", "2"},
      {"email,created_at\r\nok@example.org,hier\r\n", "created_at", "2"},
      {"email,confirmed_at\r\nok@example.org,2025-13-01\r\n", "confirmed_at", "2"},
      {"adresse\r\nok@example.org\r\n", "email", ""},
      {"email\r\nab\"c@example.org\r\n", "csv", ""},
      {"", "", ""},
  };
  for (const Case& each : cases) {
    auto read = read_subscribers_csv(each.csv, kSections, "fr", 0);
    ASSERT_FALSE(read.ok()) << each.csv;
    EXPECT_EQ(read.error().code, Errc::invalid_input) << each.csv;
    EXPECT_EQ(read.error().field, each.field) << each.csv;
    EXPECT_EQ(read.error().source, each.line) << each.csv;
  }
}

}  // namespace
}  // namespace tribune
