// The subscribers' and the outbox's screens through the request handler: the list, its
// counts, search and pages; one subscriber's history; unsubscribing; CSV export and import
// (multipart uploads, all or none); retrying and cancelling messages; who may do any of it;
// and the audit log's entries.
#include "admin/admin.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "admin/admin_fixture.h"

namespace tribune::admin {
namespace {

class SubscriberPagesTest : public AdminTest {
 protected:
  void SetUp() override {
    AdminTest::SetUp();
    add_account("Fanta Coulibaly", "fanta@example.org", Role::editor);
    add_account("Oumar Keïta", "oumar@example.org", Role::author);
    editor_ = log_in("fanta@example.org");
    ASSERT_FALSE(editor_.empty());
    token_ = csrf(editor_);
    ASSERT_FALSE(token_.empty());
  }

  Id subscribe(const std::string& email, bool confirm) {
    auto subscriber = store_->subscribe({email, "fr", {}, Frequency::each}, now_ - 3600);
    EXPECT_TRUE(subscriber.ok());
    if (confirm) {
      EXPECT_TRUE(store_->confirm_subscriber(subscriber->id, now_ - 3000).ok());
    }
    return subscriber->id;
  }

  void import(const std::vector<std::pair<std::string, SubscriberStatus>>& addresses) {
    std::vector<Subscriber> subscribers;
    for (const auto& [email, status] : addresses) {
      Subscriber subscriber;
      subscriber.email = email;
      subscriber.status = status;
      subscriber.created_at = now_;
      subscribers.push_back(subscriber);
    }
    ASSERT_TRUE(store_->import_subscribers(subscribers).ok());
  }

  // The message queued for `recipient` (its confirmation).
  Id message_to(const std::string& recipient) {
    auto entries = store_->outbox_entries({});
    EXPECT_TRUE(entries.ok());
    for (const OutboxEntry& entry : *entries) {
      if (entry.message.recipient == recipient) return entry.message.id;
    }
    ADD_FAILURE() << "no message to " << recipient;
    return 0;
  }

  // A multipart/form-data body as Chromium sends it: the CSRF field, then the file.
  Answer upload(const std::string& csv, const std::string& token, const std::string& cookie) {
    const std::string boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    std::string body = "--" + boundary +
                       "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token +
                       "\r\n--" + boundary +
                       "\r\nContent-Disposition: form-data; name=\"file\"; "
                       "filename=\"abonnes.csv\"\r\nContent-Type: text/csv\r\n\r\n" +
                       csv + "\r\n--" + boundary + "--\r\n";
    return send("POST", "/admin/subscribers/import/", body, cookie,
                "multipart/form-data; boundary=" + boundary);
  }

  std::optional<AuditEntry> last_audit_entry() {
    auto log = store_->audit_log(0, 1);
    if (!log.ok() || log->empty()) return std::nullopt;
    return log->front();
  }

