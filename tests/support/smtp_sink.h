// A real SMTP server for tests (tests/support/smtp_sink.py, aiosmtpd) on a free port, keeping
// what it accepts in a folder; and parse_mail, Python's `email` package's reading of a message.
//
//   SmtpSink sink({.reject = {"gone@example.org"}});
//   mail::SmtpTransport smtp({.host = "127.0.0.1", .port = sink.port(), .tls = "none"});
//   ... send ...
//   ASSERT_TRUE(sink.wait_for_messages(1, std::chrono::seconds(5)));
//   nlohmann::json parsed = parse_mail(sink.messages()[0].file);
//   EXPECT_EQ(parsed["headers"]["subject"][0], "Bonjour");
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tribune::testing {

class TempDir;

// The sink's behaviour; each field mirrors one of smtp_sink.py's options.
struct SmtpSinkOptions {
  int temporary_failures = 0;       // "451 4.3.0 Try again later" to the first N RCPT TO overall
  std::vector<std::string> reject;  // "550 5.1.1" to RCPT TO for these addresses, always
  std::string reject_reply;         // the reply for `reject` instead of "550 5.1.1 …"
  int refuse_mail_from = 0;         // "553 5.7.1" to the first N MAIL FROM overall; -1: all
  int refuse_data = 0;              // `data_refusal` after the first N messages' data; -1: all
  std::string data_refusal;         // empty: "554 5.7.1 Message refused by policy"
  std::string auth;                 // "USER:PASSWORD": AUTH PLAIN/LOGIN required, without TLS
  int delay_ms = 0;                 // wait after the message's data before answering 250
  double idle_timeout_seconds = 0;  // close idle connections after that long; 0: 300 s
  std::filesystem::path dir;        // where messages go; empty: a temporary folder
};

// One message the sink accepted.
struct ReceivedMessage {
  int number = 0;                     // 1, 2, … in the order accepted
  std::filesystem::path file;         // DIR/NNNNNN.eml
  std::string raw;                    // the bytes after DATA, dot-unstuffed, CRLF line ends
  std::string mail_from;              // the envelope sender (MAIL FROM)
  std::vector<std::string> rcpt_tos;  // the accepted envelope recipients
  int connection = 0;                 // the TCP connection it came on, numbered from 1
};

class SmtpSink {
 public:
  // Starts the sink on 127.0.0.1 and a free port and waits for it to listen; fails the test
  // (ADD_FAILURE, port() 0) when it does not within 10 s.
  explicit SmtpSink(SmtpSinkOptions options = {});
  // Stops the sink (see stop()); a temporary folder goes with it.
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return port_; }
  const std::filesystem::path& dir() const { return dir_; }

  // The messages accepted so far, in order.
  std::vector<ReceivedMessage> messages() const;

  // Every MAIL FROM, RCPT TO and end of DATA so far, with the reply code it got, in order:
  // "MAIL FROM <news@example.org> 553", "RCPT TO <awa@example.org> 250", "DATA 554".
  std::vector<std::string> commands() const;

  // Waits until at least `count` messages were accepted; false when `timeout` passes first.
  bool wait_for_messages(std::size_t count, std::chrono::milliseconds timeout) const;

  // SIGTERM, then SIGKILL when it has not exited after 5 s. Idempotent.
  void stop();

 private:
  std::unique_ptr<TempDir> temp_dir_;
  std::filesystem::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// tests/support/parse_mail.py's JSON for the message in `file` ({"headers": {lower-case
// name: [values]}, "content_type", "parts": [{"content_type", "charset", "content"}],
// "defects"}); with `dkim_dns` (a file holding the TXT record), also "dkim_valid". Fails the
// test and returns null when the script fails.
nlohmann::json parse_mail(const std::filesystem::path& file,
                          const std::filesystem::path& dkim_dns = {});

}  // namespace tribune::testing
