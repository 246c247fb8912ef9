// Reader comments through the real server, with JavaScript off: the form round trip, the
// moderation policy, threading, every spam defence, the signed token, and XSS payloads.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <regex>

#include "support/http_client.h"
#include "support/process.h"
#include "support/smtp_sink.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

constexpr const char* kSeedSlug =
    "lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita";
constexpr const char* kSeedPath =
    "/2025/07/11/lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita/";

class CommentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(create_seed_site(data_.path()), "");
    set("comments.min_seconds", "0");
  }

  void set(const std::string& key, const std::string& value) {
    ASSERT_EQ(set_config(data_.path(), key, value), "");
  }

  void start() { server_ = std::make_unique<ServerProcess>(data_.path()); }

  // Settings changed while the server runs reach it within half a second.
  void set_live(const std::string& key, const std::string& value) {
    set(key, value);
    usleep(800000);
  }

  // The hidden fields of the first comment form on the page at `path`.
  Fields form_of(const std::string& path) {
    return comment_form_fields(http_get(server_->url(path)).body);
  }

  HttpResponse post(Fields fields, const Fields& extra) {
    fields.insert(fields.end(), extra.begin(), extra.end());
    return http_post_form(server_->url("/comments/"), fields);
  }

  HttpResponse post_comment(const std::string& name, const std::string& email,
                            const std::string& text, const Fields& more = {}) {
    Fields extra = {{"name", name}, {"email", email}, {"text", text}};
    extra.insert(extra.end(), more.begin(), more.end());
    return post(form_of(kSeedPath), extra);
  }

  std::string page() { return http_get(server_->url(kSeedPath)).body; }

  TempDir data_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(CommentsTest, FirstCommentIsHeldThenTheAddressPublishesAtOnce) {
  start();
  HttpResponse held = post_comment("Awa", "awa@example.org", "Merci pour cet article.");
  ASSERT_EQ(held.status, 303);
  EXPECT_EQ(held.header("location"), std::string("/comments/held/") + kSeedSlug + "/");
  HttpResponse notice = http_get(server_->url(held.header("location")));
  EXPECT_EQ(notice.status, 200);
  EXPECT_NE(notice.body.find("attend la validation"), std::string::npos);
  EXPECT_NE(page().find("0 commentaire · 155 vues"), std::string::npos) << "held: not shown";

  ASSERT_EQ(run_tribune({"comments", "approve", "--data", data_.path().string(), "1"}).exit_code,
            0);
  usleep(800000);
  EXPECT_NE(page().find("1 commentaire · 155 vues"), std::string::npos);

  HttpResponse published = post_comment("Awa", "awa@example.org", "Et encore merci.");
  ASSERT_EQ(published.status, 303);
  EXPECT_EQ(published.header("location"), std::string(kSeedPath) + "#comment-2");
  std::string after = page();  // at once: the post emptied the cache before answering
  EXPECT_NE(after.find("2 commentaires · 155 vues"), std::string::npos);
  EXPECT_NE(after.find("id=\"comment-2\""), std::string::npos);
}

TEST_F(CommentsTest, TheModeratorIsMailedAboutAHeldCommentOnce) {
  SmtpSink sink;
  set("smtp.host", "127.0.0.1");
  set("smtp.port", std::to_string(sink.port()));
  set("smtp.tls", "none");
  set("comments.moderator_email", "redaction@example.org");
  start();
  ASSERT_EQ(post_comment("Awa", "awa@example.org", "Une question sur l’article.").status, 303);
  ASSERT_TRUE(sink.wait_for_messages(1, std::chrono::seconds(10)));
  usleep(1500000);
  ASSERT_EQ(sink.messages().size(), 1u);
  EXPECT_EQ(sink.messages()[0].rcpt_tos, std::vector<std::string>{"redaction@example.org"});
  nlohmann::json mail = parse_mail(sink.messages()[0].file);
  EXPECT_NE(mail["headers"]["subject"][0].get<std::string>().find("Commentaire à modérer"),
            std::string::npos);
  std::string text = mail["parts"][0]["content"];
  EXPECT_NE(text.find("Une question sur l’article."), std::string::npos);
  // The link leads to the comment's screen at the admin, on the site's address.
  EXPECT_NE(text.find(server_->url("/admin/comments/1/")), std::string::npos) << text;
}

