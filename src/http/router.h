// The one route table of dynamic requests: what answers each method and path, how large a
// body it accepts, and the request as those answers see it (headers, cookies, query, form).
// The public pages served from the render cache are not routes; forms and the admin are.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/url.h"
#include "site/site.h"

namespace tribune::http {

// What handling needs of a request; views into the session's parsed request.
struct Request {
  std::string_view method;  // "GET"
  std::string_view target;  // "/category/blog/?utm_source=x"
  std::string_view accept_encoding;
  std::string_view if_none_match;
  std::string_view user_agent;
  std::string_view client;        // the reader's address (see client_address.h)
  bool prefetch = false;          // Sec-Purpose or Purpose: prefetch
  bool from_loopback = false;     // the connection and the reader are this machine
  std::string_view content_type;  // of a POST's body
  std::string_view body;
  bool secure = false;      // the reader came over HTTPS (a trusted proxy says so)
  std::string_view cookie;  // the Cookie header
  std::string_view origin;  // the Origin header (browsers send it with every POST)
  std::string_view host;    // the Host header
  std::string_view accept_language;
  std::string_view if_modified_since;  // asked only when there is no If-None-Match

  // The path, without the query string.
  std::string_view path() const { return target.substr(0, target.find('?')); }
  // The query string after '?', or "".
  std::string_view query() const;
  // The value of cookie `name`, or "".
  std::string_view cookie_value(std::string_view name) const;
};

// The fields of an application/x-www-form-urlencoded body or query string, in order (a name
// may repeat), percent-decoded.
FormFields parse_form(std::string_view encoded);
// The first value of field `name`, or "".
std::string first_value(const FormFields& fields, std::string_view name);

// Public forms post a few KiB; a route says when it needs more (an article's body).
inline constexpr std::size_t kDefaultBodyLimit = 64 * 1024;
// No route may accept more than this: it bounds what a connection buffers.
inline constexpr std::size_t kLargestBodyLimit = 2 * 1024 * 1024;

struct Route {
  std::string method;  // "GET" (which also answers HEAD) or "POST"
  // The path it answers, or with `prefix` every path that starts with it ("/admin/").
  std::string path;
  bool prefix = false;
  std::size_t body_limit = kDefaultBodyLimit;  // at most kLargestBodyLimit
  // The answer: a page never cached (identity encoding unless `compressed`; may set cookies).
  // Runs on a render thread: it may wait for the database or hash a password.
  std::function<Page(const Request&)> handle;
  // Compressed as the reader accepts: only for pages that hold no secret (no form token, no
  // session), since compressing a secret beside a reader's own text lets an attacker guess it
  // byte by byte from the length (BREACH).
  bool compressed = false;
};

class Router {
 public:
  // Adds a route; a later route for the same method and path replaces the earlier one.
  void add(Route route);

  // The route for `method` and `path`: the exact one, else the longest matching prefix;
  // nullptr when none.
  const Route* find(std::string_view method, std::string_view path) const;

  // True when some route answers `path` with another method (then 405 is the answer).
  bool knows_path(std::string_view path) const;

  // The body a request may carry: its route's limit, kDefaultBodyLimit when it has none.
  std::size_t body_limit(std::string_view method, std::string_view path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace tribune::http
