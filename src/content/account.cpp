// Roles and what they allow: the one place the admin asks before any action.
#include "content/account.h"

#include <array>

namespace tribune {
namespace {

constexpr std::array<std::string_view, 4> kRoleNames = {"contributor", "author", "editor",
                                                        "administrator"};

bool owns(const User& user, Id article_author_id) {
  return user.author_id != 0 && user.author_id == article_author_id;
}

}  // namespace

std::string_view role_name(Role role) { return kRoleNames[static_cast<std::size_t>(role)]; }

std::optional<Role> role_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  }
  return std::nullopt;
}

bool may_edit_article(const User& user, Id article_author_id) {
  return user.role >= Role::editor || owns(user, article_author_id);
}

bool may_publish_article(const User& user, Id article_author_id) {
  if (user.role >= Role::editor) return true;
  return user.role == Role::author && owns(user, article_author_id);
}

bool may_delete_article(const User& user, Id article_author_id, ArticleState state) {
  if (may_publish_article(user, article_author_id)) return true;
  return owns(user, article_author_id) && state == ArticleState::draft;
}

bool may_change_byline(const User& user) { return user.role >= Role::editor; }

bool may_moderate_comments(const User& user) { return user.role >= Role::author; }

bool may_moderate_comment(const User& user, Id article_author_id) {
  return user.role >= Role::editor || (user.role == Role::author && owns(user, article_author_id));
}

bool may_manage_accounts(const User& user) { return user.role == Role::administrator; }

bool may_manage_catalog(const User& user) { return user.role >= Role::editor; }

bool may_change_settings(const User& user) { return user.role == Role::administrator; }

bool may_manage_subscribers(const User& user) { return user.role >= Role::editor; }

}  // namespace tribune
