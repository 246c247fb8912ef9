#include "mail/smtp_transport.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "mail/message.h"
#include "support/process.h"
#include "support/smtp_sink.h"

namespace tribune::mail {
namespace {

using namespace std::chrono_literals;
using testing::parse_mail;
using testing::SmtpSink;
using testing::SmtpSinkOptions;

constexpr const char* kSender = "news@sahel.example";

SmtpSettings settings_for(const SmtpSink& sink) {
  SmtpSettings settings;
  settings.host = "127.0.0.1";
  settings.port = sink.port();
  settings.tls = "none";
  settings.timeout_seconds = 5;
  return settings;
}

std::string message_to(const std::string& recipient, const std::string& subject) {
  MailMessage message;
  message.from = {"Sahel Tribune", kSender};
  message.to = {"", recipient};
  message.subject = subject;
  message.text = "Bonjour,\n.une ligne qui commence par un point\nÀ bientôt 🌍\n";
  message.html = "<p>Bonjour, à bientôt 🌍</p>";
  message.message_id = subject + "@sahel.example";
  message.date = 1752224400;
  auto bytes = format_message(message);
  EXPECT_TRUE(bytes.ok()) << bytes.error().to_string();
  return bytes.ok() ? *bytes : std::string();
}

TEST(SmtpTransport, DeliversSeveralMessagesOnOneConnection) {
  SmtpSink sink;
  SmtpTransport smtp(settings_for(sink));
  std::vector<std::string> sent;
  for (int i = 1; i <= 3; ++i) {
    sent.push_back(message_to("awa@example.org", "m" + std::to_string(i)));
    Delivery delivery = smtp.send(kSender, "awa@example.org", sent.back());
    EXPECT_EQ(delivery.status, DeliveryStatus::delivered) << delivery.detail;
    EXPECT_EQ(delivery.reply_code, 250);
    EXPECT_NE(delivery.detail.find("250"), std::string::npos) << delivery.detail;
  }
  ASSERT_TRUE(sink.wait_for_messages(3, 5s));
  auto received = sink.messages();
  ASSERT_EQ(received.size(), 3u);
  for (const auto& message : received) {
    EXPECT_EQ(message.connection, 1) << "libcurl should reuse the first connection";
    EXPECT_EQ(message.mail_from, kSender);
    EXPECT_EQ(message.rcpt_tos, std::vector<std::string>{"awa@example.org"});
  }
  // What was received is what was sent, the leading dot unstuffed again.
  EXPECT_EQ(received[1].raw, sent[1]);
  nlohmann::json parsed = parse_mail(received[0].file);
  EXPECT_EQ(parsed["headers"]["subject"][0], "m1");
  EXPECT_EQ(parsed["parts"][0]["content"],
            "Bonjour,\n.une ligne qui commence par un point\nÀ bientôt 🌍\n");
}

TEST(SmtpTransport, TemporaryFailureThenDeliveredOnRetry) {
  SmtpSink sink({.temporary_failures = 1});
  SmtpTransport smtp(settings_for(sink));
  std::string message = message_to("awa@example.org", "retry");
  Delivery first = smtp.send(kSender, "awa@example.org", message);
  EXPECT_EQ(first.status, DeliveryStatus::temporary_failure);
  EXPECT_EQ(first.reply_code, 451);
  EXPECT_EQ(first.detail, "451 4.3.0 Try again later (reply to RCPT TO)");
  Delivery second = smtp.send(kSender, "awa@example.org", message);
  EXPECT_EQ(second.status, DeliveryStatus::delivered) << second.detail;
  EXPECT_EQ(second.reply_code, 250);
  ASSERT_TRUE(sink.wait_for_messages(1, 5s));
}

TEST(SmtpTransport, RejectedRecipientIsPermanentAndTheNextSendWorks) {
  SmtpSink sink({.reject = {"gone@example.org"}});
  SmtpTransport smtp(settings_for(sink));
  Delivery refused =
      smtp.send(kSender, "gone@example.org", message_to("gone@example.org", "refused"));
  EXPECT_EQ(refused.status, DeliveryStatus::permanent_failure);
  EXPECT_EQ(refused.reply_code, 550);
  EXPECT_EQ(refused.detail, "550 5.1.1 Mailbox unavailable (reply to RCPT TO)");
  Delivery next = smtp.send(kSender, "awa@example.org", message_to("awa@example.org", "next"));
  EXPECT_EQ(next.status, DeliveryStatus::delivered) << next.detail;
  ASSERT_TRUE(sink.wait_for_messages(1, 5s));
  EXPECT_EQ(sink.messages().at(0).rcpt_tos, std::vector<std::string>{"awa@example.org"});
}

TEST(SmtpTransport, AuthenticatesAndHidesTheSecretFromTheObserver) {
  SmtpSink sink({.auth = "tribune:s3cret-Pa55"});
  SmtpSettings settings = settings_for(sink);
  settings.user = "tribune";
  settings.password = "s3cret-Pa55";
  SmtpTransport smtp(settings);
  std::vector<std::string> dialogue;
  smtp.set_dialogue_observer([&](std::string_view line) { dialogue.emplace_back(line); });
  Delivery delivery = smtp.send(kSender, "awa@example.org", message_to("awa@example.org", "auth"));
  EXPECT_EQ(delivery.status, DeliveryStatus::delivered) << delivery.detail;
  ASSERT_TRUE(sink.wait_for_messages(1, 5s));

  bool saw_mail_from = false, saw_auth = false;
  for (const std::string& line : dialogue) {
    if (line.find("MAIL FROM") != std::string::npos) saw_mail_from = true;
    if (line.starts_with("C: AUTH ")) saw_auth = true;
    // Neither the password nor any base64 form of it (LOGIN: the password alone; PLAIN:
    // "\0user\0password") may show.
    EXPECT_EQ(line.find("s3cret"), std::string::npos) << line;
    EXPECT_EQ(line.find("czNjcmV0LVBhNTU"), std::string::npos) << line;       // "s3cret-Pa55"
    EXPECT_EQ(line.find("AHRyaWJ1bmUAczNjcmV0"), std::string::npos) << line;  // PLAIN
    EXPECT_EQ(line.find("dHJpYnVuZQ"), std::string::npos) << line;            // "tribune"
  }
  EXPECT_TRUE(saw_mail_from);
  EXPECT_TRUE(saw_auth);
  EXPECT_NE(std::find(dialogue.begin(), dialogue.end(), "C: EHLO sahel.example"), dialogue.end())
      << "EHLO names the sender's domain";
  EXPECT_FALSE(dialogue.empty() || dialogue.front().rfind("S: 220", 0) != 0) << dialogue.front();
  for (const std::string& line : dialogue)
    EXPECT_EQ(line.find("Bonjour"), std::string::npos) << "the body is left out: " << line;
}

TEST(SmtpTransport, WrongPasswordRefusesTheSiteNotTheAddress) {
  SmtpSink sink({.auth = "tribune:right"});
  SmtpSettings settings = settings_for(sink);
  settings.user = "tribune";
  settings.password = "wrong";
  SmtpTransport smtp(settings);
  Delivery delivery = smtp.send(kSender, "awa@example.org", message_to("awa@example.org", "x"));
  // 535 refuses the site's credentials, not the address: the message waits for the fix.
  EXPECT_EQ(delivery.status, DeliveryStatus::sender_refused);
  EXPECT_EQ(delivery.reply_code, 535);
  EXPECT_NE(delivery.detail.find("535"), std::string::npos) << delivery.detail;
  EXPECT_NE(delivery.detail.find("AUTH"), std::string::npos) << delivery.detail;
}

TEST(SmtpTransport, ClosedPortIsTemporary) {
  SmtpSettings settings;
  settings.host = "127.0.0.1";
  settings.port = testing::free_port();
  settings.tls = "none";
  settings.timeout_seconds = 5;
  SmtpTransport smtp(settings);
  Delivery delivery = smtp.send(kSender, "awa@example.org", message_to("awa@example.org", "x"));
  EXPECT_EQ(delivery.status, DeliveryStatus::temporary_failure);
  EXPECT_EQ(delivery.reply_code, 0);
  EXPECT_NE(delivery.detail.find("onnect"), std::string::npos) << delivery.detail;
}

TEST(SmtpTransport, SlowServerTimesOut) {
  SmtpSink sink({.delay_ms = 2500});
  SmtpSettings settings = settings_for(sink);
  settings.timeout_seconds = 1;
  SmtpTransport smtp(settings);
  auto started = std::chrono::steady_clock::now();
  Delivery delivery = smtp.send(kSender, "awa@example.org", message_to("awa@example.org", "slow"));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2400ms);
  EXPECT_EQ(delivery.status, DeliveryStatus::temporary_failure);
  EXPECT_EQ(delivery.reply_code, 0);
  EXPECT_NE(delivery.detail.find("imeout"), std::string::npos) << delivery.detail;
}

TEST(SmtpTransport, ReconnectsWhenTheServerDroppedTheConnection) {
  SmtpSink sink({.idle_timeout_seconds = 0.3});
  SmtpTransport smtp(settings_for(sink));
  EXPECT_EQ(smtp.send(kSender, "awa@example.org", message_to("awa@example.org", "a")).status,
            DeliveryStatus::delivered);
  std::this_thread::sleep_for(800ms);  // the sink closes the idle connection
  Delivery delivery = smtp.send(kSender, "awa@example.org", message_to("awa@example.org", "b"));
  EXPECT_EQ(delivery.status, DeliveryStatus::delivered) << delivery.detail;
  ASSERT_TRUE(sink.wait_for_messages(2, 5s));
  EXPECT_EQ(sink.messages().at(1).connection, 2);
}

TEST(SmtpTransport, StartTlsRequiredButNotOfferedIsTheSettingsFault) {
  SmtpSink sink;
  SmtpSettings settings = settings_for(sink);
  settings.tls = "starttls";
  SmtpTransport smtp(settings);
  Delivery delivery = smtp.send(kSender, "awa@example.org", message_to("awa@example.org", "x"));
  // Every message would fail alike until the setting changes: the site, not the recipient.
  EXPECT_EQ(delivery.status, DeliveryStatus::sender_refused);
  EXPECT_EQ(delivery.reply_code, 0);
  EXPECT_EQ(delivery.setting, "smtp.tls");
  EXPECT_NE(delivery.detail.find("does not offer STARTTLS"), std::string::npos) << delivery.detail;
  EXPECT_NE(delivery.detail.find("smtp.tls none"), std::string::npos) << delivery.detail;
  EXPECT_TRUE(sink.messages().empty()) << "nothing may go out in clear text";
}

TEST(SmtpTransport, MalformedEnvelopeAddressesAreRefusedBeforeConnecting) {
  SmtpSettings settings;
  settings.host = "127.0.0.1";
  settings.port = testing::free_port();
  settings.tls = "none";
  SmtpTransport smtp(settings);
  Delivery injected = smtp.send(kSender, "a@example.org>\r\nRCPT TO:<b@example.org", "x");
  EXPECT_EQ(injected.status, DeliveryStatus::permanent_failure);
  EXPECT_EQ(injected.reply_code, 0);
  Delivery bad_sender = smtp.send("news@sahel.example\r\n", "a@example.org", "x");
  EXPECT_EQ(bad_sender.status, DeliveryStatus::sender_refused);
}

TEST(SmtpTransport, ARefusedSenderIsTheSitesProblemNotTheRecipients) {
  SmtpSink sink({.refuse_mail_from = 1});
  SmtpTransport smtp(settings_for(sink));
  Delivery refused = smtp.send(kSender, "awa@example.org", message_to("awa@example.org", "a"));
  EXPECT_EQ(refused.status, DeliveryStatus::sender_refused);
  EXPECT_EQ(refused.reply_code, 553);
  EXPECT_NE(refused.detail.find("553 5.7.1"), std::string::npos) << refused.detail;
  EXPECT_NE(refused.detail.find("(reply to MAIL FROM)"), std::string::npos) << refused.detail;
  Delivery next = smtp.send(kSender, "awa@example.org", message_to("awa@example.org", "b"));
  EXPECT_EQ(next.status, DeliveryStatus::delivered) << next.detail;
  EXPECT_EQ(sink.commands(),
            (std::vector<std::string>{"MAIL FROM <news@sahel.example> 553",
                                      "MAIL FROM <news@sahel.example> 250",
                                      "RCPT TO <awa@example.org> 250", "DATA 250"}));
}

TEST(SmtpTransport, ARefusedMessageIsTheSitesProblemUnlessTheReplyNamesTheRecipient) {
  SmtpSink policy({.refuse_data = 1});
  SmtpTransport smtp(settings_for(policy));
  Delivery refused = smtp.send(kSender, "awa@example.org", message_to("awa@example.org", "a"));
  EXPECT_EQ(refused.status, DeliveryStatus::sender_refused);
  EXPECT_EQ(refused.reply_code, 554);
  EXPECT_NE(refused.detail.find("554 5.7.1 Message refused by policy (reply to DATA)"),
            std::string::npos)
      << refused.detail;
  EXPECT_EQ(smtp.send(kSender, "awa@example.org", message_to("awa@example.org", "b")).status,
            DeliveryStatus::delivered);

  // A server that checks mailboxes after the data, and says so with a 5.1.x status.
  SmtpSink late({.refuse_data = 1, .data_refusal = "550 5.1.1 <gone@example.org>: unknown"});
  SmtpTransport late_smtp(settings_for(late));
  Delivery bounced =
      late_smtp.send(kSender, "gone@example.org", message_to("gone@example.org", "c"));
  EXPECT_EQ(bounced.status, DeliveryStatus::permanent_failure) << bounced.detail;
  EXPECT_EQ(bounced.reply_code, 550);
  // Postfix refuses a sender in its reply to RCPT TO.
  SmtpSink postfix({.reject = {"awa@example.org"},
                    .reject_reply = "553 5.7.1 <news@sahel.example>: Sender address rejected: "
                                    "not owned by user tribune"});
  SmtpTransport postfix_smtp(settings_for(postfix));
  Delivery sender =
      postfix_smtp.send(kSender, "awa@example.org", message_to("awa@example.org", "d"));
  EXPECT_EQ(sender.status, DeliveryStatus::sender_refused) << sender.detail;
  EXPECT_NE(sender.detail.find("(reply to RCPT TO)"), std::string::npos) << sender.detail;
}

}  // namespace
}  // namespace tribune::mail
