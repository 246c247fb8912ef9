// The admin through the request handler (no sockets): signing in, the rate limit, sessions,
// CSRF, roles checked on the server, the admin's headers, and an article's life from the
// editor to the public site.
#include "admin/admin_fixture.h"

namespace tribune::admin {
namespace {

TEST_F(AdminTest, TheAdminAsksToSignInAndSendsItsHeadersOnEveryPage) {
  Answer typed = send("GET", "/admin");
  EXPECT_EQ(typed.status, 301);
  EXPECT_EQ(typed.header("Location"), "/admin/");
  Answer articles = send("GET", "/admin/articles/");
  EXPECT_EQ(articles.status, 303);
  EXPECT_EQ(articles.header("Location"), "/admin/login/?next=/admin/articles/");
  Answer login = send("GET", "/admin/login/");
  ASSERT_EQ(login.status, 200);
  EXPECT_NE(login.body.find("Connexion"), std::string::npos);
  std::string cookie = log_in("awa@example.org");
  ASSERT_FALSE(cookie.empty());
  for (const char* path :
       {"/admin/login/", "/admin/articles/", "/admin/articles/new/", "/admin/users/",
        "/admin/audit/", "/admin/password/", "/admin/articles/999/"}) {
    Answer page = send("GET", path, {}, cookie);
    EXPECT_EQ(page.header("Cache-Control"), "no-store") << path;
    EXPECT_EQ(page.header("Referrer-Policy"), "same-origin") << path;
    EXPECT_NE(page.header("Content-Security-Policy").find("frame-ancestors 'none'"),
              std::string::npos)
        << path;
  }
  EXPECT_EQ(send("GET", "/admin/articles/999/", {}, cookie).status, 404);
}

TEST_F(AdminTest, SessionCookiesAreHttpOnlyAndLax) {
  Answer form = send("GET", "/admin/login/");
  std::string token = form.cookie("tribune_login");
  Answer answer =
      send("POST", "/admin/login/",
           "login_token=" + token + "&email=awa%40example.org&password=" + url_encode(kPassword),
           "tribune_login=" + token);
  ASSERT_EQ(answer.status, 303);
  std::string set_cookie = answer.header("Set-Cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite=Lax"), std::string::npos) << set_cookie;
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << "plain http: " << set_cookie;
}

TEST_F(AdminTest, TheSixthWrongPasswordInARowIsRateLimited) {
  for (int attempt = 1; attempt <= 5; ++attempt) {
    EXPECT_TRUE(log_in("awa@example.org", "wrong password").empty());
    EXPECT_EQ(last_status_, 401) << attempt;
  }
  EXPECT_TRUE(log_in("awa@example.org", "wrong password").empty());
  EXPECT_EQ(last_status_, 429);
  // Even the right password waits for the window to pass.
  EXPECT_TRUE(log_in("awa@example.org").empty());
  EXPECT_EQ(last_status_, 429);
  now_ += kFailureWindow + 1;
  EXPECT_FALSE(log_in("awa@example.org").empty());
}

TEST_F(AdminTest, PostsWithoutTheSessionsCsrfTokenAreRefused) {
  std::string awa = log_in("awa@example.org");
  std::string moussa = log_in("moussa@example.org");
  const std::string article = "title=Sans+jeton&body=Texte&action=save";
  EXPECT_EQ(send("POST", "/admin/articles/new/", article, awa).status, 403);
  EXPECT_EQ(send("POST", "/admin/articles/new/", article + "&csrf=" + csrf(moussa), awa).status,
            403);
  auto found = store_->find_articles(ArticleFilter{});
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->total, 0);
  EXPECT_EQ(send("POST", "/admin/articles/new/", article + "&csrf=" + csrf(awa), awa).status, 303);
}

TEST_F(AdminTest, AContributorsForgedPublishIsRefusedAndTheDraftStaysADraft) {
  std::string moussa = log_in("moussa@example.org");
  std::string token = csrf(moussa);
  Answer saved = send("POST", "/admin/articles/new/",
                      "title=Mon+brouillon&body=Texte&action=save&csrf=" + token, moussa);
  ASSERT_EQ(saved.status, 303) << saved.body;
  std::smatch id;
  std::string location = saved.header("Location");
  ASSERT_TRUE(std::regex_search(location, id, std::regex("/admin/articles/([0-9]+)/")));
  const std::string path = "/admin/articles/" + id[1].str() + "/";
  Answer forged =
      send("POST", path, "title=Mon+brouillon&body=Texte&action=publish&csrf=" + token, moussa);
  EXPECT_EQ(forged.status, 403);
  Answer bulk = send("POST", "/admin/articles/bulk/",
                     "action=publish&ids=" + id[1].str() + "&csrf=" + token, moussa);
  EXPECT_EQ(bulk.status, 403);
  auto article = store_->article_for_editing(std::stoll(id[1].str()));
  ASSERT_TRUE(article.ok());
  EXPECT_EQ(article->state, ArticleState::draft);
  EXPECT_EQ(send("GET", "/admin/users/", {}, moussa).status, 403);
}

