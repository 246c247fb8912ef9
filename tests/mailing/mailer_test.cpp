// The sender's schedule, pass by pass on a clock the test turns, against a real SMTP server:
// deferrals wait retry_seconds, then twice that; a message deferred max_attempts times is
// given up without blaming the address; a refused address bounces; a refused sender pauses
// sending without blaming any address; a gone article is dropped.
#include "mailing/mailer.h"

#include <gtest/gtest.h>

#include "mail/smtp_transport.h"
#include "store/sqlite/sqlite_store.h"
#include "support/smtp_sink.h"
#include "support/temp_dir.h"

namespace tribune {
namespace {

using namespace std::chrono_literals;

class MailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = open_sqlite_store(dir_ / "tribune.db");
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
    auto site = Site::open(*store_, *Theme::load(std::nullopt), *Catalogs::load(std::nullopt),
                           "http://news.example");
    ASSERT_TRUE(site.ok());
    site_ = std::move(*site);
    site_->enable_mail(std::nullopt);
  }

  // A sender through `sink`, on the test's clock, retrying after 60 s.
  std::unique_ptr<Mailer> mailer(const testing::SmtpSink& sink, int max_attempts = 10) {
    mail::SmtpSettings smtp;
    smtp.host = "127.0.0.1";
    smtp.port = sink.port();
    smtp.tls = "none";
    MailerOptions options;
    options.rate_limit = 0;
    options.retry_seconds = 60;
    options.max_attempts = max_attempts;
    return std::make_unique<Mailer>(*store_, *site_, std::make_unique<mail::SmtpTransport>(smtp),
                                    nullptr, options, [this] { return now_; });
  }

  // Subscribes `email` at the current time: one confirmation queued.
  Id subscribe(const std::string& email) {
    auto subscriber = store_->subscribe({email, "fr", {}, Frequency::each}, now_);
    EXPECT_TRUE(subscriber.ok());
    return subscriber.ok() ? subscriber->id : 0;
  }

  int pass(Mailer& sender) {
    auto handled = sender.run_once();
    EXPECT_TRUE(handled.ok()) << handled.error().to_string();
    return handled.ok() ? *handled : -1;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Site> site_;
  UnixSeconds now_ = 1800000000;
};

TEST_F(MailerTest, DeferralsWaitLongerEachTimeThenTheMessageGoes) {
  testing::SmtpSink sink({.temporary_failures = 2});
  auto sender = mailer(sink);
  subscribe("patient@example.org");
  EXPECT_EQ(pass(*sender), 1);  // 451
  EXPECT_EQ(sender->deferred(), 1u);
  now_ += 59;
  EXPECT_EQ(pass(*sender), 0) << "not before retry_seconds";
  now_ += 1;
  EXPECT_EQ(pass(*sender), 1);  // 451 again: next wait is doubled
  now_ += 119;
  EXPECT_EQ(pass(*sender), 0);
  now_ += 1;
  EXPECT_EQ(pass(*sender), 1);
  EXPECT_EQ(sender->sent(), 1u);
  ASSERT_TRUE(sink.wait_for_messages(1, 5s));
  now_ += 100000;
  EXPECT_EQ(pass(*sender), 0) << "sent once, never again";
}

TEST_F(MailerTest, AMessageDeferredTooOftenIsGivenUpButTheAddressKept) {
  testing::SmtpSink sink({.temporary_failures = 5});
  auto sender = mailer(sink, 2);
  Id id = subscribe("busy@example.org");
  EXPECT_EQ(pass(*sender), 1);
  now_ += 60;
  EXPECT_EQ(pass(*sender), 1);
  EXPECT_EQ(sender->failed(), 1u);
  auto counts = store_->outbox_counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->failed, 1);
  EXPECT_EQ(counts->queued, 0);
  EXPECT_EQ(store_->subscriber(id)->status, SubscriberStatus::pending) << "not the address's fault";
}

TEST_F(MailerTest, ARefusedAddressBouncesAndTheNextMessageStillGoes) {
  testing::SmtpSink sink({.reject = {"gone@example.org"}});
  auto sender = mailer(sink);
  Id gone = subscribe("gone@example.org");
  subscribe("here@example.org");
  EXPECT_EQ(pass(*sender), 2);
  EXPECT_EQ(store_->subscriber(gone)->status, SubscriberStatus::bounced);
  EXPECT_EQ(sender->sent(), 1u);
  ASSERT_TRUE(sink.wait_for_messages(1, 5s));
  EXPECT_EQ(sink.messages()[0].rcpt_tos, std::vector<std::string>{"here@example.org"});
}

