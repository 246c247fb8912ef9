// Permalink patterns.
#include "site/permalink.h"

#include <ctime>

namespace tribune {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

bool all_digits(std::string_view text, std::size_t count) {
  if (text.size() != count) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool is_token(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '%' && segment.back() == '%';
}

}  // namespace

Result<Permalink> Permalink::parse(std::string_view pattern) {
  auto invalid = [&](std::string message) -> Result<Permalink> {
    return make_error(Errc::invalid_input, std::move(message), "site.permalink");
  };
  if (!pattern.starts_with('/')) return invalid("must start with '/'");
  Permalink permalink;
  permalink.trailing_slash_ = pattern.ends_with('/');
  int postnames = 0, categories = 0;
  for (std::string_view segment : split_path(pattern)) {
    if (is_token(segment)) {
      if (segment == "%postname%") {
        ++postnames;
      } else if (segment == "%category%") {
        ++categories;
      } else if (segment != "%year%" && segment != "%monthnum%" && segment != "%day%") {
        return invalid("unknown token " + std::string(segment));
      }
    } else if (segment.find('%') != std::string_view::npos) {
      return invalid("a token must be a whole path segment: " + std::string(segment));
    }
    permalink.segments_.emplace_back(segment);
  }
  if (postnames != 1) return invalid("must contain %postname% once");
  if (categories > 1) return invalid("may contain %category% once");
  return permalink;
}

std::string Permalink::path_of(const Article& article) const {
  std::time_t time = static_cast<std::time_t>(article.published_at);
  std::tm parts{};
  gmtime_r(&time, &parts);
  char number[16];
  std::string path;
  for (const std::string& segment : segments_) {
    path += '/';
    if (segment == "%year%") {
      std::snprintf(number, sizeof number, "%04d", parts.tm_year + 1900);
      path += number;
    } else if (segment == "%monthnum%") {
      std::snprintf(number, sizeof number, "%02d", parts.tm_mon + 1);
      path += number;
    } else if (segment == "%day%") {
      std::snprintf(number, sizeof number, "%02d", parts.tm_mday);
      path += number;
    } else if (segment == "%postname%") {
      path += article.slug;
    } else if (segment == "%category%") {
      path += article.sections.empty() ? "uncategorized" : article.sections.back().path;
    } else {
      path += segment;
    }
  }
  if (trailing_slash_) path += '/';
  return path;
}

std::optional<std::string> Permalink::slug_in(std::string_view path) const {
  if (trailing_slash_ != path.ends_with('/')) return std::nullopt;
  std::vector<std::string_view> parts = split_path(path);
  // %category% takes whatever the other segments leave: one level or more.
  bool has_category = false;
  for (const std::string& segment : segments_) has_category |= segment == "%category%";
  std::size_t fixed = segments_.size() - (has_category ? 1 : 0);
  if (has_category ? parts.size() < fixed + 1 : parts.size() != fixed) return std::nullopt;
  std::size_t category_length = parts.size() - fixed;

  std::optional<std::string> slug;
  std::size_t index = 0;
  for (const std::string& segment : segments_) {
    if (segment == "%category%") {
      index += category_length;
      continue;
    }
    std::string_view part = parts[index++];
    if (segment == "%year%") {
      if (!all_digits(part, 4)) return std::nullopt;
    } else if (segment == "%monthnum%" || segment == "%day%") {
      if (!all_digits(part, 2)) return std::nullopt;
    } else if (segment == "%postname%") {
      slug = std::string(part);
    } else if (part != segment) {
      return std::nullopt;
    }
  }
  return slug;
}

}  // namespace tribune