  std::string editor_;
  std::string token_;
};

TEST_F(SubscriberPagesTest, TheListCountsByStatusFiltersSearchesAndPages) {
  import({{"aminata@example.net", SubscriberStatus::confirmed},
          {"bakary@example.org", SubscriberStatus::bounced},
          { "fatou@example.net",
            SubscriberStatus::unsubscribed }});
  subscribe("pending@example.org", false);
  Answer all = send("GET", "/admin/subscribers/", {}, editor_);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_TRUE(all.shows("aminata@example.net"));
  EXPECT_TRUE(all.shows("pending@example.org"));
  // The filter links carry their counts.
  EXPECT_TRUE(
      all.shows("href=\"/admin/subscribers/?status=bounced\">Adresse refusée <span "
                "class=\"count\">1</span>"))
      << all.body;
  EXPECT_TRUE(all.shows("aria-current=\"page\">Tous <span class=\"count\">4</span>"));

  Answer bounced = send("GET", "/admin/subscribers/?status=bounced", {}, editor_);
  ASSERT_EQ(bounced.status, 200);
  EXPECT_TRUE(bounced.shows("bakary@example.org"));
  EXPECT_FALSE(bounced.shows("aminata@example.net"));
  Answer found = send("GET", "/admin/subscribers/?q=EXAMPLE.NET", {}, editor_);
  EXPECT_TRUE(found.shows("aminata@example.net"));
  EXPECT_TRUE(found.shows("fatou@example.net"));
  EXPECT_FALSE(found.shows("bakary@example.org"));
  EXPECT_EQ(send("GET", "/admin/subscribers/?status=vip", {}, editor_).status, 404);

  // Pages of 50, each after the last address of the one before.
  std::vector<std::pair<std::string, SubscriberStatus>> many;
  for (int i = 0; i < 60; ++i) {
    many.emplace_back(fmt::format("lecteur{:02}@example.com", i), SubscriberStatus::confirmed);
  }
  import(many);
  Answer first = send("GET", "/admin/subscribers/?q=lecteur", {}, editor_);
  EXPECT_TRUE(first.shows("lecteur49@example.com"));
  EXPECT_FALSE(first.shows("lecteur50@example.com"));
  EXPECT_TRUE(
      first.shows("href=\"/admin/subscribers/?q=lecteur&amp;after=lecteur49%40example.com\""))
      << first.body;
  Answer second =
      send("GET", "/admin/subscribers/?q=lecteur&after=lecteur49%40example.com", {}, editor_);
  EXPECT_FALSE(second.shows("lecteur49@example.com"));
  EXPECT_TRUE(second.shows("lecteur50@example.com"));
  EXPECT_TRUE(second.shows("lecteur59@example.com"));
  EXPECT_FALSE(second.shows("rel=\"next\""));
}

TEST_F(SubscriberPagesTest, ASubscribersScreenShowsTheirHistoryAndMessages) {
  Id id = subscribe("mariam@example.org", true);
  ASSERT_TRUE(store_
                  ->mark_failed(message_to("mariam@example.org"),
                                "550 5.1.1 <mariam@example.org>: no such user", true)
                  .ok());
  Answer page = send("GET", fmt::format("/admin/subscribers/{}/", id), {}, editor_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(page.shows("<h1>mariam@example.org</h1>"));
  EXPECT_TRUE(page.shows("Adresse refusée")) << "the address bounced";
  EXPECT_TRUE(page.shows("2026-12-01 "));  // subscribed and confirmed, on the site's clock
  EXPECT_TRUE(page.shows("Résumé quotidien") || page.shows("À chaque article"));
  EXPECT_TRUE(page.shows("Confirmation d’abonnement"));
  EXPECT_TRUE(page.shows("Échoué"));
  EXPECT_TRUE(page.shows("550 5.1.1 &lt;mariam@example.org&gt;: no such user"));
  EXPECT_EQ(send("GET", "/admin/subscribers/999/", {}, editor_).status, 404);
  EXPECT_EQ(send("GET", "/admin/subscribers/abc/", {}, editor_).status, 404);
}

TEST_F(SubscriberPagesTest, UnsubscribingCancelsTheirQueuedMailAndIsAudited) {
  Id id = subscribe("ousmane@example.org", false);  // a confirmation waits in the outbox
  Answer done = send("POST", fmt::format("/admin/subscribers/{}/unsubscribe/", id),
                     "csrf=" + token_, editor_);
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.header("Location"), fmt::format("/admin/subscribers/{}/?done=unsubscribed", id));
  EXPECT_EQ(store_->subscriber(id)->status, SubscriberStatus::unsubscribed);
  auto counts = store_->outbox_counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->queued, 0);
  EXPECT_EQ(counts->cancelled, 1);
  auto entry = last_audit_entry();
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->action, "unsubscribe");
  EXPECT_EQ(entry->subject, "ousmane@example.org");
  EXPECT_EQ(entry->user_name, "Fanta Coulibaly");
  Answer page = send("GET", done.header("Location"), {}, editor_);
  EXPECT_TRUE(page.shows("Cette adresse est désabonnée"));
  EXPECT_FALSE(page.shows("/unsubscribe/\"")) << "no button for one who left";
  EXPECT_EQ(send("POST", "/admin/subscribers/999/unsubscribe/", "csrf=" + token_, editor_).status,
            404);
  EXPECT_EQ(send("POST", fmt::format("/admin/subscribers/{}/unsubscribe/", id), "", editor_).status,
            403)
      << "without the CSRF token";
}

