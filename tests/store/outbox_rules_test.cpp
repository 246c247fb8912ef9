// When the digest is due and what it covers, without a database (store/outbox_rules.h).
#include "store/outbox_rules.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

TEST(OutboxRules, TheFirstDigestCoversTheDayBefore) {
  EXPECT_EQ(digest_period_start(20240102, LastDigest{}, 100000), 100000 - kFirstDigestPeriod);
}

TEST(OutboxRules, ADigestStartsWhereTheLastEndedAndGoesOncePerDay) {
  const LastDigest last{20240102, 100000};
  EXPECT_EQ(digest_period_start(20240103, last, 190000), 100000);
  EXPECT_EQ(digest_period_start(20240102, last, 190000), std::nullopt);  // queued already
  EXPECT_EQ(digest_period_start(20240101, last, 190000), std::nullopt);  // an older day
}

}  // namespace
}  // namespace tribune
