// The newsroom's people at the admin: accounts, their roles as newsrooms know them from
// WordPress, and what each role may do. Plain data and pure rules, no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "content/article.h"

namespace tribune {

// Ordered by power: each role may do everything the one before it may.
enum class Role {
  contributor,    // writes own drafts, cannot publish
  author,         // writes and publishes own articles
  editor,         // every article, sections, tags, comments, subscribers
  administrator,  // everything, accounts and settings included
};

// "contributor", "author", "editor", "administrator".
std::string_view role_name(Role role);
// The role so named; nullopt for anything else.
std::optional<Role> role_from_name(std::string_view name);

struct User {
  Id id = 0;
  std::string email;  // the login; unique, compared without case
  std::string name;   // shown in the admin and the audit log
  Role role = Role::contributor;
  Id author_id = 0;           // the byline this account signs with (an Author of the same name)
  bool has_password = false;  // false: invited, signs in through an emailed link first
  UnixSeconds created_at = 0;
};

// What an account may do to an article. `article_author_id` is the article's byline.
bool may_edit_article(const User& user, Id article_author_id);
// Publish, schedule, unpublish (own articles for authors; all for editors and above).
bool may_publish_article(const User& user, Id article_author_id);
// Trash, restore: as publishing, except that a contributor may trash an own draft.
bool may_delete_article(const User& user, Id article_author_id, ArticleState state);
// Sign an article with someone else's byline.
bool may_change_byline(const User& user);
// Open the comments' screen: authors (their own articles' comments) and above.
bool may_moderate_comments(const User& user);
// Approve, hold, mark as spam, trash or answer one comment, under an article whose byline is
// `article_author_id`: every comment for editors and above, those under their own articles
// for authors, none for contributors.
bool may_moderate_comment(const User& user, Id article_author_id);
// Invite people, change roles, read the audit log.
bool may_manage_accounts(const User& user);
// Create, rename, move and merge sections and tags; edit authors' profiles (editors and up).
bool may_manage_catalog(const User& user);
// Change the site's settings (administrators).
bool may_change_settings(const User& user);
// See, unsubscribe, import and export email subscribers, and retry or cancel the outbox's
// messages: editors and administrators (the list holds readers' addresses).
bool may_manage_subscribers(const User& user);

}  // namespace tribune