TEST_F(SubscriberPagesTest, TheExportIsTheCommandLinesCsvAsADownload) {
  import({{"aminata@example.net", SubscriberStatus::confirmed},
          { "bakary@example.org",
            SubscriberStatus::bounced }});
  Answer csv = send("POST", "/admin/subscribers/export/", "csrf=" + token_, editor_);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.header("Content-Disposition"),
            "attachment; filename=\"subscribers-2026-12-01.csv\"");
  EXPECT_EQ(csv.header("Cache-Control"), "no-store");
  // Every field quoted (RFC 4180), as `tribune subscribers export` writes it.
  EXPECT_EQ(csv.body,
            "\"email\",\"status\",\"frequency\",\"lang\",\"sections\",\"created_at\","
            "\"confirmed_at\"\r\n"
            "\"aminata@example.net\",\"confirmed\",\"each\",\"\",\"\",\"2026-12-01T04:40:00Z\","
            "\"\"\r\n"
            "\"bakary@example.org\",\"bounced\",\"each\",\"\",\"\",\"2026-12-01T04:40:00Z\","
            "\"\"\r\n");
  auto entry = last_audit_entry();
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->action, "export_subscribers");
  EXPECT_EQ(entry->subject, "2") << "the count, never the addresses";
  // With the list's filter.
  Answer bounced =
      send("POST", "/admin/subscribers/export/", "csrf=" + token_ + "&status=bounced", editor_);
  EXPECT_EQ(bounced.body.find("aminata"), std::string::npos);
  EXPECT_NE(bounced.body.find("bakary@example.org"), std::string::npos);
  // A GET does not export (no link a page elsewhere could make a browser follow).
  EXPECT_EQ(send("GET", "/admin/subscribers/export/", {}, editor_).status, 404);
}

TEST_F(SubscriberPagesTest, AnImportAddsNewAddressesAndSaysHowMany) {
  import({{ "aminata@example.net", SubscriberStatus::confirmed }});
  Answer done = upload(
      "email,status,frequency\r\nAMINATA@example.net,confirmed,each\r\nnew1@example.org,,daily\r\n"
      "new2@example.org,pending,\r\n",
      token_, editor_);
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.header("Location"), "/admin/subscribers/import/?added=2&known=1");
  auto added = store_->subscriber_by_email("new1@example.org");
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->frequency, Frequency::daily);
  EXPECT_EQ(added->status, SubscriberStatus::confirmed);
  EXPECT_EQ(store_->subscriber_by_email("new2@example.org")->status, SubscriberStatus::pending);
  auto entry = last_audit_entry();
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->action, "import_subscribers");
  EXPECT_EQ(entry->subject, "2");
  Answer page = send("GET", done.header("Location"), {}, editor_);
  EXPECT_TRUE(page.shows("2 abonnés ajoutés ; 1 adresse déjà connue.")) << page.body;
}

TEST_F(SubscriberPagesTest, APartlyBadImportAddsNothingAndNamesTheLine) {
  Answer refused =
      upload("email,status\r\ngood@example.org,confirmed\r\nnot-an-address,confirmed\r\n", token_,
             editor_);
  ASSERT_EQ(refused.status, 422);
  EXPECT_TRUE(
      refused.shows("Rien n’a été importé. Ligne 3 : ce n’est pas une adresse e-mail "
                    "valide."))
      << refused.body;
  EXPECT_EQ(store_->subscriber_by_email("good@example.org").error().code, Errc::not_found);
  Answer status = upload("email,status\r\ngood@example.org,vip\r\n", token_, editor_);
  EXPECT_EQ(status.status, 422);
  EXPECT_TRUE(status.shows("Ligne 2 : le statut doit être"));
  Answer no_column = upload("adresse\r\ngood@example.org\r\n", token_, editor_);
  EXPECT_EQ(no_column.status, 422);
  EXPECT_TRUE(no_column.shows("la première ligne doit nommer les colonnes"));
  Answer not_csv = upload("email\r\n\"quoted\"then-more@example.org\r\n", token_, editor_);
  EXPECT_EQ(not_csv.status, 422);
  EXPECT_TRUE(not_csv.shows("n’est pas un CSV valide"));
  auto counts = store_->subscriber_counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->confirmed + counts->pending, 0);
  // No file chosen, a malformed body, multipart elsewhere, and a missing CSRF field.
  EXPECT_EQ(send("POST", "/admin/subscribers/import/", "csrf=" + token_, editor_).status, 422);
  EXPECT_EQ(send("POST", "/admin/subscribers/import/", "--b\r\nnonsense", editor_,
                 "multipart/form-data; boundary=b")
                .status,
            400);
  EXPECT_EQ(send("POST", "/admin/subscribers/import/", "x", editor_, "multipart/form-data").status,
            400);
  EXPECT_EQ(send("POST", "/admin/subscribers/export/",
                 "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token_ +
                     "\r\n--b--\r\n",
                 editor_, "multipart/form-data; boundary=b")
                .status,
            400)
      << "only the upload takes multipart bodies";
  EXPECT_EQ(upload("email\r\nx@example.org\r\n", "wrong", editor_).status, 403);
}

