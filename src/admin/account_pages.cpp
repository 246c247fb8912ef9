// The accounts' screens: the people of the newsroom and their roles (administrators), one's
// own password, and the audit log.
#include <fmt/format.h>

#include "admin/services.h"
#include "content/email_address.h"

namespace tribune::admin {
namespace {

constexpr int kAuditPerPage = 100;

std::string login_link(const Visit& visit, std::string_view token) {
  return fmt::format("{}/admin/login/{}/", visit.settings.url, token);
}

Page users_page(Services& services, Visit& visit, int status, std::string_view message_key,
                std::string invitation_link) {
  auto users = services.store.users();
  if (!users) return services.pages.error(visit, users.error());
  nlohmann::json rows = nlohmann::json::array();
  for (const User& user : *users) {
    rows.push_back({{"name", user.name},
                    {"email", user.email},
                    {"role", visit.text("admin.role." + std::string(role_name(user.role)))},
                    {"invited", !user.has_password}});
  }
  nlohmann::json roles = nlohmann::json::array();
  for (Role role : {Role::contributor, Role::author, Role::editor, Role::administrator}) {
    roles.push_back({{"value", role_name(role)},
                     {"label", visit.text("admin.role." + std::string(role_name(role)))},
                     {"selected", role_name(role) == visit.field("role")}});
  }
  nlohmann::json view = {{"page_title", visit.text("admin.users.title")},
                         {"rows", rows},
                         {"roles", roles},
                         {"email", visit.field("email")},
                         {"name", visit.field("name")},
                         {"invitation_link", invitation_link}};
  if (!message_key.empty()) view[status >= 400 ? "error" : "notice"] = visit.text(message_key);
  return services.pages.render(visit, "users", std::move(view), status);
}

// How many reset links one address may ask for within kFailureWindow.
constexpr int kMaxResetRequests = 5;

}  // namespace

Status mail_link(Services& services, const Visit& visit, const User& user, std::string_view kind,
                 const std::string& link) {
  const std::string prefix = "admin.mail." + std::string(kind);
  const std::vector<std::pair<std::string, MessageArg>> args = {
      {"name", user.name}, {"site", visit.settings.name}, {"link", link}};
  mail::MailMessage message;
  message.from = {visit.settings.mail_from_name, visit.settings.mail_from_address};
  message.to = {user.name, user.email};
  message.subject = visit.text(prefix + ".subject", args);
  message.text = visit.text(prefix + ".text", args);
  message.date = visit.now;
  return services.send_mail(message);
}

Page get_forgot(Services& services, Visit& visit) {
  nlohmann::json view = {{"page_title", visit.text("admin.forgot.title")},
                         {"mail", static_cast<bool>(services.send_mail)}};
  return services.pages.render(visit, "forgot", std::move(view));
}

// Mails a reset link (valid an hour) when the address has an account; the answer is the same
// either way, so that the form does not tell who has an account.
Page post_forgot(Services& services, Visit& visit) {
  if (!services.send_mail) return services.pages.refusal(visit, 404, "admin.error.not_found");
  const std::string key = "reset:" + std::string(visit.request.client);
  auto asked = services.store.add_failed_login(key, visit.now, visit.now - kFailureWindow);
  if (!asked) return services.pages.error(visit, asked.error());
  if (*asked > kMaxResetRequests) {
    return services.pages.refusal(visit, 429, "admin.login.rate_limited");
  }
  auto user = services.store.user_by_email(visit.field("email"));
  if (user) {
    auto token = services.sessions.issue_token(user->id, LoginTokenPurpose::password_reset,
                                               kResetLinkLifetime, visit.now);
    if (!token) return services.pages.error(visit, token.error());
    Status sent = mail_link(services, visit, *user, "reset", login_link(visit, *token));
    if (!sent) return services.pages.error(visit, sent.error());
  } else if (user.error().code != Errc::not_found) {
    return services.pages.error(visit, user.error());
  }
  nlohmann::json view = {
      {"page_title", visit.text("admin.forgot.title")}, {"mail", true}, {"sent", true}};
  return services.pages.render(visit, "forgot", std::move(view));
}

Page get_users(Services& services, Visit& visit) {
  if (!may_manage_accounts(visit.user())) {
    return services.pages.refusal(visit, 403, "admin.error.forbidden");
  }
  return users_page(services, visit, 200, {}, {});
}

// Invites someone: with a password, the account is ready; without, a one-time link (valid a
// week) lets them choose theirs.
Page post_users(Services& services, Visit& visit) {
  if (!may_manage_accounts(visit.user())) {
    return services.pages.refusal(visit, 403, "admin.error.forbidden");
  }
  NewUser user;
  user.email = visit.field("email");
  user.name = visit.field("name");
  auto role = role_from_name(visit.field("role"));
  if (!role || user.name.empty() || !is_email_address(user.email)) {
    return users_page(services, visit, 422, "admin.users.invalid", {});
  }
  user.role = *role;
  const std::string password = visit.field("password");
  if (!password.empty()) {
    if (!check_new_password(password)) {
      return users_page(services, visit, 422, "admin.password.too_short", {});
    }
    auto hash = hash_password(password);
    if (!hash) return services.pages.error(visit, hash.error());
    user.password_hash = std::move(*hash);
  }
  auto added = services.store.add_user(user, visit.now);
  if (!added) {
    if (added.error().code == Errc::conflict) {
      return users_page(services, visit, 409, "admin.users.taken", {});
    }
    if (added.error().code == Errc::invalid_input) {
      return users_page(services, visit, 422, "admin.users.invalid", {});
    }
    return services.pages.error(visit, added.error());
  }
  (void)services.store.add_audit_entry(
      {0, visit.now, visit.user().id, visit.user().name, "add_account", 0, added->email});
  std::string link;
  std::string_view done = "admin.users.added";
  if (password.empty()) {
    auto token = services.sessions.issue_token(added->id, LoginTokenPurpose::invitation,
                                               kInvitationLifetime, visit.now);
    if (!token) return services.pages.error(visit, token.error());
    link = login_link(visit, *token);
    // With mail, the invitation goes to its owner alone; without, the administrator passes
    // the link on.
    if (services.send_mail) {
      Status sent = mail_link(services, visit, *added, "invitation", link);
      if (!sent) return services.pages.error(visit, sent.error());
      link.clear();
      done = "admin.users.invited_by_mail";
    }
  }
  visit.form.clear();
  return users_page(services, visit, 200, done, link);
}

Page get_audit(Services& services, Visit& visit) {
  if (!may_manage_accounts(visit.user())) {
    return services.pages.refusal(visit, 403, "admin.error.forbidden");
  }
  auto entries = services.store.audit_log(0, kAuditPerPage);
  if (!entries) return services.pages.error(visit, entries.error());
  nlohmann::json rows = nlohmann::json::array();
  for (const AuditEntry& entry : *entries) {
    rows.push_back(
        {{"when", visit.time_text(entry.at)},
         {"who", entry.user_name},
         {"action", visit.text("admin.audit.action." + entry.action)},
         {"subject", entry.subject},
         {"href", entry.article_id != 0 ? fmt::format("/admin/articles/{}/", entry.article_id)
                                        : std::string()}});
  }
  nlohmann::json view = {{"page_title", visit.text("admin.audit.title")}, {"rows", rows}};
  return services.pages.render(visit, "audit", std::move(view));
}

Page get_password(Services& services, Visit& visit) {
  nlohmann::json view = {{"page_title", visit.text("admin.password.title")},
                         {"needs_password", !visit.user().has_password}};
  return services.pages.render(visit, "password", std::move(view));
}

// Sets one's password (10 characters at least); every other session of the account ends.
Page post_password(Services& services, Visit& visit) {
  const std::string password = visit.field("password");
  if (password != visit.field("confirm")) {
    nlohmann::json view = {{"page_title", visit.text("admin.password.title")},
                           {"error", visit.text("admin.password.mismatch")}};
    return services.pages.render(visit, "password", std::move(view), 422);
  }
  if (!check_new_password(password)) {
    nlohmann::json view = {{"page_title", visit.text("admin.password.title")},
                           {"error", visit.text("admin.password.too_short")}};
    return services.pages.render(visit, "password", std::move(view), 422);
  }
  auto hash = hash_password(password);
  if (!hash) return services.pages.error(visit, hash.error());
  Status stored = services.store.set_password_hash(visit.user().id, *hash);
  if (!stored) return services.pages.error(visit, stored.error());
  (void)services.store.add_audit_entry(
      {0, visit.now, visit.user().id, visit.user().name, "password", 0, {}});
  // The store ended every session with the change: this browser gets a new one.
  auto session = services.sessions.start(visit.user().id, visit.now);
  if (!session) return services.pages.error(visit, session.error());
  Page page = services.pages.redirect(visit, "/admin/articles/?done=password");
  page.cookies.push_back(session_cookie(visit, session->token));
  return page;
}

}  // namespace tribune::admin
