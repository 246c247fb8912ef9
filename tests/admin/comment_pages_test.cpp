// The admin's comments and dashboard through the request handler (no sockets), on a real
// SQLite file: the moderation queue and its filters, each action and the bulk ones, the
// newsroom's reply on the public page, who may moderate what (forged posts refused, nothing
// changed), the audit log, the moderator's mail link, and the dashboard with its warnings.
#include "admin/admin_fixture.h"

namespace tribune::admin {
namespace {

// A signed-in browser: its session cookie and its forms' CSRF token.
struct Browser {
  std::string cookie;
  std::string csrf;
};

class CommentPagesTest : public AdminTest {
 protected:
  // The accounts first: each signs with an author of its name, whom the articles name.
  void prepare_store() override {
    ASSERT_TRUE(store_->set_setting("site.permalink", "/%postname%/").ok());
    add_account("Binta Keita", "binta@example.org", Role::author);
    add_account("Cheick Diallo", "cheick@example.org", Role::author);
    binta_article_ = add_article("la-crue", "La crue du fleuve", "Binta Keita", now_ - 3600);
    cheick_article_ = add_article("le-marche", "Le marché de Médine", "Cheick Diallo", now_ - 7200);
  }

  Id add_article(const std::string& slug, const std::string& title, const std::string& author,
                 UnixSeconds published_at) {
    NewArticle article;
    article.slug = slug;
    article.lang = "fr";
    article.body_html = "<p>Texte.</p>";
    article.draft.source = "admin";
    article.draft.title = title;
    article.draft.author_name = author;
    article.draft.section_path = {"Société"};
    article.draft.body_markdown = "Texte.";
    article.draft.published_at = published_at;
    auto ids = store_->save_articles({article}, AuthorPolicy::existing_only, now_);
    EXPECT_TRUE(ids.ok()) << ids.error().to_string();
    return ids.ok() ? ids->front() : 0;
  }

  Id add_comment(Id article, const std::string& body, CommentStatus status = CommentStatus::pending,
                 UnixSeconds ago = 600) {
    Comment comment{.article_id = article,
                    .author_name = "Lectrice",
                    .author_email = "lectrice@example.org",
                    .body = body,
                    .status = status,
                    .created_at = now_ - ago};
    auto id = store_->add_comment(comment, "");
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  }

  CommentStatus status_of(Id comment) { return store_->comment(comment)->status; }

  // Signs in; the browser's cookie and CSRF token.
  Browser sign_in(const std::string& email) {
    Browser browser{log_in(email), {}};
    EXPECT_FALSE(browser.cookie.empty()) << last_login_.head;
    browser.csrf = csrf(browser.cookie);
    return browser;
  }

  Answer get(const Browser& browser, const std::string& target) {
    return send("GET", target, {}, browser.cookie);
  }
  Answer post(const Browser& browser, const std::string& target, const std::string& fields) {
    return send("POST", target, fields + "&csrf=" + browser.csrf, browser.cookie);
  }

  // The public article page, as readers get it (through the page cache).
  std::string public_page(const std::string& slug) {
    return send("GET", "/" + slug + "/").body;  // the default permalink: /SLUG/
  }

  // The audit log's entries with `action`, newest first.
  std::vector<AuditEntry> audit(const std::string& action) {
    std::vector<AuditEntry> found;
    auto log = store_->audit_log(0, 1000);
    EXPECT_TRUE(log.ok());
    if (!log.ok()) return found;
    for (const AuditEntry& entry : *log) {
      if (entry.action == action) found.push_back(entry);
    }
    return found;
  }

