// The outbox sender.
#include "mailing/mailer.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <future>
#include <utility>

#include "mail/message.h"
#include "site/site_settings.h"

namespace tribune {
namespace {

// Due messages claimed per pass at most; the stop flag is checked between any two of them.
constexpr int kBatchSize = 200;
// Claimed per pass when sending is not rate-limited (no rate to size the claim by): a server
// that dies leaves these few waiting for their lease.
constexpr int kUnlimitedBatchSize = 20;
// The lease of a claim beyond its messages' expected sending time (run_once).
constexpr UnixSeconds kLeaseMargin = 15;
// How long the thread sleeps when the outbox has nothing due.
constexpr auto kIdleWait = std::chrono::milliseconds(500);
// The longest wait between two attempts of one message.
constexpr UnixSeconds kMaxRetryWait = 6 * 3600;
// How often unconfirmed addresses are forgotten and sent messages pruned: their lifetimes are
// counted in days, so once an hour is precise enough and costs next to nothing.
constexpr UnixSeconds kPruneInterval = 3600;
// Sent messages deleted per pass: a first prune of a large outbox holds the database's writer
// only briefly each time (the rest goes at the next passes).
constexpr int kPruneBatch = 5000;

// A whole-number site setting (the schema's default when never set).
Result<int> integer_setting(Store& store, std::string_view key) {
  auto setting = read_site_setting(store, key);
  if (!setting) return setting.error();
  int value = 0;
  auto [end, error] = std::from_chars(setting->data(), setting->data() + setting->size(), value);
  if (error != std::errc() || end != setting->data() + setting->size()) {
    return make_error(Errc::invalid_input, "not a whole number: " + *setting, std::string(key));
  }
  return value;
}

}  // namespace

Mailer::Mailer(Store& store, const Site& site, std::unique_ptr<mail::MailTransport> transport,
               std::unique_ptr<mail::DkimSigner> signer, MailerOptions options,
               std::function<UnixSeconds()> clock)
    : store_(store),
      site_(site),
      transport_(std::move(transport)),
      signer_(std::move(signer)),
      options_(std::move(options)),
      clock_(std::move(clock)),
      next_send_(std::chrono::steady_clock::now()) {}

Mailer::~Mailer() { stop(); }

void Mailer::start() {
  stopping_ = false;
  // A refusal recorded before a restart still lasts until a message goes through; sending
  // starts at once all the same: the operator may have just fixed the settings.
  if (auto refusal = store_.sender_refusal(); refusal && *refusal)
    refusal_open_ = (*refusal)->resolved_at == 0;
  thread_ = std::thread([this] { run(); });
}

void Mailer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Mailer::run() {
  while (!stopping_) {
    auto handled = run_once();
    if (!handled) {
      fmt::print(stderr, "tribune: mail: {}\n", handled.error().to_string());
    }
    if (!handled || *handled == 0) {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, kIdleWait, [this] { return stopping_.load(); });
    }
  }
}

Status Mailer::queue_digest_when_due(UnixSeconds now) {
  auto [day, hour] = site_.local_day_and_hour(now);
  if (day <= digest_done_day_) return Ok{};
  auto digest_hour = integer_setting(store_, "subscriptions.digest_hour");
  if (!digest_hour) return digest_hour.error();
  if (hour < *digest_hour) return Ok{};
  // Once per day across every server of the site: the store records the day it queued.
  auto queued = store_.queue_digest(day, now);
  if (!queued) return queued.error();
  digest_done_day_ = day;
  return Ok{};
}

Status Mailer::prune_when_due(UnixSeconds now) {
  if (now < next_prune_) return Ok{};
  constexpr UnixSeconds kDay = 86400;
  auto pending_days = integer_setting(store_, "subscriptions.pending_days");
  if (!pending_days) return pending_days.error();
  auto retention_days = integer_setting(store_, "mail.sent_retention_days");
  if (!retention_days) return retention_days.error();
  auto forgotten = store_.delete_unconfirmed_subscribers(now - *pending_days * kDay);
  if (!forgotten) return forgotten.error();
  auto pruned = store_.prune_sent_messages(now - *retention_days * kDay, kPruneBatch);
  if (!pruned) return pruned.error();
  // A full batch leaves more for the next pass.
  next_prune_ = *pruned == kPruneBatch ? now : now + kPruneInterval;
  if (*forgotten > 0 || *pruned > 0) {
    fmt::print(stderr,
               "tribune: mail: forgot {} address(es) unconfirmed after {} days; deleted {} sent "
               "message(s) older than {} days\n",
               *forgotten, *pending_days, *pruned, *retention_days);
  }
  return Ok{};
}