TEST_F(AdminTest, LogoutEverywhereEndsEverySessionOfTheAccount) {
  std::string laptop = log_in("awa@example.org");
  std::string phone = log_in("awa@example.org");
  ASSERT_EQ(send("GET", "/admin/articles/", {}, phone).status, 200);
  Answer out = send("POST", "/admin/logout/everywhere/", "csrf=" + csrf(laptop), laptop);
  EXPECT_EQ(out.status, 303);
  EXPECT_NE(out.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(send("GET", "/admin/articles/", {}, phone).status, 303);
  EXPECT_EQ(send("GET", "/admin/articles/", {}, laptop).status, 303);
}

TEST_F(AdminTest, APublishedArticleReachesTheSiteAndUnpublishingTakesItAway) {
  std::string awa = log_in("awa@example.org");
  std::string token = csrf(awa);
  Answer published = send("POST", "/admin/articles/new/",
                          "title=Le+fleuve+monte&slug=le-fleuve-monte&body=Le+**Niger**+monte."
                          "&action=publish&csrf=" +
                              token,
                          awa);
  ASSERT_EQ(published.status, 303) << published.body;
  std::smatch id;
  std::string location = published.header("Location");
  ASSERT_TRUE(std::regex_search(location, id, std::regex("/admin/articles/([0-9]+)/")));
  Answer home = send("GET", "/");
  EXPECT_NE(home.body.find("Le fleuve monte"), std::string::npos);
  auto article = store_->article_for_editing(std::stoll(id[1].str()));
  ASSERT_TRUE(article.ok());
  EXPECT_EQ(article->state, ArticleState::published);

  Answer unpublished =
      send("POST", "/admin/articles/" + id[1].str() + "/", "action=unpublish&csrf=" + token, awa);
  EXPECT_EQ(unpublished.status, 303);
  EXPECT_EQ(send("GET", "/").body.find("Le fleuve monte"), std::string::npos);
  auto audit = store_->audit_log(0, 10);
  ASSERT_TRUE(audit.ok());
  std::vector<std::string> actions;
  for (const AuditEntry& entry : *audit) actions.push_back(entry.action);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "unpublish"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "create"), actions.end());
}

TEST_F(AdminTest, ALoginLinkWorksOnceAndAskForAPassword) {
  auto user = store_->add_user({"kadi@example.org", "Kadi Keïta", Role::editor, ""}, now_);
  ASSERT_TRUE(user.ok());
  Sessions sessions(*store_);
  auto token =
      sessions.issue_token(user->id, LoginTokenPurpose::invitation, kInvitationLifetime, now_);
  ASSERT_TRUE(token.ok());
  const std::string link = "/admin/login/" + *token + "/";
  EXPECT_EQ(send("GET", link).status, 200);  // a page with a button: scanners don't use it up
  Answer used = send("POST", link);
  EXPECT_EQ(used.status, 303);
  EXPECT_EQ(used.header("Location"), "/admin/password/");
  EXPECT_FALSE(used.cookie("tribune_session").empty());
  EXPECT_EQ(send("POST", link).status, 404);
}

}  // namespace
}  // namespace tribune::admin

namespace tribune::admin {
namespace {

// An article imported from WordPress keeps its HTML body through the editor, sanitized again
// on every save.
TEST_F(AdminTest, AnHtmlBodyStaysHtmlThroughTheEditorAndIsSanitizedOnSave) {
  std::string awa = log_in("awa@example.org");
  std::string token = csrf(awa);
  const std::string body = "<p>Le fleuve <strong>monte</strong>.</p><script>alert(1)</script>";
  ASSERT_EQ(send("POST", "/admin/articles/new/",
                 "title=Crue&slug=crue-html&lang=fr&body_format=html&body=" + url_encode(body) +
                     "&action=publish&csrf=" + token,
                 awa)
                .status,
            303);
  auto article = store_->article_for_editing_by_slug("crue-html");
  ASSERT_TRUE(article.ok());
  EXPECT_EQ(article->body_format, BodyFormat::html);
  auto text = store_->article_text(article->id);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->body_html.find("<p>Le fleuve <strong>monte</strong>.</p>"), std::string::npos)
      << text->body_html;
  EXPECT_EQ(text->body_html.find("script"), std::string::npos) << text->body_html;
  Answer editor = send("GET", "/admin/articles/" + std::to_string(article->id) + "/", {}, awa);
  EXPECT_NE(editor.body.find("name=\"body_format\" value=\"html\""), std::string::npos);
}

TEST_F(AdminTest, TheEditorGivesAnArticleItsPictureFromTheLibrary) {
  Media stall;
  stall.name = "etal";
  stall.hash = "0123456789abcdef";
  stall.width = 900;
  stall.height = 600;
  stall.alt = "Un étal";
  ASSERT_TRUE(store_->add_media(stall).ok());
  std::string awa = log_in("awa@example.org");
  std::string token = csrf(awa);
  Answer refused = send("POST", "/admin/articles/new/",
                        "title=Le+march%C3%A9&slug=le-marche&lang=fr&body=Texte.&image=inconnue"
                        "&action=save&csrf=" +
                            token,
                        awa);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("La médiathèque n’a aucune image de ce nom."), std::string::npos);
  EXPECT_FALSE(store_->article_for_editing_by_slug("le-marche").ok());

