// The outbox: the mail waiting to go out (article announcements, the daily digest,
// confirmations, moderator notices) and what the sender records of each attempt.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/article.h"
#include "content/subscription.h"
#include "core/result.h"

namespace tribune {

// Where a message is in its life, as the operator sees it: queued and never tried yet,
// deferred (queued again after a temporary failure), sent, failed (given up), cancelled.
enum class OutboxState { queued, deferred, sent, failed, cancelled };

// The operator's view of messages: in one state (nullopt: any), to one subscriber (nullopt:
// anyone), newest first, those older than message `before` (0: from the newest), at most
// `limit`.
struct OutboxQuery {
  std::optional<OutboxState> state;
  std::optional<Id> subscriber_id;
  Id before = 0;
  int limit = 50;
};

// One message with what the sender recorded of it.
struct OutboxEntry {
  OutboxMessage message;
  OutboxState state = OutboxState::queued;
  UnixSeconds next_attempt_at = 0;  // queued and deferred: when the sender takes it
  UnixSeconds sent_at = 0;          // sent: when the server accepted it
  std::string last_error;           // deferred, failed: the server's last reply, or why
  std::string article_title;        // an article's announcement: the article's title
};

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // Queues one message per matching confirmed "each article" subscriber for every article
  // marked for announcement that is live at `now` and not yet queued, in one transaction, and
  // marks those articles queued. Returns the number of messages queued.
  virtual Result<int> queue_due_announcements(UnixSeconds now) = 0;

  // Queues the digest of day `day` (a local date, YYYYMMDD) once: one message per confirmed
  // "daily" subscriber with at least one matching article published since the previous
  // digest (or in the 24 hours before `now`, for the first). A day already queued gives 0.
  // (The rule: store/outbox_rules.h.)
  virtual Result<int> queue_digest(int day, UnixSeconds now) = 0;

  // The published articles in [start, end) that subscriber follows, newest first.
  virtual Result<std::vector<Article>> articles_for_subscriber(Id subscriber_id, UnixSeconds start,
                                                               UnixSeconds end) = 0;

  // Queued messages whose time has come, oldest first, at most `limit` (whether or not a
  // sender has claimed them).
  virtual Result<std::vector<OutboxMessage>> due_messages(UnixSeconds now, int limit) = 0;

  // Claims for this sender, until `lease_until`, up to `limit` queued messages whose time has
  // come and that no sender holds (never claimed, or their lease ran out: a server that died
  // mid-batch); oldest first. Senders sharing the database never get the same message while
  // a lease runs; mark_sent, mark_retry and mark_failed end the lease. On PostgreSQL the rows
  // are taken with FOR UPDATE SKIP LOCKED, so concurrent claims neither wait nor collide.
  virtual Result<std::vector<OutboxMessage>> claim_due_messages(UnixSeconds now, int limit,
                                                                UnixSeconds lease_until) = 0;
  // Ends this sender's claim on messages it will not send after all (it is stopping, or the
  // SMTP server refused the site), so that the next pass of any sender takes them at once.
  virtual Status release_claims(const std::vector<Id>& message_ids) = 0;

  // The message was accepted by the server: it is never sent again.
  virtual Status mark_sent(Id message_id, UnixSeconds now) = 0;
  // A temporary failure: try again at `next_attempt`, recording why.
  virtual Status mark_retry(Id message_id, UnixSeconds next_attempt, std::string_view error) = 0;
  // A permanent failure. With `address_refused`, the subscriber is marked bounced and their
  // other queued messages cancelled.
  virtual Status mark_failed(Id message_id, std::string_view error, bool address_refused) = 0;

  // The server refused the site rather than a recipient at `now` (`reply` says how; the
  // sender tries again at `retry_at`): starts a new run of refusals, or adds to the one that no
  // accepted message has ended yet. The message itself is deferred or given up by mark_retry
  // or mark_failed, the address untouched.
  virtual Status record_sender_refusal(std::string_view reply, UnixSeconds retry_at,
                                       UnixSeconds now) = 0;
  // A message was accepted at `now`: the run of refusals, if one lasts, is resolved.
  virtual Status resolve_sender_refusal(UnixSeconds now) = 0;
  // The latest run of refusals of the site, lasting or resolved; nullopt when there was none.
  virtual Result<std::optional<SenderRefusal>> sender_refusal() = 0;

  // How many messages are in each state, for the operator and /metrics.
  virtual Result<OutboxCounts> outbox_counts() = 0;

  // Messages as `query` asks, newest first (see OutboxQuery).
  virtual Result<std::vector<OutboxEntry>> outbox_entries(const OutboxQuery& query) = 0;

  // The operator asks for another try: a failed or deferred message is queued again, due at
  // `now` (its attempts so far kept, so that the sender still gives up after its last one).
  // Returns the message. not_found for an unknown id; conflict (field "state") for a message
  // in another state, left as it is.
  virtual Result<OutboxMessage> retry_message(Id message_id, UnixSeconds now) = 0;
  // The operator stops a message that has not gone: queued or deferred → cancelled. Returns
  // the message. not_found for an unknown id; conflict (field "state") for a message sent,
  // failed or cancelled, left as it is.
  virtual Result<OutboxMessage> cancel_message(Id message_id) = 0;

  // Deletes at most `limit` of the outbox's sent messages accepted at or before `cutoff`,
  // oldest first; returns how many (fewer than `limit`: none is left). Queued, failed and
  // cancelled messages are kept.
  virtual Result<int> prune_sent_messages(UnixSeconds cutoff, int limit) = 0;
};

}  // namespace tribune
