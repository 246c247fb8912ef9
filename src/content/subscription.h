// Email subscriptions: a subscriber (an address, what they follow, how often) and the
// outbox's messages waiting to go out to them. Plain data; the store keeps both.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/article.h"

namespace tribune {

// pending: asked, not yet confirmed (receives only the confirmation); confirmed: receives
// mailings; unsubscribed: left; bounced: the server refused the address for good (5xx).
enum class SubscriberStatus { pending, confirmed, unsubscribed, bounced };
// each: one message per article; daily: one digest a day.
enum class Frequency { each, daily };

std::string_view subscriber_status_name(SubscriberStatus status);
std::optional<SubscriberStatus> parse_subscriber_status(std::string_view name);
std::string_view frequency_name(Frequency frequency);
std::optional<Frequency> parse_frequency(std::string_view name);

struct Subscriber {
  Id id = 0;
  std::string email;
  SubscriberStatus status = SubscriberStatus::pending;
  Frequency frequency = Frequency::each;
  std::string lang;             // the language of the page they subscribed on
  std::vector<Id> section_ids;  // sections followed (with their subsections); empty: all
  UnixSeconds created_at = 0;
  UnixSeconds confirmed_at = 0;  // 0 while pending
  std::string last_error;        // why the address bounced
};

// What an outbox message is; its text is composed when it is sent, from what it points to.
enum class MessageKind { confirmation, article, digest, moderation };

std::string_view message_kind_name(MessageKind kind);
std::optional<MessageKind> parse_message_kind(std::string_view name);

struct OutboxMessage {
  Id id = 0;
  MessageKind kind = MessageKind::article;
  std::string recipient;            // address
  std::optional<Id> subscriber_id;  // all kinds but moderation
  std::optional<Id> article_id;     // article
  std::optional<Id> comment_id;     // moderation
  UnixSeconds period_start = 0;     // digest: articles published in [start, end)
  UnixSeconds period_end = 0;
  int attempts = 0;  // failed attempts so far
  UnixSeconds created_at = 0;
};

// Outbox messages by state, for the operator.
struct OutboxCounts {
  int queued = 0;  // deferred ones included
  int deferred = 0;
  int sent = 0;
  int failed = 0;
  int cancelled = 0;
};

// The SMTP server refusing the site itself rather than a recipient (its sender address, its
// messages, its credentials): the sender stops for a while and tries again, and the operator
// sees it in `tribune subscribers counts` and in /metrics. One run of refusals lasts until a
// message is accepted again.
struct SenderRefusal {
  UnixSeconds first_refused_at = 0;  // the first refusal of the run
  UnixSeconds refused_at = 0;        // the latest
  int refusals = 0;                  // refusals in the run
  std::string reply;                 // the latest: "553 5.7.1 … (reply to MAIL FROM)"
  UnixSeconds retry_at = 0;          // when the sender tries again
  UnixSeconds resolved_at = 0;       // when a message was accepted again; 0 while it lasts
};

}  // namespace tribune