TEST_F(SubscriberPagesTest, RetryQueuesAFailedOrDeferredMessageForNowAndCancelStopsOne) {
  subscribe("deferred@example.org", false);
  subscribe("failed@example.org", false);
  subscribe("queued@example.org", false);
  const Id deferred = message_to("deferred@example.org");
  const Id failed = message_to("failed@example.org");
  const Id queued = message_to("queued@example.org");
  ASSERT_TRUE(store_->mark_retry(deferred, now_ + 600, "451 4.7.1 greylisted").ok());
  ASSERT_TRUE(store_->mark_failed(failed, "554 5.7.1 refused", false).ok());
  ASSERT_TRUE(store_->record_sender_refusal("553 5.7.1 sender rejected", now_ + 60, now_).ok());

  Answer page = send("GET", "/admin/outbox/?state=deferred", {}, editor_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(page.shows("deferred@example.org"));
  EXPECT_FALSE(page.shows("queued@example.org"));
  EXPECT_TRUE(page.shows("451 4.7.1 greylisted"));
  EXPECT_TRUE(page.shows("prochain essai le 2026-12-01"));
  EXPECT_TRUE(page.shows("553 5.7.1 sender rejected")) << "the sender's refusal as a banner";
  EXPECT_TRUE(page.shows("role=\"alert\""));
  Answer all = send("GET", "/admin/outbox/", {}, editor_);
  EXPECT_TRUE(all.shows("Différé <span class=\"count\">1</span>"));
  EXPECT_TRUE(all.shows("Échoué <span class=\"count\">1</span>"));
  EXPECT_TRUE(all.shows("En file <span class=\"count\">1</span>"));

  Answer retried = send("POST", fmt::format("/admin/outbox/{}/retry/", deferred),
                        "csrf=" + token_ + "&state=deferred", editor_);
  ASSERT_EQ(retried.status, 303) << retried.body;
  EXPECT_EQ(retried.header("Location"), "/admin/outbox/?state=deferred&done=retried");
  ASSERT_EQ(send("POST", fmt::format("/admin/outbox/{}/retry/", failed), "csrf=" + token_, editor_)
                .status,
            303);
  auto due = store_->due_messages(now_, 10);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->size(), 3u) << "both due now, with the queued one";
  auto entry = last_audit_entry();
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->action, "retry_message");
  EXPECT_EQ(entry->subject, "failed@example.org");

  Answer cancelled =
      send("POST", fmt::format("/admin/outbox/{}/cancel/", queued), "csrf=" + token_, editor_);
  ASSERT_EQ(cancelled.status, 303);
  EXPECT_EQ(cancelled.header("Location"), "/admin/outbox/?done=cancelled");
  auto counts = store_->outbox_counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->cancelled, 1);
  EXPECT_EQ(counts->queued, 2);
  entry = last_audit_entry();
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->action, "cancel_message");
  EXPECT_EQ(entry->subject, "queued@example.org");
  // A cancelled message is not retried, nor cancelled twice: 409, unchanged.
  EXPECT_EQ(send("POST", fmt::format("/admin/outbox/{}/retry/", queued), "csrf=" + token_, editor_)
                .status,
            409);
  EXPECT_EQ(send("POST", fmt::format("/admin/outbox/{}/cancel/", queued), "csrf=" + token_, editor_)
                .status,
            409);
  EXPECT_EQ(store_->outbox_counts()->cancelled, 1);
  EXPECT_EQ(send("POST", "/admin/outbox/999/retry/", "csrf=" + token_, editor_).status, 404);
  EXPECT_EQ(send("GET", "/admin/outbox/?state=lost", {}, editor_).status, 404);
}