  Answer saved = send("POST", "/admin/articles/new/",
                      "title=Le+march%C3%A9&slug=le-marche&lang=fr&body=" +
                          url_encode("Avant.\n\n![Des tomates](etal)") +
                          "&image=etal&image_alt=Les+tomates&action=save&csrf=" + token,
                      awa);
  ASSERT_EQ(saved.status, 303) << saved.body;
  auto article = store_->article_for_editing_by_slug("le-marche");
  ASSERT_TRUE(article.ok());
  EXPECT_EQ(article->image, "etal");
  EXPECT_EQ(article->image_alt, "Les tomates");
  // The picture in the text is the library's, as an import makes it.
  EXPECT_NE(article->body_html.find("<picture><source type=\"image/webp\" srcset=\"/media/"
                                    "0123456789abcdef-320.webp 320w"),
            std::string::npos)
      << article->body_html;
  Answer editor = send("GET", "/admin/articles/" + std::to_string(article->id) + "/", {}, awa);
  EXPECT_NE(editor.body.find("name=\"image\" value=\"etal\""), std::string::npos);
}

TEST_F(AdminTest, TheEditorFilesATranslationWithItsOriginal) {
  std::string awa = log_in("awa@example.org");
  std::string token = csrf(awa);
  ASSERT_EQ(send("POST", "/admin/articles/new/",
                 "title=Le+fleuve+monte&slug=le-fleuve-monte&lang=fr&body=Le+Niger+monte."
                 "&action=publish&csrf=" +
                     token,
                 awa)
                .status,
            303);
  Answer editor = send("GET", "/admin/articles/new/", {}, awa);
  EXPECT_NE(editor.body.find("<option value=\"ar\" lang=\"ar\">العربية</option>"),
            std::string::npos)
      << "each language by its own name";
  EXPECT_NE(editor.body.find("name=\"translation_of\""), std::string::npos);

  // An unknown original is refused with the field's message, and nothing is saved.
  Answer refused = send("POST", "/admin/articles/new/",
                        "title=The+river+rises&slug=the-river-rises&lang=en&body=The+Niger."
                        "&translation_of=nowhere&action=publish&csrf=" +
                            token,
                        awa);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("Aucun article dans une autre langue n’a cette adresse courte."),
            std::string::npos);
  EXPECT_FALSE(store_->article_for_editing_by_slug("the-river-rises").ok());

  Answer saved = send("POST", "/admin/articles/new/",
                      "title=The+river+rises&slug=the-river-rises&lang=en&body=The+Niger."
                      "&translation_of=le-fleuve-monte&action=publish&csrf=" +
                          token,
                      awa);
  ASSERT_EQ(saved.status, 303) << saved.body;
  auto article = store_->article_for_editing_by_slug("the-river-rises");
  ASSERT_TRUE(article.ok());
  EXPECT_EQ(article->translation_of, "le-fleuve-monte");

  // Tags typed on an Arabic keyboard are separated by its comma.
  ASSERT_EQ(send("POST", "/admin/articles/new/",
                 "title=Fayadan&slug=fayadan&lang=ar&body=x&tags=" + url_encode("ماء، زراعة,نيجر") +
                     "&action=save&csrf=" + token,
                 awa)
                .status,
            303);
  auto arabic = store_->article_for_editing_by_slug("fayadan");
  ASSERT_TRUE(arabic.ok());
  std::vector<std::string> tags;
  for (const Tag& tag : arabic->tags) tags.push_back(tag.name);
  std::sort(tags.begin(), tags.end());
  EXPECT_EQ(tags, (std::vector<std::string>{"زراعة", "ماء", "نيجر"}));
  // The French original's page now links its English version.
  std::string original;
  for (int attempt = 0; attempt < 50; ++attempt) {
    Answer home = send("GET", "/");
    std::smatch link;
    if (std::regex_search(home.body, link, std::regex("href=\"(/[^\"]*le-fleuve-monte/)\""))) {
      original = send("GET", link[1].str()).body;
      if (original.find("hreflang=\"en\"") != std::string::npos) break;
    }
    usleep(100000);
  }
  EXPECT_NE(original.find("<p class=\"translations\">Cet article existe aussi en :"),
            std::string::npos);
}

}  // namespace
}  // namespace tribune::admin
