// What every admin page shares: the request as the admin sees it (Visit: who is signed in,
// the form, the language), rendering through the admin's templates with the admin's headers,
// redirects, and the one mapping from an Error to a localized page.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "admin/sessions.h"
#include "http/multipart.h"
#include "http/router.h"
#include "i18n/catalog.h"
#include "render/theme.h"
#include "site/site.h"

namespace tribune::admin {

// Every admin answer: nothing cached, nothing framed, no address leaked to other sites,
// scripts and styles from the admin itself only.
inline constexpr std::string_view kAdminSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

// One request at the admin.
struct Visit {
  const http::Request& request;
  UnixSeconds now = 0;
  SiteSettings settings;
  std::shared_ptr<const Catalogs> catalogs;
  const Catalog* catalog = nullptr;  // the admin's language (the browser's, or the site's)
  std::optional<SignedIn> signed_in;
  FormFields form;   // a POST's fields
  FormFields query;  // the query string's fields
  // A multipart POST's files (its other fields are in `form`), on the routes that take them.
  std::vector<http::FormPart> files;

  const User& user() const { return signed_in->user; }
  // The first value of a form field, or "".
  std::string field(std::string_view name) const { return http::first_value(form, name); }
  std::string parameter(std::string_view name) const { return http::first_value(query, name); }
  // `when` as lists show it, on the site's wall clock: "2026-12-01 14:30".
  std::string time_text(UnixSeconds when) const {
    std::string text = local_datetime(when, settings.timezone);
    if (text.size() > 10) text[10] = ' ';
    return text;
  }
  // The message `key` of the admin's catalog.
  std::string text(std::string_view key,
                   const std::vector<std::pair<std::string, MessageArg>>& args = {}) const {
    return catalog->format(key, args);
  }
};

// Renders admin pages: the admin's templates, strings and headers.
class AdminPages {
 public:
  explicit AdminPages(Theme theme);

  // The template `name` in the admin's layout, with `view` plus what every page has (the
  // strings under "t", the signed-in account, the CSRF token, the navigation).
  Page render(const Visit& visit, std::string_view name, nlohmann::json view,
              int status = 200) const;

  // 303 to `location` (a path of this site), after a POST.
  Page redirect(const Visit& visit, std::string location) const;

  // A localized page saying why a request was refused: 403, 404, 409, 413, 422, 429, 500, 503.
  // `message_key` is the catalog's explanation.
  Page refusal(const Visit& visit, int status, std::string_view message_key) const;

  // The one mapping from an Error to a page: not_found 404, conflict 409, invalid_input 422
  // (naming the field), io 503 (the disk refuses writes: full, read-only; logged), storage 500
  // (logged, details not shown).
  Page error(const Visit& visit, const Error& error) const;

  // A static asset of the admin ("admin.css"), fingerprinted by its content; nullptr: none.
  std::optional<Page> asset(std::string_view name) const;
  // The URL an asset is served at: /admin/assets/NAME?v=HASH.
  std::string asset_href(std::string_view name) const;

 private:
  Theme theme_;
  // Every page links them: fingerprinted once.
  std::string css_href_;
  std::string script_href_;
};

// The positive id `text` spells ("12"), as paths and forms give ids; nullopt otherwise.
std::optional<Id> parse_id(std::string_view text);

// The names from the top section down to section `id` ({"Blog", "Sécurité"}).
std::vector<std::string> section_names(const std::vector<Section>& sections, Id id);
// `parts` with `separator` between them.
std::string join(const std::vector<std::string>& parts, std::string_view separator);
// The options of a section menu ({id, name: "Blog › Sécurité", selected}), `selected` chosen.
nlohmann::json section_choices(const std::vector<Section>& sections, Id selected);

// True when the browser reached the admin over HTTPS: a trusted proxy says so, or site.url
// is an https:// address (then cookies are Secure).
bool is_secure(const Visit& visit);
// The session cookie's name for this visit (kSecureSessionCookie over HTTPS).
std::string session_cookie_name(const Visit& visit);
// The Set-Cookie value handing `token` to the browser: HttpOnly, SameSite=Lax, Secure over
// HTTPS; an empty token removes the cookie.
std::string session_cookie(const Visit& visit, std::string_view token);

// Adds the admin's headers to `page`: no-store, same-origin referrer, the strict policy.
void secure_admin_page(Page& page);

}  // namespace tribune::admin