TEST_F(CommentsTest, RepliesThreadOneLevelDeep) {
  set("comments.policy", "publish_all");
  start();
  ASSERT_EQ(post_comment("Awa", "awa@example.org", "Première réaction.").status, 303);
  std::string reply_path = std::string("/comments/reply/") + kSeedSlug + "/1/";
  EXPECT_NE(page().find("href=\"" + reply_path + "\""), std::string::npos);
  Fields reply_form = form_of(reply_path);
  EXPECT_EQ(reply_form[1].second, "1");
  HttpResponse reply =
      post(reply_form, {{"name", "Ibrahim"}, {"email", "i@example.org"}, {"text", "Je réponds."}});
  ASSERT_EQ(reply.status, 303);
  EXPECT_NE(page().find("<ol class=\"replies\"><li class=\"comment\" id=\"comment-2\">"),
            std::string::npos);
  EXPECT_EQ(http_get(server_->url(std::string("/comments/reply/") + kSeedSlug + "/2/")).status, 404)
      << "no reply to a reply";
}

TEST_F(CommentsTest, EachSpamDefenceRefusesWithALocalizedMessageAndKeepsTheText) {
  set("comments.policy", "publish_all");
  set("comments.max_length", "200");
  set("comments.blocklist", "casino, spam@example.org");
  start();
  struct Case {
    const char* name;
    Fields extra;
    const char* message;
  };
  std::vector<Case> cases = {
      {"honeypot", {{"url2", "http://bot.example"}}, "semble venir d’un robot"},
      {"links",
       {{"text", "http://a.example http://b.example http://c.example"}},
       "2 liens au plus"},
      {"length", {{"text", std::string(201, 'a')}}, "dépasse 200 caractères"},
      {"blocked word", {{"text", "Le meilleur CASINO"}}, "ne peut pas être publié"},
      {"blocked address", {{"email", "spam@example.org"}}, "ne peut pas être publié"},
      {"no name", {{"name", ""}}, "Indiquez votre nom"},
      {"bad email", {{"email", "pas-une-adresse"}}, "adresse e-mail valide"},
      {"bad website", {{"website", "javascript:alert(1)"}}, "http:// ou https://"},
      // Each website refusal names its own reason, not "must start with http://".
      {"website with a quote",
       {{"website", "https://exemple.org/l\"article"}},
       "ne peut pas contenir le caractère &quot;."},
      {"website with a space", {{"website", "https://exemple.org/mon site"}}, "contenir d’espace"},
      {"website without a site", {{"website", "https:///chemin"}}, "doit nommer un site"},
      {"website too long",
       {{"website", "https://exemple.org/" + std::string(200, 'a')}},
       "trop longue (200 caractères au plus)"},
  };
  for (const Case& refused : cases) {
    Fields extra = refused.extra;
    Fields base = {{"name", "Awa"}, {"email", "awa@example.org"}, {"text", "Mon texte à garder"}};
    for (auto& [name, value] : base) {
      bool overridden = false;
      for (const auto& [extra_name, extra_value] : extra) overridden |= extra_name == name;
      if (!overridden) extra.emplace_back(name, value);
    }
    HttpResponse response = post(form_of(kSeedPath), extra);
    EXPECT_EQ(response.status, 422) << refused.name;
    EXPECT_NE(response.body.find(refused.message), std::string::npos) << refused.name;
    if (std::string(refused.name).starts_with("website with a")) {
      EXPECT_EQ(response.body.find("http:// ou https://"), std::string::npos) << refused.name;
    }
    EXPECT_NE(response.body.find("<form method=\"post\" action=\"/comments/\">"),
              std::string::npos);
    for (const auto& [name, value] : extra) {
      if (name == "text" && value.find('<') == std::string::npos) {
        EXPECT_NE(response.body.find(value), std::string::npos) << refused.name << ": text kept";
      }
    }
  }
  EXPECT_NE(page().find("0 commentaire"), std::string::npos) << "nothing was published";
}

