// Email subscriptions end to end, through the real server and a real SMTP server (aiosmtpd):
// subscribe → confirmation mail → confirm → publish → the article's mail to each confirmed
// subscriber and nobody else → one-click unsubscribe → nothing more; deferrals, refusals, a
// sender killed mid-run, the digest, scheduled articles, and the subscribers command line.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <thread>

#include "core/time.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/smtp_sink.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

using namespace std::chrono_literals;

// The first link in `text` whose path starts with `prefix` ("/subscription/confirm/").
std::string link_in(const std::string& text, const std::string& prefix) {
  std::smatch match;
  std::regex pattern("https?://[^\\s<>\"]*" + prefix + "[^\\s<>\"]*");
  return std::regex_search(text, match, pattern) ? match[0].str() : std::string();
}

// The path of an absolute URL on the test server.
std::string path_of(const std::string& url) {
  std::size_t start = url.find('/', url.find("://") + 3);
  return start == std::string::npos ? "/" : url.substr(start);
}

// The recipients of `messages`, in order.
std::vector<std::string> recipients(const std::vector<ReceivedMessage>& messages) {
  std::vector<std::string> out;
  for (const ReceivedMessage& message : messages) {
    for (const std::string& to : message.rcpt_tos) out.push_back(to);
  }
  return out;
}

// The text/plain part of a parsed message.
std::string text_part(const nlohmann::json& parsed) {
  for (const auto& part : parsed["parts"]) {
    if (part["content_type"] == "text/plain") return part["content"].get<std::string>();
  }
  return {};
}

class SubscriptionsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(create_seed_site(data_.path()), ""); }

  // Points the site at `sink`, sending as fast as it takes messages, retrying after 1 s.
  void use(const SmtpSink& sink) {
    set("smtp.host", "127.0.0.1");
    set("smtp.port", std::to_string(sink.port()));
    set("smtp.tls", "none");
    set("smtp.rate_limit", "0");
    set("smtp.retry_seconds", "1");
  }

  void set(const std::string& key, const std::string& value) {
    ASSERT_EQ(set_config(data_.path(), key, value), "");
  }

  void start() { server_ = std::make_unique<ServerProcess>(data_.path()); }

  HttpResponse subscribe(const std::string& email, const std::string& frequency = "each") {
    return http_post_form(server_->url("/subscribe/"),
                          {{"email", email}, {"frequency", frequency}, {"lang", "fr"}});
  }

  // Writes an article file dated `date` and imports it (`publish`: with --publish).
  CommandResult publish(const std::string& name, const std::string& title, bool publish = true,
                        UnixSeconds date = now_seconds() - 60) {
    std::filesystem::path file = data_.path() / (name + ".md");
    std::ofstream(file) << "---\ntitle: \"" << title
                        << "\"\nauthor: \"Awa Traoré\"\ncategory: [\"Société\"]\ndate: "
                        << format_iso8601(date) << "\nlang: fr\n---\n\nPremier paragraphe de "
                        << title << ", qui sert de chapeau.\n\nLa suite de l’article.\n";
    std::vector<std::string> args = {"import", "markdown", "--data", data_.path().string()};
    if (publish) args.push_back("--publish");
    args.push_back(file.string());
    return run_tribune(args);
  }

  // Subscribes `email` and waits until `sink` holds `messages` messages (its confirmation).
  void subscribe_and_wait(const SmtpSink& sink, const std::string& email,
                          std::size_t messages = 1) {
    ASSERT_EQ(subscribe(email).status, 303);
    ASSERT_TRUE(sink.wait_for_messages(messages, 10s));
  }

  // The confirmation link of `email`'s message in `sink` (a path on the server), or "".
  std::string confirmation_path(const SmtpSink& sink, const std::string& email) {
    for (const ReceivedMessage& message : sink.messages()) {
      if (message.rcpt_tos != std::vector<std::string>{email}) continue;
      return path_of(link_in(text_part(parse_mail(message.file)), "/subscription/confirm/"));
    }
    return {};
  }

  // Confirms `email` as a reader does: follows the link of its confirmation message in
  // `sink`, then presses the page's button.
  void confirm(const SmtpSink& sink, const std::string& email) {
    std::string path = confirmation_path(sink, email);
    ASSERT_FALSE(path.empty()) << "no confirmation for " << email;
    ASSERT_EQ(http_get(server_->url(path)).status, 200);
    HttpResponse page = http_post_form(server_->url(path), {});
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Abonnement confirmé"), std::string::npos);
  }

  // `email`'s status as `tribune subscribers list` shows it ("" when the address is unknown).
  std::string status_of(const std::string& email) {
    auto listed = run_tribune({"subscribers", "list", "--data", data_.path().string()});
    std::size_t at = listed.out.find(email + "\t");
    if (at == std::string::npos) return {};
    std::size_t start = at + email.size() + 1;
    return listed.out.substr(start, listed.out.find_first_of("\t\n", start) - start);
  }

  // Adds confirmed subscribers from CSV rows ("email,frequency").
  void import_subscribers(const std::vector<std::string>& rows) {
    std::filesystem::path csv = data_.path() / "subscribers.csv";
    std::ofstream out(csv);
    out << "email,frequency\n";
    for (const std::string& row : rows) out << row << "\n";
    out.close();
    auto result =
        run_tribune({"subscribers", "import", "--data", data_.path().string(), csv.string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }

  TempDir data_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(SubscriptionsTest, SubscribeConfirmPublishUnsubscribeEndToEnd) {
  SmtpSink sink;
  use(sink);
  start();

  // The form is on the home page and under articles, and works without JavaScript.
  HttpResponse home = http_get(server_->url("/"));
  EXPECT_NE(home.body.find("action=\"/subscribe/\""), std::string::npos);
  EXPECT_NE(home.body.find("Abonnez-vous pour recevoir les derniers articles par e-mail."),
            std::string::npos);

  HttpResponse first = subscribe("awa@example.org");
  EXPECT_EQ(first.status, 303);
  EXPECT_EQ(first.header("location"), "/subscribe/check-inbox/");
  ASSERT_EQ(subscribe("moussa@example.org").status, 303);
  ASSERT_EQ(subscribe("never@example.org").status, 303);  // never confirms
  ASSERT_TRUE(sink.wait_for_messages(3, 10s));
  HttpResponse inbox = http_get(server_->url("/subscribe/check-inbox/"));
  EXPECT_EQ(inbox.status, 200);
  EXPECT_NE(inbox.body.find("Vérifiez votre boîte de réception"), std::string::npos);

  nlohmann::json confirmation = parse_mail(sink.messages()[0].file);
  EXPECT_EQ(confirmation["headers"]["subject"][0], "Confirmez votre abonnement à Tribune");

  // Asking again reveals nothing and sends nothing more.
  HttpResponse again = subscribe("awa@example.org");
  EXPECT_EQ(again.status, first.status);
  EXPECT_EQ(again.header("location"), first.header("location"));
  EXPECT_EQ(again.body, first.body);

  confirm(sink, "awa@example.org");
  confirm(sink, "moussa@example.org");
  HttpResponse confirmed_again = subscribe("awa@example.org");
  EXPECT_EQ(confirmed_again.header("location"), first.header("location"));

  auto published = publish("marche", "Le marché de Ségou rouvre ses portes");
  ASSERT_EQ(published.exit_code, 0) << published.err;
  ASSERT_TRUE(sink.wait_for_messages(5, 10s));
  std::this_thread::sleep_for(1500ms);  // time for anything that should not come
  std::vector<ReceivedMessage> messages = sink.messages();
  ASSERT_EQ(messages.size(), 5u) << "confirmations: 3, article: 2";
  std::vector<std::string> article_to = recipients({messages[3], messages[4]});
  std::sort(article_to.begin(), article_to.end());
  EXPECT_EQ(article_to, (std::vector<std::string>{"awa@example.org", "moussa@example.org"}));

  // The article's message, as a real MIME parser reads it.
  nlohmann::json mail = parse_mail(messages[3].file);
  const nlohmann::json& headers = mail["headers"];
  EXPECT_EQ(headers["subject"][0], "Le marché de Ségou rouvre ses portes");
  std::smatch subject_line;
  ASSERT_TRUE(
      std::regex_search(messages[3].raw, subject_line, std::regex("\r\nSubject: ([^\r]*)")));
  EXPECT_TRUE(std::regex_search(subject_line[1].str(),
                                std::regex("=\\?utf-8\\?[bq]\\?", std::regex::icase)))
      << "RFC 2047 encoded words: " << subject_line[1];
  EXPECT_EQ(subject_line[1].str().find("é"), std::string::npos) << "no raw UTF-8 in the header";
  EXPECT_EQ(mail["content_type"], "multipart/alternative");
  ASSERT_EQ(mail["parts"].size(), 2u);
  EXPECT_EQ(mail["parts"][0]["content_type"], "text/plain");
  EXPECT_EQ(mail["parts"][1]["content_type"], "text/html");
  for (const auto& part : mail["parts"]) {
    std::string content = part["content"];
    EXPECT_NE(content.find("Le marché de Ségou rouvre ses portes"), std::string::npos);
    EXPECT_NE(content.find("Premier paragraphe"), std::string::npos);  // the lede
    EXPECT_NE(content.find("/subscription/unsubscribe/"), std::string::npos);
  }
  std::string html = mail["parts"][1]["content"];
  EXPECT_EQ(html.find("<img"), std::string::npos) << "no tracking pixel";
  EXPECT_EQ(html.find("<link"), std::string::npos) << "inline CSS only";
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_TRUE(headers.contains("message-id"));
  EXPECT_TRUE(headers.contains("date"));
  EXPECT_NE(headers["from"][0].get<std::string>().find("Tribune"), std::string::npos);
  EXPECT_EQ(headers["list-unsubscribe-post"][0], "List-Unsubscribe=One-Click");
  EXPECT_TRUE(mail["defects"].empty()) << mail["defects"].dump();
  std::string list_unsubscribe = headers["list-unsubscribe"][0];
  ASSERT_TRUE(list_unsubscribe.starts_with("<http") && list_unsubscribe.ends_with(">"));
  std::string unsubscribe_url = list_unsubscribe.substr(1, list_unsubscribe.size() - 2);
  std::string awa_unsubscribe =
      messages[3].rcpt_tos[0] == "awa@example.org"
          ? unsubscribe_url
          : link_in(
                parse_mail(messages[4].file)["headers"]["list-unsubscribe"][0].get<std::string>(),
                "/subscription/unsubscribe/");

  // GET only shows a confirmation page; the one-click POST (no cookie, no form token) does it.
  HttpResponse page = http_get(server_->url(path_of(awa_unsubscribe)));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Me désabonner"), std::string::npos);
  EXPECT_EQ(page.header("cache-control"), "private, no-store");
  HttpResponse one_click =
      http_post_form(server_->url(path_of(awa_unsubscribe)), {{"List-Unsubscribe", "One-Click"}});
  EXPECT_EQ(one_click.status, 200);
  EXPECT_NE(one_click.body.find("Vous êtes désabonné"), std::string::npos);
  // A forged token does nothing.
  EXPECT_EQ(
      http_post_form(server_->url("/subscription/unsubscribe/2-0123456789abcdef0123456789abcdef/"),
                     {{"List-Unsubscribe", "One-Click"}})
          .status,
      404);

  ASSERT_EQ(publish("pluie", "Les premières pluies arrivent").exit_code, 0);
  ASSERT_TRUE(sink.wait_for_messages(6, 10s));
  std::this_thread::sleep_for(1500ms);
  messages = sink.messages();
  ASSERT_EQ(messages.size(), 6u);
  EXPECT_EQ(messages[5].rcpt_tos, std::vector<std::string>{"moussa@example.org"});

  // A plain import mails no one.
  ASSERT_EQ(publish("discret", "Un article sans envoi", false).exit_code, 0);
  std::this_thread::sleep_for(2000ms);
  EXPECT_EQ(sink.messages().size(), 6u);
}

TEST_F(SubscriptionsTest, FollowingTheConfirmationLinkConfirmsNothingOnlyTheButtonDoes) {
  SmtpSink sink;
  use(sink);
  start();
  subscribe_and_wait(sink, "awa@example.org");

  // The message asks; it does not say the reader is subscribed, and says what doing nothing
  // means (subscriptions.pending_days, 7 by default).
  nlohmann::json mail = parse_mail(sink.messages()[0].file);
  for (const auto& part : mail["parts"]) {
    std::string content = part["content"];
    EXPECT_NE(content.find("Vous n’êtes pas encore abonné"), std::string::npos) << content;
    EXPECT_NE(content.find("cette adresse sera effacée dans 7 jours"), std::string::npos)
        << content;
    EXPECT_EQ(content.find("vous êtes abonné"), std::string::npos) << content;
  }

  // A link checker fetching the link (twice, as some do) confirms nothing.
  std::string path = confirmation_path(sink, "awa@example.org");
  ASSERT_FALSE(path.empty());
  for (int fetch = 0; fetch < 2; ++fetch) {
    HttpResponse page = http_get(server_->url(path));
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("<form method=\"post\" action=\"" + path + "\">"), std::string::npos)
        << page.body;
    EXPECT_NE(page.body.find("Confirmer mon abonnement</button>"), std::string::npos);
    EXPECT_EQ(page.body.find("Abonnement confirmé"), std::string::npos);
    EXPECT_EQ(page.header("cache-control"), "private, no-store");
  }
  EXPECT_EQ(status_of("awa@example.org"), "pending");
  // A forged token confirms nothing either.
  EXPECT_EQ(
      http_post_form(server_->url("/subscription/confirm/1-0123456789abcdef0123456789abcdef/"), {})
          .status,
      404);
  EXPECT_EQ(status_of("awa@example.org"), "pending");

  // The button's POST confirms.
  HttpResponse confirmed = http_post_form(server_->url(path), {});
  EXPECT_EQ(confirmed.status, 200);
  EXPECT_NE(confirmed.body.find("Abonnement confirmé"), std::string::npos);
  EXPECT_EQ(status_of("awa@example.org"), "confirmed");
  // The link, followed again, says so and changes nothing.
  EXPECT_NE(http_get(server_->url(path)).body.find("Abonnement confirmé"), std::string::npos);

  // The same for the unsubscribe link in the message: following it only asks.
  std::string unsubscribe = path_of(link_in(text_part(mail), "/subscription/unsubscribe/"));
  HttpResponse asked = http_get(server_->url(unsubscribe));
  EXPECT_EQ(asked.status, 200);
  EXPECT_NE(asked.body.find("Me désabonner</button>"), std::string::npos);
  EXPECT_EQ(status_of("awa@example.org"), "confirmed");
  EXPECT_EQ(http_post_form(server_->url(unsubscribe), {}).status, 200);
  EXPECT_EQ(status_of("awa@example.org"), "unsubscribed");
}

int outbox_messages(const std::filesystem::path& data, const std::string& kind,
                    const std::string& email);

// Runs `sql` on the site's database (the server stopped, or between its writes).
void run_sql(const std::filesystem::path& data, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((data / "tribune.db").c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error != nullptr ? error : "") << "\n"
      << sql;
  sqlite3_free(error);
  sqlite3_close(db);
}

TEST_F(SubscriptionsTest, UnconfirmedAddressesAndOldSentMessagesAreDeleted) {
  set("subscriptions.pending_days", "2");
  set("mail.sent_retention_days", "3");
  SmtpSink sink;
  use(sink);
  start();
  for (const char* email : {"late@example.org", "fresh@example.org", "reader@example.org"})
    ASSERT_EQ(subscribe(email).status, 303);
  ASSERT_TRUE(sink.wait_for_messages(3, 10s));
  // The setting is what the message promises.
  EXPECT_NE(text_part(parse_mail(sink.messages()[0].file)).find("effacée dans 2 jours"),
            std::string::npos);
  confirm(sink, "reader@example.org");
  ASSERT_EQ(server_->stop(), 0);

  // Time passes: late@ was asked to confirm 3 days ago (past its 2), reader@'s confirmation
  // was sent 4 days ago (past the 3 days of retention), fresh@ was asked a day ago.
  const UnixSeconds now = now_seconds();
  constexpr UnixSeconds kDay = 86400;
  auto days_ago = [&](int days) { return std::to_string(now - days * kDay); };
  run_sql(data_.path(), "UPDATE subscribers SET confirmation_sent_at = " + days_ago(3) +
                            " WHERE email = 'late@example.org';"
                            "UPDATE outbox SET sent_at = " +
                            days_ago(3) +
                            " WHERE recipient = 'late@example.org';"
                            "UPDATE subscribers SET confirmation_sent_at = " +
                            days_ago(1) +
                            " WHERE email = 'fresh@example.org';"
                            "UPDATE outbox SET sent_at = " +
                            days_ago(1) +
                            " WHERE recipient = 'fresh@example.org';"
                            "UPDATE outbox SET sent_at = " +
                            days_ago(4) + " WHERE recipient = 'reader@example.org';");
  ASSERT_EQ(outbox_messages(data_.path(), "confirmation", "reader@example.org"), 1);

  start();  // the sender prunes at its first pass, then once an hour
  for (int i = 0; i < 50 && !status_of("late@example.org").empty(); ++i)
    std::this_thread::sleep_for(100ms);
  EXPECT_EQ(status_of("late@example.org"), "") << "never confirmed in time: forgotten";
  EXPECT_EQ(outbox_messages(data_.path(), "confirmation", "late@example.org"), 0);
  EXPECT_EQ(status_of("fresh@example.org"), "pending") << "still within its 2 days";
  EXPECT_EQ(outbox_messages(data_.path(), "confirmation", "fresh@example.org"), 1);
  EXPECT_EQ(status_of("reader@example.org"), "confirmed");
  EXPECT_EQ(outbox_messages(data_.path(), "confirmation", "reader@example.org"), 0)
      << "sent 4 days ago, kept 3";
  EXPECT_NE(server_->err().find("forgot 1 address(es) unconfirmed after 2 days; deleted 1 sent "
                                "message(s) older than 3 days"),
            std::string::npos)
      << server_->err();

  // A forgotten address starts over: a new confirmation, as for a new reader.
  subscribe_and_wait(sink, "late@example.org", 4);
  EXPECT_EQ(status_of("late@example.org"), "pending");
}

TEST_F(SubscriptionsTest, FormErrorsAreLocalizedAndKeepTheAddress) {
  SmtpSink sink;
  use(sink);
  start();
  HttpResponse bad = subscribe("pas-une-adresse");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("Indiquez une adresse e-mail valide."), std::string::npos);
  EXPECT_NE(bad.body.find("value=\"pas-une-adresse\""), std::string::npos);
  HttpResponse robot = http_post_form(server_->url("/subscribe/"),
                                      {{"email", "robot@example.org"}, {"website", "http://x"}});
  EXPECT_EQ(robot.status, 422);
  std::this_thread::sleep_for(1500ms);
  EXPECT_TRUE(sink.messages().empty());
}

