#include "mail/file_transport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "mail/message.h"
#include "support/temp_dir.h"

namespace tribune::mail {
namespace {

using testing::TempDir;
using testing::write_text;

std::string message_with(const std::string& subject, UnixSeconds date) {
  MailMessage message;
  message.from = {"Sahel Tribune — Rédaction", "news@sahel.example"};
  message.to = {"Awa Diallo", "awa@example.org"};
  message.subject = subject;
  message.text = "Bonjour,\nUn article : « Économie » 🌾\n";
  message.html = "<p>Bonjour, « Économie » 🌾</p>\n";
  message.message_id = "m@sahel.example";
  message.date = date;
  auto bytes = format_message(message);
  EXPECT_TRUE(bytes.ok()) << bytes.error().to_string();
  return bytes.ok() ? *bytes : std::string();
}

std::vector<std::string> names_in(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(FileTransport, NumbersMessagesInOrderAfterTheHighestThere) {
  TempDir dir;
  const auto outbox = dir / "outbox";
  FileTransport transport(outbox);
  EXPECT_TRUE(std::filesystem::is_directory(outbox)) << "created by the constructor";
  for (int i = 0; i < 2; ++i) {
    Delivery delivery = transport.send("news@sahel.example", "awa@example.org", "m");
    EXPECT_EQ(delivery.status, DeliveryStatus::delivered) << delivery.detail;
  }
  EXPECT_EQ(names_in(outbox), (std::vector<std::string>{"000001.eml", "000002.eml"}));

  write_text(outbox / "000041.eml", "old");
  write_text(outbox / "notes.txt", "not a message");
  write_text(outbox / "1234567.eml", "not one of ours either");
  Delivery delivery = transport.send("news@sahel.example", "awa@example.org", "next");
  EXPECT_EQ(delivery.status, DeliveryStatus::delivered);
  EXPECT_EQ(delivery.detail, "saved as 000042.eml");
  EXPECT_EQ(names_in(outbox), (std::vector<std::string>{"000001.eml", "000002.eml", "000041.eml",
                                                        "000042.eml", "1234567.eml", "notes.txt"}))
      << "no temporary file is left behind";
}

TEST(FileTransport, UnwritableFolderIsATemporaryFailure) {
  TempDir dir;
  write_text(dir / "file", "a file where the folder should be");
  FileTransport transport(dir / "file" / "outbox");
  Delivery delivery = transport.send("news@sahel.example", "awa@example.org", "m");
  EXPECT_EQ(delivery.status, DeliveryStatus::temporary_failure);
  EXPECT_FALSE(delivery.detail.empty());
}

TEST(FileTransport, SavedMessagesReadBackDecodedNewestFirst) {
  TempDir dir;
  FileTransport transport(dir.path());
  transport.send("news@sahel.example", "awa@example.org", message_with("Premier 🌍", 1752224400));
  transport.send("news@sahel.example", "awa@example.org", message_with("Deuxième", 1752228000));
  transport.send("news@sahel.example", "awa@example.org", message_with("Troisième", 1752231600));

  auto all = read_saved_messages(dir.path(), 10);
  ASSERT_TRUE(all.ok()) << all.error().to_string();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].file, "000003.eml");
  EXPECT_EQ((*all)[0].subject, "Troisième");
  EXPECT_EQ((*all)[2].subject, "Premier 🌍");

  const SavedMessage& first = (*all)[2];
  EXPECT_EQ(first.file, "000001.eml");
  EXPECT_EQ(first.from, "Sahel Tribune — Rédaction <news@sahel.example>");
  EXPECT_EQ(first.to, "Awa Diallo <awa@example.org>");
  EXPECT_EQ(first.date, 1752224400);
  EXPECT_EQ(first.text, "Bonjour,\nUn article : « Économie » 🌾\n");
  EXPECT_EQ(first.html, "<p>Bonjour, « Économie » 🌾</p>\n");

  auto two = read_saved_messages(dir.path(), 2);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[1].file, "000002.eml");

  auto one = read_saved_message(dir.path(), "000002.eml");
  ASSERT_TRUE(one.ok()) << one.error().to_string();
  EXPECT_EQ(one->subject, "Deuxième");
}

TEST(FileTransport, TextOnlyMessageHasNoHtml) {
  TempDir dir;
  MailMessage message;
  message.from = {"", "news@sahel.example"};
  message.to = {"", "awa@example.org"};
  message.subject = "Texte";
  message.text = "Seulement du texte.\n";
  message.date = 1752224400;
  FileTransport(dir.path()).send("news@sahel.example", "awa@example.org", *format_message(message));
  auto saved = read_saved_message(dir.path(), "000001.eml");
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->from, "news@sahel.example");
  EXPECT_EQ(saved->text, "Seulement du texte.\n");
  EXPECT_EQ(saved->html, "");
}

TEST(FileTransport, MissingFolderIsAnEmptyList) {
  TempDir dir;
  auto messages = read_saved_messages(dir / "nowhere", 10);
  ASSERT_TRUE(messages.ok());
  EXPECT_TRUE(messages->empty());
}

TEST(FileTransport, ReadSavedMessageRefusesOtherNames) {
  TempDir dir;
  FileTransport transport(dir / "outbox");
  transport.send("news@sahel.example", "awa@example.org", message_with("Un", 1752224400));
  write_text(dir / "secret.eml", message_with("Secret", 1752224400));
  for (const char* name : {"../secret.eml", "1.eml", "0000001.eml", "000001.txt", "000001.eml/",
                           "/etc/passwd", "", "00000a.eml", "000002.eml"}) {
    auto message = read_saved_message(dir / "outbox", name);
    ASSERT_FALSE(message.ok()) << name;
    EXPECT_EQ(message.error().code, Errc::not_found) << name;
  }
  EXPECT_TRUE(read_saved_message(dir / "outbox", "000001.eml").ok());
}

}  // namespace
}  // namespace tribune::mail