Result<int> Mailer::run_once() {
  UnixSeconds now = clock_();
  auto announced = store_.queue_due_announcements(now);
  if (!announced) return announced.error();
  TRIBUNE_TRY(queue_digest_when_due(now));
  TRIBUNE_TRY(prune_when_due(now));
  if (now < paused_until_) return 0;  // the server refuses the site: nothing would go
  // Claimed, so that another server sharing the database sends none of them: what this one
  // sends in about five seconds at its rate, held for twice that and fifteen seconds more.
  // If it dies mid-batch, the rest go out from another once the lease ends.
  const int rate = options().rate_limit;
  const int batch = rate > 0 ? std::clamp(rate * 5, 1, kBatchSize) : kUnlimitedBatchSize;
  const UnixSeconds lease = kLeaseMargin + (rate > 0 ? 2 * batch / rate : kLeaseMargin);
  auto due = store_.claim_due_messages(now, batch, now + lease);
  if (!due) return due.error();
  // Two stages on the machine's two cores: while one message is on the wire, the next is
  // being composed.
  int handled = 0;
  std::future<Prepared> next;
  auto prepare_async = [this](const OutboxMessage& message) {
    return std::async(std::launch::async, [this, message] { return prepare(message); });
  };
  if (!due->empty()) next = prepare_async(due->front());
  for (std::size_t i = 0; i < due->size() && !stopping_; ++i) {
    Prepared current = next.get();
    if (i + 1 < due->size()) next = prepare_async((*due)[i + 1]);
    pace();
    ++handled;
    if (!deliver((*due)[i], current)) break;
  }
  if (next.valid()) next.wait();  // its message stays queued
  // What this pass claimed but will not send (stopping, or a refusal paused sending) goes
  // back at once, rather than waiting for the lease to end.
  std::vector<Id> unsent;
  for (std::size_t i = static_cast<std::size_t>(handled); i < due->size(); ++i) {
    unsent.push_back((*due)[i].id);
  }
  if (Status released = store_.release_claims(unsent); !released) {
    fmt::print(stderr, "tribune: mail: {}\n", released.error().to_string());
  }
  return handled;
}

void Mailer::pace() {
  const int rate_limit = options().rate_limit;
  if (rate_limit <= 0) return;
  auto now = std::chrono::steady_clock::now();
  if (next_send_ > now) std::this_thread::sleep_until(next_send_);
  next_send_ = std::max(now, next_send_) + std::chrono::microseconds(1'000'000 / rate_limit);
}

void Mailer::reconfigure(std::unique_ptr<mail::MailTransport> transport,
                         std::unique_ptr<mail::DkimSigner> signer, MailerOptions options) {
  if (transport) {
    std::unique_ptr<mail::MailTransport> replaced;
    std::lock_guard lock(transport_mutex_);  // after the message on the wire
    replaced = std::exchange(transport_, std::move(transport));
  }
  {
    std::lock_guard lock(settings_mutex_);
    signer_ = std::move(signer);
    options_ = std::move(options);
  }
  paused_until_ = 0;
  wake_.notify_all();
}

std::shared_ptr<const mail::DkimSigner> Mailer::signer() const {
  std::lock_guard lock(settings_mutex_);
  return signer_;
}

MailerOptions Mailer::options() const {
  std::lock_guard lock(settings_mutex_);
  return options_;
}

Result<std::string> Mailer::sign(std::string bytes) const {
  auto signer_now = signer();
  if (!signer_now) return bytes;
  return signer_now->sign(bytes);
}

