// The subscription state machine without storage: what a request to subscribe does to an
// address in each state, and what confirming does. Every backend applies it in its transaction.
#pragma once

#include <optional>

#include "content/subscription.h"
#include "core/result.h"

namespace tribune {

// An address gets at most one confirmation this often, however many times the form is posted
// for it and whatever its state (pending, unsubscribed or bounced): the form must not become a
// way to flood someone's inbox. Counted from the last confirmation queued for the address.
inline constexpr UnixSeconds kConfirmationInterval = 3600;
// A bounced address (its server refused a message for good) waits longer. A mature list keeps
// such addresses suppressed rather than mailing them again on anyone's request, since every
// new refusal tells receiving servers the site mails addresses that do not exist; but a reader
// whose mailbox was full or misconfigured must be able to come back by the form, without
// asking anyone. So the form may send a bounced address one confirmation (its status stays
// "bounced" until then), and if that bounces too, the next only a day later.
inline constexpr UnixSeconds kBouncedConfirmationInterval = 24 * 3600;

// What the store holds of an address that was asked for before.
struct KnownAddress {
  SubscriberStatus status = SubscriberStatus::pending;
  UnixSeconds confirmation_sent_at = 0;  // when its last confirmation was queued; 0: never
  bool confirmation_queued = false;      // a confirmation still waits in the outbox
};

// What a request to subscribe does (SubscriberStore::subscribe).
enum class SubscribeAction {
  create,   // a new address: pending with the request's preferences, a confirmation queued
  resend,   // pending: a new confirmation queued, the preferences kept
  restart,  // unsubscribed or bounced: pending again with the request's preferences, and a
            // confirmation queued
  nothing,  // confirmed, or asked again within the interval or while a confirmation waits
};

// The action for a request at `now` about an address the store holds as `known` (nullopt: a
// new address). Within the interval (or while a confirmation still waits in the outbox)
// nothing changes, whatever the state: not even the preferences, which only a confirmation
// would apply.
SubscribeAction subscribe_action(const std::optional<KnownAddress>& known, UnixSeconds now);

// The status a subscriber in `status` has once they follow their confirmation link:
// confirmed (unchanged when already confirmed); invalid_input (field "status") for one who
// left or bounced since, so that an old link cannot bring them back.
Result<SubscriberStatus> status_after_confirming(SubscriberStatus status);

}  // namespace tribune
