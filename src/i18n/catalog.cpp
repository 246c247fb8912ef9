// Catalog loading and formatting through ICU.
#include "i18n/catalog.h"

#include <cstdio>

#include <map>

#include <unicode/calendar.h>
#include <unicode/datefmt.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/timezone.h>
#include <yaml-cpp/yaml.h>

#include "core/fs.h"
#include "embedded/embedded.h"
#include "i18n/french_grammar.h"

namespace tribune {
namespace {

icu::UnicodeString to_unicode(std::string_view text) {
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
}

std::string to_utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace

Result<Catalog> Catalog::parse(std::string locale, std::string_view yaml_text,
                               const std::string& source) {
  auto fail = [&](std::string field, std::string message) -> Result<Catalog> {
    Error error = make_error(Errc::invalid_input, std::move(message), std::move(field));
    error.source = source;
    return error;
  };
  Catalog catalog;
  catalog.locale_ = std::move(locale);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& parse_error) {
    return fail("", "line " + std::to_string(parse_error.mark.line + 1) + ": " + parse_error.msg);
  }
  if (!root.IsMap()) return fail("", "expected 'key: message' lines");
  icu::Locale icu_locale(catalog.locale_.c_str());
  for (const auto& entry : root) {
    std::string key = entry.first.as<std::string>("");
    if (!entry.second.IsScalar()) return fail(key, "expected a message");
    std::string pattern = entry.second.Scalar();
    UErrorCode status = U_ZERO_ERROR;
    icu::MessageFormat check(to_unicode(pattern), icu_locale, status);
    if (U_FAILURE(status)) {
      return fail(key, std::string("not a valid ICU message: ") + u_errorName(status));
    }
    catalog.patterns_[key] = std::move(pattern);
  }
  catalog.settle();
  return catalog;
}

void Catalog::settle() {
  icu_locale_ = locale_;
  french_ = icu::Locale(locale_.c_str()).getLanguage() == std::string_view("fr");
  auto numbers = patterns_.find("language.numbers");
  if (numbers != patterns_.end() && !numbers->second.empty()) {
    icu_locale_ += "@numbers=" + numbers->second;
  }
  name_ = has("language.name") ? format("language.name") : locale_;
  icu::Locale language(locale_.c_str());
  direction_ = language.isRightToLeft() ? "rtl" : "ltr";
  UErrorCode status = U_ZERO_ERROR;
  language.addLikelySubtags(status);
  og_locale_ = locale_;
  if (U_SUCCESS(status) && language.getCountry()[0] != '\0') {
    og_locale_ += std::string("_") + language.getCountry();
  }
}

std::string Catalog::format(std::string_view key,
                            const std::vector<std::pair<std::string, MessageArg>>& args) const {
  auto found = patterns_.find(key);
  if (found == patterns_.end()) return std::string(key);
  // Parsing a pattern (and loading its locale's plural rules) costs more than formatting it:
  // each thread keeps the parsed messages, by locale and pattern (not by key, so that a
  // catalog read again with other text is never answered from an old parse).
  thread_local std::map<std::string, std::unique_ptr<icu::MessageFormat>, std::less<>> parsed;
  std::string cache_key = icu_locale_ + '\0' + found->second;
  auto cached = parsed.find(cache_key);
  if (cached == parsed.end()) {
    UErrorCode parse_status = U_ZERO_ERROR;
    auto made = std::make_unique<icu::MessageFormat>(
        to_unicode(found->second), icu::Locale(icu_locale_.c_str()), parse_status);
    if (U_FAILURE(parse_status)) made.reset();
    cached = parsed.emplace(std::move(cache_key), std::move(made)).first;
  }
  if (!cached->second) return std::string(key);
  icu::MessageFormat& message = *cached->second;
  UErrorCode status = U_ZERO_ERROR;
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  for (const auto& [name, value] : args) {
    names.push_back(to_unicode(name));
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
      values.emplace_back(static_cast<int64_t>(*number));
      continue;
    }
    const auto& text = std::get<std::string>(value);
    values.emplace_back(to_unicode(text));
    // French patterns write "de" and "à" before a name as {de_NAME} and {a_NAME}: the phrase
    // depends on the name's first letters ("d’Ibrahim", "au Fleuve Tribune").
    if (!french_) continue;
    for (auto preposition : {FrenchPreposition::de, FrenchPreposition::a}) {
      std::string derived = (preposition == FrenchPreposition::de ? "de_" : "a_") + name;
      if (found->second.find("{" + derived) == std::string::npos) continue;
      names.push_back(to_unicode(derived));
      values.emplace_back(to_unicode(with_french_preposition(preposition, text)));
    }
  }
  icu::UnicodeString result;
  message.format(names.data(), values.data(), static_cast<int32_t>(values.size()), result, status);
  if (U_FAILURE(status)) return std::string(key);
  return to_utf8(result);
}

