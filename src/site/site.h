// The public site: every page a reader can ask for (home, article, section, author, tag, date
// archives, 404, 410, robots.txt, sitemaps, theme assets), rendered from the store through the
// theme and the catalogs.
// It knows URLs and content, not sockets: the HTTP layer caches and serves what it returns.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "audience/rate_limiter.h"
#include "i18n/catalog.h"
#include "mail/message.h"
#include "render/theme.h"
#include "site/archive.h"
#include "site/form_token.h"
#include "site/most_read.h"
#include "site/permalink.h"
#include "site/site_settings.h"
#include "store/store.h"

namespace tribune {

// A rendered response body and what the HTTP layer needs to know to send it.
struct Page {
  // What the page shows, so that a change re-renders only the pages it touches: the articles
  // it names (its own, list items, "more" and "most read" entries), sorted and unique, and
  // the archive lists it was cut from (Archive::*_list keys), whose every page shifts when an
  // article joins or leaves.
  std::vector<Id> shown_articles;
  std::vector<std::string> lists;
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::string location;          // for 301 and 303 redirects
  bool immutable = false;        // fingerprinted asset: cacheable for a year
  Id article_id = 0;             // the article this page shows, for view counting
  bool shows_ranking = false;    // shows the "most read" lists: stale when their order changes
  bool shows_counts = false;     // shows view counts of several articles: stale at each flush
  UnixSeconds max_age = 0;       // > 0: re-render after this many seconds (pages with form tokens)
  bool content_changed = false;  // a post changed what pages show (an approved comment)
  bool personal = false;         // for one reader (a subscriber's pages): never cached or shared
  std::string security_policy;   // replaces the usual Content-Security-Policy when not empty
  // The hashes ("sha256-…") of the <style> blocks the page holds, which the usual
  // Content-Security-Policy then allows; empty: the page has none.
  std::vector<std::string> inline_style_hashes;
  // The origins whose frames the page may show (a video's player, once the reader asks for
  // it), which the usual Content-Security-Policy then allows; empty: none.
  std::vector<std::string> frame_sources;
  std::string cache_control;         // replaces the usual Cache-Control when not empty
  std::string referrer_policy;       // replaces the usual Referrer-Policy when not empty
  std::vector<std::string> cookies;  // Set-Cookie values (pages for one person only)
  // A download's Content-Disposition ("attachment; filename=…"), when not empty: the page's
  // own value, never a reader's text.
  std::string content_disposition;
  // When what the page shows last changed (a feed: its newest entry's publication or edit);
  // 0: unknown. Sent as Last-Modified, and If-Modified-Since is answered from it.
  UnixSeconds last_modified = 0;
};

// The fields of a posted form, in order; a name may repeat (checkboxes).
using FormFields = std::multimap<std::string, std::string, std::less<>>;

// A comment form as posted (application/x-www-form-urlencoded fields), plus who posted it.
struct CommentSubmission {
  std::string article;  // slug
  std::string parent;   // id of the comment replied to, or empty
  std::string token;
  std::string name;
  std::string email;
  std::string website;
  std::string text;
  std::string honeypot;  // a field people leave empty and robots fill
  std::string client;    // the poster's address, for the rate limit only (never stored)
};

// The folders `theme` and `catalogs` were loaded from (Theme::load, Catalogs::load): reload()
// reads them again when their files change, so that an operator's edit needs no restart.
struct SiteFiles {
  std::optional<std::filesystem::path> theme_dir;
  std::optional<std::filesystem::path> locales_dir;
  // The media library's files (served under /media/, never watched: names are content
  // hashes, a new picture comes with a new record in the store).
  std::optional<std::filesystem::path> media_dir;

  // Every folder set, for a watcher of their files (fs::files_fingerprint).
  std::vector<std::filesystem::path> folders() const;
};

class Site {
 public:
  // Loads the settings snapshot; `fallback_url` is the canonical address when site.url is
  // empty (http://LISTEN); `files` says where `theme` and `catalogs` came from (none: they
  // are never read again). Errors: the store failed, or a setting is invalid.
  static Result<std::unique_ptr<Site>> open(Store& store, Theme theme, Catalogs catalogs,
                                            std::string fallback_url, SiteFiles files = {});

  // Replaces the canonical address used when site.url is empty (a server told to listen on
  // port 0 learns its port only once bound); the next reload() applies it. Thread-safe.
  void set_fallback_url(std::string url);

  // The page at `path` (no query string) as of `now`: 200, 301 (to the canonical path, also
  // from an article's old slug), the localized 410 page (gone()) for an article removed, or
  // the localized 404 page. Thread-safe. A storage failure gives a 500 page.
  Page render(std::string_view path, UnixSeconds now) const;

  // The search page for what a reader typed (`typed`: any bytes, at any length) at page
  // `page` (1 and up): the articles live at `now` holding all its words, most relevant first,
  // their matches marked; the form alone when nothing was typed; a "no results" page (200)
  // when none matched; 404 past the last page. Not for the page cache, never a view.
  // `language`: the prefix's of "/en/search" (its messages and links), 404 when it has none.
  Page search(std::string_view typed, int page, UnixSeconds now,
              std::string_view language = {}) const;

  // The answer to an address the site had before Tribune, as given ("/?p=123"; see
  // store/old_address_store.h): a 301 to where what it showed is now, else the 404 page.
  Page old_address(std::string_view address, UnixSeconds now) const;

