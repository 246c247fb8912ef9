// An email as Tribune composes it (sender, recipient, subject, a text and an HTML body, list
// headers) and its formatting into the bytes that go on the wire, through GMime.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace tribune::mail {

struct Mailbox {
  std::string name;     // display name, UTF-8; may be empty
  std::string address;  // "local@domain"
};

struct MailMessage {
  Mailbox from;
  Mailbox reply_to;  // an empty address: no Reply-To header
  Mailbox to;
  std::string subject;     // UTF-8
  std::string text;        // the text/plain part (UTF-8), always present
  std::string html;        // the text/html part (UTF-8); empty: the message is text/plain only
  std::string message_id;  // "unique@domain", no angle brackets; empty: made up on From's domain
  UnixSeconds date = 0;    // 0: now
  // Further headers, in order (List-Unsubscribe, List-Unsubscribe-Post, …); ASCII values.
  std::vector<std::pair<std::string, std::string>> headers;
};

// The message as sent: RFC 5322 headers then the body, CRLF line ends, no line over 998
// bytes. Non-ASCII header text is RFC 2047 encoded; with html, the body is
// multipart/alternative (text first, then HTML), each part UTF-8 and quoted-printable (7bit
// when plain ASCII). invalid_input naming the field ("to", "from", "reply_to", "subject",
// "message_id", "text", "html", a header's name) for a malformed address (not exactly one @,
// an empty part, a space, <>, quotes or other characters that would need quoting), a header
// value holding CR or LF, text that is not UTF-8, an extra header that is not ASCII or that
// duplicates one format_message writes (From, Subject, Content-Type…).
Result<std::string> format_message(const MailMessage& message);

}  // namespace tribune::mail