TEST_F(SubscriberPagesTest, AnArticlePublishedAtOnceIsAnnouncedAsOnePublishedLater) {
  Id reader = subscribe("reader@example.org", true);
  for (const char* first_action : {"publish", "save"}) {
    Answer created = send("POST", "/admin/articles/new/",
                          fmt::format("csrf={}&title=Titre+{}&body=Texte&action={}", token_,
                                      first_action, first_action),
                          editor_);
    ASSERT_EQ(created.status, 303) << created.body;
    if (std::string_view(first_action) == "save") {
      std::string editor = created.header("Location");
      editor = editor.substr(0, editor.find('?'));
      Answer page = send("GET", editor, {}, editor_);
      std::smatch revision;
      ASSERT_TRUE(
          std::regex_search(page.body, revision, std::regex("name=\"revision\" value=\"(\\d+)\"")));
      ASSERT_EQ(send("POST", editor,
                     fmt::format("csrf={}&title=Titre+save&body=Texte&revision={}&action=publish",
                                 token_, revision[1].str()),
                     editor_)
                    .status,
                303);
    }
  }
  auto messages = store_->outbox_entries({OutboxState::queued, reader, 0, 10});
  ASSERT_TRUE(messages.ok());
  std::vector<std::string> titles;
  for (const OutboxEntry& entry : *messages) {
    if (entry.message.kind == MessageKind::article) titles.push_back(entry.article_title);
  }
  std::sort(titles.begin(), titles.end());
  EXPECT_EQ(titles, (std::vector<std::string>{"Titre publish", "Titre save"}));
}

TEST_F(SubscriberPagesTest, AuthorsNeitherSeeNorManageSubscribersOrTheOutbox) {
  Id id = subscribe("reader@example.org", true);
  subscribe("failed@example.org", false);
  const Id failed = message_to("failed@example.org");
  ASSERT_TRUE(store_->mark_failed(failed, "554 refused", false).ok());
  const std::string author = log_in("oumar@example.org");
  ASSERT_FALSE(author.empty());
  const std::string token = csrf(author);
  ASSERT_FALSE(token.empty());

  Answer articles = send("GET", "/admin/articles/", {}, author);
  EXPECT_FALSE(articles.shows("/admin/subscribers/")) << "no link in the navigation";
  EXPECT_FALSE(articles.shows("/admin/outbox/"));
  EXPECT_TRUE(send("GET", "/admin/articles/", {}, editor_).shows("href=\"/admin/subscribers/\""));
  for (const std::string& path :
       {std::string("/admin/subscribers/"), fmt::format("/admin/subscribers/{}/", id),
        std::string("/admin/subscribers/import/"), std::string("/admin/outbox/")}) {
    EXPECT_EQ(send("GET", path, {}, author).status, 403) << path;
  }
  // Forged posts with the author's own valid token: refused, nothing changed, nothing logged.
  auto log_before = store_->audit_log(0, 100)->size();
  EXPECT_EQ(
      send("POST", fmt::format("/admin/subscribers/{}/unsubscribe/", id), "csrf=" + token, author)
          .status,
      403);
  EXPECT_EQ(send("POST", "/admin/subscribers/export/", "csrf=" + token, author).status, 403);
  EXPECT_EQ(upload("email\r\nintruder@example.org\r\n", token, author).status, 403);
  EXPECT_EQ(
      send("POST", fmt::format("/admin/outbox/{}/retry/", failed), "csrf=" + token, author).status,
      403);
  EXPECT_EQ(
      send("POST", fmt::format("/admin/outbox/{}/cancel/", failed), "csrf=" + token, author).status,
      403);
  EXPECT_EQ(store_->subscriber(id)->status, SubscriberStatus::confirmed);
  EXPECT_EQ(store_->subscriber_by_email("intruder@example.org").error().code, Errc::not_found);
  EXPECT_EQ(store_->outbox_counts()->failed, 1);
  EXPECT_EQ(store_->audit_log(0, 100)->size(), log_before);
}

}  // namespace
}  // namespace tribune::admin