  Id binta_article_ = 0;
  Id cheick_article_ = 0;
};

TEST_F(CommentPagesTest, TheQueueFiltersByStateAndArticleAndCountsPerArticle) {
  add_comment(binta_article_, "Le fleuve monte encore.", CommentStatus::pending, 900);
  add_comment(cheick_article_, "Les prix ont doublé.", CommentStatus::pending, 300);
  add_comment(binta_article_, "Merci pour ce reportage.", CommentStatus::approved, 1200);
  Browser awa = sign_in("awa@example.org");

  Answer pending = get(awa, "/admin/comments/");
  ASSERT_EQ(pending.status, 200) << pending.body;
  EXPECT_TRUE(pending.shows("Le fleuve monte encore."));
  EXPECT_TRUE(pending.shows("Les prix ont doublé."));
  EXPECT_FALSE(pending.shows("Merci pour ce reportage.")) << "approved: not in the pending queue";
  EXPECT_LT(pending.body.find("Les prix ont doublé."), pending.body.find("Le fleuve monte"))
      << "newest first";
  EXPECT_TRUE(pending.shows("1 en attente · 1 publié")) << "the article's counts";

  Answer approved = get(awa, "/admin/comments/?state=approved");
  EXPECT_TRUE(approved.shows("Merci pour ce reportage."));
  EXPECT_FALSE(approved.shows("Le fleuve monte encore."));

  Answer of_cheick = get(awa, "/admin/comments/?article=" + std::to_string(cheick_article_));
  EXPECT_TRUE(of_cheick.shows("Les prix ont doublé."));
  EXPECT_FALSE(of_cheick.shows("Le fleuve monte encore."));
  EXPECT_TRUE(of_cheick.shows("Le marché de Médine"));

  Answer all = get(awa, "/admin/comments/?select=all");
  EXPECT_EQ(std::regex_search(all.body, std::regex("name=\"ids\"[^>]* checked")), true)
      << "select all, without JavaScript";
  EXPECT_FALSE(std::regex_search(pending.body, std::regex("name=\"ids\"[^>]* checked")));

  EXPECT_EQ(get(awa, "/admin/comments/?state=everything").status, 404);
  EXPECT_EQ(get(awa, "/admin/comments/?article=abc").status, 422);
  EXPECT_EQ(get(awa, "/admin/comments/?article=999999").status, 404);
}

TEST_F(CommentPagesTest, EachActionMovesTheCommentShowsOnTheArticleAndIsAudited) {
  Id held = add_comment(binta_article_, "Une question sur la crue.");
  Browser awa = sign_in("awa@example.org");
  EXPECT_EQ(public_page("la-crue").find("Une question sur la crue."), std::string::npos);
  const std::string path = "/admin/comments/" + std::to_string(held) + "/";

  Answer screen = get(awa, path);
  ASSERT_EQ(screen.status, 200);
  EXPECT_TRUE(screen.shows("La crue du fleuve")) << "its article";
  EXPECT_TRUE(screen.shows("lectrice@example.org"));

  Answer approved = post(awa, path, "action=approve");
  ASSERT_EQ(approved.status, 303);
  EXPECT_EQ(approved.header("Location"), path + "?done=approve");
  EXPECT_EQ(status_of(held), CommentStatus::approved);
  EXPECT_NE(public_page("la-crue").find("Une question sur la crue."), std::string::npos)
      << "the cached article page was dropped";

  ASSERT_EQ(post(awa, path, "action=hold").status, 303);
  EXPECT_EQ(status_of(held), CommentStatus::pending);
  EXPECT_EQ(public_page("la-crue").find("Une question sur la crue."), std::string::npos);
  ASSERT_EQ(post(awa, path, "action=spam").status, 303);
  EXPECT_EQ(status_of(held), CommentStatus::spam);
  ASSERT_EQ(post(awa, path, "action=trash").status, 303);
  EXPECT_EQ(status_of(held), CommentStatus::trash);
  EXPECT_EQ(post(awa, path, "action=publish").status, 422);
  EXPECT_EQ(status_of(held), CommentStatus::trash);

  for (const char* action : {"comment_approve", "comment_hold", "comment_spam", "comment_trash"}) {
    auto entries = audit(action);
    ASSERT_EQ(entries.size(), 1u) << action;
    EXPECT_EQ(entries[0].article_id, binta_article_);
    EXPECT_EQ(entries[0].user_name, "Awa Traoré");
    EXPECT_NE(entries[0].subject.find("n° " + std::to_string(held)), std::string::npos)
        << entries[0].subject;
    EXPECT_NE(entries[0].subject.find("La crue du fleuve"), std::string::npos);
  }
  EXPECT_TRUE(get(awa, "/admin/audit/").shows("approbation de commentaire"));
}

TEST_F(CommentPagesTest, BulkActionsMoveTheCheckedCommentsTogether) {
  Id a = add_comment(binta_article_, "Achetez des montres", CommentStatus::pending, 100);
  Id b = add_comment(cheick_article_, "Gagnez un iPhone", CommentStatus::pending, 200);
  Id c = add_comment(binta_article_, "Crypto facile", CommentStatus::pending, 300);
  Id kept = add_comment(binta_article_, "Un vrai commentaire", CommentStatus::pending, 400);
  Browser awa = sign_in("awa@example.org");
  const std::string ids =
      "ids=" + std::to_string(a) + "&ids=" + std::to_string(b) + "&ids=" + std::to_string(c);
  Answer spammed = post(awa, "/admin/comments/bulk/", ids + "&action=spam&state=pending&article=");
  ASSERT_EQ(spammed.status, 303) << spammed.body;
  EXPECT_EQ(spammed.header("Location"), "/admin/comments/?state=pending&done=spam");
  for (Id id : {a, b, c}) EXPECT_EQ(status_of(id), CommentStatus::spam) << id;
  EXPECT_EQ(status_of(kept), CommentStatus::pending);
  EXPECT_EQ(audit("comment_spam").size(), 3u) << "one entry per comment";
  EXPECT_TRUE(get(awa, spammed.header("Location")).shows("Marqué comme indésirable."));

  Answer none = post(awa, "/admin/comments/bulk/", "action=approve&state=spam");
  EXPECT_EQ(none.header("Location"), "/admin/comments/?state=spam&done=none");
  EXPECT_EQ(post(awa, "/admin/comments/bulk/", ids + "&action=explode&state=spam").status, 422);
  EXPECT_EQ(post(awa, "/admin/comments/bulk/", "ids=abc&action=approve&state=spam").status, 422);
  EXPECT_EQ(post(awa, "/admin/comments/bulk/",
                 "ids=" + std::to_string(a) + "&ids=999999&action=approve&state=spam")
                .status,
            404);
  EXPECT_EQ(status_of(a), CommentStatus::spam) << "an unknown id moves none";
}

TEST_F(CommentPagesTest, TheNewsroomsReplyIsPublishedAtOnceAndLabelledOnTheArticle) {
  Id question = add_comment(binta_article_, "Quand la route rouvrira-t-elle ?");
  Browser awa = sign_in("awa@example.org");
  const std::string path = "/admin/comments/" + std::to_string(question) + "/";
  Answer empty = post(awa, path, "action=reply&sign=site&text=%20%0D%0A");
  EXPECT_EQ(empty.status, 422);
  EXPECT_TRUE(empty.shows("La réponse est vide")) << "names the field";
  EXPECT_EQ(status_of(question), CommentStatus::pending) << "nothing changed";
  EXPECT_EQ(post(awa, path, "action=reply&sign=someone&text=Bonjour").status, 422);

  Answer replied =
      post(awa, path, "action=reply&sign=site&text=" + url_encode("Lundi, selon la mairie."));
  ASSERT_EQ(replied.status, 303) << replied.body;
  EXPECT_EQ(replied.header("Location"), path + "?done=reply");
  EXPECT_EQ(status_of(question), CommentStatus::approved) << "a reply shows its question";
  auto approved = store_->comments(binta_article_, CommentStatus::approved);
  ASSERT_EQ(approved->size(), 2u);
  const Comment& reply = approved->back();
  EXPECT_TRUE(reply.from_newsroom);
  EXPECT_EQ(reply.parent_id, question);
  EXPECT_EQ(reply.author_name, "Sahel Tribune") << "signed with the site's name";

  std::string page = public_page("la-crue");
  EXPECT_NE(page.find("Lundi, selon la mairie."), std::string::npos);
  EXPECT_NE(page.find("<span class=\"comment-newsroom\">La rédaction</span>"), std::string::npos);
  EXPECT_EQ(audit("comment_reply").size(), 1u);
  EXPECT_EQ(audit("comment_approve").size(), 1u) << "the question's approval is audited too";

  ASSERT_EQ(post(awa, path, "action=reply&sign=me&text=Et+mardi+pour+les+camions.").status, 303);
  EXPECT_EQ(store_->comments(binta_article_, CommentStatus::approved)->back().author_name,
            "Awa Traoré");
}

TEST_F(CommentPagesTest, AnAuthorModeratesTheCommentsUnderTheirOwnArticlesOnly) {
  Id own = add_comment(binta_article_, "Sous l’article de Binta");
  Id other = add_comment(cheick_article_, "Sous l’article de Cheick");
  Browser binta = sign_in("binta@example.org");
  Answer queue = get(binta, "/admin/comments/");
  ASSERT_EQ(queue.status, 200);
  EXPECT_TRUE(queue.shows("Sous l’article de Binta"));
  EXPECT_FALSE(queue.shows("Sous l’article de Cheick"));
  EXPECT_TRUE(queue.shows("href=\"/admin/comments/\"")) << "the navigation link";

  const std::string other_path = "/admin/comments/" + std::to_string(other) + "/";
  EXPECT_EQ(get(binta, other_path).status, 403);
  EXPECT_EQ(post(binta, other_path, "action=approve").status, 403);
  EXPECT_EQ(post(binta, other_path, "action=reply&sign=me&text=Non").status, 403);
  EXPECT_EQ(post(binta, "/admin/comments/bulk/",
                 "ids=" + std::to_string(own) + "&ids=" + std::to_string(other) +
                     "&action=approve&state=pending")
                .status,
            403);
  EXPECT_EQ(status_of(other), CommentStatus::pending) << "nothing changed";
  EXPECT_EQ(status_of(own), CommentStatus::pending) << "all or none";
  EXPECT_EQ(store_->comments(cheick_article_, CommentStatus::approved)->size(), 0u);
  EXPECT_TRUE(audit("comment_approve").empty());

  ASSERT_EQ(post(binta, "/admin/comments/" + std::to_string(own) + "/", "action=approve").status,
            303);
  EXPECT_EQ(status_of(own), CommentStatus::approved);
}

TEST_F(CommentPagesTest, AContributorSeesNoComments) {
  Id comment = add_comment(binta_article_, "Un commentaire");
  Browser moussa = sign_in("moussa@example.org");
  EXPECT_EQ(get(moussa, "/admin/comments/").status, 403);
  const std::string path = "/admin/comments/" + std::to_string(comment) + "/";
  EXPECT_EQ(get(moussa, path).status, 403);
  EXPECT_EQ(post(moussa, path, "action=approve").status, 403);
  EXPECT_EQ(post(moussa, "/admin/comments/bulk/",
                 "ids=" + std::to_string(comment) + "&action=approve&state=pending")
                .status,
            403);
  EXPECT_EQ(status_of(comment), CommentStatus::pending);
  Answer dashboard = get(moussa, "/admin/");
  ASSERT_EQ(dashboard.status, 200);
  EXPECT_FALSE(dashboard.shows("/admin/comments/")) << "no link, no queue";
  EXPECT_TRUE(dashboard.shows("Vos brouillons"));
}

TEST_F(CommentPagesTest, UnknownOrMalformedIdsAreNotFoundNeverAServerError) {
  Browser awa = sign_in("awa@example.org");
  for (const char* path : {"/admin/comments/abc/", "/admin/comments/999999/", "/admin/comments/0/",
                           "/admin/comments/12", "/admin/comments/-3/", "/admin/comments/5/x/"}) {
    EXPECT_EQ(get(awa, path).status, 404) << path;
    EXPECT_EQ(post(awa, path, "action=approve").status, 404) << path;
  }
  EXPECT_EQ(get(awa, "/admin/comments/?page=abc").status, 200) << "the first page";
}

TEST_F(CommentPagesTest, TheModeratorsMailLinksToTheCommentsScreen) {
  Id held = add_comment(binta_article_, "À modérer");
  OutboxMessage notice;
  notice.kind = MessageKind::moderation;
  notice.recipient = "redaction@example.org";
  notice.comment_id = held;
  notice.created_at = now_;
  auto mail = site_->compose_mail(notice, now_);
  ASSERT_TRUE(mail.ok()) << mail.error().to_string();
  EXPECT_NE(mail->text.find("http://news.example/admin/comments/" + std::to_string(held) + "/"),
            std::string::npos)
      << mail->text;
  EXPECT_EQ(mail->text.find("tribune comments approve"), std::string::npos);
}

TEST_F(CommentPagesTest, SigningInLandsOnTheDashboardWithWhatNeedsDoing) {
  add_comment(binta_article_, "Plus ancien", CommentStatus::pending, 900);
  Id newest = add_comment(cheick_article_, "Plus récent", CommentStatus::pending, 60);
  Id scheduled = add_article("demain", "L’article de demain", "Binta Keita", now_ + 86400);
  ASSERT_TRUE(store_->add_views({{cheick_article_, 42}, {binta_article_, 7}}, now_ - 60).ok());
  ASSERT_TRUE(site_->refresh_most_read(now_).ok());
  handler_->reload();

  Browser awa = sign_in("awa@example.org");
  EXPECT_EQ(last_login_.header("Location"), "/admin/");
  Answer dashboard = get(awa, "/admin/");
  ASSERT_EQ(dashboard.status, 200) << dashboard.body;
  EXPECT_TRUE(dashboard.shows("2 commentaires attendent la modération."));
  EXPECT_TRUE(dashboard.shows("href=\"/admin/comments/" + std::to_string(newest) + "/\""));
  EXPECT_TRUE(dashboard.shows("Le marché de Médine</a> <small>42 vues"))
      << "most read today, from the site's ranking";
  EXPECT_TRUE(dashboard.shows("href=\"/admin/articles/" + std::to_string(scheduled) + "/\""))
      << "scheduled";
  EXPECT_TRUE(dashboard.shows("2026-12-02")) << "with its time";
  EXPECT_TRUE(dashboard.shows("La crue du fleuve")) << "the latest publications";
  EXPECT_TRUE(dashboard.shows("0 en file · 0 envoyés · 0 en échec"));
  EXPECT_FALSE(dashboard.shows("À surveiller")) << "nothing needs the operator";

  Browser binta = sign_in("binta@example.org");
  Answer own = get(binta, "/admin/");
  EXPECT_TRUE(own.shows("1 commentaire attend la modération.")) << "under her articles only";
  EXPECT_FALSE(own.shows("0 en file")) << "the mail is the editors'";
}

TEST_F(CommentPagesTest, TheDashboardWarnsWhenMailFails) {
  ASSERT_TRUE(store_->set_setting("comments.moderator_email", "redaction@example.org").ok());
  ASSERT_TRUE(store_
                  ->add_comment({.article_id = binta_article_,
                                 .author_name = "Lectrice",
                                 .author_email = "l@example.org",
                                 .body = "Bonjour",
                                 .created_at = now_},
                                "redaction@example.org")
                  .ok());
  auto queued = store_->due_messages(now_, 10);
  ASSERT_EQ(queued->size(), 1u);
  ASSERT_TRUE(store_->mark_failed(queued->front().id, "550 no such user", false).ok());
  ASSERT_TRUE(store_->record_sender_refusal("553 5.7.1 sender rejected", now_ + 600, now_).ok());
  Browser awa = sign_in("awa@example.org");
  Answer dashboard = get(awa, "/admin/");
  EXPECT_TRUE(dashboard.shows("À surveiller"));
  EXPECT_TRUE(dashboard.shows("1 e-mail n’a pas pu partir"));
  EXPECT_TRUE(dashboard.shows("553 5.7.1 sender rejected"));
  ASSERT_TRUE(store_->resolve_sender_refusal(now_ + 700).ok());
  EXPECT_FALSE(get(awa, "/admin/").shows("553 5.7.1")) << "resolved: no more warning";
}

}  // namespace
}  // namespace tribune::admin
