// The admin through the request handler, without sockets: a site on a real SQLite file, the
// admin's routes, two accounts, and a browser's requests (sign in, CSRF token, answers).
#pragma once

#include <gtest/gtest.h>

#include <regex>

#include "admin/admin.h"
#include "admin/sessions.h"
#include "http/handler.h"
#include "i18n/catalog.h"
#include "render/theme.h"
#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace tribune::admin {

// A response as a browser sees it.
struct Answer {
  int status = 0;
  std::string head;
  std::string body;

  // The value of the first header `name` (case as sent), or "".
  std::string header(std::string_view name) const {
    std::string marker = "\r\n" + std::string(name) + ": ";
    std::size_t at = head.find(marker);
    if (at == std::string::npos) return {};
    at += marker.size();
    return head.substr(at, head.find("\r\n", at) - at);
  }
  // The value the response sets for cookie `name`, or "".
  std::string cookie(std::string_view name) const {
    std::smatch found;
    std::regex pattern("Set-Cookie: " + std::string(name) + "=([^;\\r]*)");
    return std::regex_search(head, found, pattern) ? found[1].str() : std::string();
  }
  // True when the body holds `text`.
  bool shows(std::string_view text) const { return body.find(text) != std::string::npos; }
};

class AdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = open_sqlite_store(dir_ / "tribune.db");
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
    ASSERT_TRUE(store_->set_setting("site.name", "Sahel Tribune").ok());
    ASSERT_TRUE(store_->set_setting("site.timezone", "Africa/Bamako").ok());
    add_account("Awa Traoré", "awa@example.org", Role::administrator);
    add_account("Moussa Diarra", "moussa@example.org", Role::contributor);
    prepare_store();
    if (HasFatalFailure()) return;
    auto site = Site::open(*store_, *Theme::load(std::nullopt), *Catalogs::load(std::nullopt),
                           "http://news.example");
    ASSERT_TRUE(site.ok());
    site_ = std::move(*site);
    handler_ = std::make_unique<http::Handler>(*site_, [this] { return now_; });
    auto admin = Admin::create(
        *store_, *site_, [this] { return now_; }, [this] { handler_->reload(); });
    ASSERT_TRUE(admin.ok()) << admin.error().to_string();
    admin_ = std::move(*admin);
    // As the server wires it: the data folder (for the disk warning), and a moderation drops
    // the article's cached pages without a reload.
    admin_->set_data_folder(dir_.path());
    admin_->set_article_pages_changed([this](Id article_id) {
      handler_->content_changed(ContentChange{.articles = {article_id}});
    });
    admin_->add_routes(*handler_);
  }

  // Adds what a test needs in the store before the site first reads it (after the two
  // accounts every test has: Awa Traoré, administrator; Moussa Diarra, contributor).
  virtual void prepare_store() {}

  void add_account(const std::string& name, const std::string& email, Role role) {
    auto hash = hash_password(kPassword);
    ASSERT_TRUE(hash.ok());
    auto user = store_->add_user({email, name, role, *hash}, now_);
    ASSERT_TRUE(user.ok()) << user.error().to_string();
  }

  // A request as a French-speaking browser on the site's own pages sends it; `content_type`
  // is a POST body's (a multipart upload's, say).
  Answer send(std::string method, std::string target, std::string body = {},
              std::string cookie = {},
              std::string content_type = "application/x-www-form-urlencoded") {
    http::Request request;
    request.method = method;
    request.target = target;
    request.body = body;
    request.cookie = cookie;
    request.client = "192.0.2.10";
    request.host = "news.example";
    request.origin = method == "POST" ? "http://news.example" : "";
    request.content_type = content_type;
    request.accept_language = "fr-FR,fr;q=0.9";
    http::Response response = handler_->handle(request);
    Answer answer;
    answer.status = response.status();
    auto pieces = response.pieces("Tue, 01 Dec 2026 12:00:00 GMT");
    for (std::size_t i = 0; i + 1 < pieces.size(); ++i) answer.head += pieces[i];
    answer.body = std::string(pieces.back());
    return answer;
  }

  // Signs in through the login form; the session cookie ("tribune_session=…").
  std::string log_in(const std::string& email, const std::string& password = kPassword) {
    Answer form = send("GET", "/admin/login/");
    std::string token = form.cookie("tribune_login");
    Answer answer = send("POST", "/admin/login/",
                         "login_token=" + token + "&email=" + url_encode(email) +
                             "&password=" + url_encode(password),
                         "tribune_login=" + token);
    last_login_ = answer;
    last_status_ = answer.status;
    std::string session = answer.cookie("tribune_session");
    return session.empty() ? std::string() : "tribune_session=" + session;
  }

  // The CSRF token of the session's forms.
  std::string csrf(const std::string& cookie) {
    Answer page = send("GET", "/admin/articles/new/", {}, cookie);
    std::smatch found;
    std::regex pattern("name=\"csrf\" value=\"([0-9a-f]+)\"");
    return std::regex_search(page.body, found, pattern) ? found[1].str() : std::string();
  }

  static constexpr const char* kPassword = "une phrase de passe solide";
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Site> site_;
  std::unique_ptr<http::Handler> handler_;
  std::unique_ptr<Admin> admin_;
  UnixSeconds now_ = 1796100000;  // 2026-12-01
  Answer last_login_;             // the answer to the last log_in's POST
  int last_status_ = 0;
};

}  // namespace tribune::admin
