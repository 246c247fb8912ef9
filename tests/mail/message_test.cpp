#include "mail/message.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/smtp_sink.h"
#include "support/temp_dir.h"

namespace tribune::mail {
namespace {

using testing::parse_mail;
using testing::TempDir;
using testing::write_text;

const std::string kText =
    "Bonjour Awa,\n\nUn nouvel article : « Économie : la récolte de coton dépasse les "
    "prévisions » 🌾\n\nÀ bientôt,\nLa rédaction\n";
const std::string kHtml =
    "<p>Bonjour Awa,</p>\n<p>Un nouvel article : <a href=\"https://sahel.example/a\">« Économie "
    "»</a> 🌾</p>\n";

MailMessage sample() {
  MailMessage message;
  message.from = {"Sahel Tribune — Rédaction", "news@sahel.example"};
  message.reply_to = {"", "redaction@sahel.example"};
  message.to = {"Awa Diallo", "awa@example.org"};
  message.subject = "Économie : la récolte dépasse les prévisions 🌾";
  message.text = kText;
  message.html = kHtml;
  message.message_id = "article-42.awa@sahel.example";
  message.date = 1752224400;  // 2025-07-11T09:00:00Z
  message.headers = {
      {"List-Unsubscribe",
       "<https://sahel.example/unsubscribe?token=0123456789abcdef0123456789abcdef0123456789abcdef>,"
       " <mailto:unsubscribe@sahel.example?subject=0123456789abcdef>"},
      {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
  };
  return message;
}

// The message formatted, written to a file and read back by Python's email package.
nlohmann::json parsed(const std::string& bytes) {
  TempDir dir;
  write_text(dir / "message.eml", bytes);
  return parse_mail(dir / "message.eml");
}

std::string format_ok(const MailMessage& message) {
  auto bytes = format_message(message);
  EXPECT_TRUE(bytes.ok()) << bytes.error().to_string();
  return bytes.ok() ? *bytes : std::string();
}

// The raw (folded, encoded) value of the first header `name`, as it is in `bytes`.
std::string raw_header(const std::string& bytes, const std::string& name) {
  std::size_t start = bytes.find("\r\n" + name + ": ");
  if (start == std::string::npos && bytes.starts_with(name + ": ")) start = 0;
  if (start == std::string::npos) return {};
  if (start != 0) start += 2;
  std::size_t end = start;
  do {
    end = bytes.find("\r\n", end) + 2;
  } while (bytes[end] == ' ' || bytes[end] == '\t');
  return bytes.substr(start, end - start);
}

TEST(FormatMessage, PythonReadsBackEveryHeaderAndBothParts) {
  const std::string bytes = format_ok(sample());
  nlohmann::json mail = parsed(bytes);
  ASSERT_TRUE(mail.is_object());
  const auto& headers = mail["headers"];
  EXPECT_EQ(headers["from"][0], "Sahel Tribune — Rédaction <news@sahel.example>");
  EXPECT_EQ(headers["to"][0], "Awa Diallo <awa@example.org>");
  EXPECT_EQ(headers["reply-to"][0], "redaction@sahel.example");
  EXPECT_EQ(headers["subject"][0], "Économie : la récolte dépasse les prévisions 🌾");
  EXPECT_EQ(headers["date"][0], "Fri, 11 Jul 2025 09:00:00 +0000");
  EXPECT_EQ(headers["message-id"][0], "<article-42.awa@sahel.example>");
  EXPECT_EQ(headers["mime-version"][0], "1.0");
  EXPECT_EQ(headers["list-unsubscribe"][0], sample().headers[0].second);
  EXPECT_EQ(headers["list-unsubscribe-post"][0], "List-Unsubscribe=One-Click");
  for (const auto& [name, values] : headers.items())
    EXPECT_EQ(values.size(), 1u) << name << " appears more than once";

  EXPECT_EQ(mail["content_type"], "multipart/alternative");
  ASSERT_EQ(mail["parts"].size(), 2u);
  EXPECT_EQ(mail["parts"][0]["content_type"], "text/plain");
  EXPECT_EQ(mail["parts"][0]["charset"], "utf-8");
  EXPECT_EQ(mail["parts"][0]["content"], kText);
  EXPECT_EQ(mail["parts"][1]["content_type"], "text/html");
  EXPECT_EQ(mail["parts"][1]["charset"], "utf-8");
  EXPECT_EQ(mail["parts"][1]["content"], kHtml);
  EXPECT_TRUE(mail["defects"].empty()) << mail["defects"].dump();
}

TEST(FormatMessage, WireFormIsSevenBitCrlfWithShortLines) {
  MailMessage message = sample();
  message.text += std::string(3000, 'x') + " une très longue ligne\n";
  message.subject += std::string(300, 'y');
  const std::string bytes = format_ok(message);
  std::size_t line_length = 0, longest = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    ASSERT_LT(byte, 0x80) << "8-bit byte at " << i;
    if (bytes[i] == '\n') {
      ASSERT_TRUE(i > 0 && bytes[i - 1] == '\r') << "bare LF at " << i;
      longest = std::max(longest, line_length - 1);
      line_length = 0;
    } else {
      if (bytes[i] == '\r') {
        ASSERT_TRUE(i + 1 < bytes.size() && bytes[i + 1] == '\n') << "bare CR at " << i;
      }
      ++line_length;
    }
  }
  EXPECT_LE(longest, 998u);
  EXPECT_TRUE(bytes.ends_with("\r\n"));
  nlohmann::json mail = parsed(bytes);
  EXPECT_EQ(mail["parts"][0]["content"], message.text) << "a long line survives the encoding";
}

TEST(FormatMessage, NonAsciiHeaderTextIsRfc2047Encoded) {
  const std::string bytes = format_ok(sample());
  const std::string subject = raw_header(bytes, "Subject");
  EXPECT_NE(subject.find("=?"), std::string::npos) << subject;
  EXPECT_NE(subject.find("?="), std::string::npos) << subject;
  EXPECT_EQ(subject.find("é"), std::string::npos) << subject;
  const std::string from = raw_header(bytes, "From");
  EXPECT_NE(from.find("=?"), std::string::npos) << from;
  EXPECT_NE(from.find("<news@sahel.example>"), std::string::npos) << from;
  // Structured headers stay as they are: an encoded word would break List-Unsubscribe.
  EXPECT_EQ(raw_header(bytes, "List-Unsubscribe").find("=?"), std::string::npos);
  EXPECT_NE(raw_header(bytes, "Content-Transfer-Encoding").find("quoted-printable"),
            std::string::npos);
}

TEST(FormatMessage, ExtraHeadersKeepTheirOrder) {
  const std::string bytes = format_ok(sample());
  std::size_t unsubscribe = bytes.find("\r\nList-Unsubscribe: ");
  std::size_t post = bytes.find("\r\nList-Unsubscribe-Post: ");
  ASSERT_NE(unsubscribe, std::string::npos);
  ASSERT_NE(post, std::string::npos);
  EXPECT_LT(unsubscribe, post);
  EXPECT_LT(post, bytes.find("\r\n\r\n")) << "both are in the message header";
}

TEST(FormatMessage, PlainAsciiTextOnlyIsOneSevenBitPart) {
  MailMessage message = sample();
  message.subject = "Hello";
  message.text = "Plain ASCII text.\nSecond line.";
  message.html.clear();
  message.reply_to = {};
  const std::string bytes = format_ok(message);
  EXPECT_NE(bytes.find("Content-Type: text/plain; charset=utf-8\r\n"), std::string::npos);
  EXPECT_NE(bytes.find("Content-Transfer-Encoding: 7bit\r\n"), std::string::npos);
  EXPECT_EQ(bytes.find("Reply-To:"), std::string::npos);
  EXPECT_TRUE(bytes.ends_with("\r\n\r\nPlain ASCII text.\r\nSecond line.\r\n")) << bytes;
  nlohmann::json mail = parsed(bytes);
  EXPECT_EQ(mail["content_type"], "text/plain");
  ASSERT_EQ(mail["parts"].size(), 1u);
  EXPECT_EQ(mail["parts"][0]["content"], message.text + "\n");
}

TEST(FormatMessage, MissingMessageIdAndDateAreFilledIn) {
  MailMessage message = sample();
  message.message_id.clear();
  message.date = 0;
  const std::string bytes = format_ok(message);
  nlohmann::json mail = parsed(bytes);
  const std::string id = mail["headers"]["message-id"][0];
  EXPECT_TRUE(id.starts_with("<") && id.ends_with("@sahel.example>")) << id;
  EXPECT_EQ(mail["headers"]["date"].size(), 1u);
  EXPECT_EQ(std::string(mail["headers"]["date"][0]).find("1970"), std::string::npos);
}

struct BadCase {
  const char* what;
  void (*spoil)(MailMessage&);
  const char* field;
};

TEST(FormatMessage, UsualAddressFormsAreAccepted) {
  for (const char* address : {"o'brien@example.ie", "first.last+news@mail.example.org",
                              "a_b-c@x.example", "AWA@EXAMPLE.ORG"}) {
    MailMessage message = sample();
    message.to.address = address;
    auto bytes = format_message(message);
    EXPECT_TRUE(bytes.ok()) << address << ": " << bytes.error().to_string();
  }
}

TEST(FormatMessage, MalformedInputIsRefusedNamingTheField) {
  const std::vector<BadCase> cases = {
      {"no @", [](MailMessage& m) { m.to.address = "awa.example.org"; }, "to"},
      {"two @", [](MailMessage& m) { m.to.address = "awa@x@example.org"; }, "to"},
      {"empty local part", [](MailMessage& m) { m.to.address = "@example.org"; }, "to"},
      {"empty domain", [](MailMessage& m) { m.to.address = "awa@"; }, "to"},
      {"space", [](MailMessage& m) { m.to.address = "awa diallo@example.org"; }, "to"},
      {"angle bracket", [](MailMessage& m) { m.to.address = "awa@example.org>"; }, "to"},
      {"quote", [](MailMessage& m) { m.to.address = "\"awa\"@example.org"; }, "to"},
      {"CRLF in address",
       [](MailMessage& m) { m.to.address = "awa@example.org\r\nBcc: all@example.org"; }, "to"},
      {"bad sender", [](MailMessage& m) { m.from.address = "news"; }, "from"},
      {"LF in sender name", [](MailMessage& m) { m.from.name = "Sahel\nBcc: x@y.z"; }, "from"},
      {"bad reply-to", [](MailMessage& m) { m.reply_to.address = "a b@c.d"; }, "reply_to"},
      {"doubled dot", [](MailMessage& m) { m.to.address = "awa..d@example.org"; }, "to"},
      {"bad message id", [](MailMessage& m) { m.message_id = "<x@y.z>"; }, "message_id"},
      {"CR in subject", [](MailMessage& m) { m.subject = "Hello\rBcc: x@y.z"; }, "subject"},
      {"LF in an extra header",
       [](MailMessage& m) { m.headers[0].second = "<https://x.example>\nBcc: x@y.z"; },
       "List-Unsubscribe"},
      {"non-ASCII extra header",
       [](MailMessage& m) { m.headers[1].second = "List-Unsubscribe=Oui-é"; },
       "List-Unsubscribe-Post"},
      {"extra header duplicating Subject",
       [](MailMessage& m) { m.headers.emplace_back("subject", "again"); }, "subject"},
      {"header name with a colon", [](MailMessage& m) { m.headers.emplace_back("X-A:B", "c"); },
       "X-A:B"},
      {"text not UTF-8", [](MailMessage& m) { m.text = "caf\xe9"; }, "text"},
  };
  for (const BadCase& bad : cases) {
    MailMessage message = sample();
    bad.spoil(message);
    auto bytes = format_message(message);
    ASSERT_FALSE(bytes.ok()) << bad.what;
    EXPECT_EQ(bytes.error().code, Errc::invalid_input) << bad.what;
    EXPECT_EQ(bytes.error().field, bad.field) << bad.what;
  }
}

}  // namespace
}  // namespace tribune::mail