bool Catalog::has(std::string_view key) const { return patterns_.contains(key); }

std::vector<std::string> Catalog::keys() const {
  std::vector<std::string> list;
  for (const auto& [key, pattern] : patterns_) list.push_back(key);
  return list;
}

std::string Catalog::long_date(UnixSeconds when, std::string_view time_zone) const {
  // Making an ICU formatter costs about a millisecond (it loads the locale's patterns), and a
  // page of comments shows hundreds of dates: each thread keeps one per locale and time zone,
  // since an ICU formatter must not be shared between threads.
  thread_local std::map<std::string, std::unique_ptr<icu::DateFormat>, std::less<>> formatters;
  std::string key = icu_locale_ + '|' + std::string(time_zone);
  auto found = formatters.find(key);
  if (found == formatters.end()) {
    std::unique_ptr<icu::DateFormat> made(icu::DateFormat::createDateInstance(
        icu::DateFormat::kLong, icu::Locale(icu_locale_.c_str())));
    if (made) made->adoptTimeZone(icu::TimeZone::createTimeZone(to_unicode(time_zone)));
    found = formatters.emplace(std::move(key), std::move(made)).first;
  }
  if (!found->second) return format_iso8601(when).substr(0, 10);
  icu::UnicodeString result;
  found->second->format(static_cast<UDate>(when) * 1000.0, result);
  return to_utf8(result);
}

std::string Catalog::calendar_date(int year, int month, int day, std::string_view skeleton,
                                   bool heading) const {
  // As long_date(): an ICU formatter is dear to make and must not be shared between threads.
  thread_local std::map<std::string, std::unique_ptr<icu::DateFormat>, std::less<>> formatters;
  std::string key = icu_locale_ + '|' + std::string(skeleton) + (heading ? "|heading" : "");
  auto found = formatters.find(key);
  if (found == formatters.end()) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::DateFormat> made(icu::DateFormat::createInstanceForSkeleton(
        to_unicode(skeleton), icu::Locale(icu_locale_.c_str()), status));
    if (U_FAILURE(status)) made.reset();
    if (made) {
      // The period is a calendar day, not a moment: formatted as the day it is in UTC.
      made->adoptTimeZone(icu::TimeZone::createTimeZone("UTC"));
      if (heading) made->setContext(UDISPCTX_CAPITALIZATION_FOR_BEGINNING_OF_SENTENCE, status);
    }
    found = formatters.emplace(std::move(key), std::move(made)).first;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::GregorianCalendar calendar(icu::TimeZone::createTimeZone("UTC"), status);
  if (!found->second || U_FAILURE(status)) return std::to_string(year);
  calendar.clear();
  calendar.set(year, month - 1, day, 12, 0, 0);
  UDate noon = calendar.getTime(status);
  icu::UnicodeString result;
  found->second->format(noon, result);
  return to_utf8(result);
}

std::pair<int, int> local_date_and_hour(UnixSeconds when, std::string_view time_zone) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Calendar> calendar(icu::Calendar::createInstance(
      icu::TimeZone::createTimeZone(to_unicode(time_zone)), icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !calendar) {
    return {static_cast<int>(when / 86400), static_cast<int>(when % 86400 / 3600)};
  }
  calendar->setTime(static_cast<UDate>(when) * 1000.0, status);
  int year = calendar->get(UCAL_YEAR, status);
  int month = calendar->get(UCAL_MONTH, status) + 1;  // ICU months count from 0
  int day = calendar->get(UCAL_DATE, status);
  int hour = calendar->get(UCAL_HOUR_OF_DAY, status);
  return {year * 10000 + month * 100 + day, hour};
}

namespace {

std::unique_ptr<icu::Calendar> calendar_in(std::string_view time_zone) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Calendar> calendar(icu::Calendar::createInstance(
      icu::TimeZone::createTimeZone(to_unicode(time_zone)), icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) return nullptr;
  return calendar;
}

}  // namespace