TEST_F(SubscriptionsTest, ControlCharactersInTheAddressAreRefusedByTheOneRuleEverywhere) {
  SmtpSink sink;
  use(sink);
  start();
  for (const std::string& email :
       {std::string("awa\0@example.org", 16), std::string("awa@example.org\rBcc: x@example.org"),
        std::string("awa\xe2\x80\xa8@example.org"), std::string("awa\xc2\x85@example.org"),
        std::string("gro.elpmaxe@\xe2\x80\xae"
                    "awa"),
        std::string("awa@example.org\xe2\x80\x8f")}) {
    HttpResponse refused = subscribe(email);
    EXPECT_EQ(refused.status, 422) << email;
    EXPECT_NE(refused.body.find("Indiquez une adresse e-mail valide."), std::string::npos) << email;
    EXPECT_NE(refused.body.find("value=\"" + email + "\""), std::string::npos)
        << "the address is given back as typed: " << email;
  }
  EXPECT_EQ(http_get(server_->url("/healthz")).status, 200);
  ASSERT_EQ(subscribe("awa@example.org").status, 303);
  ASSERT_TRUE(sink.wait_for_messages(1, 10s));
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(recipients(sink.messages()), std::vector<std::string>{"awa@example.org"});
  auto counts = run_tribune({"subscribers", "counts", "--data", data_.path().string()});
  EXPECT_NE(counts.out.find("total\t1"), std::string::npos) << counts.out;

  // The same rule for the CSV import and the mail settings.
  std::filesystem::path csv = data_.path() / "bidi.csv";
  std::ofstream(csv) << "email\nmoussa@example.org\ngro.elpmaxe@\xe2\x80\xae"
                        "awa\n";
  auto imported =
      run_tribune({"subscribers", "import", "--data", data_.path().string(), csv.string()});
  EXPECT_NE(imported.exit_code, 0);
  EXPECT_NE(imported.err.find("bidi.csv:3: email:"), std::string::npos) << imported.err;
  EXPECT_NE(
      set_config(data_.path(), "comments.moderator_email", "redaction@example.org\rBcc: x@y.org"),
      "");
  EXPECT_NE(set_config(data_.path(), "mail.from_address", "lettre\xe2\x80\xae@example.org"), "");
  EXPECT_EQ(set_config(data_.path(), "mail.reply_to", "redaction@example.org"), "");
  EXPECT_EQ(set_config(data_.path(), "mail.reply_to", ""), "");
}

