// Delivery through the newsroom's SMTP server with libcurl: STARTTLS or implicit TLS, AUTH
// when a user is configured, and one connection reused for many messages.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "mail/transport.h"

namespace tribune::mail {

struct SmtpSettings {
  std::string host;
  int port = 587;
  std::string user;  // empty: no AUTH
  std::string password;
  std::string tls = "starttls";  // "starttls" (required), "tls" (implicit, as on 465), "none"
  long timeout_seconds = 30;     // connect and each reply
};

class SmtpTransport final : public MailTransport {
 public:
  explicit SmtpTransport(SmtpSettings settings);
  ~SmtpTransport() override;

  // Sends over the open connection (opening one when there is none or it dropped; EHLO
  // names the sender's domain). A 5xx reply that refuses the recipient's address is
  // permanent_failure: a 5xx to RCPT TO, or to DATA with an enhanced status X.1.x naming the
  // recipient. A 5xx that refuses the site is sender_refused: to MAIL FROM, AUTH or EHLO, to
  // DATA otherwise (a policy or content refusal), and to RCPT TO when it blames the sender
  // (X.1.7, X.1.8, "Sender address rejected"); so is a malformed sender address, and a server
  // that does not offer the STARTTLS that settings.tls "starttls" requires (with `setting`
  // "smtp.tls": no message could go until it changes). A 4xx reply, a timeout, a network or
  // another TLS error is temporary_failure.
  // `detail` is the deciding reply ("550 5.1.1 Mailbox unavailable (reply to RCPT TO)") or
  // libcurl's error ("Timeout was reached: server response timeout"); reply_code is 0 when
  // no reply decided. A recipient that is not an email address (content/email_address.h:
  // no spaces, <> or control characters) is a permanent_failure before anything is sent.
  Delivery send(std::string_view sender, std::string_view recipient,
                std::string_view message) override;

  // When set, each line of the SMTP dialogue (commands and replies; AUTH secrets hidden, the
  // message body left out) is passed to `observer`: `tribune mail test` prints them. Lines
  // come without their CRLF, prefixed "C: " (client) or "S: " (server), as in RFC 5321:
  // "C: MAIL FROM:<news@example.org> SIZE=1234", "S: 250 OK", "C: AUTH LOGIN ***".
  void set_dialogue_observer(std::function<void(std::string_view line)> observer);

 private:
  struct Connection;
  SmtpSettings settings_;
  std::unique_ptr<Connection> connection_;
  std::function<void(std::string_view)> observer_;
};

}  // namespace tribune::mail
