// SMTP delivery with libcurl: one easy handle kept for the transport's life, so that libcurl's
// connection cache reuses the open connection from one message to the next.
#include "mail/smtp_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>
#include <string>
#include <utility>

#include "content/email_address.h"

namespace tribune::mail {
namespace {

void ensure_curl() {
  // curl_global_init is not thread-safe; curl_easy_init would call it unguarded.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::toupper(static_cast<unsigned char>(a)) ==
                  std::toupper(static_cast<unsigned char>(b));
         });
}

// The enhanced status code (RFC 3463) of a reply line: "5.1.1" in "550 5.1.1 Mailbox
// unavailable"; empty when the server gave none.
std::string_view enhanced_status(std::string_view reply) {
  if (reply.size() < 9 || reply[3] != ' ') return {};
  std::string_view rest = reply.substr(4);
  std::string_view code = rest.substr(0, rest.find(' '));
  int dots = 0;
  for (char c : code) {
    if (c == '.') {
      ++dots;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return {};
    }
  }
  return dots == 2 && code.size() >= 5 && code[1] == '.' ? code : std::string_view();
}

// Whom a 5xx refusal blames: the recipient's address (the subscriber bounced) or the site
// itself (its sender address, its message, its credentials — every message would meet it).
// By the command it answered:
// - MAIL FROM, AUTH, EHLO (anything before a recipient is named): the site.
// - RCPT TO: the recipient, unless the enhanced status is X.1.7 or X.1.8 (the sender's address
//   is bad) or the reply says "Sender address rejected" (Postfix, which by default checks the
//   sender only once a recipient is named, answers such refusals to RCPT TO).
// - DATA (the command or the message's end): the site (a policy or content refusal), unless
//   the enhanced status is X.1.x other than X.1.7 and X.1.8, which names the recipient's
//   address (a server that checks mailboxes only after the data).
DeliveryStatus blame_for_refusal(std::string_view command, std::string_view reply) {
  std::string_view status = enhanced_status(reply);
  const bool addressing = status.size() >= 4 && status.substr(1, 3) == ".1.";
  const bool sender_address = addressing && (status.substr(3) == ".7" || status.substr(3) == ".8");
  if (command == "RCPT TO") {
    return sender_address || reply.find("Sender address rejected") != std::string_view::npos
               ? DeliveryStatus::sender_refused
               : DeliveryStatus::permanent_failure;
  }
  if (command == "DATA" && addressing && !sender_address) return DeliveryStatus::permanent_failure;
  return DeliveryStatus::sender_refused;
}

// "MAIL FROM:<a@b>" → "MAIL FROM", "EHLO x" → "EHLO": the command, for `detail`.
std::string command_name(std::string_view line) {
  for (std::string_view two_words : {"MAIL FROM", "RCPT TO"})
    if (starts_with_ignoring_case(line, two_words)) return std::string(two_words);
  std::string name(line.substr(0, line.find(' ')));
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

}  // namespace

// The libcurl handle and what one send() needs its callbacks to see.
struct SmtpTransport::Connection {
  CURL* curl = nullptr;
  curl_slist* recipients = nullptr;
  char errors[CURL_ERROR_SIZE] = {};

  // The message being uploaded.
  std::string_view body;
  std::size_t offset = 0;

  // The dialogue, as seen through CURLOPT_DEBUGFUNCTION.
  const std::function<void(std::string_view)>* observer = nullptr;
  std::string last_reply;    // the last complete reply line ("550 5.1.1 …")
  std::string last_command;  // the command it answered ("RCPT TO")
  bool in_auth = false;      // between AUTH and its final reply, every client line is secret
  bool quitting = false;     // after QUIT (which libcurl sends when a command fails), the
                             // replies no longer decide anything

