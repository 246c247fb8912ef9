// The public site: the settings snapshot (reloaded when content changes), the form key, and
// the entry points that hand a request to the page builder.
#include "site/site.h"

#include <sodium.h>

#include "core/fs.h"
#include "core/hash.h"
#include "site/page_builder.h"

namespace tribune {

namespace {

// Whether two loads of the static pages show the same: a change to one re-renders every page
// (their footers will link them), which their rarity makes cheap.
bool same_static_pages(const std::vector<StaticPage>& before,
                       const std::vector<StaticPage>& after) {
  return std::equal(before.begin(), before.end(), after.begin(), after.end(),
                    [](const StaticPage& a, const StaticPage& b) {
                      return a.id == b.id && a.path == b.path && a.title == b.title &&
                             a.draft == b.draft && a.updated_at == b.updated_at &&
                             a.body_html == b.body_html && a.published_at == b.published_at;
                    });
}

std::string content_type_for(std::string_view name) {
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".ico")) return "image/x-icon";
  if (name.ends_with(".png")) return "image/png";
  if (name.ends_with(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

// The Content-Security-Policy source that allows a <style> block holding exactly `css`.
std::string style_hash(std::string_view css) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(css.data()), css.size());
  char base64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(base64, sizeof base64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
  return "sha256-" + std::string(base64);
}

// "style.css" -> "/assets/style.1a2b3c4d.css": the URL changes when the bytes do, so the
// file can be cached for a year.
std::string fingerprinted_url(std::string_view name, std::string_view body) {
  std::string hash = content_hash_hex(body, 4);
  std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return "/assets/" + std::string(name) + "." + hash;
  return "/assets/" + std::string(name.substr(0, dot)) + "." + hash + std::string(name.substr(dot));
}

}  // namespace

std::vector<std::filesystem::path> SiteFiles::folders() const {
  std::vector<std::filesystem::path> list;
  if (theme_dir) list.push_back(*theme_dir);
  if (locales_dir) list.push_back(*locales_dir);
  return list;
}

Site::Site(Store& store, Theme theme, Catalogs catalogs, std::string fallback_url, SiteFiles files)
    : store_(store),
      theme_(std::make_shared<const Theme>(std::move(theme))),
      catalogs_(std::make_shared<const Catalogs>(std::move(catalogs))),
      files_(std::move(files)),
      fallback_url_(std::move(fallback_url)) {
  files_seen_ = fs::files_fingerprint(files_.folders());
}

Result<std::unique_ptr<Site>> Site::open(Store& store, Theme theme, Catalogs catalogs,
                                         std::string fallback_url, SiteFiles files) {
  TRIBUNE_TRY(validate_stored_site_settings(store, catalogs));
  std::unique_ptr<Site> site(new Site(store, std::move(theme), std::move(catalogs),
                                      std::move(fallback_url), std::move(files)));
  // The form key is made once per site and shared through the database by all its servers:
  // the first to start stores its candidate, the others read it.
  constexpr std::string_view kFormKeySetting = "secret.form_key";
  auto stored_key = store.setting(kFormKeySetting);
  if (!stored_key) return stored_key.error();
  std::string hex_key = stored_key->value_or("");
  if (hex_key.size() != 2 * crypto_auth_KEYBYTES) {
    const std::string candidate = FormTokens::generate_key();
    std::string hex(candidate.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(candidate.data()),
                   candidate.size());
    hex.pop_back();
    if (!hex_key.empty()) {
      TRIBUNE_TRY(store.set_setting(kFormKeySetting, hex));  // a damaged key is replaced
      hex_key = hex;
    } else {
      auto shared = store.setting_once(kFormKeySetting, hex);
      if (!shared) return shared.error();
      hex_key = *shared;
    }
  }
  std::string key(crypto_auth_KEYBYTES, '\0');
  sodium_hex2bin(reinterpret_cast<unsigned char*>(key.data()), key.size(), hex_key.data(),
                 hex_key.size(), nullptr, nullptr, nullptr);
  // Readers are counted in the store, under a hash keyed alike on every server of the site
  // (derived from the form key): the limits hold whichever server a reader reaches.
  RateLimiter::Key client_key{};
  constexpr std::string_view kClientKeyPurpose = "tribune rate limits";
  crypto_generichash(client_key.data(), client_key.size(),
                     reinterpret_cast<const unsigned char*>(kClientKeyPurpose.data()),
                     kClientKeyPurpose.size(), reinterpret_cast<const unsigned char*>(key.data()),
                     key.size());
  site->tokens_ = std::make_unique<FormTokens>(std::move(key));
  auto shared_window = [counts = &store](std::string_view client, UnixSeconds now,
                                         UnixSeconds window, int limit) {
    return counts->record_limited_action(client, now, window, limit);
  };
  // Comments per reader in this many seconds (comments.rate_limit sets how many).
  constexpr UnixSeconds kCommentRateWindow = 600;
  site->comment_limiter_ =
      std::make_unique<RateLimiter>(5, kCommentRateWindow, "comment", client_key, shared_window);
  // Subscription requests per reader: five in ten minutes is plenty for a person.
  site->subscription_limiter_ =
      std::make_unique<RateLimiter>(5, 600, "subscription", client_key, shared_window);
  auto loaded = site->reload(now_seconds());
  if (!loaded) return loaded.error();
  auto most_read = site->refresh_most_read(now_seconds());
  if (!most_read) return most_read.error();
  return site;
}

Result<ContentChange> Site::reload(UnixSeconds now) {
  std::lock_guard reloading(reload_mutex_);
  auto version = store_.content_version();
  if (!version) return version.error();
  std::shared_ptr<const Theme> theme;
  std::shared_ptr<const Catalogs> catalogs;
  bool files_changed = false;
  {
    std::lock_guard lock(mutex_);
    theme = theme_;
    catalogs = catalogs_;
    std::string fingerprint = fs::files_fingerprint(files_.folders());
    files_changed = fingerprint != files_seen_;
    // Seen even when a file fails to load: the error is said once, and the next reload (new
    // content) goes ahead with the previous theme and catalogs.
    files_seen_ = std::move(fingerprint);
  }
  if (files_changed) {
    auto new_theme = Theme::load(files_.theme_dir);
    if (!new_theme) return new_theme.error();
    auto new_catalogs = Catalogs::load(files_.locales_dir);
    if (!new_catalogs) return new_catalogs.error();
    theme = std::make_shared<const Theme>(std::move(*new_theme));
    catalogs = std::make_shared<const Catalogs>(std::move(*new_catalogs));
  }
  auto snapshot = std::make_shared<Snapshot>();
  snapshot->most_read = &most_read_;
  std::string fallback_url;
  {
    std::lock_guard lock(mutex_);
    fallback_url = fallback_url_;
  }
  auto settings = SiteSettings::load(store_, fallback_url);
  if (!settings) return settings.error();
  snapshot->settings = std::move(*settings);
  snapshot->tokens = tokens_.get();
  snapshot->comment_limiter = comment_limiter_.get();
  snapshot->subscription_limiter = subscription_limiter_.get();
  snapshot->mail_enabled = mail_enabled_;
  snapshot->outbox_folder = outbox_folder_;
  comment_limiter_->set_limit(snapshot->settings.comments_rate_limit);
  auto permalink = Permalink::parse(snapshot->settings.permalink);
  if (!permalink) return permalink.error();
  snapshot->permalink = std::move(*permalink);
  snapshot->catalogs = catalogs;
  snapshot->theme = theme;
  snapshot->catalog = catalogs->find(snapshot->settings.locale);
  if (snapshot->catalog == nullptr) {
    return make_error(Errc::invalid_input,
                      "no message catalog for '" + snapshot->settings.locale + "'", "site.locale");
  }
  auto sections = store_.sections();
  if (!sections) return sections.error();
  snapshot->sections = std::move(*sections);
  auto static_pages = store_.static_pages();
  if (!static_pages) return static_pages.error();
  snapshot->static_pages = std::move(*static_pages);
  auto media = media_by_name(store_);
  if (!media) return media.error();
  snapshot->media = std::move(*media);
  snapshot->media_folder = files_.media_dir;
  auto archive = Archive::load(store_, snapshot->sections, snapshot->settings.timezone,
                               {snapshot->settings.locale, catalogs->locales()});
  if (!archive) return archive.error();
  snapshot->archive = std::move(*archive);
  for (const std::string& name : theme->asset_names()) {
    Asset asset;
    asset.body = std::string(*theme->asset(name));
    asset.url = fingerprinted_url(name, asset.body);
    asset.content_type = content_type_for(name);
    snapshot->asset_names_by_url[asset.url] = name;
    snapshot->assets[name] = std::move(asset);
  }
  if (auto css = snapshot->assets.find("style.css"); css != snapshot->assets.end()) {
    snapshot->inline_css = css->second.body;
    snapshot->inline_css_hash = style_hash(snapshot->inline_css);
  }
  if (auto css = snapshot->assets.find("video.css"); css != snapshot->assets.end()) {
    snapshot->video_css = css->second.body;
    snapshot->video_css_hash = style_hash(snapshot->video_css);
  }
  std::lock_guard lock(mutex_);
  ContentChange change;
  if (!snapshot_ || !(snapshot_->settings == snapshot->settings) ||
      snapshot_->mail_enabled != snapshot->mail_enabled || files_changed ||
      !same_static_pages(snapshot_->static_pages, snapshot->static_pages) ||
      // Pictures are only ever added: a new one may be what a page named and lacked.
      snapshot_->media.size() != snapshot->media.size()) {
    change.everything = true;
  } else {
    change = Archive::difference(*snapshot_->archive, snapshot_time_, *snapshot->archive, now);
  }
  snapshot_ = std::move(snapshot);
  snapshot_time_ = now;
  loaded_version_ = *version;
  if (files_changed) {
    theme_ = std::move(theme);
    catalogs_ = std::move(catalogs);
  }
  return change;
}

void Site::set_fallback_url(std::string url) {
  std::lock_guard lock(mutex_);
  fallback_url_ = std::move(url);
}

std::shared_ptr<const Site::Snapshot> Site::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

const Catalog& Site::catalog() const { return *snapshot()->catalog; }

SiteSettings Site::settings() const { return snapshot()->settings; }

std::shared_ptr<const Catalogs> Site::catalogs() const { return snapshot()->catalogs; }

Page Site::render(std::string_view path, UnixSeconds now) const {
  auto current = snapshot();
  return PageBuilder(*current, store_, *current->theme, now).render(path);
}

Page Site::search(std::string_view typed, int page, UnixSeconds now,
                  std::string_view language) const {
  auto current = snapshot();
  PageBuilder builder(*current, store_, *current->theme, now);
  if (!language.empty()) {
    // Only a language that has its lists under a prefix has a search page there.
    if (current->archive->prefix_of(language).empty()) return builder.not_found();
    builder.use_language(language);
  }
  return builder.search_page(typed, page);
}

Result<bool> Site::refresh_most_read(UnixSeconds now) {
  MostRead lists;
  for (std::size_t i = 0; i < kReadingPeriods.size(); ++i) {
    auto articles = store_.most_read(kReadingPeriods[i].first, now, kMostReadCount);
    if (!articles) return articles.error();
    for (const Article& article : *articles) lists.lists[i].emplace_back(article.id, article.views);
  }
  return most_read_.update(std::move(lists), now, snapshot()->settings.most_read_refresh_seconds);
}

Page Site::old_address(std::string_view address, UnixSeconds now) const {
  auto current = snapshot();
  PageBuilder builder(*current, store_, *current->theme, now);
  if (auto page = builder.old_address(address)) return std::move(*page);
  return builder.not_found();
}

Page Site::post_comment(const CommentSubmission& submission, UnixSeconds now) {
  auto current = snapshot();
  return PageBuilder(*current, store_, *current->theme, now).post_comment(submission);
}

Page Site::post_subscription(std::string_view path, const FormFields& fields,
                             std::string_view client, UnixSeconds now) {
  auto current = snapshot();
  return PageBuilder(*current, store_, *current->theme, now)
      .post_subscription(path, fields, client);
}

void Site::enable_mail(std::optional<std::filesystem::path> outbox_folder) {
  {
    std::lock_guard lock(mutex_);
    mail_enabled_ = true;
    outbox_folder_ = std::move(outbox_folder);
  }
  (void)reload(now_seconds());  // read at open(); a failure here would have failed there
}

bool Site::mail_enabled() const {
  std::lock_guard lock(mutex_);
  return mail_enabled_;
}

Result<mail::MailMessage> Site::compose_mail(const OutboxMessage& message, UnixSeconds now) const {
  auto current = snapshot();
  const Catalog* catalog = current->catalog;
  std::optional<Subscriber> subscriber;
  if (message.subscriber_id) {
    auto found = store_.subscriber(*message.subscriber_id);
    if (!found) return found.error();
    subscriber = std::move(*found);
    if (const Catalog* own = current->catalogs->find(subscriber->lang)) catalog = own;
  }
  return PageBuilder(*current, store_, *current->theme, now, catalog)
      .compose_mail(message, subscriber ? &*subscriber : nullptr);
}

Result<mail::MailMessage> Site::compose_test_mail(std::string_view address, UnixSeconds now) const {
  auto current = snapshot();
  return PageBuilder(*current, store_, *current->theme, now).compose_test_mail(address);
}

std::pair<int, int> Site::local_day_and_hour(UnixSeconds now) const {
  return local_date_and_hour(now, snapshot()->settings.timezone);
}

std::string Site::url() const { return snapshot()->settings.url; }

std::optional<Article> Site::listed_article(Id id) const {
  return snapshot()->archive->article(id);
}

std::string Site::path_of(const Article& article) const {
  return snapshot()->permalink.path_of(article);
}

Page Site::not_found(std::string_view language) const {
  auto current = snapshot();
  PageBuilder builder(*current, store_, *current->theme, 0);
  if (!language.empty()) builder.use_language(language);
  return builder.not_found();
}

Page Site::gone(std::string_view language) const {
  auto current = snapshot();
  PageBuilder builder(*current, store_, *current->theme, 0);
  if (!language.empty()) builder.use_language(language);
  return builder.gone();
}

std::vector<std::string> Site::page_languages() const {
  return snapshot()->archive->page_languages();
}

Page Site::bad_request() const {
  auto current = snapshot();
  return PageBuilder(*current, store_, *current->theme, 0).bad_request();
}

Page Site::server_error() const {
  auto current = snapshot();
  return PageBuilder(*current, store_, *current->theme, 0).server_error();
}

}  // namespace tribune