TEST_F(CommentsTest, ControlCharactersAreRefusedNamingTheFieldAndTheTextIsKept) {
  SmtpSink sink;
  set("smtp.host", "127.0.0.1");
  set("smtp.port", std::to_string(sink.port()));
  set("smtp.tls", "none");
  set("smtp.retry_seconds", "1");
  set("comments.moderator_email", "redaction@example.org");
  set("comments.policy", "hold_all");
  set("comments.rate_limit", "1000");
  start();
  struct Case {
    const char* field;
    std::string value;
    std::string message;
  };
  const std::string name_error = "Votre nom contient un caractère invisible ou de contrôle (";
  const std::string email_error = "Indiquez une adresse e-mail valide.";
  const std::string website_error =
      "L’adresse du site web contient un caractère invisible ou de contrôle (";
  const std::string text_error =
      "Votre commentaire contient un caractère invisible ou de contrôle (";
  const std::vector<Case> cases = {
      {"name", std::string("Awa\0Diallo", 10), name_error + "U+0000)"},
      {"name", "Awa\rBcc: victime@example.org", name_error + "U+000D)"},
      {"name",
       "Awa\xe2\x80\xa8"
       "Diallo",
       name_error + "U+2028)"},
      {"name",
       "Awa\xc2\x85"
       "Diallo",
       name_error + "U+0085)"},
      {"name",
       "\xe2\x80\xae"
       "ollaiD awA",
       name_error + "U+202E)"},
      {"email", std::string("awa\0@example.org", 16), email_error},
      {"email", "awa@example.org\rBcc: victime@example.org", email_error},
      {"email", "awa\xe2\x80\xa8@example.org", email_error},
      {"email", "awa\xc2\x85@example.org", email_error},
      {"email",
       "gro.elpmaxe@\xe2\x80\xae"
       "awa",
       email_error},
      {"website",
       "https://example.org/\xe2\x80\xae"
       "gpj.exe",
       website_error + "U+202E)"},
      {"website", "https://exa\xc2\x85mple.org/", website_error + "U+0085)"},
      {"text", std::string("Bonjour\0 tout le monde", 23), text_error + "U+0000)"},
      {"text",
       "Texte \xe2\x80\xae"
       "esrever",
       text_error + "U+202E)"},
      {"text", "Effacer l’écran \x1b[2J", text_error + "U+001B)"},
      {"text", "Suite\xc2\x85ligne", text_error + "U+0085)"},
  };
  for (const Case& refused : cases) {
    Fields fields = {{"name", "Awa"},
                     {"email", "awa@example.org"},
                     {"website", ""},
                     {"text", "Mon texte à garder"}};
    for (auto& [name, value] : fields)
      if (name == refused.field) value = refused.value;
    HttpResponse response = post(form_of(kSeedPath), fields);
    EXPECT_EQ(response.status, 422) << refused.message;
    EXPECT_NE(response.body.find(refused.message), std::string::npos) << refused.message;
    EXPECT_NE(response.body.find("<form method=\"post\" action=\"/comments/\">"),
              std::string::npos);
    // The reader's text comes back as they sent it (every field of these cases is free of
    // the characters HTML escapes).
    for (const auto& [name, value] : fields)
      EXPECT_NE(response.body.find(value), std::string::npos) << refused.message << ": " << name;
  }
  EXPECT_EQ(http_get(server_->url("/healthz")).status, 200);

  // Line breaks and tabs belong in a comment's text, and a right-to-left reader's marks too.
  HttpResponse held =
      post_comment("Awa Diallo", "awa@example.org",
                   "Première ligne\r\nDeuxième\tligne\r\n\r\nPrix : 100\xe2\x80\x8f ريال");
  ASSERT_EQ(held.status, 303);
  ASSERT_TRUE(sink.wait_for_messages(1, std::chrono::seconds(10)));
  usleep(1500000);  // time for anything that should not come
  std::vector<ReceivedMessage> messages = sink.messages();
  ASSERT_EQ(messages.size(), 1u) << "one notice, for the one comment kept";
  EXPECT_EQ(messages[0].rcpt_tos, std::vector<std::string>{"redaction@example.org"});
  nlohmann::json mail = parse_mail(messages[0].file);
  EXPECT_FALSE(mail["headers"].contains("bcc"));
  std::string text = mail["parts"][0]["content"];
  EXPECT_NE(text.find("Awa Diallo"), std::string::npos);
  EXPECT_NE(text.find("Deuxième\tligne"), std::string::npos);
  EXPECT_EQ(text.find("victime@"), std::string::npos);
  auto pending =
      run_tribune({"comments", "list", "--status", "pending", "--data", data_.path().string()});
  EXPECT_NE(pending.out.find("awa@example.org"), std::string::npos) << pending.out;
  EXPECT_EQ(std::count(pending.out.begin(), pending.out.end(), '\n'), 1) << pending.out;
}

TEST_F(CommentsTest, TooFastAndRateLimit) {
  set("comments.policy", "publish_all");
  set("comments.rate_limit", "2");
  set("comments.min_seconds", "3");
  start();
  HttpResponse fast = post_comment("Awa", "awa@example.org", "Vite !");
  EXPECT_EQ(fast.status, 422);
  EXPECT_NE(fast.body.find("trop vite"), std::string::npos);
  set_live("comments.min_seconds", "0");
  EXPECT_EQ(post_comment("Awa", "awa@example.org", "Un").status, 303);
  EXPECT_EQ(post_comment("Awa", "awa@example.org", "Deux").status, 303);
  HttpResponse third = post_comment("Awa", "awa@example.org", "Trois");
  EXPECT_EQ(third.status, 429);
  EXPECT_NE(third.body.find("beaucoup de commentaires"), std::string::npos);
}

