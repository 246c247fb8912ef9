// The site settings pages are made with, read from the database (with the schema's
// defaults) as one snapshot, replaced whole when an editor changes one.
#pragma once

#include <string>

#include "core/result.h"
#include "core/settings_schema.h"
#include "i18n/catalog.h"
#include "store/store.h"

namespace tribune {

struct SiteSettings {
  std::string name;
  std::string description;
  std::string logo;         // a media name, or empty
  std::string share_image;  // a media name, or empty
  std::string locale;
  std::string url;  // absolute, without a trailing slash: "https://example.org"
  std::string timezone;
  std::string permalink;
  std::string protection;  // off | attribution | strict
  int words_per_minute = 230;
  int latest_count = 10;
  int per_page = 10;
  int feed_items = 20;
  bool feed_full_content = true;  // feed.content: full (the body) | excerpt (the lede alone)
  // Comments (see the settings table for each one's meaning).
  std::string comments_policy;
  int comments_close_after_days = 0;
  std::string comments_call_to_action;
  int comments_per_page = 50;
  int comments_max_links = 2;
  int comments_max_length = 5000;
  int comments_min_seconds = 3;
  int comments_rate_limit = 5;
  std::string comments_blocklist;
  std::string moderator_email;
  // Email (see the settings table); from_name and from_address are filled in when empty.
  std::string mail_from_name;
  std::string mail_from_address;
  std::string mail_reply_to;
  int digest_hour = 7;
  int pending_days = 7;  // subscriptions.pending_days: the confirmation email states it
  int most_read_refresh_seconds = 60;

  bool operator==(const SiteSettings&) const = default;

  // Reads every site setting; `fallback_url` stands in for an empty site.url.
  static Result<SiteSettings> load(Store& store, const std::string& fallback_url);
};

// Checks `value` for the database setting `spec` as every place that sets one must (the
// command line, the admin), so that no accepted value stops the next start: the schema's
// rule (core/settings_schema.h), then what only the site knows: a language with a catalog in
// `catalogs`, an email address, an http(s) site address, a time zone ICU knows, a permalink
// pattern the site can read. invalid_input whose field is the key.
Status validate_site_setting(const SettingSpec& spec, std::string_view value,
                             const Catalogs& catalogs);

// Checks every database setting's stored value with validate_site_setting, as the server
// does when it starts: a value stored by an older Tribune, or written into the database by
// hand, is refused there by name rather than failing every page. The first invalid setting,
// its field the key, its message saying how to change it.
Status validate_stored_site_settings(Store& store, const Catalogs& catalogs);

// A database setting's stored value, or the schema's default when it was never set.
Result<std::string> read_site_setting(Store& store, std::string_view key);

}  // namespace tribune
