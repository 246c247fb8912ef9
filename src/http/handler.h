// Request handling as a plain function from request to response, with no sockets: the
// public site served from the render cache, conditional requests (ETag → 304), content
// negotiation (br, gzip) and HEAD. Tests call it directly.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <string_view>

#include "http/page_cache.h"
#include "http/prepared_response.h"
#include "site/site.h"

namespace tribune::http {

// What handling needs of a request; views into the session's parsed request.
struct Request {
  std::string_view method;  // "GET"
  std::string_view target;  // "/category/blog/?utm_source=x"
  std::string_view accept_encoding;
  std::string_view if_none_match;
};

struct Response {
  std::shared_ptr<const PreparedResponse> prepared;
  Encoding encoding = Encoding::identity;
  bool not_modified = false;  // send the 304 head
  bool head_only = false;     // HEAD: headers without the body

  int status() const { return not_modified ? 304 : prepared->status; }
  // Bytes of body sent (for the access log).
  std::size_t body_bytes() const;
  // The response's bytes as pieces to write in order, with `date` (kHttpDateLength bytes)
  // as the Date header's value.
  std::array<std::string_view, 4> pieces(std::string_view date) const;
};

class Handler {
 public:
  Handler(Site& site, std::function<UnixSeconds()> clock);

  // Thread-safe. Unknown paths give the localized 404, methods other than GET and HEAD 405.
  Response handle(const Request& request);

  // The localized 400 page, for requests the session could not parse.
  Response bad_request() const;

  // Empties the render cache and re-reads the site's settings: content changed.
  void invalidate();

  std::size_t cached_pages() const { return cache_.size(); }

 private:
  Response respond(const Request& request, std::shared_ptr<const PreparedResponse> prepared) const;
  void prepare_fixed_pages();

  Site& site_;
  std::function<UnixSeconds()> clock_;
  PageCache cache_;
  // Bumped by invalidate(): a page rendered before a change must not enter the emptied cache.
  std::atomic<std::uint64_t> generation_{0};
  std::shared_ptr<const PreparedResponse> not_found_;  // swapped by invalidate()
  std::shared_ptr<const PreparedResponse> bad_request_;
  std::shared_ptr<const PreparedResponse> method_not_allowed_;
  std::shared_ptr<const PreparedResponse> health_;
  mutable std::mutex fixed_mutex_;
};

}  // namespace tribune::http