TEST_F(CommentsTest, TheTokenIsRequiredSignedAndForThisArticle) {
  set("comments.policy", "publish_all");
  start();
  Fields form = form_of(kSeedPath);
  Fields fields = {{"name", "Awa"}, {"email", "awa@example.org"}, {"text", "Texte"}};
  Fields no_token = form;
  no_token[2].second = "";
  EXPECT_EQ(post(no_token, fields).status, 422);
  Fields forged = form;
  forged[2].second.back() = forged[2].second.back() == '0' ? '1' : '0';
  EXPECT_EQ(post(forged, fields).status, 422);
  Fields other_article = form;
  other_article[2].second = "2" + form[2].second.substr(form[2].second.find('.'));
  EXPECT_EQ(post(other_article, fields).status, 422);
  // The page came from the render cache (second request): its token still works.
  Fields cached = form_of(kSeedPath);
  EXPECT_EQ(cached[2].second, form[2].second);
  EXPECT_EQ(post(cached, fields).status, 303);
  EXPECT_EQ(http_post_form(server_->url("/comments/"), {{"article", "nope"}}).status, 404);
}

TEST_F(CommentsTest, ClosedArticlesTakeNoComments) {
  TempDir extra;
  write_text(extra / "closed.md",
             "---\ntitle: \"Article fermé\"\nauthor: \"Awa\"\ncategory: [\"Blog\"]\n"
             "date: 2026-01-02T08:00:00Z\ncomments: closed\n---\n\nTexte.\n");
  ASSERT_EQ(run_tribune({"import", "markdown", "--data", data_.path().string(),
                         (extra / "closed.md").string()})
                .exit_code,
            0);
  set("comments.close_after_days", "30");  // the seed article is older than that
  start();
  std::string closed_page = http_get(server_->url("/2026/01/02/article-ferme/")).body;
  EXPECT_EQ(closed_page.find("action=\"/comments/\""), std::string::npos);
  EXPECT_NE(closed_page.find("Les commentaires sont fermés."), std::string::npos);
  EXPECT_EQ(page().find("action=\"/comments/\""), std::string::npos) << "closed after 30 days";
}

TEST_F(CommentsTest, XssPayloadsNeverReachThePageUnescaped) {
  set("comments.policy", "publish_all");
  set("comments.rate_limit", "1000");
  set("comments.max_links", "50");
  start();
  std::ifstream list(std::string(TRIBUNE_SOURCE_DIR) + "/tests/data/xss_vectors.txt");
  std::vector<std::string> vectors;
  for (std::string line; std::getline(list, line);) {
    if (!line.empty() && line.front() != '#') vectors.push_back(line);
  }
  ASSERT_GE(vectors.size(), 50u);
  for (const std::string& vector : vectors) {
    HttpResponse response =
        post_comment(vector.substr(0, 100), "x@example.org", vector, {{"website", vector}});
    // A payload as website is refused (not a web address) with the form shown again.
    EXPECT_TRUE(response.status == 303 || response.status == 422) << vector;
    if (vector.find_first_of("<>\"'&") != std::string::npos) {
      EXPECT_EQ(response.body.find(vector), std::string::npos) << "form shown again: " << vector;
    }
    if (response.status == 422) {
      // Refused for its website, or for a control character (a tab) in the name, which only
      // the multi-line text may hold: the payload goes in again as the text.
      std::string name = vector.substr(0, 100);
      if (name.find('\t') != std::string::npos) name = "Tabulation";
      ASSERT_EQ(post_comment(name, "x@example.org", vector).status, 303) << vector;
    }
  }
  std::string html = page();
  for (const std::string& vector : vectors) {
    if (vector.find_first_of("<>\"'&") != std::string::npos) {
      EXPECT_EQ(html.find(vector), std::string::npos) << "unescaped: " << vector;
    }
  }
  EXPECT_FALSE(std::regex_search(html, std::regex("<[^>]*\\son[a-z]+\\s*=", std::regex::icase)))
      << "no event-handler attribute in any tag";
  EXPECT_FALSE(std::regex_search(
      html, std::regex("(href|src)=\"\\s*(javascript|data):", std::regex::icase)));
  EXPECT_EQ(html.find("<script>"), std::string::npos);

  // And the page is still valid HTML (the Nu checker that `make test` installs).
  std::string jar =
      std::string(TRIBUNE_SOURCE_DIR) + "/tests/browser/node_modules/vnu-jar/build/dist/vnu.jar";
  ASSERT_TRUE(std::filesystem::exists(jar)) << "run `make test` (npm ci installs the checker)";
  TempDir out;
  write_text(out / "page.html", html);
  std::string command = "java -jar '" + jar + "' --errors-only '" + (out / "page.html").string() +
                        "' > '" + (out / "vnu.txt").string() + "' 2>&1";
  int checked = std::system(command.c_str());
  std::ifstream report(out / "vnu.txt");
  std::string messages((std::istreambuf_iterator<char>(report)), std::istreambuf_iterator<char>());
  EXPECT_EQ(checked, 0) << messages;
}

}  // namespace
}  // namespace tribune::testing