TEST_F(MailerTest, ARefusedSenderPausesSendingWithBackoffAndKeepsEveryAddress) {
  // The relay refuses the site's sender three times (553 to MAIL FROM), then takes it.
  testing::SmtpSink sink({.refuse_mail_from = 3});
  auto sender = mailer(sink);
  std::vector<Id> ids;
  for (const char* email :
       {"a@example.org", "b@example.org", "c@example.org", "d@example.org", "e@example.org"})
    ids.push_back(subscribe(email));
  const UnixSeconds start = now_;
  auto mail_from_tries = [&] {
    int tries = 0;
    for (const std::string& line : sink.commands()) tries += line.starts_with("MAIL FROM");
    return tries;
  };

  EXPECT_EQ(pass(*sender), 1) << "one try, not the whole list";
  EXPECT_EQ(mail_from_tries(), 1);
  EXPECT_EQ(sender->sender_refusals(), 1u);
  EXPECT_EQ(sender->paused_until(), start + 60);
  auto refusal = store_->sender_refusal();
  ASSERT_TRUE(refusal.ok() && refusal->has_value());
  EXPECT_EQ((*refusal)->resolved_at, 0);
  EXPECT_NE((*refusal)->reply.find("553 5.7.1"), std::string::npos) << (*refusal)->reply;
  EXPECT_NE((*refusal)->reply.find("(reply to MAIL FROM)"), std::string::npos);
  EXPECT_NE(sender->metrics_text().find("tribune_mail_sender_refused 1\n"), std::string::npos);
  EXPECT_NE(sender->metrics_text().find("tribune_mail_sender_refused_info{reply=\"553 5.7.1"),
            std::string::npos)
      << sender->metrics_text();

  now_ += 59;
  EXPECT_EQ(pass(*sender), 0) << "paused";
  now_ += 1;
  EXPECT_EQ(pass(*sender), 1);  // refused again: the pause doubles
  EXPECT_EQ(sender->paused_until(), now_ + 120);
  now_ += 119;
  EXPECT_EQ(pass(*sender), 0);
  now_ += 1;
  EXPECT_EQ(pass(*sender), 1);
  EXPECT_EQ(sender->paused_until(), now_ + 240);
  EXPECT_EQ((*store_->sender_refusal())->refusals, 3);
  EXPECT_EQ((*store_->sender_refusal())->first_refused_at, start);
  for (Id id : ids) EXPECT_EQ(store_->subscriber(id)->status, SubscriberStatus::pending);
  EXPECT_EQ(store_->outbox_counts()->queued, 5);
  EXPECT_EQ(store_->outbox_counts()->failed, 0);

  // The relay takes the sender again: everything goes, once, and the refusal is over.
  now_ += 240;
  EXPECT_EQ(pass(*sender), 5);
  EXPECT_EQ(sender->sent(), 5u);
  ASSERT_TRUE(sink.wait_for_messages(5, 5s));
  EXPECT_EQ(mail_from_tries(), 3 + 5);
  EXPECT_EQ((*store_->sender_refusal())->resolved_at, now_);
  EXPECT_NE(sender->metrics_text().find("tribune_mail_sender_refused 0\n"), std::string::npos);
  EXPECT_EQ(sender->metrics_text().find("tribune_mail_sender_refused_info"), std::string::npos);
  now_ += 100000;
  EXPECT_EQ(pass(*sender), 0);
}

TEST_F(MailerTest, AMalformedSiteAddressPausesSendingAndFailsNobody) {
  // Set before addresses were checked when set (`config set` refuses it now).
  ASSERT_TRUE(store_->set_setting("mail.from_address", "lettre@localhost").ok());
  ASSERT_TRUE(site_->reload(now_).ok());
  testing::SmtpSink sink;
  auto sender = mailer(sink);
  Id first = subscribe("a@example.org");
  subscribe("b@example.org");
  EXPECT_EQ(pass(*sender), 1) << "the second message would fail the same way";
  EXPECT_EQ(sender->failed(), 0u);
  EXPECT_EQ(sender->sender_refusals(), 1u);
  EXPECT_EQ(sender->paused_until(), now_ + 60);
  EXPECT_NE((*store_->sender_refusal())->reply.find("from: malformed email address"),
            std::string::npos)
      << (*store_->sender_refusal())->reply;
  EXPECT_EQ(store_->outbox_counts()->queued, 2);
  EXPECT_EQ(store_->subscriber(first)->status, SubscriberStatus::pending);
  EXPECT_TRUE(sink.commands().empty());

  ASSERT_TRUE(store_->set_setting("mail.from_address", "lettre@news.example").ok());
  ASSERT_TRUE(site_->reload(now_).ok());
  now_ += 60;
  EXPECT_EQ(pass(*sender), 2);
  EXPECT_EQ(sender->sent(), 2u);
  EXPECT_NE((*store_->sender_refusal())->resolved_at, 0);
}

TEST_F(MailerTest, AnUnreachableServerDefersTheMessageAndStopsThePass) {
  testing::SmtpSink sink;
  int closed_port = sink.port();
  sink.stop();
  mail::SmtpSettings smtp;
  smtp.host = "127.0.0.1";
  smtp.port = closed_port;
  smtp.tls = "none";
  Mailer sender(*store_, *site_, std::make_unique<mail::SmtpTransport>(smtp), nullptr,
                MailerOptions{.rate_limit = 0, .retry_seconds = 60}, [this] { return now_; });
  subscribe("a@example.org");
  subscribe("b@example.org");
  EXPECT_EQ(pass(sender), 1) << "the second message is not tried against a dead server";
  auto due = store_->due_messages(now_, 10);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->size(), 1u);
}

}  // namespace
}  // namespace tribune
