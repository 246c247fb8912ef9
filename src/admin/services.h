// What the admin's page modules share (the store, the site, sessions, the page renderer) and
// the modules themselves: one function per method of each screen, called by admin.cpp's
// dispatch once the visit is authenticated and, for a POST, its CSRF token checked.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>

#include "admin/admin_page.h"
#include "admin/sessions.h"
#include "mail/message.h"
#include "site/site.h"
#include "store/store.h"

namespace tribune::admin {

struct Services {
  Store& store;
  Site& site;
  const AdminPages& pages;
  Sessions& sessions;
  std::function<void()> content_changed;  // readers' pages changed: reload the site
  // Sends one email at once (login links); empty when the site has no mail.
  std::function<Status(const mail::MailMessage&)> send_mail;
  // The data folder (the database's): the dashboard warns when its disk is nearly full.
  // Empty: not known, not watched.
  std::filesystem::path data_folder;
  // Where the media library's files go (the data folder's media/). Empty: no uploads.
  std::filesystem::path media_folder;
  // The pages showing one article's comments changed (a moderation): drop them from the
  // cache. Empty: content_changed does (Admin::set_article_pages_changed).
  std::function<void(Id article_id)> article_pages_changed;
};

// Mails `user` a one-time link (`link`) with the catalog's `kind` texts ("invitation",
// "reset"): admin.mail.KIND.subject and admin.mail.KIND.text, given {name}, {site}, {link}.
Status mail_link(Services& services, const Visit& visit, const User& user, std::string_view kind,
                 const std::string& link);

// The signed-in account as the audit log and revisions name it.
Actor actor_of(const Visit& visit);

// /admin/articles/…: the lists, the editor, revisions. `rest` is the path after
// "/admin/articles/" ("", "new/", "12/", "12/revisions/", …).
Page get_articles(Services& services, Visit& visit, std::string_view rest);
Page post_articles(Services& services, Visit& visit, std::string_view rest);

// /admin/sections/, /admin/tags/, /admin/authors/ (`kind`): the list (and, by POST, a new
// entry) when `rest` is "", one entry's screen (and its changes) when it is "12/".
Page catalog_screen(Services& services, Visit& visit, CatalogKind kind, std::string_view rest);

// /admin/settings/: the site's settings by group, checked as the command line checks them.
Page get_settings(Services& services, Visit& visit);
Page post_settings(Services& services, Visit& visit);
// /admin/: the dashboard (what needs doing, what readers read, what comes next).
Page get_dashboard(Services& services, Visit& visit);

// /admin/comments/…: the moderation queue and its bulk actions, one comment (its context, the
// actions, the newsroom's reply). `rest` is the path after "/admin/comments/" ("", "bulk/",
// "12/").
Page get_comments(Services& services, Visit& visit, std::string_view rest);
Page post_comments(Services& services, Visit& visit, std::string_view rest);

// /admin/users/: accounts (administrators), and /admin/audit/: the audit log.
Page get_users(Services& services, Visit& visit);
Page post_users(Services& services, Visit& visit);
Page get_audit(Services& services, Visit& visit);

// /admin/login/forgot/: asking for a password-reset link by email.
Page get_forgot(Services& services, Visit& visit);
Page post_forgot(Services& services, Visit& visit);

// /admin/subscribers/…: the list by status and address, one subscriber's history and
// unsubscribing them, CSV export and import (editors and administrators). `rest` is the path
// after "/admin/subscribers/" ("", "12/", "12/unsubscribe/", "export/", "import/").
Page get_subscribers(Services& services, Visit& visit, std::string_view rest);
Page post_subscribers(Services& services, Visit& visit, std::string_view rest);

// /admin/outbox/…: the messages by state, retrying and cancelling them (editors and
// administrators). `rest` is the path after "/admin/outbox/" ("", "12/retry/", "12/cancel/").
Page get_outbox(Services& services, Visit& visit, std::string_view rest);
Page post_outbox(Services& services, Visit& visit, std::string_view rest);

// /admin/password/: one's own password.
Page get_password(Services& services, Visit& visit);

// /admin/media/: the media library's pictures, and (POST, multipart) one added.
Page get_media(Services& services, Visit& visit);
Page post_media(Services& services, Visit& visit);
Page post_password(Services& services, Visit& visit);

}  // namespace tribune::admin
