// The background sender: on its own thread it queues what has become due (the mailing of an
// article that just went live, the daily digest at the site's hour) and sends the outbox's
// messages through one transport, paced, retrying deferrals with growing waits.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "mail/dkim.h"
#include "mail/transport.h"
#include "site/site.h"
#include "store/store.h"

namespace tribune {

struct MailerOptions {
  std::string envelope_from;  // the envelope sender (bounces go there); empty: the From address
  int rate_limit = 20;        // messages per second at most; 0: no limit
  UnixSeconds retry_seconds = 60;  // wait before the first retry; doubles at each attempt
  int max_attempts = 10;           // deferrals before a message is given up (the address is kept)
};

class Mailer {
 public:
  // `signer` may be null (no DKIM). `clock` gives the current time.
  Mailer(Store& store, const Site& site, std::unique_ptr<mail::MailTransport> transport,
         std::unique_ptr<mail::DkimSigner> signer, MailerOptions options,
         std::function<UnixSeconds()> clock);
  ~Mailer();

  // Starts the sending thread.
  void start();
  // Lets the message being sent finish and be recorded, then stops the thread: after a clean
  // stop no message is sent twice.
  void stop();

  // One pass, on the caller's thread: queues what is due, forgets what has outlived its
  // setting (at most once an hour: see prune_when_due), then sends up to one batch of due
  // messages. Returns how many messages it handled (sent, deferred or failed).
  //
  // When the server refuses the site rather than a recipient (sender_refused: the relay
  // refuses the sender address, the message or the credentials), the message is deferred
  // (the address kept), the refusal logged on stderr and recorded in the store, and sending
  // pauses: no pass sends anything for retry_seconds, then twice that after each new refusal
  // (up to six hours), until a message is accepted again. Messages are not tried one after
  // another against a refusal that would meet every one of them.
  Result<int> run_once();

  // Sends `message` now, on the caller's thread, outside the outbox: for a message holding a
  // secret the database keeps only hashed (a login or password-reset link), which must not
  // wait in a table. Formatted, signed and handed to the transport (one message at a time
  // with the sending thread's). An Error when the relay did not accept it.
  Status send_now(const mail::MailMessage& message);

  // Sends with new settings from the next message on, for an operator's edit of tribune.toml
  // that must not wait for a restart: `transport` replaces the current one once the message on
  // it is done (null: the current one stays), `signer` the DKIM signer (null: no DKIM),
  // `options` the pacing and retries. A pause after a refusal ends: the edit may be its fix.
  // Thread-safe.
  void reconfigure(std::unique_ptr<mail::MailTransport> transport,
                   std::unique_ptr<mail::DkimSigner> signer, MailerOptions options);

  // Totals since start, for /metrics and the log.
  std::uint64_t sent() const { return sent_; }
  std::uint64_t deferred() const { return deferred_; }  // sender refusals included
  std::uint64_t failed() const { return failed_; }
  std::uint64_t sender_refusals() const { return sender_refusals_; }
  // Until when sending is paused after the server refused the site (0: not paused).
  UnixSeconds paused_until() const { return paused_until_; }
  // Those totals, and the outbox's queue, in Prometheus's text format (for /metrics).
  std::string metrics_text() const;

 private:
  // A message made ready to send (composed, formatted, signed), or why it cannot be.
  struct Prepared {
    std::string sender;  // the envelope sender
    std::string bytes;
    std::optional<Error> error;
    bool give_up = false;  // the error is final: what the message points to is gone, or its
                           // address is malformed (address_refused then)
    bool address_refused = false;
    bool site_problem = false;  // the site's own sender or reply-to address is malformed:
                                // every message would fail alike, as if the server refused it
  };

  void run();
  Status queue_digest_when_due(UnixSeconds now);
  // Deletes the pending addresses whose confirmation is older than subscriptions.pending_days
  // and the sent messages older than mail.sent_retention_days: at the first pass, then once
  // an hour (at once again while a batch of sent messages came out full).
  Status prune_when_due(UnixSeconds now);
  // Thread-safe: the next message is prepared while the current one is sent.
  Prepared prepare(const OutboxMessage& message) const;
  // Sends one prepared message and records the outcome; false when the server could not be
  // reached, refused the site, or signing failed (the rest of the batch would fail the same
  // way).
  bool deliver(const OutboxMessage& message, const Prepared& prepared);
  // A message that could not go now: due again after retry_seconds, doubled at each attempt
  // (at most six hours), or given up after max_attempts; the address is kept either way.
  void defer_or_give_up(const OutboxMessage& message, const mail::Delivery& delivery);
  // The server refused the site over `message`: pause, say so, record it.
  void pause_for_refusal(const OutboxMessage& message, const mail::Delivery& delivery);
  // A message was accepted: end the pause, and the refusal if one lasted.
  void resume_after_delivery(const OutboxMessage& message);
  // Waits until the rate limit allows the next message.
  void pace();
  // The signer and options of this moment (reconfigure may replace them meanwhile).
  std::shared_ptr<const mail::DkimSigner> signer() const;
  MailerOptions options() const;
  // `bytes` signed when DKIM is on.
  Result<std::string> sign(std::string bytes) const;

  Store& store_;
  const Site& site_;
  std::unique_ptr<mail::MailTransport> transport_;
  std::mutex transport_mutex_;  // one message on the transport at a time (it keeps a connection)
  mutable std::mutex settings_mutex_;  // guards signer_ and options_
  std::shared_ptr<const mail::DkimSigner> signer_;
  MailerOptions options_;
  std::function<UnixSeconds()> clock_;
  int digest_done_day_ = 0;     // the last local day whose digest this process saw queued
  UnixSeconds next_prune_ = 0;  // when prune_when_due runs next
  std::chrono::steady_clock::time_point next_send_;

  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
  std::atomic<std::uint64_t> sent_{0};
  std::atomic<std::uint64_t> deferred_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::uint64_t> sender_refusals_{0};
  // The pause after the server refused the site: its length (0: none yet, the next one is
  // retry_seconds) and its end, on the clock.
  UnixSeconds pause_ = 0;
  std::atomic<UnixSeconds> paused_until_{0};
  // A run of refusals lasts in the store (recorded here or by an earlier run of the server)
  // until a message is accepted.
  bool refusal_open_ = false;
};

}  // namespace tribune