std::string Mailer::metrics_text() const {
  std::string text = fmt::format(
      "# HELP tribune_mail_messages_total Messages the sender handled, by outcome.\n"
      "# TYPE tribune_mail_messages_total counter\n"
      "tribune_mail_messages_total{{outcome=\"sent\"}} {}\n"
      "tribune_mail_messages_total{{outcome=\"deferred\"}} {}\n"
      "tribune_mail_messages_total{{outcome=\"failed\"}} {}\n"
      "# HELP tribune_mail_sender_refusals_total Times the SMTP server refused the site itself "
      "(its sender, message or credentials) rather than a recipient.\n"
      "# TYPE tribune_mail_sender_refusals_total counter\n"
      "tribune_mail_sender_refusals_total {}\n",
      sent_.load(), deferred_.load(), failed_.load(), sender_refusals_.load());
  if (auto counts = store_.outbox_counts()) {
    text += fmt::format(
        "# HELP tribune_mail_outbox_queued Messages waiting in the outbox.\n"
        "# TYPE tribune_mail_outbox_queued gauge\ntribune_mail_outbox_queued {}\n",
        counts->queued);
  }
  // From the store, as `tribune subscribers counts` shows it: the site-level problem lasts
  // until a message is accepted again, whichever process saw it.
  if (auto refusal = store_.sender_refusal()) {
    bool lasting = *refusal && (*refusal)->resolved_at == 0;
    text += fmt::format(
        "# HELP tribune_mail_sender_refused 1 while the SMTP server refuses the site itself "
        "and sending is paused.\n"
        "# TYPE tribune_mail_sender_refused gauge\ntribune_mail_sender_refused {}\n",
        lasting ? 1 : 0);
    if (lasting) {
      std::string reply;  // a label value: backslash, double quote and line feed escaped
      for (char c : (*refusal)->reply) {
        if (c == '\\' || c == '"') reply += '\\';
        reply += c == '\n' ? std::string("\\n") : std::string(1, c);
      }
      text += fmt::format(
          "# HELP tribune_mail_sender_refused_info The SMTP server's latest refusal of the "
          "site, while it lasts.\n"
          "# TYPE tribune_mail_sender_refused_info gauge\n"
          "tribune_mail_sender_refused_info{{reply=\"{}\",since=\"{}\"}} 1\n",
          reply, format_iso8601((*refusal)->first_refused_at));
    }
  }
  return text;
}

Mailer::Prepared Mailer::prepare(const OutboxMessage& message) const {
  Prepared prepared;
  auto composed = site_.compose_mail(message, clock_());
  if (!composed) {
    prepared.error = composed.error();
    prepared.give_up = composed.error().code == Errc::not_found;
    return prepared;
  }
  const std::string envelope_from = options().envelope_from;
  prepared.sender = envelope_from.empty() ? composed->from.address : envelope_from;
  auto bytes = mail::format_message(*composed);
  if (!bytes) {
    prepared.error = bytes.error();
    prepared.site_problem = bytes.error().field == "from" || bytes.error().field == "reply_to";
    prepared.give_up = !prepared.site_problem;
    prepared.address_refused = bytes.error().field == "to";
    return prepared;
  }
  bytes = sign(std::move(*bytes));
  if (!bytes) {
    prepared.error = bytes.error();
    return prepared;
  }
  prepared.bytes = std::move(*bytes);
  return prepared;
}

Status Mailer::send_now(const mail::MailMessage& message) {
  auto bytes = mail::format_message(message);
  if (!bytes) return bytes.error();
  bytes = sign(std::move(*bytes));
  if (!bytes) return bytes.error();
  const std::string envelope_from = options().envelope_from;
  const std::string sender = envelope_from.empty() ? message.from.address : envelope_from;
  mail::Delivery delivery;
  {
    std::lock_guard lock(transport_mutex_);
    delivery = transport_->send(sender, message.to.address, *bytes);
  }
  if (delivery.status == mail::DeliveryStatus::delivered) {
    ++sent_;
    return Ok{};
  }
  return make_error(Errc::io, "the mail server did not accept the message: " + delivery.detail);
}