  // Handles a posted comment: 303 to the comment (published) or to the "awaiting moderation"
  // notice (held), after the comment is committed; the form again with the reader's text and
  // localized errors (422, or 429 past the rate limit) when refused; 404 for no article.
  Page post_comment(const CommentSubmission& submission, UnixSeconds now);

  // Handles a posted subscription form: POST /subscribe/ (a new subscription: 303 to the
  // "check your inbox" page whatever the address's state, after the confirmation is queued),
  // /subscription/manage/TOKEN/ (saves the preferences) and /subscription/unsubscribe/TOKEN/
  // (also the one-click POST of RFC 8058, whose token alone authenticates it). Invalid fields
  // give the form again (422); an unknown path or a bad token 404.
  Page post_subscription(std::string_view path, const FormFields& fields, std::string_view client,
                         UnixSeconds now);

  // Turns on the subscription forms and, with `outbox_folder`, the outbox viewer (/outbox/,
  // for a site that writes its mail to a folder instead of sending it). Call before serving.
  void enable_mail(std::optional<std::filesystem::path> outbox_folder);
  bool mail_enabled() const;

  // The email for an outbox message, in its recipient's language; not_found when what it
  // points to is gone (a deleted article, a subscriber who left).
  Result<mail::MailMessage> compose_mail(const OutboxMessage& message, UnixSeconds now) const;
  // A short message for `tribune mail test`.
  Result<mail::MailMessage> compose_test_mail(std::string_view address, UnixSeconds now) const;

  // The local date (YYYYMMDD) and hour at `now` in the site's time zone.
  std::pair<int, int> local_day_and_hour(UnixSeconds now) const;

  // The localized 404, 410, 400 and 500 pages; the 404 and 410 in `language` (one of
  // page_languages()) when given, else in the site's.
  Page not_found(std::string_view language = {}) const;
  Page gone(std::string_view language = {}) const;
  // The languages of the site's pages: its own first, then those under a /LANG/ prefix.
  std::vector<std::string> page_languages() const;
  Page bad_request() const;
  Page server_error() const;

  // Re-reads the settings and the archive after content or settings changed (here or in
  // another process), as of `now`, and says what changed for the pages: everything when a
  // setting, a section, an author or a tag changed; otherwise the articles and lists touched.
  // The theme and catalogs too when a file of their folders (SiteFiles) changed since they
  // were read (everything changed, then); a file that does not load is an Error naming it, and
  // the previous theme and catalogs serve until the folder changes again.
  Result<ContentChange> reload(UnixSeconds now);

  // The store's content version the last reload() read (read before the archive, so that a
  // change made during the reload counts as unread); -1 before any.
  std::int64_t loaded_content_version() const { return loaded_version_.load(); }

  // Computes the "most read" lists again (after views were flushed). True when the ranking
  // pages show changed (then every page showing the lists is stale); the JSON list follows
  // every call.
  Result<bool> refresh_most_read(UnixSeconds now);

  // The "most read" lists as of the last refresh_most_read() (the JSON list's): for the
  // admin's dashboard, which shows them without counting anything again.
  std::shared_ptr<const MostRead> most_read() const { return most_read_.current(); }

  // Article `id` as lists show it (title, slug, author, sections; no body) when it is
  // published or scheduled, from the archive in memory; nullopt otherwise.
  std::optional<Article> listed_article(Id id) const;
  // The path readers reach `article` at, by the site's permalink pattern.
  std::string path_of(const Article& article) const;

  // Where the theme and catalogs come from (given to open()).
  const SiteFiles& files() const { return files_; }

  // The canonical address (site.url, or the fallback given to open()), without a final slash.
  std::string url() const;

  // The site's locale catalog.
  const Catalog& catalog() const;

  // The settings pages are made with now (a copy: reload() replaces them).
  SiteSettings settings() const;
  // Every catalog, shared: kept alive by the caller across a reload().
  std::shared_ptr<const Catalogs> catalogs() const;

  // The settings, sections and assets pages are made with; replaced whole by reload().
  struct Snapshot;

 private:
  Site(Store& store, Theme theme, Catalogs catalogs, std::string fallback_url, SiteFiles files);
  std::shared_ptr<const Snapshot> snapshot() const;

  Store& store_;
  std::unique_ptr<FormTokens> tokens_;
  std::unique_ptr<RateLimiter> comment_limiter_;
  // Shared with the snapshots made from them, so that renders in flight keep the ones they
  // began with when reload() reads new files (guarded by mutex_).
  std::shared_ptr<const Theme> theme_;
  std::shared_ptr<const Catalogs> catalogs_;
  SiteFiles files_;
  std::string files_seen_;  // fs::files_fingerprint of files_ when they were last read
  std::string fallback_url_;
  std::unique_ptr<RateLimiter> subscription_limiter_;
  bool mail_enabled_ = false;
  std::optional<std::filesystem::path> outbox_folder_;
  MostReadBoard most_read_;
  std::mutex reload_mutex_;  // one reload() at a time: each builds on what the last one read
  mutable std::mutex mutex_;
  std::shared_ptr<const Snapshot> snapshot_;
  UnixSeconds snapshot_time_ = 0;  // the `now` of the last reload
  std::atomic<std::int64_t> loaded_version_{-1};
};

}  // namespace tribune
