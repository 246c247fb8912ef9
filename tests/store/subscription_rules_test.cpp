// The subscription state machine, without a database (store/subscription_rules.h).
#include "store/subscription_rules.h"

#include <gtest/gtest.h>

namespace tribune {
namespace {

KnownAddress known(SubscriberStatus status, UnixSeconds sent_at, bool queued = false) {
  return KnownAddress{status, sent_at, queued};
}

TEST(SubscriptionRules, ANewAddressIsCreated) {
  EXPECT_EQ(subscribe_action(std::nullopt, 1000), SubscribeAction::create);
}

TEST(SubscriptionRules, APendingAddressGetsAnotherConfirmationOnlyAfterTheInterval) {
  const auto pending = known(SubscriberStatus::pending, 1000);
  EXPECT_EQ(subscribe_action(pending, 1000 + kConfirmationInterval - 1), SubscribeAction::nothing);
  EXPECT_EQ(subscribe_action(pending, 1000 + kConfirmationInterval), SubscribeAction::resend);
}

TEST(SubscriptionRules, NothingWhileAConfirmationIsStillQueued) {
  for (auto status :
       {SubscriberStatus::pending, SubscriberStatus::unsubscribed, SubscriberStatus::bounced}) {
    EXPECT_EQ(subscribe_action(known(status, 0, true), 10 * kBouncedConfirmationInterval),
              SubscribeAction::nothing);
  }
}

TEST(SubscriptionRules, AnAddressThatLeftStartsOverAfterTheInterval) {
  const auto left = known(SubscriberStatus::unsubscribed, 1000);
  EXPECT_EQ(subscribe_action(left, 1000 + kConfirmationInterval - 1), SubscribeAction::nothing);
  EXPECT_EQ(subscribe_action(left, 1000 + kConfirmationInterval), SubscribeAction::restart);
}

TEST(SubscriptionRules, ABouncedAddressWaitsADay) {
  const auto bounced = known(SubscriberStatus::bounced, 1000);
  EXPECT_EQ(subscribe_action(bounced, 1000 + kConfirmationInterval), SubscribeAction::nothing);
  EXPECT_EQ(subscribe_action(bounced, 1000 + kBouncedConfirmationInterval - 1),
            SubscribeAction::nothing);
  EXPECT_EQ(subscribe_action(bounced, 1000 + kBouncedConfirmationInterval),
            SubscribeAction::restart);
  // Never sent a confirmation (imported as bounced): may come back at once.
  EXPECT_EQ(subscribe_action(known(SubscriberStatus::bounced, 0), 200000),
            SubscribeAction::restart);
}

TEST(SubscriptionRules, AConfirmedAddressIsLeftAlone) {
  EXPECT_EQ(subscribe_action(known(SubscriberStatus::confirmed, 0), 1000000),
            SubscribeAction::nothing);
}

TEST(SubscriptionRules, ConfirmingMovesPendingToConfirmedAndRefusesWhoLeft) {
  EXPECT_EQ(*status_after_confirming(SubscriberStatus::pending), SubscriberStatus::confirmed);
  EXPECT_EQ(*status_after_confirming(SubscriberStatus::confirmed), SubscriberStatus::confirmed);
  for (auto status : {SubscriberStatus::unsubscribed, SubscriberStatus::bounced}) {
    auto refused = status_after_confirming(status);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, Errc::invalid_input);
    EXPECT_EQ(refused.error().field, "status");
  }
}

}  // namespace
}  // namespace tribune
