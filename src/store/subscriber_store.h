// Email subscribers: the subscribe, confirm and leave cycle a reader goes through, and the
// operator's list and import. Part of Store (store/store.h); their mail is in OutboxStore.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/subscription.h"
#include "core/result.h"

namespace tribune {

// A reader's request to subscribe, as the form gave it (the address already validated).
struct SubscriptionRequest {
  std::string email;
  std::string lang;
  std::vector<Id> section_ids;  // empty: every section
  Frequency frequency = Frequency::each;
};

// Subscribers for the operator: by status, and whose address contains `search`.
struct SubscriberQuery {
  std::optional<SubscriberStatus> status;
  std::string search;
};

// How many subscribers are in each status, for the operator's filter links.
struct SubscriberCounts {
  int pending = 0;
  int confirmed = 0;
  int unsubscribed = 0;
  int bounced = 0;
};

class SubscriberStore {
 public:
  virtual ~SubscriberStore() = default;

  // Handles a subscription request in one transaction, by the address's state: new: pending
  // with these preferences and a confirmation queued; pending, unsubscribed or bounced: the
  // same (a pending address keeping its preferences) only when its last confirmation was
  // queued over an hour ago (a day for a bounced address) and none is still queued, nothing
  // otherwise, so that an address gets at most one confirmation an hour however often it is
  // asked for; confirmed: nothing. Returns the subscriber as stored. (The rule:
  // store/subscription_rules.h.)
  virtual Result<Subscriber> subscribe(const SubscriptionRequest& request, UnixSeconds now) = 0;

  // One subscriber, by id or by address (case aside); not_found when there is none.
  virtual Result<Subscriber> subscriber(Id id) = 0;
  virtual Result<Subscriber> subscriber_by_email(std::string_view email) = 0;

  // pending → confirmed (a confirmed subscriber stays so); invalid_input for one who left or
  // bounced since, so that an old link cannot bring them back.
  virtual Result<Subscriber> confirm_subscriber(Id id, UnixSeconds now) = 0;

  // Replaces the sections followed and the frequency; not_found for an unknown id.
  virtual Status update_subscription(Id id, const std::vector<Id>& section_ids,
                                     Frequency frequency) = 0;

  // Unsubscribes (from any state) and cancels the messages still queued for the address.
  virtual Status unsubscribe(Id id) = 0;

  // Subscribers matching `query`, by address.
  virtual Result<std::vector<Subscriber>> subscribers(const SubscriberQuery& query) = 0;

  // One page of the operator's list: at most `limit` subscribers matching `query`, by address
  // (case aside), those whose address sorts after `after` ("" : from the first). Each page is
  // read along the address index (by status too), never by counting the pages before it.
  virtual Result<std::vector<Subscriber>> subscriber_page(const SubscriberQuery& query,
                                                          std::string_view after, int limit) = 0;

  // How many subscribers have each status.
  virtual Result<SubscriberCounts> subscriber_counts() = 0;

  // Adds `subscribers` in one transaction (all or none): addresses already known are left as
  // they are and not counted. Returns how many were added.
  virtual Result<int> import_subscribers(const std::vector<Subscriber>& subscribers) = 0;

  // Forgets the addresses that never confirmed: deletes each pending subscriber that was sent a
  // confirmation, whose last one was queued at or before `cutoff` and none of whose
  // confirmations is still queued or was sent after `cutoff`, with its sections and messages,
  // in one transaction. A pending address that was never sent a confirmation (one imported
  // from CSV) is kept. Returns how many were deleted.
  virtual Result<int> delete_unconfirmed_subscribers(UnixSeconds cutoff) = 0;
};

}  // namespace tribune