  Connection() {
    ensure_curl();
    curl = curl_easy_init();
  }
  ~Connection() {
    curl_slist_free_all(recipients);
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void observe(std::string_view direction, std::string_view line) const {
    if (observer != nullptr && *observer) (*observer)(std::string(direction) + std::string(line));
  }

  void on_server_line(std::string_view line) {
    observe("S: ", line);
    // A reply's last line has a space (or nothing) after its code: "250 OK", not "250-SIZE".
    if (!quitting && line.size() >= 3 && (line.size() == 3 || line[3] == ' ')) {
      last_reply = std::string(line);
      if (!line.starts_with("334")) in_auth = false;
    }
  }

  void on_client_line(std::string_view line) {
    if (starts_with_ignoring_case(line, "AUTH ")) {
      // "AUTH PLAIN <base64 of the password>": keep the mechanism, hide the rest.
      std::size_t mechanism_end = line.find(' ', 5);
      observe("C: ", mechanism_end == std::string_view::npos
                         ? line
                         : std::string(line.substr(0, mechanism_end)) + " ***");
      in_auth = true;
      last_command = "AUTH";
    } else if (in_auth) {
      observe("C: ", "***");  // an answer to a 334 challenge: the user name or the password
    } else {
      observe("C: ", line);
      if (command_name(line) == "QUIT")
        quitting = true;
      else
        last_command = command_name(line);
    }
  }

  static int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* self) {
    auto* connection = static_cast<Connection*>(self);
    if (type != CURLINFO_HEADER_IN && type != CURLINFO_HEADER_OUT) return 0;
    std::string_view text(data, size);
    while (!text.empty()) {
      std::size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      if (line.ends_with('\r')) line.remove_suffix(1);
      if (type == CURLINFO_HEADER_IN)
        connection->on_server_line(line);
      else
        connection->on_client_line(line);
    }
    return 0;
  }

  static size_t on_read(char* buffer, size_t size, size_t count, void* self) {
    auto* connection = static_cast<Connection*>(self);
    std::size_t n = std::min(size * count, connection->body.size() - connection->offset);
    std::memcpy(buffer, connection->body.data() + connection->offset, n);
    connection->offset += n;
    return n;
  }
};

SmtpTransport::SmtpTransport(SmtpSettings settings) : settings_(std::move(settings)) {}

SmtpTransport::~SmtpTransport() = default;

void SmtpTransport::set_dialogue_observer(std::function<void(std::string_view line)> observer) {
  observer_ = std::move(observer);
}

