// The subscription state machine (see store/subscription_rules.h).
#include "store/subscription_rules.h"

namespace tribune {

SubscribeAction subscribe_action(const std::optional<KnownAddress>& known, UnixSeconds now) {
  if (!known) return SubscribeAction::create;
  UnixSeconds interval = known->status == SubscriberStatus::bounced ? kBouncedConfirmationInterval
                                                                    : kConfirmationInterval;
  bool may_confirm = !known->confirmation_queued && now - known->confirmation_sent_at >= interval;
  if (!may_confirm) return SubscribeAction::nothing;
  switch (known->status) {
    case SubscriberStatus::pending:
      return SubscribeAction::resend;
    case SubscriberStatus::unsubscribed:
    case SubscriberStatus::bounced:
      return SubscribeAction::restart;
    case SubscriberStatus::confirmed:
      break;
  }
  return SubscribeAction::nothing;
}

Result<SubscriberStatus> status_after_confirming(SubscriberStatus status) {
  if (status == SubscriberStatus::unsubscribed || status == SubscriberStatus::bounced) {
    return make_error(Errc::invalid_input, "the subscription ended before it was confirmed",
                      "status");
  }
  return SubscriberStatus::confirmed;
}

}  // namespace tribune
