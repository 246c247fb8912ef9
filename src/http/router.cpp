// Matching routes, and the parsing of what routes read: query strings, forms, cookies.
#include "http/router.h"

#include <curl/curl.h>

#include <algorithm>

namespace tribune::http {

std::string_view Request::query() const {
  std::size_t mark = target.find('?');
  return mark == std::string_view::npos ? std::string_view() : target.substr(mark + 1);
}

std::string_view Request::cookie_value(std::string_view name) const {
  // "a=1; b=2" (RFC 6265 §4.2.1); a repeated name: the first wins, as browsers send the most
  // specific first.
  std::string_view rest = cookie;
  while (!rest.empty()) {
    std::size_t end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    std::size_t equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      std::string_view value = pair.substr(equals + 1);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      return value;
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return {};
}

FormFields parse_form(std::string_view encoded) {
  FormFields fields;
  // Decoding is libcurl's; '+' is a space in forms (and only there).
  auto decode = [](std::string_view text) {
    std::string spaced(text);
    std::replace(spaced.begin(), spaced.end(), '+', ' ');
    int length = 0;
    char* decoded =
        curl_easy_unescape(nullptr, spaced.data(), static_cast<int>(spaced.size()), &length);
    std::string out =
        decoded != nullptr ? std::string(decoded, static_cast<std::size_t>(length)) : std::string();
    curl_free(decoded);
    return out;
  };
  while (!encoded.empty()) {
    std::size_t amp = encoded.find('&');
    std::string_view pair = encoded.substr(0, amp);
    if (!pair.empty()) {
      std::size_t equals = pair.find('=');
      std::string name = decode(pair.substr(0, equals));
      std::string value = equals == std::string_view::npos ? "" : decode(pair.substr(equals + 1));
      fields.emplace(std::move(name), std::move(value));
    }
    if (amp == std::string_view::npos) break;
    encoded.remove_prefix(amp + 1);
  }
  return fields;
}

std::string first_value(const FormFields& fields, std::string_view name) {
  auto found = fields.lower_bound(name);
  return found == fields.end() || found->first != name ? std::string() : found->second;
}

void Router::add(Route route) {
  route.body_limit = std::min(route.body_limit, kLargestBodyLimit);
  for (Route& existing : routes_) {
    if (existing.method == route.method && existing.path == route.path &&
        existing.prefix == route.prefix) {
      existing = std::move(route);
      return;
    }
  }
  routes_.push_back(std::move(route));
}

const Route* Router::find(std::string_view method, std::string_view path) const {
  if (method == "HEAD") method = "GET";
  const Route* best = nullptr;
  for (const Route& route : routes_) {
    if (route.method != method) continue;
    if (!route.prefix) {
      if (route.path == path) return &route;
      continue;
    }
    if (path.starts_with(route.path) &&
        (best == nullptr || route.path.size() > best->path.size())) {
      best = &route;
    }
  }
  return best;
}

bool Router::knows_path(std::string_view path) const {
  return std::any_of(routes_.begin(), routes_.end(), [&](const Route& route) {
    return route.prefix ? path.starts_with(route.path) : route.path == path;
  });
}

std::size_t Router::body_limit(std::string_view method, std::string_view path) const {
  const Route* route = find(method, path);
  return route == nullptr ? kDefaultBodyLimit : route->body_limit;
}

}  // namespace tribune::http
