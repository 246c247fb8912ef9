// The admin's routes and their dispatch: authentication, CSRF, and the sign-in pages.
#include "admin/admin.h"

#include <fmt/format.h>
#include <sodium.h>

#include "admin/services.h"
#include "core/secret_token.h"

namespace tribune::admin {

Actor actor_of(const Visit& visit) { return {visit.user().id, visit.user().name}; }

struct Admin::Impl {
  Store& store;
  Site& site;
  std::function<UnixSeconds()> clock;
  AdminPages pages;
  Sessions sessions;
  Services services;

  Impl(Store& s, Site& si, std::function<UnixSeconds()> c, Theme theme,
       std::function<void()> changed)
      : store(s),
        site(si),
        clock(std::move(c)),
        pages(std::move(theme)),
        sessions(s),
        services{s, si, pages, sessions, std::move(changed), {}, {}, {}} {}

  // The catalog of the browser's first language the site has, else the site's.
  static const Catalog* language(const Catalogs& catalogs, const SiteSettings& settings,
                                 std::string_view accept_language) {
    while (!accept_language.empty()) {
      std::size_t comma = accept_language.find(',');
      std::string_view tag = accept_language.substr(0, comma);
      tag = tag.substr(0, tag.find(';'));
      while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
      tag = tag.substr(0, tag.find('-'));
      if (const Catalog* found = catalogs.find(tag)) return found;
      if (comma == std::string_view::npos) break;
      accept_language.remove_prefix(comma + 1);
    }
    if (const Catalog* found = catalogs.find(settings.locale)) return found;
    return catalogs.find("en");
  }

  // True when a POST comes from one of this site's own pages: browsers send Origin with
  // every POST; it must name the host the request was sent to.
  static bool same_origin(const http::Request& request) {
    if (request.origin.empty()) return true;  // an old browser or a script: CSRF token decides
    std::string_view origin = request.origin;
    std::size_t scheme = origin.find("://");
    if (scheme == std::string_view::npos) return false;
    return origin.substr(scheme + 3) == request.host;
  }

  static bool tokens_equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
  }

  enum class Access { anyone, signed_in };
  // What a POST's body may be: a form, or (for an upload) a form or multipart/form-data.
  enum class Body { form, form_or_files };
  using Module = std::function<Page(Visit&)>;

  // Reads a POST's body into `visit` (form fields, files); false when it is not what the
  // route takes or is malformed.
  static bool read_body(Visit& visit, Body body) {
    const http::Request& request = visit.request;
    if (request.content_type.starts_with("application/x-www-form-urlencoded")) {
      visit.form = http::parse_form(request.body);
      return true;
    }
    if (body != Body::form_or_files) return false;
    auto boundary = http::multipart_boundary(request.content_type);
    if (!boundary) return false;
    auto parts = http::parse_multipart(request.body, *boundary);
    if (!parts) return false;
    for (http::FormPart& part : *parts) {
      if (part.filename) {
        visit.files.push_back(std::move(part));
      } else {
        visit.form.emplace(std::move(part.name), std::move(part.body));
      }
    }
    return true;
  }

  // Builds the visit, authenticates it, checks a POST's origin and CSRF token (a field of the
  // form, multipart or not), and calls `module`; a visit that is not signed in goes to the
  // login page (GET) or is refused.
  Page dispatch(const http::Request& request, Access access, const Module& module,
                Body body = Body::form) {
    Visit visit{request, clock(), site.settings(), site.catalogs(), nullptr, {}, {}, {}, {}};
    visit.catalog = language(*visit.catalogs, visit.settings, request.accept_language);
    visit.query = http::parse_form(request.query());
    std::string_view cookie = request.cookie_value(session_cookie_name(visit));
    if (!cookie.empty()) {
      auto signed_in = sessions.authenticate(cookie, visit.now);
      if (signed_in) {
        visit.signed_in = std::move(*signed_in);
      } else if (signed_in.error().code != Errc::not_found) {
        return pages.error(visit, signed_in.error());
      }
    }
    const bool post = request.method == "POST";
    if (post) {
      if (!read_body(visit, body)) return pages.refusal(visit, 400, "admin.error.bad_form");
      if (!same_origin(request)) return pages.refusal(visit, 403, "admin.error.csrf");
    }
    if (access == Access::signed_in) {
      if (!visit.signed_in) {
        if (post) return pages.refusal(visit, 403, "admin.error.signed_out");
        return pages.redirect(visit, "/admin/login/?next=" + std::string(request.path()));
      }
      if (post && !tokens_equal(visit.field("csrf"), visit.signed_in->csrf_token)) {
        return pages.refusal(visit, 403, "admin.error.csrf");
      }
    }
    return module(visit);
  }