bool Mailer::deliver(const OutboxMessage& message, const Prepared& prepared) {
  auto report = [&](const Status& status) {
    if (!status) fmt::print(stderr, "tribune: mail: {}\n", status.error().to_string());
  };
  auto give_up = [&](const std::string& why, bool address_refused) {
    ++failed_;
    fmt::print(stderr, "tribune: mail: message {} to {} failed: {}\n", message.id,
               message.recipient, why);
    report(store_.mark_failed(message.id, why, address_refused));
  };
  if (prepared.error) {
    if (prepared.site_problem) {
      mail::Delivery refused{mail::DeliveryStatus::sender_refused, 0,
                             "the site's address: " + prepared.error->to_string()};
      defer_or_give_up(message, refused);
      pause_for_refusal(message, refused);
      return false;
    }
    if (prepared.give_up) {
      give_up(prepared.error->to_string(), prepared.address_refused);
      return true;
    }
    // The database or the key failed: the message stays queued for the next pass.
    report(*prepared.error);
    return false;
  }
  mail::Delivery delivery;
  {
    std::lock_guard lock(transport_mutex_);
    delivery = transport_->send(prepared.sender, message.recipient, prepared.bytes);
  }
  switch (delivery.status) {
    case mail::DeliveryStatus::delivered:
      ++sent_;
      report(store_.mark_sent(message.id, clock_()));
      resume_after_delivery(message);
      return true;
    case mail::DeliveryStatus::permanent_failure:
      give_up(delivery.detail, true);
      return true;
    case mail::DeliveryStatus::sender_refused:
      // Deferred like a temporary failure (given up after max_attempts, the address kept:
      // one message the relay refuses for its content must not hold the rest back forever),
      // and sending pauses: the next message would meet the same refusal.
      defer_or_give_up(message, delivery);
      pause_for_refusal(message, delivery);
      return false;
    case mail::DeliveryStatus::temporary_failure:
      defer_or_give_up(message, delivery);
      return delivery.reply_code != 0;  // no reply at all: the server is unreachable
  }
  return true;
}

void Mailer::defer_or_give_up(const OutboxMessage& message, const mail::Delivery& delivery) {
  const MailerOptions options_now = options();
  if (message.attempts + 1 >= options_now.max_attempts) {
    ++failed_;
    fmt::print(stderr, "tribune: mail: message {} to {} failed: {}\n", message.id,
               message.recipient, delivery.detail);
    if (Status marked = store_.mark_failed(message.id, delivery.detail, false); !marked)
      fmt::print(stderr, "tribune: mail: {}\n", marked.error().to_string());
    return;
  }
  ++deferred_;
  UnixSeconds wait = options_now.retry_seconds;
  for (int attempt = 0; attempt < message.attempts && wait < kMaxRetryWait; ++attempt) wait *= 2;
  wait = std::min(wait, kMaxRetryWait);
  if (Status marked = store_.mark_retry(message.id, clock_() + wait, delivery.detail); !marked)
    fmt::print(stderr, "tribune: mail: {}\n", marked.error().to_string());
}

void Mailer::pause_for_refusal(const OutboxMessage& message, const mail::Delivery& delivery) {
  ++sender_refusals_;
  pause_ = pause_ == 0 ? options().retry_seconds : std::min(pause_ * 2, kMaxRetryWait);
  UnixSeconds now = clock_();
  paused_until_ = now + pause_;
  refusal_open_ = true;
  fmt::print(stderr,
             "tribune: mail: the site's mail is refused, not the recipient: {} (message {} to "
             "{}, the address kept); sending paused for {} s: check {}\n",
             delivery.detail, message.id, message.recipient, pause_,
             delivery.setting.empty() ? "mail.from_address, mail.reply_to, smtp.user and "
                                        "smtp.password, and what the relay accepts"
                                      : delivery.setting);
  if (Status recorded = store_.record_sender_refusal(delivery.detail, paused_until_, now);
      !recorded) {
    fmt::print(stderr, "tribune: mail: {}\n", recorded.error().to_string());
  }
}

void Mailer::resume_after_delivery(const OutboxMessage& message) {
  pause_ = 0;
  if (!refusal_open_) return;
  refusal_open_ = false;
  fmt::print(stderr, "tribune: mail: the site's mail goes through again (message {})\n",
             message.id);
  if (Status resolved = store_.resolve_sender_refusal(clock_()); !resolved) {
    fmt::print(stderr, "tribune: mail: {}\n", resolved.error().to_string());
  }
}

}  // namespace tribune
