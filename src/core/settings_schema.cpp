// The settings table. Adding a setting is adding a row here; `tribune config` and the
// README's configuration section follow from it.
#include "core/settings_schema.h"

#include <charconv>

namespace tribune {
namespace {

using enum SettingHome;
using enum SettingKind;

// `spec`, marked as reread by a running server when tribune.toml changes.
SettingSpec reread(SettingSpec spec) {
  spec.reread = true;
  return spec;
}

const std::vector<SettingSpec>& table() {
  static const std::vector<SettingSpec> specs = {
      {"server.listen", file, listen, "127.0.0.1:8080", "address and port the server listens on"},
      {"server.threads", file, integer, "0", "worker threads; 0 means one per core", {}, 0, 256},
      {"server.access_log", file, text, "access.log",
       "access log in the combined format, relative to the data folder; '-' for stdout, "
       "empty for none"},
      {"server.max_connections",
       file,
       integer,
       "0",
       "connections open at once at most; 0: as many as the open-file limit allows",
       {},
       0,
       1000000},
      {"server.cache_mb",
       file,
       integer,
       "128",
       "memory for the render cache, in MiB; the least useful pages leave it first",
       {},
       1,
       65536},
      {"server.trusted_proxies", file, text, "",
       "comma-separated addresses of reverse proxies whose X-Forwarded-For is believed"},
      {"database.backend",
       file,
       choice,
       "sqlite",
       "storage backend: sqlite (one file in the data folder) or postgres (several servers)",
       {"sqlite", "postgres"}},
      {"database.path", file, text, "tribune.db",
       "SQLite database file, relative to the data folder"},
      {"database.url", file, text, "",
       "PostgreSQL database when database.backend is postgres, e.g. "
       "postgres://tribune:PASSWORD@db.example.org/tribune"},
      {"theme.dir", file, text, "theme",
       "folder whose templates and CSS override the default theme, relative to the data folder"},
      reread(
          {"smtp.host", file, text, "", "SMTP server for outgoing mail; empty: mail is not sent"}),
      reread({"smtp.port", file, integer, "587", "SMTP port", {}, 1, 65535}),
      reread({"smtp.user", file, text, "", "SMTP user name, when the server asks for one"}),
      reread({"smtp.password", file, text, "", "SMTP password"}),
      reread(
          {"smtp.tls", file, choice, "starttls", "SMTP encryption", {"starttls", "tls", "none"}}),
      reread({"smtp.rate_limit",
              file,
              integer,
              "20",
              "messages sent per second at most; 0: as fast as the server takes them",
              {},
              0,
              100000}),
      reread(
          {"smtp.retry_seconds",
           file,
           integer,
           "60",
           "wait before retrying a message the server deferred (4xx), and pause after it refused "
           "the site's sender; doubles at each attempt",
           {},
           1,
           86400}),
      reread({"dkim.domain", file, text, "",
              "DKIM signing domain (d=); empty: messages are not signed"}),
      reread({"dkim.selector", file, text, "tribune",
              "DKIM selector (s=): SELECTOR._domainkey.DOMAIN"}),
      reread({"dkim.key", file, text, "dkim.pem",
              "DKIM private key (PEM, RSA), relative to the data folder"}),
      {"site.name", database, text, "Tribune", "the site's name, shown in every page"},
      {"site.description", database, text, "", "one sentence about the site, for the home page"},
      {"site.logo", database, text, "",
       "the media library picture (its name) shown as the site's logo in headers, link "
       "previews and search results; empty: the site's name in letters"},
      {"site.share_image", database, text, "",
       "the media library picture (its name) link previews show for pages without their own"},
      {"site.locale", database, locale, "fr", "language of the site's interface"},
      {"site.url", database, text, "",
       "public address of the site (https://example.org), for canonical links; empty: the "
       "listen address"},
      {"site.timezone", database, text, "UTC", "time zone for dates shown to readers"},
      {"site.permalink", database, text, "/%year%/%monthnum%/%day%/%postname%/",
       "article URLs; tokens %year% %monthnum% %day% %postname% %category%"},
      {"reading.words_per_minute",
       database,
       integer,
       "230",
       "reading speed for reading times",
       {},
       50,
       2000},
      {"content.protection",
       database,
       choice,
       "attribution",
       "copy protection: off, attribution (copies carry the source) or strict",
       {"off", "attribution", "strict"}},
      {"comments.policy",
       database,
       choice,
       "hold_first",
       "moderation: hold every comment, hold an address's first one, or publish all",
       {"hold_all", "hold_first", "publish_all"}},
      {"comments.close_after_days",
       database,
       integer,
       "0",
       "close comments this many days after publication; 0: never",
       {},
       0,
       3650},
      {"comments.call_to_action", database, text, "",
       "the invitation above the comment form; empty: the catalog's"},
      {"most_read.refresh_seconds",
       database,
       integer,
       "60",
       "how often the \"most read\" lists on pages are brought up to date (the JSON list: every "
       "second)",
       {},
       1,
       86400},
      {"comments.per_page",
       database,
       integer,
       "50",
       "conversations (a comment and its replies) per page of comments; the article shows the "
       "newest page",
       {},
       1,
       1000},
      {"comments.max_links", database, integer, "2", "links allowed in one comment", {}, 0, 50},
      {"comments.max_length",
       database,
       integer,
       "5000",
       "characters allowed in one comment",
       {},
       100,
       100000},
      {"comments.min_seconds",
       database,
       integer,
       "3",
       "seconds a reader needs at least between the page and posting (faster is a robot)",
       {},
       0,
       600},
      {"comments.rate_limit",
       database,
       integer,
       "5",
       "comments one reader may post in 10 minutes",
       {},
       1,
       1000},
      {"comments.blocklist", database, text, "",
       "comma-separated words or addresses whose comments are refused"},
      {"comments.moderator_email", database, email, "",
       "address told of each comment awaiting moderation; empty: no one"},
      {"mail.from_name", database, text, "", "sender name of the site's email; empty: site.name"},
      {"mail.from_address", database, email, "",
       "sender address of the site's email; empty: no-reply@ the site's host"},
      {"mail.reply_to", database, email, "",
       "where replies to the site's email go; empty: nowhere"},
      {"subscriptions.digest_hour",
       database,
       integer,
       "7",
       "hour (site time zone) when the daily digest goes out",
       {},
       0,
       23},
      {"subscriptions.pending_days",
       database,
       integer,
       "7",
       "days an address that never confirmed its subscription is kept (the confirmation email "
       "says so); then it is deleted",
       {},
       1,
       365},
      {"mail.sent_retention_days",
       database,
       integer,
       "30",
       "days a sent message stays in the outbox (for 'tribune subscribers counts'); then it is "
       "deleted",
       {},
       1,
       3650},
      {"import.default_section", database, text, "",
       "section of imported articles without a category; empty: \"Non classé\" "
       "(\"Uncategorized\"), "
       "in the site's language"},
      {"views.counting",
       database,
       choice,
       "on",
       "count article views (people only, once per reading); read at start",
       {"on", "off"},
       0,
       0,
       true},
      {"home.latest_count",
       database,
       integer,
       "10",
       "articles in the home page's latest list",
       {},
       1,
       100},
      {"list.per_page",
       database,
       integer,
       "10",
       "articles per page in section, author and tag "
       "lists",
       {},
       1,
       100},
      {"feed.items",
       database,
       integer,
       "20",
       "articles in each RSS and Atom feed (the site's, and each section's, author's and tag's)",
       {},
       1,
       100},
      {"feed.content",
       database,
       choice,
       "full",
       "what feeds carry of each article: the full text, or the excerpt only",
       {"full", "excerpt"}},
  };
  return specs;
}

bool parse_integer(std::string_view text, long long& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

std::span<const SettingSpec> all_settings() { return table(); }

const SettingSpec* find_setting(std::string_view key) {
  for (const SettingSpec& spec : table()) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

bool needs_restart(const SettingSpec& spec, std::string_view old_value,
                   std::string_view new_value) {
  if (spec.key == "smtp.host") return old_value.empty() != new_value.empty();
  return spec.home == SettingHome::file ? !spec.reread : spec.read_at_start;
}

Status validate_setting(const SettingSpec& spec, std::string_view value) {
  auto invalid = [&](std::string message) -> Status {
    return make_error(Errc::invalid_input, std::move(message), std::string(spec.key));
  };
  switch (spec.kind) {
    case text:
    case email:
      if (value.find('\n') != std::string_view::npos) return invalid("must be a single line");
      return Ok{};
    case integer: {
      long long number = 0;
      if (!parse_integer(value, number)) return invalid("must be a whole number");
      if (number < spec.min || number > spec.max) {
        return invalid("must be between " + std::to_string(spec.min) + " and " +
                       std::to_string(spec.max));
      }
      return Ok{};
    }
    case choice:
      for (std::string_view choice_value : spec.choices) {
        if (value == choice_value) return Ok{};
      }
      {
        std::string allowed;
        for (std::string_view choice_value : spec.choices) {
          allowed += (allowed.empty() ? "" : ", ") + std::string(choice_value);
        }
        return invalid("must be one of: " + allowed);
      }
    case locale: {
      bool well_formed = value.size() >= 2 && value.size() <= 8;
      for (char c : value) well_formed = well_formed && ((c >= 'a' && c <= 'z') || c == '_');
      if (!well_formed) return invalid("must be a language code such as fr or en");
      return Ok{};
    }
    case listen: {
      std::size_t colon = value.rfind(':');
      long long port = 0;
      if (colon == std::string_view::npos || colon == 0 ||
          !parse_integer(value.substr(colon + 1), port) || port < 0 || port > 65535) {
        return invalid("must be HOST:PORT, for example 127.0.0.1:8080");
      }
      return Ok{};
    }
  }
  return Ok{};
}

}  // namespace tribune
