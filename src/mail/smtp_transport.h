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
  std::string user;      // empty: no AUTH
  std::string password;
  std::string tls = "starttls";  // "starttls" (required), "tls" (implicit, as on 465), "none"
  long timeout_seconds = 30;     // connect and each reply
};

class SmtpTransport final : public MailTransport {
 public:
  explicit SmtpTransport(SmtpSettings settings);
  ~SmtpTransport() override;

  // Sends over the open connection (opening one when there is none or it dropped). A 5xx
  // reply to MAIL FROM, RCPT TO or DATA is permanent_failure; a 4xx reply, a timeout or a
  // network error temporary_failure.
  Delivery send(std::string_view sender, std::string_view recipient,
                std::string_view message) override;

  // When set, each line of the SMTP dialogue (commands and replies; AUTH secrets hidden, the
  // message body left out) is passed to `observer`: `tribune mail test` prints them.
  void set_dialogue_observer(std::function<void(std::string_view line)> observer);

 private:
  struct Connection;
  SmtpSettings settings_;
  std::unique_ptr<Connection> connection_;
  std::function<void(std::string_view)> observer_;
};

}  // namespace tribune::mail