  // Only paths of this admin are followed after signing in (no open redirect).
  static std::string next_path(const Visit& visit) {
    std::string next = visit.field("next");
    if (next.empty()) next = visit.parameter("next");
    if (!next.starts_with("/admin/") || next.find("//") != std::string::npos ||
        next.find('\\') != std::string::npos) {
      return "/admin/";
    }
    return next;
  }

  // A login form needs its own token before any session exists: a random value both in a
  // cookie and in the form (a site elsewhere can set neither).
  static constexpr std::string_view kLoginCookie = "tribune_login";

  Page login_form(Visit& visit, int status, std::string_view error_key) {
    std::string token = visit.request.cookie_value(kLoginCookie).size() == 64
                            ? std::string(visit.request.cookie_value(kLoginCookie))
                            : make_token();
    nlohmann::json view = {{"page_title", visit.text("admin.login.title")},
                           {"login_token", token},
                           {"next", next_path(visit)},
                           {"email", visit.field("email")}};
    if (!error_key.empty()) view["error"] = visit.text(error_key);
    Page page = pages.render(visit, "login", std::move(view), status);
    page.cookies.push_back(fmt::format("{}={}; Path=/admin/; HttpOnly; SameSite=Strict{}",
                                       kLoginCookie, token, is_secure(visit) ? "; Secure" : ""));
    return page;
  }

  Page signed_in_answer(Visit& visit, const NewSession& session, std::string location) {
    Page page = pages.redirect(visit, std::move(location));
    page.cookies.push_back(session_cookie(visit, session.token));
    (void)store.add_audit_entry(
        {0, visit.now, session.signed_in.user.id, session.signed_in.user.name, "login", 0, {}});
    return page;
  }

  Page post_login(Visit& visit) {
    std::string_view cookie = visit.request.cookie_value(kLoginCookie);
    if (cookie.size() != 64 || !tokens_equal(cookie, visit.field("login_token"))) {
      return login_form(visit, 403, "admin.login.expired");
    }
    LoginRefusal refusal{};
    auto session = sessions.log_in(visit.field("email"), visit.field("password"),
                                   visit.request.client, visit.now, refusal);
    if (!session) {
      switch (refusal) {
        case LoginRefusal::rate_limited:
          return login_form(visit, 429, "admin.login.rate_limited");
        case LoginRefusal::wrong_credentials:
          return login_form(visit, 401, "admin.login.wrong");
        case LoginRefusal::storage:
          break;
      }
      return pages.error(visit, session.error());
    }
    return signed_in_answer(visit, *session, next_path(visit));
  }

  // /admin/login/TOKEN/: a one-time link. GET shows a button (mail scanners follow links but
  // do not post forms, so the link is not used up by them); POST signs in.
  Page login_link(Visit& visit, std::string_view token, bool post) {
    if (!post) {
      nlohmann::json view = {{"page_title", visit.text("admin.login.title")},
                             {"action", fmt::format("/admin/login/{}/", token)}};
      return pages.render(visit, "login_link", std::move(view));
    }
    LoginTokenPurpose purpose = LoginTokenPurpose::login;
    auto session = sessions.log_in_with_token(token, purpose, visit.now);
    for (LoginTokenPurpose other :
         {LoginTokenPurpose::invitation, LoginTokenPurpose::password_reset}) {
      if (session || session.error().code != Errc::not_found) break;
      purpose = other;
      session = sessions.log_in_with_token(token, purpose, visit.now);
    }
    if (!session) {
      if (session.error().code == Errc::not_found) {
        return pages.refusal(visit, 404, "admin.login.link_invalid");
      }
      return pages.error(visit, session.error());
    }
    // Invited people and those who forgot theirs choose a password first.
    const bool needs_password =
        purpose != LoginTokenPurpose::login || !session->signed_in.user.has_password;
    return signed_in_answer(visit, *session, needs_password ? "/admin/password/" : "/admin/");
  }

  Page login_route(const http::Request& request) {
    std::string_view rest = request.path().substr(std::string_view("/admin/login/").size());
    const bool post = request.method == "POST";
    return dispatch(request, Access::anyone, [&](Visit& visit) -> Page {
      if (rest == "forgot/") {
        return post ? post_forgot(services, visit) : get_forgot(services, visit);
      }
      if (rest.empty()) {
        if (!post) {
          if (visit.signed_in) return pages.redirect(visit, next_path(visit));
          return login_form(visit, 200, {});
        }
        return post_login(visit);
      }
      std::string_view token = rest.substr(0, rest.find('/'));
      if (token.size() != 64 || rest.size() != 65) {
        return pages.refusal(visit, 404, "admin.error.not_found");
      }
      return login_link(visit, token, post);
    });
  }

