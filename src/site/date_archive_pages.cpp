// Date archives, WordPress style: /2025/, /2025/07/ and /2025/07/11/ (and their further pages)
// list the articles published in that year, month or day of the site's time zone, newest first.
#include <algorithm>
#include <charconv>
#include <cstdio>

#include "site/page_builder.h"

namespace tribune {
namespace {

// The number `text` spells with exactly `digits` decimal digits, else nullopt.
std::optional<int> fixed_digits(std::string_view text, std::size_t digits) {
  if (text.size() != digits) return std::nullopt;
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Gregorian days in `month` (1-12) of `year`.
int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// The period a date archive's path names ("/2025/", "/2025/07/", "/2025/07/11/"): nullopt
// when `base` is not shaped like one; a period of year 0 when it is but names no date
// ("/0000/", "/2025/13/", "/2025/02/30/").
std::optional<DatePeriod> period_in(std::string_view base) {
  if (!base.starts_with('/') || !base.ends_with('/')) return std::nullopt;
  std::vector<std::string_view> parts;
  for (std::string_view rest = base.substr(1); !rest.empty();) {
    std::size_t slash = rest.find('/');
    parts.push_back(rest.substr(0, slash));
    rest.remove_prefix(slash + 1);
  }
  if (parts.empty() || parts.size() > 3) return std::nullopt;
  DatePeriod period;
  std::optional<int> year = fixed_digits(parts[0], 4);
  std::optional<int> month = parts.size() > 1 ? fixed_digits(parts[1], 2) : 0;
  std::optional<int> day = parts.size() > 2 ? fixed_digits(parts[2], 2) : 0;
  if (!year || !month || !day) return std::nullopt;
  if (*year < 1 || (parts.size() > 1 && (*month < 1 || *month > 12)) ||
      (parts.size() > 2 && (*day < 1 || *day > days_in_month(*year, *month)))) {
    return period;
  }
  return DatePeriod{*year, *month, *day};
}

// What the breadcrumb of a date archive leads through: home, the year, the month, the day.
struct Crumb {
  std::string name;
  std::string href;  // empty for the page itself
};

}  // namespace

std::optional<Page> PageBuilder::date_archive(std::string_view base, int page) {
  std::optional<DatePeriod> period = period_in(base);
  if (!period) return std::nullopt;
  if (period->year == 0) return not_found();

  ArticleList list = s_.archive->dated(*period, now_, (page - 1) * s_.settings.per_page,
                                       s_.settings.per_page, lang_);
  for (std::string& key : s_.archive->lists_of_period(*period, lang_)) {
    lists_.push_back(std::move(key));
  }
  switch_path_ = base;
  // An empty period has no page, as WordPress has none: crawlers get no endless calendar.
  if (list.total == 0 || list.articles.empty()) return not_found();

  const char* kind = period->day != 0 ? "day" : period->month != 0 ? "month" : "year";
  const char* skeleton = period->day != 0 ? "yMMMMd" : period->month != 0 ? "yMMMM" : "y";
  const int month = std::max(period->month, 1);
  const int day = std::max(period->day, 1);
  const std::string heading = t_->calendar_date(period->year, month, day, skeleton, true);
  const std::string in_text = t_->calendar_date(period->year, month, day, skeleton, false);

  std::vector<Crumb> crumbs = {{msg("nav.home"), local("/")}};
  char path[32];
  std::snprintf(path, sizeof path, "/%04d/", period->year);
  crumbs.push_back({t_->calendar_date(period->year, 1, 1, "y", true), local(path)});
  if (period->month != 0) {
    std::snprintf(path, sizeof path, "/%04d/%02d/", period->year, period->month);
    crumbs.push_back({t_->calendar_date(period->year, month, 1, "yMMMM", true), local(path)});
  }
  if (period->day != 0) crumbs.push_back({heading, local(base)});
  crumbs.back().href.clear();  // the page itself

  json trail = json::array();
  json trail_ld = json::array();
  for (std::size_t i = 0; i < crumbs.size(); ++i) {
    json item = {{"name", crumbs[i].name}, {"first", i == 0}};
    json element = {{"@type", "ListItem"}, {"position", i + 1}, {"name", crumbs[i].name}};
    if (!crumbs[i].href.empty()) {
      item["href"] = crumbs[i].href;
      element["item"] = absolute(crumbs[i].href);
    }
    trail.push_back(std::move(item));
    trail_ld.push_back(std::move(element));
  }
  json json_ld = {{"@context", "https://schema.org"},
                  {"@type", "BreadcrumbList"},
                  {"itemListElement", std::move(trail_ld)}};

  const std::string description =
      msg("archive.description", {{"kind", std::string(kind)}, {"period", in_text}});
  json view = layout(heading, description, local(page_path(base, page)), json_ld);
  view["list"] = list_view(heading, list, local(base), page);
  view["list"]["breadcrumb"] = std::move(trail);
  view["list"]["has_breadcrumb"] = true;
  view["list"]["count"] = msg("archive.count", {{"count", list.total}});
  return html(200, "list", view);
}

}  // namespace tribune