// The number of outbox messages of `kind` ever queued for `email` (sent, failed or waiting).
int outbox_messages(const std::filesystem::path& data, const std::string& kind,
                    const std::string& email) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2((data / "tribune.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
            SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM outbox WHERE kind = ? AND recipient = ?",
                               -1, &query, nullptr),
            SQLITE_OK);
  sqlite3_bind_text(query, 1, kind.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(query, 2, email.c_str(), -1, SQLITE_TRANSIENT);
  int count = sqlite3_step(query) == SQLITE_ROW ? sqlite3_column_int(query, 0) : -1;
  sqlite3_finalize(query);
  sqlite3_close(db);
  return count;
}

TEST_F(SubscriptionsTest, AtMostOneConfirmationAnHourForABouncedOrUnsubscribedAddress) {
  // Many readers (addresses forwarded by the trusted proxy, so that the per-reader limit does
  // not step in) ask for two addresses again and again: one the server refuses, and one whose
  // mail gateway one-click unsubscribes from whatever the site sends it.
  std::filesystem::path csv = data_.path() / "states.csv";
  std::ofstream(csv) << "email,status\ngone@example.org,bounced\nleft@example.org,unsubscribed\n";
  ASSERT_EQ(run_tribune({"subscribers", "import", "--data", data_.path().string(), csv.string()})
                .exit_code,
            0);
  set("server.trusted_proxies", "127.0.0.1");
  SmtpSink sink({.reject = {"gone@example.org"}});
  use(sink);
  start();
  std::optional<HttpResponse> first;
  std::size_t unsubscribed_from = 0;  // confirmations the gateway has seen
  int reader = 0;
  for (int round = 0; round < 20; ++round) {
    for (const char* email : {"gone@example.org", "left@example.org"}) {
      std::string client = "198.51.100." + std::to_string(++reader);
      HttpResponse response = http_post_form(
          server_->url("/subscribe/"), {{"email", email}, {"frequency", "each"}, {"lang", "fr"}},
          {"X-Forwarded-For: " + client});
      // The same answer every time: the form reveals nothing of the address's state.
      ASSERT_EQ(response.status, 303) << email << " " << round;
      EXPECT_EQ(response.header("location"), "/subscribe/check-inbox/");
      if (!first) first = response;
      EXPECT_EQ(response.body, first->body);
    }
    std::this_thread::sleep_for(300ms);  // time for the sender to mail, or bounce
    std::vector<ReceivedMessage> received = sink.messages();
    for (; unsubscribed_from < received.size(); ++unsubscribed_from) {
      nlohmann::json mail = parse_mail(received[unsubscribed_from].file);
      std::string header = mail["headers"]["list-unsubscribe"][0];
      HttpResponse left = http_post_form(server_->url(path_of(header.substr(1, header.size() - 2))),
                                         {{"List-Unsubscribe", "One-Click"}});
      EXPECT_EQ(left.status, 200);
      EXPECT_NE(left.body.find("Vous êtes désabonné"), std::string::npos);
    }
  }
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(http_get(server_->url("/healthz")).status, 200);
  EXPECT_EQ(recipients(sink.messages()), std::vector<std::string>{"left@example.org"});
  EXPECT_EQ(outbox_messages(data_.path(), "confirmation", "left@example.org"), 1);
  EXPECT_EQ(outbox_messages(data_.path(), "confirmation", "gone@example.org"), 1)
      << "one try, refused: the next only a day later";
  // What the server acknowledged holds: the unsubscribe stands, the bounce is remembered.
  auto listed = run_tribune({"subscribers", "list", "--data", data_.path().string()});
  EXPECT_NE(listed.out.find("left@example.org\tunsubscribed"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("gone@example.org\tbounced"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("550"), std::string::npos) << listed.out;
}

TEST_F(SubscriptionsTest, ManagePageChangesSectionsAndFrequency) {
  SmtpSink sink;
  use(sink);
  start();
  subscribe_and_wait(sink, "fatou@example.org");
  confirm(sink, "fatou@example.org");
  ASSERT_EQ(publish("un", "Premier article").exit_code, 0);
  ASSERT_TRUE(sink.wait_for_messages(2, 10s));
  std::string manage =
      link_in(text_part(parse_mail(sink.messages()[1].file)), "/subscription/manage/");
  ASSERT_FALSE(manage.empty());
  HttpResponse page = http_get(server_->url(path_of(manage)));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("fatou@example.org"), std::string::npos);
  HttpResponse saved = http_post_form(server_->url(path_of(manage)), {{"frequency", "daily"}});
  EXPECT_EQ(saved.status, 200);
  EXPECT_NE(saved.body.find("Vos préférences sont enregistrées."), std::string::npos);
  auto listed = run_tribune({"subscribers", "list", "--data", data_.path().string()});
  EXPECT_NE(listed.out.find("fatou@example.org\tconfirmed\tdaily"), std::string::npos)
      << listed.out;
  // Now on the digest: the next article is not mailed on its own.
  ASSERT_EQ(publish("deux", "Deuxième article").exit_code, 0);
  std::this_thread::sleep_for(2000ms);
  EXPECT_EQ(sink.messages().size(), 2u);
}

TEST_F(SubscriptionsTest, ADeferredMessageArrivesOnce) {
  SmtpSink sink({.temporary_failures = 1});
  use(sink);
  start();
  ASSERT_EQ(subscribe("patient@example.org").status, 303);
  ASSERT_TRUE(sink.wait_for_messages(1, 15s));
  std::this_thread::sleep_for(3000ms);  // several retry periods
  EXPECT_EQ(sink.messages().size(), 1u);
  auto counts = run_tribune({"subscribers", "counts", "--data", data_.path().string()});
  EXPECT_NE(counts.out.find("outbox sent\t1"), std::string::npos) << counts.out;
  EXPECT_NE(counts.out.find("outbox queued\t0"), std::string::npos) << counts.out;
  std::string metrics = http_get(server_->url("/metrics")).body;
  EXPECT_NE(metrics.find("tribune_mail_messages_total{outcome=\"sent\"} 1"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("tribune_mail_messages_total{outcome=\"deferred\"} 1"), std::string::npos);
  EXPECT_NE(metrics.find("tribune_mail_outbox_queued 0"), std::string::npos);
}

// The operator fixes the relay's settings while the site runs: the server reads tribune.toml
// again and the waiting confirmation goes out, without a restart. Turning mail off, or a file
// the server cannot read, keeps the settings in use, and the log says why.
TEST_F(SubscriptionsTest, MailSettingsAreReadAgainWithoutARestart) {
  SmtpSink sink;
  use(sink);
  set("smtp.port", std::to_string(free_port()));  // a mistake: nothing listens there
  start();
  ASSERT_EQ(subscribe("patiente@example.org").status, 303);
  // Says, in the log, when the server holds `text`, within 5 s.
  auto logged = [this](const std::string& text) {
    for (int i = 0; i < 50 && server_->err().find(text) == std::string::npos; ++i)
      std::this_thread::sleep_for(100ms);
    return server_->err().find(text) != std::string::npos;
  };
  auto said = run_tribune(
      {"config", "set", "--data", data_.path().string(), "smtp.port", std::to_string(sink.port())});
  ASSERT_EQ(said.exit_code, 0) << said.err;
  EXPECT_NE(said.out.find("within a second"), std::string::npos) << said.out;
  EXPECT_TRUE(logged("settings read again from " + (data_.path() / "tribune.toml").string() +
                     ": SMTP 127.0.0.1:" + std::to_string(sink.port()) + " (none)"));
  ASSERT_TRUE(sink.wait_for_messages(1, 15s)) << "the deferred confirmation goes out";
  EXPECT_EQ(recipients(sink.messages()), std::vector<std::string>{"patiente@example.org"});

  // Emptying smtp.host would hide the forms: that waits for a restart, and mail goes on.
  said = run_tribune({"config", "set", "--data", data_.path().string(), "smtp.host", ""});
  ASSERT_EQ(said.exit_code, 0) << said.err;
  EXPECT_NE(said.out.find("restart"), std::string::npos) << said.out;
  EXPECT_TRUE(logged("smtp.host was emptied: restart the server"));
  set("smtp.host", "127.0.0.1");
  // A file broken by hand is reported once, and changes nothing.
  { std::ofstream(data_.path() / "tribune.toml", std::ios::app) << "\n[smtp\n"; }
  EXPECT_TRUE(logged("the settings in use are kept: "));
  subscribe_and_wait(sink, "suivante@example.org", 2);
  EXPECT_EQ(http_get(server_->url("/healthz")).status, 200);
}

TEST_F(SubscriptionsTest, ARefusedAddressIsMarkedAndNotRetried) {
  SmtpSink sink({.reject = {"gone@example.org"}});
  use(sink);
  start();
  ASSERT_EQ(subscribe("gone@example.org").status, 303);
  ASSERT_EQ(subscribe("here@example.org").status, 303);
  ASSERT_TRUE(sink.wait_for_messages(1, 10s));
  std::this_thread::sleep_for(3000ms);
  EXPECT_EQ(recipients(sink.messages()), std::vector<std::string>{"here@example.org"});
  auto bounced =
      run_tribune({"subscribers", "list", "--status", "bounced", "--data", data_.path().string()});
  EXPECT_NE(bounced.out.find("gone@example.org"), std::string::npos) << bounced.out;
  EXPECT_NE(bounced.out.find("550"), std::string::npos) << bounced.out;
  auto counts = run_tribune({"subscribers", "counts", "--data", data_.path().string()});
  EXPECT_NE(counts.out.find("outbox failed\t1"), std::string::npos) << counts.out;
  EXPECT_NE(counts.out.find("outbox queued\t0"), std::string::npos) << counts.out;
}

// The lines of `text` that start with `prefix`.
int lines_starting(const std::vector<std::string>& lines, const std::string& prefix) {
  return static_cast<int>(std::count_if(lines.begin(), lines.end(), [&](const std::string& line) {
    return line.starts_with(prefix);
  }));
}

TEST_F(SubscriptionsTest, ARelayRefusingTheSenderBouncesNobodyAndPausesSending) {
  constexpr int kSubscribers = 40;
  std::vector<std::string> rows;
  for (int i = 0; i < kSubscribers; ++i)
    rows.push_back("reader" + std::to_string(i) + "@example.org,each");
  import_subscribers(rows);
  // The relay refuses the site's sender address (553 to MAIL FROM) three times, then the
  // operator fixes it (here: the relay takes it from the fourth try).
  SmtpSink sink({.refuse_mail_from = 3});
  use(sink);  // retry_seconds 1: pauses of 1, 2 then 4 s
  start();
  ASSERT_EQ(publish("alerte", "Alerte crue sur le fleuve").exit_code, 0);
  std::this_thread::sleep_for(3500ms);

  // Refused twice or three times by now, and that is all it tried: no message after a refusal.
  EXPECT_EQ(http_get(server_->url("/healthz")).status, 200);
  std::vector<std::string> commands = sink.commands();
  EXPECT_GE(lines_starting(commands, "MAIL FROM"), 2);
  EXPECT_LE(lines_starting(commands, "MAIL FROM"), 3) << "paused, not burning through the list";
  EXPECT_EQ(lines_starting(commands, "RCPT TO"), 0);
  EXPECT_TRUE(sink.messages().empty());
  auto counts = run_tribune({"subscribers", "counts", "--data", data_.path().string()});
  EXPECT_NE(counts.out.find("confirmed\t40\n"), std::string::npos) << counts.out;
  EXPECT_NE(counts.out.find("bounced\t0\n"), std::string::npos) << counts.out;
  EXPECT_NE(counts.out.find("outbox queued\t40\n"), std::string::npos) << counts.out;
  EXPECT_NE(counts.out.find("outbox failed\t0\n"), std::string::npos) << counts.out;
  EXPECT_TRUE(std::regex_search(
      counts.out,
      std::regex("\nsender refused\t553 5\\.7\\.1 <[^>]+>: Sender address rejected: not "
                 "owned by user \\(reply to MAIL FROM\\)\t[23] times since ")))
      << counts.out;
  std::string metrics = http_get(server_->url("/metrics")).body;
  EXPECT_NE(metrics.find("\ntribune_mail_sender_refused 1\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("tribune_mail_sender_refused_info{reply=\"553 5.7.1 "), std::string::npos)
      << metrics;
  std::string log = server_->err();
  EXPECT_NE(log.find("the site's mail is refused, not the recipient: 553 5.7.1"), std::string::npos)
      << log;
  EXPECT_NE(log.find("sending paused for 1 s"), std::string::npos) << log;
  EXPECT_NE(log.find("sending paused for 2 s"), std::string::npos) << log;

  // Once the relay takes the sender, every subscriber gets the article, once.
  ASSERT_TRUE(sink.wait_for_messages(kSubscribers, 20s)) << sink.messages().size();
  std::this_thread::sleep_for(1500ms);
  std::map<std::string, int> received;
  for (const std::string& to : recipients(sink.messages())) ++received[to];
  EXPECT_EQ(received.size(), static_cast<std::size_t>(kSubscribers));
  for (const auto& [to, times] : received) EXPECT_EQ(times, 1) << to;
  EXPECT_EQ(lines_starting(sink.commands(), "MAIL FROM"), 3 + kSubscribers);
  counts = run_tribune({"subscribers", "counts", "--data", data_.path().string()});
  EXPECT_NE(counts.out.find("confirmed\t40\n"), std::string::npos) << counts.out;
  EXPECT_NE(counts.out.find("outbox sent\t40\n"), std::string::npos) << counts.out;
  EXPECT_NE(counts.out.find("\nlast sender refusal\t553 5.7.1 "), std::string::npos) << counts.out;
  EXPECT_NE(counts.out.find(", resolved "), std::string::npos) << counts.out;
  metrics = http_get(server_->url("/metrics")).body;
  EXPECT_NE(metrics.find("\ntribune_mail_sender_refused 0\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("tribune_mail_sender_refusals_total 3\n"), std::string::npos) << metrics;
  EXPECT_NE(server_->err().find("the site's mail goes through again"), std::string::npos);
}

TEST_F(SubscriptionsTest,
       ARelayRefusingTheMessageBouncesNobodyButAMailboxStatusBouncesThatAddress) {
  import_subscribers({"awa@example.org,each", "moussa@example.org,each"});
  // The relay refuses the first message after its data (554 5.7.1, a content policy): the
  // site's problem. Then a server checking mailboxes late refuses one with 5.1.1.
  SmtpSink sink({.refuse_data = 1});
  use(sink);
  start();
  ASSERT_EQ(publish("pluie", "Les premières pluies arrivent").exit_code, 0);
  ASSERT_TRUE(sink.wait_for_messages(2, 10s));
  std::this_thread::sleep_for(1000ms);
  std::vector<std::string> to = recipients(sink.messages());
  std::sort(to.begin(), to.end());
  EXPECT_EQ(to, (std::vector<std::string>{"awa@example.org", "moussa@example.org"}));
  EXPECT_EQ(lines_starting(sink.commands(), "DATA 554"), 1);
  auto counts = run_tribune({"subscribers", "counts", "--data", data_.path().string()});
  EXPECT_NE(counts.out.find("confirmed\t2\n"), std::string::npos) << counts.out;
  EXPECT_NE(counts.out.find("bounced\t0\n"), std::string::npos) << counts.out;
  EXPECT_NE(counts.out.find("last sender refusal\t554 5.7.1 Message refused by policy (reply to "
                            "DATA)"),
            std::string::npos)
      << counts.out;
  server_->stop();

  SmtpSink late(
      {.refuse_data = 1, .data_refusal = "550 5.1.1 Recipient address rejected: no such user"});
  use(late);
  start();
  ASSERT_EQ(publish("vent", "Le vent se lève").exit_code, 0);
  ASSERT_TRUE(late.wait_for_messages(1, 10s));
  std::this_thread::sleep_for(1500ms);
  counts = run_tribune({"subscribers", "counts", "--data", data_.path().string()});
  EXPECT_NE(counts.out.find("confirmed\t1\n"), std::string::npos) << counts.out;
  EXPECT_NE(counts.out.find("bounced\t1\n"), std::string::npos) << counts.out;
}

TEST_F(SubscriptionsTest, KilledMidRunEveryoneGetsTheArticleNoneTwice) {
  constexpr int kSubscribers = 150;
  std::vector<std::string> rows;
  for (int i = 0; i < kSubscribers; ++i)
    rows.push_back("reader" + std::to_string(i) + "@example.org,each");
  import_subscribers(rows);
  SmtpSink sink({.delay_ms = 15});
  use(sink);
  start();
  ASSERT_EQ(publish("alerte", "Alerte crue sur le fleuve").exit_code, 0);
  ASSERT_TRUE(sink.wait_for_messages(30, 20s));
  server_->kill_hard();  // the sender dies mid-run, a message possibly in flight
  std::size_t before = sink.messages().size();
  EXPECT_LT(before, static_cast<std::size_t>(kSubscribers)) << "the kill came too late to test";
  start();
  // The dead server's claim (twenty messages when sending is not rate-limited) waits for its
  // lease, 25 s; the rest goes at once.
  ASSERT_TRUE(sink.wait_for_messages(kSubscribers, 60s)) << sink.messages().size();
  std::this_thread::sleep_for(1500ms);
  std::map<std::string, int> received;
  for (const std::string& to : recipients(sink.messages())) ++received[to];
  EXPECT_EQ(received.size(), static_cast<std::size_t>(kSubscribers));
  int twice = 0;
  for (const auto& [to, times] : received) {
    EXPECT_LE(times, 2) << to;
    twice += times - 1;
  }
  EXPECT_LE(twice, 1) << "only the message in flight may come twice";

  // A clean stop (SIGTERM) mid-run: not a single message twice.
  ASSERT_EQ(publish("suite", "La décrue commence").exit_code, 0);
  ASSERT_TRUE(sink.wait_for_messages(received.size() + twice + 30, 20s));
  EXPECT_EQ(server_->stop(), 0);
  start();
  std::size_t total = static_cast<std::size_t>(kSubscribers) * 2 + twice;
  ASSERT_TRUE(sink.wait_for_messages(total, 30s)) << sink.messages().size();
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(sink.messages().size(), total);
}

TEST_F(SubscriptionsTest, DailyDigestGoesOutOnceAtTheSiteHour) {
  import_subscribers({"daily@example.org,daily", "each@example.org,each"});
  set("subscriptions.digest_hour", "0");  // due as soon as the server starts
  SmtpSink sink;
  use(sink);
  // Published before the server runs: the "each" subscriber gets it alone, the daily one in
  // the digest.
  ASSERT_EQ(publish("matin", "Nouvelles du matin").exit_code, 0);
  start();
  ASSERT_TRUE(sink.wait_for_messages(2, 10s));
  std::this_thread::sleep_for(1500ms);
  std::vector<ReceivedMessage> messages = sink.messages();
  ASSERT_EQ(messages.size(), 2u);
  for (const ReceivedMessage& message : messages) {
    nlohmann::json parsed = parse_mail(message.file);
    std::string subject = parsed["headers"]["subject"][0];
    if (message.rcpt_tos[0] == "daily@example.org") {
      EXPECT_NE(subject.find("Tribune : les articles du"), std::string::npos) << subject;
      EXPECT_NE(text_part(parsed).find("Nouvelles du matin"), std::string::npos);
    } else {
      EXPECT_EQ(subject, "Nouvelles du matin");
    }
  }
  // A restart the same day sends no second digest.
  EXPECT_EQ(server_->stop(), 0);
  start();
  std::this_thread::sleep_for(2000ms);
  EXPECT_EQ(sink.messages().size(), 2u);
}

TEST_F(SubscriptionsTest, AScheduledArticleIsMailedWhenItGoesLive) {
  import_subscribers({"reader@example.org,each"});
  SmtpSink sink;
  use(sink);
  start();
  ASSERT_EQ(publish("demain", "Annonce programmée", true, now_seconds() + 3).exit_code, 0);
  std::this_thread::sleep_for(1000ms);
  EXPECT_TRUE(sink.messages().empty()) << "not before it is published";
  ASSERT_TRUE(sink.wait_for_messages(1, 10s));
  EXPECT_EQ(parse_mail(sink.messages()[0].file)["headers"]["subject"][0], "Annonce programmée");
}

TEST_F(SubscriptionsTest, SubscribersCsvRoundTripAndErrors) {
  import_subscribers({"a@example.org,each", "b@example.org,daily"});
  auto exported = run_tribune({"subscribers", "export", "--data", data_.path().string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.out.find("\"email\",\"status\",\"frequency\""), std::string::npos);
  EXPECT_NE(exported.out.find("\"b@example.org\",\"confirmed\",\"daily\""), std::string::npos);

  // Into a second site: the same list.
  TempDir other;
  ASSERT_EQ(run_tribune({"init", "--data", other.path().string()}).exit_code, 0);
  std::filesystem::path csv = other.path() / "export.csv";
  std::ofstream(csv) << exported.out;
  auto imported =
      run_tribune({"subscribers", "import", "--data", other.path().string(), csv.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.out.find("Imported 2 subscribers"), std::string::npos);
  auto again = run_tribune({"subscribers", "export", "--data", other.path().string()});
  EXPECT_EQ(again.out, exported.out);

  // A bad row: one line on stderr naming the file, line and field; nothing imported.
  std::filesystem::path bad = other.path() / "bad.csv";
  std::ofstream(bad) << "email,frequency\nc@example.org,each\nnot-an-address,each\n";
  auto refused =
      run_tribune({"subscribers", "import", "--data", other.path().string(), bad.string()});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("bad.csv:3: email:"), std::string::npos) << refused.err;
  auto counts = run_tribune({"subscribers", "counts", "--data", other.path().string()});
  EXPECT_NE(counts.out.find("total\t2"), std::string::npos) << counts.out;
  auto found = run_tribune(
      {"subscribers", "list", "--search", "B@EXAMPLE", "--data", other.path().string()});
  EXPECT_NE(found.out.find("b@example.org"), std::string::npos);
  EXPECT_EQ(found.out.find("a@example.org"), std::string::npos);
}

TEST_F(SubscriptionsTest, MessagesAreDkimSignedOverTheListHeadersWhenConfigured) {
  // The site's key, made as an operator would (the README's steps), and its DNS record.
  std::string key = (data_.path() / "dkim.pem").string();
  std::string public_key = (data_.path() / "public.b64").string();
  ASSERT_EQ(std::system(("openssl genrsa -out '" + key + "' 2048 2>/dev/null").c_str()), 0);
  ASSERT_EQ(std::system(("openssl rsa -in '" + key + "' -pubout -outform DER 2>/dev/null | " +
                         "base64 -w0 > '" + public_key + "'")
                            .c_str()),
            0);
  std::ifstream public_in(public_key);
  std::string public_b64((std::istreambuf_iterator<char>(public_in)), {});
  std::filesystem::path dns = data_.path() / "dns.txt";
  std::ofstream(dns) << "v=DKIM1; k=rsa; p=" << public_b64;
  set("dkim.domain", "fleuve.example");
  set("mail.from_address", "lettre@fleuve.example");
  import_subscribers({"signed@example.org,each"});
  SmtpSink sink;
  use(sink);
  start();
  ASSERT_EQ(publish("signe", "Un article signé").exit_code, 0);
  ASSERT_TRUE(sink.wait_for_messages(1, 10s));
  nlohmann::json mail = parse_mail(sink.messages()[0].file, dns);
  EXPECT_EQ(mail["dkim_valid"], true);
  std::string signature = mail["headers"]["dkim-signature"][0];
  EXPECT_NE(signature.find("d=fleuve.example"), std::string::npos);
  // The signed header names (h=), unfolded and case aside.
  std::smatch h_tag;
  ASSERT_TRUE(std::regex_search(signature, h_tag, std::regex("(^|;)\\s*h=([^;]*)")));
  std::string signed_headers;
  for (char c : h_tag[2].str()) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      signed_headers += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  signed_headers = ":" + signed_headers + ":";
  for (const char* name : {"from", "subject", "list-unsubscribe", "list-unsubscribe-post"}) {
    EXPECT_NE(signed_headers.find(std::string(":") + name + ":"), std::string::npos)
        << name << " in h=" << signed_headers;
  }
  EXPECT_NE(mail["headers"]["from"][0].get<std::string>().find("lettre@fleuve.example"),
            std::string::npos);
}

TEST_F(SubscriptionsTest, MailTestShowsTheDialogue) {
  auto unconfigured =
      run_tribune({"mail", "test", "--data", data_.path().string(), "x@example.org"});
  EXPECT_NE(unconfigured.exit_code, 0);
  EXPECT_NE(unconfigured.err.find("smtp.host"), std::string::npos);

  SmtpSink sink;
  use(sink);
  auto sent = run_tribune({"mail", "test", "--data", data_.path().string(), "ops@example.org"});
  EXPECT_EQ(sent.exit_code, 0) << sent.out << sent.err;
  EXPECT_NE(sent.out.find("MAIL FROM"), std::string::npos) << sent.out;
  EXPECT_NE(sent.out.find("Delivered"), std::string::npos) << sent.out;
  ASSERT_TRUE(sink.wait_for_messages(1, 5s));
  EXPECT_EQ(parse_mail(sink.messages()[0].file)["headers"]["subject"][0],
            "Message de test de Tribune");

  // The default STARTTLS against a relay that does not offer it: a setting to change, said
  // on stderr with the setting's name and the value that works for a local relay.
  set("smtp.tls", "starttls");
  auto clear = run_tribune({"mail", "test", "--data", data_.path().string(), "ops@example.org"});
  EXPECT_NE(clear.exit_code, 0);
  EXPECT_NE(clear.err.find("tribune.toml: smtp.tls: the server does not offer STARTTLS"),
            std::string::npos)
      << clear.err;
  EXPECT_NE(clear.err.find("tribune config set smtp.tls none"), std::string::npos) << clear.err;
  EXPECT_EQ(clear.out.find("temporary"), std::string::npos) << clear.out;
  EXPECT_EQ(sink.messages().size(), 1u) << "nothing sent in clear text";
  set("smtp.tls", "none");

  SmtpSink refusing({.reject = {"ops@example.org"}});
  set("smtp.port", std::to_string(refusing.port()));
  auto refused = run_tribune({"mail", "test", "--data", data_.path().string(), "ops@example.org"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.out.find("550"), std::string::npos) << refused.out;
}

}  // namespace
}  // namespace tribune::testing