  Page logout(const http::Request& request, bool everywhere) {
    return dispatch(request, Access::signed_in, [&](Visit& visit) -> Page {
      Status ended = everywhere ? store.end_sessions_of(visit.user().id)
                                : store.end_session(visit.signed_in->token_hash);
      if (!ended) return pages.error(visit, ended.error());
      (void)store.add_audit_entry({0,
                                   visit.now,
                                   visit.user().id,
                                   visit.user().name,
                                   everywhere ? "logout_everywhere" : "logout",
                                   0,
                                   {}});
      Page page = pages.redirect(visit, "/admin/login/");
      page.cookies.push_back(session_cookie(visit, ""));
      return page;
    });
  }
};

Admin::Admin(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Admin::~Admin() = default;

Result<std::unique_ptr<Admin>> Admin::create(Store& store, Site& site,
                                             std::function<UnixSeconds()> clock,
                                             std::function<void()> content_changed) {
  auto theme = Theme::load_builtin("admin");
  if (!theme) return theme.error();
  return std::unique_ptr<Admin>(new Admin(std::make_unique<Impl>(
      store, site, std::move(clock), std::move(*theme), std::move(content_changed))));
}

void Admin::enable_mail(std::function<Status(const mail::MailMessage&)> send) {
  impl_->services.send_mail = std::move(send);
}

void Admin::set_article_pages_changed(std::function<void(Id article_id)> changed) {
  impl_->services.article_pages_changed = std::move(changed);
}

void Admin::set_data_folder(std::filesystem::path folder) {
  impl_->services.data_folder = std::move(folder);
}

void Admin::set_media_folder(std::filesystem::path folder) {
  impl_->services.media_folder = std::move(folder);
}

void Admin::add_routes(http::Handler& handler) {
  Impl& admin = *impl_;
  using Access = Impl::Access;
  // Pages of the signed-in: `module` gets the visit, for GET and for POST.
  auto signed_in = [&admin](auto module) {
    return [&admin, module](const http::Request& request) {
      return admin.dispatch(request, Access::signed_in,
                            [&](Visit& visit) { return module(admin.services, visit); });
    };
  };
  // An article's text may be long: its routes take up to 2 MiB (others the default 64 KiB).
  constexpr std::size_t kArticleBodyLimit = http::kLargestBodyLimit;

  // "/admin", as people type it.
  handler.add_route({"GET", "/admin", false, http::kDefaultBodyLimit, [](const http::Request&) {
                       Page page;
                       page.status = 301;
                       page.location = "/admin/";
                       page.content_type = "text/plain; charset=utf-8";
                       secure_admin_page(page);
                       return page;
                     }});
  handler.add_route({"GET", "/admin/", false, http::kDefaultBodyLimit, signed_in(get_dashboard)});
  for (std::string method : {"GET", "POST"}) {
    handler.add_route(
        {method, "/admin/login/", true, http::kDefaultBodyLimit,
         [&admin](const http::Request& request) { return admin.login_route(request); }});
  }
  handler.add_route(
      {"POST", "/admin/logout/", false, http::kDefaultBodyLimit,
       [&admin](const http::Request& request) { return admin.logout(request, false); }});
  handler.add_route(
      {"POST", "/admin/logout/everywhere/", false, http::kDefaultBodyLimit,
       [&admin](const http::Request& request) { return admin.logout(request, true); }});
  handler.add_route({"GET", "/admin/articles/", true, http::kDefaultBodyLimit,
                     signed_in([](Services& services, Visit& visit) {
                       return get_articles(services, visit, visit.request.path().substr(16));
                     })});
  handler.add_route({"POST", "/admin/articles/", true, kArticleBodyLimit,
                     signed_in([](Services& services, Visit& visit) {
                       return post_articles(services, visit, visit.request.path().substr(16));
                     })});
  for (auto [path, kind] : {std::pair{"/admin/sections/", CatalogKind::section},
                            std::pair{"/admin/tags/", CatalogKind::tag},
                            std::pair{"/admin/authors/", CatalogKind::author}}) {
    for (std::string method : {"GET", "POST"}) {
      handler.add_route({method, path, true, http::kDefaultBodyLimit,
                         signed_in([kind, prefix = std::string_view(path).size()](
                                       Services& services, Visit& visit) {
                           return catalog_screen(services, visit, kind,
                                                 visit.request.path().substr(prefix));
                         })});
    }
  }
  handler.add_route(
      {"GET", "/admin/settings/", false, http::kDefaultBodyLimit, signed_in(get_settings)});
  handler.add_route(
      {"POST", "/admin/settings/", false, http::kDefaultBodyLimit, signed_in(post_settings)});
  // The comments' path after "/admin/comments/".
  constexpr std::size_t kCommentsPrefix = std::string_view("/admin/comments/").size();
  handler.add_route({"GET", "/admin/comments/", true, http::kDefaultBodyLimit,
                     signed_in([](Services& services, Visit& visit) {
                       return get_comments(services, visit,
                                           visit.request.path().substr(kCommentsPrefix));
                     })});
  handler.add_route({"POST", "/admin/comments/", true, http::kDefaultBodyLimit,
                     signed_in([](Services& services, Visit& visit) {
                       return post_comments(services, visit,
                                            visit.request.path().substr(kCommentsPrefix));
                     })});
  // A form that uploads a file (multipart/form-data) as well as plain forms.
  auto signed_in_upload = [&admin](auto module) {
    return [&admin, module](const http::Request& request) {
      return admin.dispatch(
          request, Access::signed_in, [&](Visit& visit) { return module(admin.services, visit); },
          Impl::Body::form_or_files);
    };
  };
  // A subscriber list's CSV: 2 MiB holds about 20,000 addresses as the export writes them
  // (70,000 with the email column alone); larger lists go through the command line.
  constexpr std::size_t kImportBodyLimit = http::kLargestBodyLimit;
  constexpr std::size_t kSubscribersPath = std::string_view("/admin/subscribers/").size();
  constexpr std::size_t kOutboxPath = std::string_view("/admin/outbox/").size();
  handler.add_route({"GET", "/admin/subscribers/", true, http::kDefaultBodyLimit,
                     signed_in([](Services& services, Visit& visit) {
                       return get_subscribers(services, visit,
                                              visit.request.path().substr(kSubscribersPath));
                     })});
  handler.add_route({"POST", "/admin/subscribers/", true, http::kDefaultBodyLimit,
                     signed_in([](Services& services, Visit& visit) {
                       return post_subscribers(services, visit,
                                               visit.request.path().substr(kSubscribersPath));
                     })});
  handler.add_route({"POST", "/admin/subscribers/import/", false, kImportBodyLimit,
                     signed_in_upload([](Services& services, Visit& visit) {
                       return post_subscribers(services, visit, "import/");
                     })});
  handler.add_route({"GET", "/admin/outbox/", true, http::kDefaultBodyLimit,
                     signed_in([](Services& services, Visit& visit) {
                       return get_outbox(services, visit, visit.request.path().substr(kOutboxPath));
                     })});
  handler.add_route({"POST", "/admin/outbox/", true, http::kDefaultBodyLimit,
                     signed_in([](Services& services, Visit& visit) {
                       return post_outbox(services, visit,
                                          visit.request.path().substr(kOutboxPath));
                     })});
  // A picture: 2 MiB, the largest body the server takes. The admin's script makes a larger
  // one smaller in the browser before sending it (themes/admin/admin.js).
  handler.add_route({"GET", "/admin/media/", false, http::kDefaultBodyLimit, signed_in(get_media)});
  handler.add_route(
      {"POST", "/admin/media/", false, http::kLargestBodyLimit, signed_in_upload(post_media)});
  handler.add_route({"GET", "/admin/users/", false, http::kDefaultBodyLimit, signed_in(get_users)});
  handler.add_route(
      {"POST", "/admin/users/", false, http::kDefaultBodyLimit, signed_in(post_users)});
  handler.add_route({"GET", "/admin/audit/", false, http::kDefaultBodyLimit, signed_in(get_audit)});
  handler.add_route(
      {"GET", "/admin/password/", false, http::kDefaultBodyLimit, signed_in(get_password)});
  handler.add_route(
      {"POST", "/admin/password/", false, http::kDefaultBodyLimit, signed_in(post_password)});
  // Any other path under /admin/: the admin's own 404, with its headers (no-store, its
  // Content-Security-Policy), not the public site's page.
  handler.add_route(
      {"GET", "/admin/", true, http::kDefaultBodyLimit, [&admin](const http::Request& request) {
         return admin.dispatch(request, Access::anyone, [&admin](Visit& visit) {
           return admin.pages.refusal(visit, 404, "admin.error.not_found");
         });
       }});
  handler.add_route({"GET", "/admin/assets/", true, http::kDefaultBodyLimit,
                     [&admin](const http::Request& request) {
                       std::string_view name = request.path().substr(14);
                       if (auto asset = admin.pages.asset(name)) return *asset;
                       Page missing;
                       missing.status = 404;
                       return missing;
                     }});
}

}  // namespace tribune::admin
