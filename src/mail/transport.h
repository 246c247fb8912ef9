// Where formatted messages go: an SMTP server (smtp_transport.h) or, for a site with none, a
// folder the demo's outbox viewer reads (file_transport.h). The sender loop sees only this.
#pragma once

#include <string>
#include <string_view>

namespace tribune::mail {

enum class DeliveryStatus {
  delivered,          // the server took responsibility for the message (250 after DATA)
  temporary_failure,  // 4xx, a timeout or a network error: try again later
  permanent_failure,  // the recipient's address is refused for good (a 5xx to RCPT TO, or an
                      // enhanced status 5.1.x naming the recipient): the address bounced
  sender_refused,     // the server refused the site, not this recipient (a 5xx to MAIL FROM,
                      // to the message's data, to AUTH or EHLO; a malformed sender): every
                      // message would meet the same refusal until the site's settings or the
                      // relay's policy change. The recipient is not at fault: keep the address
                      // and the message, and stop sending for a while
};

// What became of one message handed to a transport.
struct Delivery {
  DeliveryStatus status = DeliveryStatus::temporary_failure;
  int reply_code = 0;  // the server's reply that decided it (250, 451, 550…); 0 without one
  std::string detail;  // one line for the log and the outbox: the reply, or the network error
  // With sender_refused, when the site's own configuration is at fault rather than the
  // relay's policy: the setting to change ("smtp.tls"), which `detail` explains. Else empty.
  std::string setting;
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;

  // Hands `message` (format_message's bytes, signed or not) to the transport for one
  // `recipient`, with `sender` as the envelope sender. Not thread-safe: one sender thread
  // owns a transport.
  virtual Delivery send(std::string_view sender, std::string_view recipient,
                        std::string_view message) = 0;
};

}  // namespace tribune::mail