Delivery SmtpTransport::send(std::string_view sender, std::string_view recipient,
                             std::string_view message) {
  // An envelope address goes into "MAIL FROM:<…>" or "RCPT TO:<…>" as it is: the shared rule
  // (printable ASCII, no brackets or spaces) keeps an address from ending the command line
  // and injecting another.
  if (!is_email_address(recipient))
    return {DeliveryStatus::permanent_failure, 0, "malformed recipient address"};
  if (!is_email_address(sender))  // the site's setting: every message would fail alike
    return {DeliveryStatus::sender_refused, 0, "malformed sender address"};

  std::string scheme;
  if (settings_.tls == "tls") {
    scheme = "smtps";
  } else if (settings_.tls == "starttls" || settings_.tls == "none") {
    scheme = "smtp";
  } else {
    return {DeliveryStatus::temporary_failure, 0,
            "smtp.tls must be starttls, tls or none, not \"" + settings_.tls + "\""};
  }

  if (!connection_) connection_ = std::make_unique<Connection>();
  Connection& c = *connection_;
  CURL* curl = c.curl;
  if (curl == nullptr) {
    connection_.reset();
    return {DeliveryStatus::temporary_failure, 0, "cannot initialize libcurl"};
  }

  // The URL's path is the name given in EHLO (libcurl says "localhost" otherwise, which
  // servers checking HELO names refuse): the sender's domain. Only a new connection says
  // EHLO, and the path plays no part in libcurl's choice of a connection to reuse.
  const std::string host =
      settings_.host.find(':') != std::string::npos && !settings_.host.starts_with("[")
          ? "[" + settings_.host + "]"
          : settings_.host;
  std::string url = scheme + "://" + host + ":" + std::to_string(settings_.port);
  if (std::size_t at = sender.rfind('@'); at != std::string_view::npos && at + 1 < sender.size()) {
    std::string_view domain = sender.substr(at + 1);
    if (char* escaped = curl_easy_escape(curl, domain.data(), static_cast<int>(domain.size()))) {
      url += "/" + std::string(escaped);
      curl_free(escaped);
    }
  }

  const std::string mail_from = "<" + std::string(sender) + ">";
  curl_slist_free_all(c.recipients);
  c.recipients = curl_slist_append(nullptr, ("<" + std::string(recipient) + ">").c_str());
  c.body = message;
  c.offset = 0;
  c.observer = &observer_;
  c.last_reply.clear();
  c.last_command.clear();
  c.in_auth = false;
  c.quitting = false;
  c.errors[0] = '\0';

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, c.errors);
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   settings_.tls == "starttls" ? static_cast<long>(CURLUSESSL_ALL)
                                               : static_cast<long>(CURLUSESSL_NONE));
  if (!settings_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  // timeout_seconds bounds the connection, each reply, and any stall while uploading.
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, settings_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, settings_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, settings_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, c.recipients);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, &Connection::on_read);
  curl_easy_setopt(curl, CURLOPT_READDATA, &c);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  // The debug callback is how the server's reply text (for `detail`) and the dialogue (for
  // the observer) come out of libcurl; it needs CURLOPT_VERBOSE, and writes nothing itself.
  curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, &Connection::on_debug);
  curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &c);
  curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);

  const CURLcode result = curl_easy_perform(curl);
  long reply_code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply_code);
  c.body = {};

  Delivery delivery;
  if (result == CURLE_USE_SSL_FAILED) {
    // Not a passing failure: this server never offers STARTTLS, so every message would meet
    // the same refusal until the setting changes (typically a local relay, which needs none).
    delivery.status = DeliveryStatus::sender_refused;
    delivery.setting = "smtp.tls";
    delivery.detail =
        "the server does not offer STARTTLS, which smtp.tls starttls requires: for a relay on "
        "this machine or a trusted network, tribune config set smtp.tls none; for implicit TLS, "
        "smtp.tls tls with smtp.port 465";
    return delivery;
  }
  if (result == CURLE_OK) {
    delivery.status = DeliveryStatus::delivered;
    delivery.reply_code = static_cast<int>(reply_code);
    delivery.detail = c.last_reply;
    return delivery;
  }
  if (reply_code >= 400 && reply_code < 600 && !c.last_reply.empty()) {
    // A refusal (libcurl 7.88 reports 4xx and 5xx to MAIL FROM and RCPT TO as
    // CURLE_SEND_ERROR, "RCPT failed: 550"; the reply itself is more use to a reader).
    delivery.reply_code = static_cast<int>(reply_code);
    delivery.detail = c.last_reply;
    if (!c.last_command.empty()) delivery.detail += " (reply to " + c.last_command + ")";
    // A 5xx bounces the subscriber only when it refuses their address; one that refuses the
    // site (a relay refusing the sender, a wrong password) would otherwise bounce the whole
    // list, one message after another.
    delivery.status = reply_code >= 500 ? blame_for_refusal(c.last_command, c.last_reply)
                                        : DeliveryStatus::temporary_failure;
  } else {
    // No reply decided it: a network error, a timeout, TLS. reply_code stays 0 even when
    // libcurl remembers the last positive reply (354 before a stalled DATA, say).
    delivery.status = DeliveryStatus::temporary_failure;
    delivery.detail = curl_easy_strerror(result);
    if (c.errors[0] != '\0') delivery.detail += std::string(": ") + c.errors;
  }
  return delivery;
}

}  // namespace tribune::mail
