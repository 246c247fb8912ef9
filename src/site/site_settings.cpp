// Loading the settings snapshot.
#include "site/site_settings.h"

#include "content/email_address.h"
#include "site/permalink.h"

namespace tribune {

Status validate_site_setting(const SettingSpec& spec, std::string_view value,
                             const Catalogs& catalogs) {
  TRIBUNE_TRY(validate_setting(spec, value));
  auto invalid = [&](std::string message) -> Status {
    return make_error(Errc::invalid_input, std::move(message), std::string(spec.key));
  };
  if (spec.kind == SettingKind::locale && catalogs.find(value) == nullptr) {
    return invalid("no message catalog for '" + std::string(value) + "'");
  }
  if (spec.kind == SettingKind::email && !value.empty() && !is_email_address(value)) {
    return invalid("must be an email address such as news@example.org");
  }
  if (spec.key == "site.url" && !value.empty()) {
    std::string_view rest = value;
    if (rest.starts_with("https://")) {
      rest.remove_prefix(8);
    } else if (rest.starts_with("http://")) {
      rest.remove_prefix(7);
    } else {
      return invalid("must start with https:// or http://, such as https://example.org");
    }
    if (rest.empty() || rest.front() == '/' ||
        rest.find_first_of(" \t\"<>\\") != std::string_view::npos) {
      return invalid("must name the site's host, such as https://example.org");
    }
  }
  if (spec.key == "site.timezone" && !is_known_time_zone(value)) {
    return invalid("unknown time zone (an IANA name such as Africa/Bamako or Europe/Paris)");
  }
  if (spec.key == "site.permalink") {
    auto permalink = Permalink::parse(value);
    if (!permalink) return invalid(permalink.error().message);
  }
  return Ok{};
}

Status validate_stored_site_settings(Store& store, const Catalogs& catalogs) {
  for (const SettingSpec& spec : all_settings()) {
    if (spec.home != SettingHome::database) continue;
    auto value = read_site_setting(store, spec.key);
    if (!value) return value.error();
    Status valid = validate_site_setting(spec, *value, catalogs);
    if (!valid) {
      Error error = valid.error();
      error.message += " (it is '" + *value + "'; change it with: tribune config set " +
                       std::string(spec.key) + " VALUE)";
      return error;
    }
  }
  return Ok{};
}

Result<std::string> read_site_setting(Store& store, std::string_view key) {
  auto stored = store.setting(key);
  if (!stored) return stored.error();
  if (*stored) return **stored;
  const SettingSpec* spec = find_setting(key);
  return spec != nullptr ? std::string(spec->default_value) : std::string();
}

Result<SiteSettings> SiteSettings::load(Store& store, const std::string& fallback_url) {
  SiteSettings settings;
  auto text = [&](std::string_view key, std::string& out) -> Status {
    auto value = read_site_setting(store, key);
    if (!value) return value.error();
    out = std::move(*value);
    return Ok{};
  };
  auto number = [&](std::string_view key, int& out) -> Status {
    std::string value;
    TRIBUNE_TRY(text(key, value));
    try {
      out = std::stoi(value);
    } catch (const std::exception&) {
      return make_error(Errc::invalid_input, "not a number: " + value, std::string(key));
    }
    return Ok{};
  };
  TRIBUNE_TRY(text("site.name", settings.name));
  TRIBUNE_TRY(text("site.description", settings.description));
  TRIBUNE_TRY(text("site.logo", settings.logo));
  TRIBUNE_TRY(text("site.share_image", settings.share_image));
  TRIBUNE_TRY(text("site.locale", settings.locale));
  TRIBUNE_TRY(text("site.url", settings.url));
  TRIBUNE_TRY(text("site.timezone", settings.timezone));
  TRIBUNE_TRY(text("site.permalink", settings.permalink));
  TRIBUNE_TRY(text("content.protection", settings.protection));
  TRIBUNE_TRY(number("reading.words_per_minute", settings.words_per_minute));
  TRIBUNE_TRY(number("home.latest_count", settings.latest_count));
  TRIBUNE_TRY(number("list.per_page", settings.per_page));
  TRIBUNE_TRY(number("feed.items", settings.feed_items));
  std::string feed_content;
  TRIBUNE_TRY(text("feed.content", feed_content));
  settings.feed_full_content = feed_content != "excerpt";
  TRIBUNE_TRY(text("comments.policy", settings.comments_policy));
  TRIBUNE_TRY(number("comments.close_after_days", settings.comments_close_after_days));
  TRIBUNE_TRY(text("comments.call_to_action", settings.comments_call_to_action));
  TRIBUNE_TRY(number("comments.per_page", settings.comments_per_page));
  TRIBUNE_TRY(number("most_read.refresh_seconds", settings.most_read_refresh_seconds));
  TRIBUNE_TRY(number("comments.max_links", settings.comments_max_links));
  TRIBUNE_TRY(number("comments.max_length", settings.comments_max_length));
  TRIBUNE_TRY(number("comments.min_seconds", settings.comments_min_seconds));
  TRIBUNE_TRY(number("comments.rate_limit", settings.comments_rate_limit));
  TRIBUNE_TRY(text("comments.blocklist", settings.comments_blocklist));
  TRIBUNE_TRY(text("comments.moderator_email", settings.moderator_email));
  TRIBUNE_TRY(text("mail.from_name", settings.mail_from_name));
  TRIBUNE_TRY(text("mail.from_address", settings.mail_from_address));
  TRIBUNE_TRY(text("mail.reply_to", settings.mail_reply_to));
  TRIBUNE_TRY(number("subscriptions.digest_hour", settings.digest_hour));
  TRIBUNE_TRY(number("subscriptions.pending_days", settings.pending_days));
  if (settings.url.empty()) settings.url = fallback_url;
  while (settings.url.ends_with('/')) settings.url.pop_back();
  if (settings.mail_from_name.empty()) settings.mail_from_name = settings.name;
  if (settings.mail_from_address.empty()) {
    // The host of the site's address, without scheme, port or path.
    std::string host = settings.url.substr(settings.url.find("://") + 3);
    host = host.substr(0, host.find_first_of(":/"));
    if (host.find('.') == std::string::npos) host += ".localdomain";  // "localhost", an IP
    settings.mail_from_address = "no-reply@" + host;
  }
  return settings;
}

}  // namespace tribune
