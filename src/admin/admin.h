// Tribune's admin at /admin/: the newsroom's screens (articles and their life, revisions,
// accounts, the audit log), server-rendered, localized, working without JavaScript.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>

#include "http/handler.h"
#include "mail/message.h"
#include "render/theme.h"
#include "site/site.h"
#include "store/store.h"

namespace tribune::admin {

class Admin {
 public:
  // `content_changed` is called after a change readers see (an article published, edited,
  // unpublished…), so that the site reloads and drops the pages it touched. An Error when
  // the admin's built-in templates do not load (a build defect).
  static Result<std::unique_ptr<Admin>> create(Store& store, Site& site,
                                               std::function<UnixSeconds()> clock,
                                               std::function<void()> content_changed);
  ~Admin();

  // Lets the admin email login links (invitations, password resets) through `send`, which
  // sends one message at once (Mailer::send_now). Without it, invitations show their link to
  // the administrator and nobody can ask for a reset. Call before serving.
  void enable_mail(std::function<Status(const mail::MailMessage&)> send);

  // The data folder the database lives in: the dashboard warns when the disk holding it is
  // nearly full (fs::nearly_full). Without it, the disk is not watched. Call before serving.
  void set_data_folder(std::filesystem::path folder);

  // Where the media library's files go (the data folder's media/): pictures can then be
  // added at /admin/media/. Without it, the screen lists them but takes none. Call before
  // serving.
  void set_media_folder(std::filesystem::path folder);

  // Lets a moderation drop only the cached pages of the article whose comments changed
  // (`changed(article_id)`) instead of reloading the whole site through `content_changed`
  // (seconds at 100,000 articles): an article's page counts its comments live, and the
  // counts lists show follow the content watcher's reload, in the background. Without it,
  // moderation calls `content_changed`. Call before serving.
  void set_article_pages_changed(std::function<void(Id article_id)> changed);

  // Adds the admin's routes to `handler`'s route table. Call before serving.
  void add_routes(http::Handler& handler);

  struct Impl;

 private:
  explicit Admin(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tribune::admin