std::vector<int> local_dates(const std::vector<UnixSeconds>& instants, std::string_view time_zone) {
  std::vector<int> dates;
  dates.reserve(instants.size());
  auto calendar = calendar_in(time_zone);
  UErrorCode status = U_ZERO_ERROR;
  for (UnixSeconds when : instants) {
    if (!calendar) {
      dates.push_back(local_date_and_hour(when, "UTC").first);
      continue;
    }
    calendar->setTime(static_cast<UDate>(when) * 1000.0, status);
    dates.push_back(calendar->get(UCAL_YEAR, status) * 10000 +
                    (calendar->get(UCAL_MONTH, status) + 1) * 100 +
                    calendar->get(UCAL_DATE, status));
  }
  return dates;
}

std::string local_datetime(UnixSeconds when, std::string_view time_zone) {
  auto calendar = calendar_in(time_zone);
  if (!calendar) return format_iso8601(when).substr(0, 16);
  UErrorCode status = U_ZERO_ERROR;
  calendar->setTime(static_cast<UDate>(when) * 1000.0, status);
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d", calendar->get(UCAL_YEAR, status),
                calendar->get(UCAL_MONTH, status) + 1, calendar->get(UCAL_DATE, status),
                calendar->get(UCAL_HOUR_OF_DAY, status), calendar->get(UCAL_MINUTE, status));
  return text;
}

Result<UnixSeconds> parse_local_datetime(std::string_view text, std::string_view time_zone) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  std::string copy(text);
  int fields = std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &year, &month, &day, &hour,
                           &minute, &second);
  if (fields < 5 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
      second > 59) {
    return make_error(Errc::invalid_input, "a date and time looks like 2026-12-01T14:30");
  }
  auto calendar = calendar_in(time_zone);
  if (!calendar) return make_error(Errc::invalid_input, "unknown time zone");
  calendar->setLenient(false);
  calendar->clear();
  calendar->set(year, month - 1, day, hour, minute, second);
  UErrorCode status = U_ZERO_ERROR;
  UDate moment = calendar->getTime(status);
  if (U_FAILURE(status)) {
    return make_error(Errc::invalid_input, "no such date: " + std::string(text));
  }
  return static_cast<UnixSeconds>(moment / 1000.0);
}

Result<Catalogs> Catalogs::load(const std::optional<std::filesystem::path>& extra_dir) {
  Catalogs catalogs;
  auto add = [&](std::string locale, std::string_view text, const std::string& source) -> Status {
    auto catalog = Catalog::parse(locale, text, source);
    if (!catalog) return catalog.error();
    auto existing = catalogs.catalogs_.find(locale);
    if (existing != catalogs.catalogs_.end()) {
      // A site's file overrides single messages of the built-in catalog.
      Catalog merged = *existing->second;
      for (const std::string& key : catalog->keys()) {
        merged.patterns_[key] = catalog->patterns_[key];
      }
      merged.settle();
      existing->second = std::make_shared<const Catalog>(std::move(merged));
    } else {
      catalogs.catalogs_[locale] = std::make_shared<const Catalog>(std::move(*catalog));
    }
    return Ok{};
  };
  for (std::string_view path : embedded::list("locales/")) {
    if (!path.ends_with(".yaml")) continue;
    std::string locale(path.substr(8, path.size() - 8 - 5));
    TRIBUNE_TRY(add(locale, *embedded::find(path), std::string(path)));
  }
  std::error_code ignored;
  if (extra_dir && std::filesystem::is_directory(*extra_dir, ignored)) {
    for (const auto& entry : std::filesystem::directory_iterator(*extra_dir, ignored)) {
      if (entry.path().extension() != ".yaml") continue;
      auto text = fs::read_file(entry.path());
      if (!text) return text.error();
      TRIBUNE_TRY(add(entry.path().stem().string(), *text, entry.path().string()));
    }
  }
  return catalogs;
}

const Catalog* Catalogs::find(std::string_view locale) const {
  auto found = catalogs_.find(locale);
  return found == catalogs_.end() ? nullptr : found->second.get();
}

std::vector<std::string> Catalogs::locales() const {
  std::vector<std::string> list;
  for (const auto& [locale, catalog] : catalogs_) list.push_back(locale);
  return list;
}

bool is_known_time_zone(std::string_view time_zone) {
  if (time_zone.empty()) return false;
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(to_unicode(time_zone)));
  // ICU answers an unknown name with its "Etc/Unknown" zone rather than an error.
  return zone && *zone != icu::TimeZone::getUnknown();
}

}  // namespace tribune
