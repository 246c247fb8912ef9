// Rendering admin pages and refusals.
#include "admin/admin_page.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>

#include "core/hash.h"

namespace tribune::admin {
namespace {

constexpr std::string_view kStringPrefix = "admin.";

// Every admin string of `catalog` as {"login_title": "…"}: templates read {{t.login_title}}.
nlohmann::json admin_strings(const Catalog& catalog) {
  nlohmann::json strings = nlohmann::json::object();
  for (const std::string& key : catalog.keys()) {
    if (!key.starts_with(kStringPrefix)) continue;
    std::string name = key.substr(kStringPrefix.size());
    for (char& c : name) {
      if (c == '.') c = '_';
    }
    strings[name] = catalog.format(key);
  }
  return strings;
}

}  // namespace

std::optional<Id> parse_id(std::string_view text) {
  Id id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

std::vector<std::string> section_names(const std::vector<Section>& sections, Id id) {
  std::vector<std::string> names;
  for (int depth = 0; depth < 16 && id != 0; ++depth) {
    auto found = std::find_if(sections.begin(), sections.end(),
                              [&](const Section& section) { return section.id == id; });
    if (found == sections.end()) break;
    names.insert(names.begin(), found->name);
    id = found->parent_id.value_or(0);
  }
  return names;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  return fmt::format("{}", fmt::join(parts, separator));
}

nlohmann::json section_choices(const std::vector<Section>& sections, Id selected) {
  nlohmann::json options = nlohmann::json::array();
  for (const Section& section : sections) {
    options.push_back({{"id", section.id},
                       {"name", join(section_names(sections, section.id), " › ")},
                       {"selected", section.id == selected}});
  }
  return options;
}

bool is_secure(const Visit& visit) {
  return visit.request.secure || visit.settings.url.starts_with("https://");
}

std::string session_cookie_name(const Visit& visit) {
  return std::string(is_secure(visit) ? kSecureSessionCookie : kSessionCookie);
}

std::string session_cookie(const Visit& visit, std::string_view token) {
  return fmt::format(
      "{}={}; Path=/; HttpOnly; SameSite=Lax{}{}", session_cookie_name(visit), token,
      is_secure(visit) ? "; Secure" : "",
      token.empty() ? std::string("; Max-Age=0") : fmt::format("; Max-Age={}", kSessionLifetime));
}

void secure_admin_page(Page& page) {
  page.personal = true;
  page.cache_control = "no-store";
  page.referrer_policy = "same-origin";
  page.security_policy = std::string(kAdminSecurityPolicy);
}

AdminPages::AdminPages(Theme theme)
    : theme_(std::move(theme)),
      css_href_(asset_href("admin.css")),
      script_href_(asset_href("admin.js")) {}

Page AdminPages::render(const Visit& visit, std::string_view name, nlohmann::json view,
                        int status) const {
  view["t"] = admin_strings(*visit.catalog);
  view["lang"] = visit.catalog->locale();
  view["dir"] = visit.catalog->direction();
  view["site_name"] = visit.settings.name;
  view["site_url"] = visit.settings.url;
  view["css_href"] = css_href_;
  view["script_href"] = script_href_;
  if (visit.signed_in) {
    const User& user = visit.user();
    view["me"] = {{"name", user.name},
                  {"email", user.email},
                  {"role", visit.text("admin.role." + std::string(role_name(user.role)))},
                  {"manages_accounts", may_manage_accounts(user)},
                  {"manages_catalog", may_manage_catalog(user)},
                  {"changes_settings", may_change_settings(user)},
                  {"moderates_comments", may_moderate_comments(user)},
                  {"manages_subscribers", may_manage_subscribers(user)}};
    view["csrf"] = visit.signed_in->csrf_token;
  }
  Page page;
  page.status = status;
  auto body = theme_.render_page(name, view);
  if (!body) {
    fmt::print(stderr, "tribune: admin page {}: {}\n", name, body.error().to_string());
    page.status = 500;
    page.content_type = "text/plain; charset=utf-8";
    page.body = "500 Internal Server Error\n";
  } else {
    page.body = std::move(*body);
  }
  secure_admin_page(page);
  return page;
}

Page AdminPages::redirect(const Visit& visit, std::string location) const {
  (void)visit;
  Page page;
  page.status = 303;
  page.location = std::move(location);
  page.content_type = "text/plain; charset=utf-8";
  secure_admin_page(page);
  return page;
}

Page AdminPages::refusal(const Visit& visit, int status, std::string_view message_key) const {
  nlohmann::json view = {{"status", status},
                         {"title", visit.text(fmt::format("admin.error.{}", status))},
                         {"message", visit.text(message_key)},
                         {"page_title", visit.text(fmt::format("admin.error.{}", status))}};
  return render(visit, "refusal", std::move(view), status);
}

Page AdminPages::error(const Visit& visit, const Error& error) const {
  switch (error.code) {
    case Errc::not_found:
      return refusal(visit, 404, "admin.error.not_found");
    case Errc::conflict:
      return refusal(visit, 409,
                     error.field == "slug" ? "admin.error.slug_taken" : "admin.error.conflict");
    case Errc::invalid_input:
      return refusal(visit, 422, "admin.error.invalid");
    case Errc::io:
      fmt::print(stderr,
                 "tribune: admin {} {}: the disk refused the database, answering 503 (is it full "
                 "or read-only?): {}\n",
                 visit.request.method, visit.request.target, error.to_string());
      return refusal(visit, 503, "admin.error.unavailable");
    case Errc::storage:
      break;
  }
  fmt::print(stderr, "tribune: admin {} {}: {}\n", visit.request.method, visit.request.target,
             error.to_string());
  return refusal(visit, 500, "admin.error.server");
}

std::optional<Page> AdminPages::asset(std::string_view name) const {
  auto content = theme_.asset(name);
  if (!content) return std::nullopt;
  Page page;
  page.body = std::string(*content);
  page.content_type =
      name.ends_with(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
  page.immutable = true;
  page.security_policy = std::string(kAdminSecurityPolicy);
  page.referrer_policy = "same-origin";
  return page;
}

std::string AdminPages::asset_href(std::string_view name) const {
  auto content = theme_.asset(name);
  return fmt::format("/admin/assets/{}?v={}", name,
                     content_hash_hex(content ? *content : std::string_view()).substr(0, 12));
}

}  // namespace tribune::admin
