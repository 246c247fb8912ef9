#include "mail/dkim.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "mail/message.h"
#include "support/smtp_sink.h"
#include "support/temp_dir.h"

namespace tribune::mail {
namespace {

using testing::parse_mail;
using testing::TempDir;
using testing::write_text;

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// One RSA key for the whole suite (generating one takes a moment): openssl, which Debian
// installs with ca-certificates, writes the private key and the DNS TXT record's p=.
class Dkim : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    keys_ = new TempDir();
    const std::string key = (*keys_ / "dkim.pem").string();
    const std::string public_key = (*keys_ / "public.b64").string();
    ASSERT_EQ(std::system(("openssl genrsa -out '" + key + "' 2048 2>/dev/null").c_str()), 0);
    ASSERT_EQ(std::system(("openssl rsa -in '" + key + "' -pubout -outform DER 2>/dev/null" +
                           " | base64 -w0 > '" + public_key + "'")
                              .c_str()),
              0);
    write_text(*keys_ / "dns.txt", "v=DKIM1; k=rsa; p=" + slurp(public_key));
  }
  static void TearDownTestSuite() {
    delete keys_;
    keys_ = nullptr;
  }

  static DkimSettings settings() { return {"sahel.example", "tribune", *keys_ / "dkim.pem"}; }
  static std::filesystem::path dns() { return *keys_ / "dns.txt"; }

  static std::string formatted() {
    MailMessage message;
    message.from = {"Sahel Tribune — Rédaction", "news@sahel.example"};
    message.reply_to = {"", "redaction@sahel.example"};
    message.to = {"Awa Diallo", "awa@example.org"};
    message.subject = "Économie : la récolte dépasse les prévisions 🌾";
    message.text = "Bonjour,\n.Un article : « Économie » 🌾\n";
    message.html = "<p>Bonjour, « Économie » 🌾</p>\n";
    message.message_id = "article-42@sahel.example";
    message.date = 1752224400;
    message.headers = {
        {"List-Unsubscribe",
         "<https://sahel.example/unsubscribe?token=0123456789abcdef0123456789abcdef>, "
         "<mailto:unsubscribe@sahel.example?subject=0123456789abcdef>"},
        {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
    };
    auto bytes = format_message(message);
    EXPECT_TRUE(bytes.ok()) << bytes.error().to_string();
    return bytes.ok() ? *bytes : std::string();
  }

  static bool verifies(const std::string& message) {
    TempDir dir;
    write_text(dir / "signed.eml", message);
    nlohmann::json parsed = parse_mail(dir / "signed.eml", dns());
    return parsed.is_object() && parsed.value("dkim_valid", false);
  }

  static TempDir* keys_;
};

TempDir* Dkim::keys_ = nullptr;

// The DKIM-Signature header of `message`, unfolded.
std::string signature_header(const std::string& message) {
  std::string header;
  std::size_t end = 0;
  do {
    end = message.find("\r\n", end) + 2;
  } while (message[end] == ' ' || message[end] == '\t');
  for (char c : message.substr(0, end))
    if (c != '\r' && c != '\n' && c != '\t' && c != ' ') header += c;
  return header;
}

// The tag `name` of an unfolded signature ("h" → "From:To:…"), lower-cased.
std::string tag(const std::string& header, const std::string& name) {
  std::size_t start = header.find(";" + name + "=");
  if (start == std::string::npos) return {};
  start += name.size() + 2;
  std::string value = header.substr(start, header.find(';', start) - start);
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return value;
}

TEST_F(Dkim, SignedMessageVerifiesWithPythonDkim) {
  auto signer = DkimSigner::load(settings());
  ASSERT_TRUE(signer.ok()) << signer.error().to_string();
  const std::string message = formatted();
  auto signed_message = (*signer)->sign(message);
  ASSERT_TRUE(signed_message.ok()) << signed_message.error().to_string();
  EXPECT_TRUE(signed_message->starts_with("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;"))
      << signed_message->substr(0, 200);
  EXPECT_TRUE(signed_message->ends_with(message)) << "the message follows, unchanged";
  const std::string header = signed_message->substr(0, signed_message->size() - message.size());
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == '\n') {
      ASSERT_EQ(header[i - 1], '\r') << "bare LF in the signature at " << i;
    }
  EXPECT_TRUE(verifies(*signed_message));
}

TEST_F(Dkim, SignatureCoversTheListHeaders) {
  auto signer = DkimSigner::load(settings());
  ASSERT_TRUE(signer.ok());
  auto signed_message = (*signer)->sign(formatted());
  ASSERT_TRUE(signed_message.ok());
  const std::string header = signature_header(*signed_message);
  EXPECT_EQ(tag(header, "d"), "sahel.example");
  EXPECT_EQ(tag(header, "s"), "tribune");
  std::string signed_headers = ":" + tag(header, "h") + ":";
  for (const char* name :
       {"from", "to", "subject", "date", "message-id", "reply-to", "mime-version", "content-type",
        "list-unsubscribe", "list-unsubscribe-post"})
    EXPECT_NE(signed_headers.find(std::string(":") + name + ":"), std::string::npos)
        << name << " missing from h=" << signed_headers;
}

TEST_F(Dkim, TamperedListUnsubscribeFailsVerification) {
  auto signer = DkimSigner::load(settings());
  ASSERT_TRUE(signer.ok());
  auto signed_message = (*signer)->sign(formatted());
  ASSERT_TRUE(signed_message.ok());
  std::string tampered = *signed_message;
  std::size_t at = tampered.find("https://sahel.example/unsubscribe");
  ASSERT_NE(at, std::string::npos);
  tampered.replace(at, std::string("https://sahel.example").size(), "https://evil.example");
  EXPECT_FALSE(verifies(tampered));
  EXPECT_TRUE(verifies(*signed_message)) << "the untouched copy still verifies";
}

TEST_F(Dkim, OneSignerSignsFromSeveralThreads) {
  auto signer = DkimSigner::load(settings());
  ASSERT_TRUE(signer.ok());
  const std::string message = formatted();
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        auto signed_message = (*signer)->sign(message);
        if (!signed_message.ok()) return;
        results[t] = *signed_message;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const std::string& result : results) ASSERT_FALSE(result.empty());
  EXPECT_TRUE(verifies(results[0]));
  EXPECT_TRUE(verifies(results[3]));
}

TEST_F(Dkim, UnusableKeysAreRefusedAtLoad) {
  TempDir dir;
  DkimSettings missing = settings();
  missing.private_key = dir / "missing.pem";
  auto no_file = DkimSigner::load(missing);
  ASSERT_FALSE(no_file.ok());
  EXPECT_EQ(no_file.error().code, Errc::io);
  EXPECT_NE(no_file.error().to_string().find("missing.pem"), std::string::npos);

  write_text(dir / "garbage.pem",
             "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
  DkimSettings garbage = settings();
  garbage.private_key = dir / "garbage.pem";
  auto bad_key = DkimSigner::load(garbage);
  ASSERT_FALSE(bad_key.ok());
  EXPECT_EQ(bad_key.error().code, Errc::invalid_input);
  EXPECT_EQ(bad_key.error().field, "dkim.key");
  EXPECT_NE(bad_key.error().to_string().find("garbage.pem"), std::string::npos);

  DkimSettings no_domain = settings();
  no_domain.domain.clear();
  auto refused = DkimSigner::load(no_domain);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "dkim.domain");
}

}  // namespace
}  // namespace tribune::mail
