// Message catalogs: every string a reader sees, per language, from locales/LANG.yaml (ICU
// MessageFormat patterns, so plurals follow each language's CLDR rules), plus dates and
// numbers in the reader's language. Adding a language is adding one catalog file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace tribune {

// A value for a {name} placeholder of a message.
using MessageArg = std::variant<std::int64_t, std::string>;

class Catalog {
 public:
  // Parses one catalog: a YAML map of message key to ICU MessageFormat pattern. A pattern
  // that ICU rejects is an Error naming `source` and the key.
  static Result<Catalog> parse(std::string locale, std::string_view yaml_text,
                               const std::string& source);

  const std::string& locale() const { return locale_; }
  // The language's own name ("Français", "العربية"): message language.name, or the code.
  const std::string& name() const { return name_; }
  // "rtl" for a language written right to left (ICU's likely script for it), else "ltr".
  const std::string& direction() const { return direction_; }
  // The language with its likeliest country, as Open Graph names locales: "fr_FR", "en_US".
  const std::string& og_locale() const { return og_locale_; }

  // The message `key` with its {name} placeholders filled from `args`. A key missing from the
  // catalog gives the key itself (tests check every catalog has every key). In French, a text
  // argument `name` also fills {de_name} and {a_name}: "de" and "à" before it, contracted and
  // elided as French requires (i18n/french_grammar.h).
  std::string format(std::string_view key,
                     const std::vector<std::pair<std::string, MessageArg>>& args = {}) const;

  // True when the catalog defines `key`.
  bool has(std::string_view key) const;
  std::vector<std::string> keys() const;

  // "11 juillet 2025" / "July 11, 2025": the long date of `when` in `time_zone` (an IANA name;
  // an unknown one means UTC).
  std::string long_date(UnixSeconds when, std::string_view time_zone) const;

  // A day, month or year of the calendar (no time zone: a period as a date archive names it)
  // in the catalog's language, laid out by ICU for `skeleton`: "y" → "2025", "yMMMM" →
  // "juillet 2025", "yMMMMd" → "11 juillet 2025" ("July 11, 2025"). `heading`: capitalized as
  // the first word of a title ("Juillet 2025"). `month` and `day` are 1-based; a skeleton
  // without them ignores them.
  std::string calendar_date(int year, int month, int day, std::string_view skeleton,
                            bool heading) const;

 private:
  friend class Catalogs;  // merges a site's overrides into a built-in catalog
  // Derives what the messages decide for the whole language (its ICU locale, with the
  // numbering system of message language.numbers; its name) once they are all read.
  void settle();
  std::string locale_;
  std::string icu_locale_;  // "ar@numbers=latn"
  std::string direction_ = "ltr";
  bool french_ = false;  // {de_x} and {a_x} are filled (see format)
  std::string og_locale_;
  std::string name_;
  std::map<std::string, std::string, std::less<>> patterns_;
};

// The local date (YYYYMMDD) and hour (0-23) of `when` in `time_zone` (an IANA name; an unknown
// one means UTC): when the site's day starts, for the daily digest.
std::pair<int, int> local_date_and_hour(UnixSeconds when, std::string_view time_zone);

// The local dates (YYYYMMDD) of `instants` in `time_zone` (an IANA name; an unknown one means
// UTC), in order: one calendar for all of them, so that filing 100,000 articles by day is cheap.
std::vector<int> local_dates(const std::vector<UnixSeconds>& instants, std::string_view time_zone);

// True when `time_zone` is an IANA time zone name ICU knows ("Africa/Bamako", "UTC").
bool is_known_time_zone(std::string_view time_zone);

// `when` as the wall clock of `time_zone` shows it, "2026-12-01T14:30": the value of an HTML
// datetime-local field.
std::string local_datetime(UnixSeconds when, std::string_view time_zone);
// The moment the wall-clock time `text` ("2026-12-01T14:30", seconds optional) names in
// `time_zone`; invalid_input when it is malformed.
Result<UnixSeconds> parse_local_datetime(std::string_view text, std::string_view time_zone);

// Every catalog available to a site: those built into tribune, and those of an optional
// folder (DATA/locales) that add languages or override messages without recompiling.
class Catalogs {
 public:
  static Result<Catalogs> load(const std::optional<std::filesystem::path>& extra_dir);

  // The catalog for `locale`, or nullptr when there is none.
  const Catalog* find(std::string_view locale) const;
  std::vector<std::string> locales() const;

 private:
  std::map<std::string, std::shared_ptr<const Catalog>, std::less<>> catalogs_;
};

}  // namespace tribune
