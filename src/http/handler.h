// Request handling as a plain function from request to response, with no sockets: the
// public site served from the render cache, conditional requests (ETag → 304), content
// negotiation (br, gzip) and HEAD. Tests call it directly.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "audience/view_counter.h"
#include "http/metrics.h"
#include "http/page_cache.h"
#include "http/prepared_response.h"
#include "http/router.h"
#include "site/site.h"

namespace tribune::http {

// The search page's address (Site::search).
inline constexpr std::string_view kSearchPath = "/search";

struct Response {
  std::shared_ptr<const PreparedResponse> prepared;
  Encoding encoding = Encoding::identity;
  const PreparedResponse::Variant* variant = nullptr;  // of `prepared`, for `encoding`
  bool not_modified = false;                           // send the 304 head
  bool head_only = false;                              // HEAD: headers without the body
  bool strict_transport = false;  // add Strict-Transport-Security (the reader is on HTTPS)

  int status() const { return not_modified ? 304 : prepared->status; }
  // Bytes of body sent (for the access log).
  std::size_t body_bytes() const;
  // The response's bytes as pieces to write in order, with `date` (kHttpDateLength bytes)
  // as the Date header's value.
  std::array<std::string_view, 5> pieces(std::string_view date) const;
};

class Handler {
 public:
  // `views` counts article views (nullptr: counting is off); `metrics` may be shared with
  // the server; the render cache holds about `cache_bytes` at most.
  Handler(Site& site, std::function<UnixSeconds()> clock, ViewCounter* views = nullptr,
          Metrics* metrics = nullptr, std::size_t cache_bytes = PageCache::kDefaultMaxBytes);

  // Adds a dynamic route (see Router): its answers are never cached, and it takes precedence
  // over the site's pages for its paths. The public forms (comments, subscriptions) are
  // routes already. Call before serving.
  void add_route(Route route) { router_.add(std::move(route)); }

  // The body a request for `method` and `target` may carry (its route's limit): the server
  // asks once it has read the head.
  std::size_t body_limit(std::string_view method, std::string_view target) const;

  // Thread-safe. Unknown paths give the localized 404, methods other than GET and HEAD 405.
  // May render a page (and wait for the database): the server calls it off its event loops.
  Response handle(const Request& request);

  // The answer when it needs no rendering and no database (a cached page, /healthz, a 405…),
  // or nullopt: then call handle() where waiting is allowed. A cached page gone stale (its
  // counts moved, its form token aged) is still answered while the background runner (see
  // set_background) renders it again, unless it has been stale for more than two seconds.
  // Thread-safe; never blocks on anything but short locks.
  std::optional<Response> answer_from_memory(const Request& request);

  // Where stale pages are rendered again: `run` executes a task on some other thread. Without
  // one, a stale page is rendered within the request that finds it. Call before serving.
  void set_background(std::function<void(std::function<void()>)> run) {
    background_ = std::move(run);
  }

  // The localized 400 page, for requests the session could not parse or refused.
  Response bad_request() const;
  // The localized 500 page, for a request whose handling failed unexpectedly.
  Response server_error() const;

  // Re-reads the site (settings and archive) and drops the cached pages the change touches:
  // content or settings changed, here or in another process. Thread-safe.
  void reload();

  // Drops the cached pages `change` touches (every page for a change of settings).
  void content_changed(const ContentChange& change);

  const PageCache& cache() const { return cache_; }

  // After counted views reached the database: drops the cached pages that show them (the
  // articles in `changed`, the JSON lists, and every page with the "most read" lists when
  // their order changed).
  void views_changed(const std::vector<ViewIncrement>& changed, bool ranking_changed);

 private:
  // How to answer `request` from `prepared` (nullptr: not rendered yet): the smallest
  // accepted encoding; for a crawler the cheapest to make (unless brotli is made already),
  // compressed quickly.
  struct Negotiated {
    Encoding encoding;
    CompressionEffort effort;
  };
  Negotiated negotiate(const Request& request, const PreparedResponse* prepared) const;
  // `prepared` answering `request`: its variant for the negotiated encoding (compressed now
  // when nobody asked for that encoding before), or a 304.
  Response respond(const Request& request, std::shared_ptr<const PreparedResponse> prepared) const;
  Response respond(const Request& request, std::shared_ptr<const PreparedResponse> prepared,
                   const Negotiated& negotiated) const;
  // answer_from_memory(), or with `may_compress` also a cached page whose encoding is still
  // to be made (compressing it: not on an event loop).
  std::optional<Response> answer_cached(const Request& request, bool may_compress);
  void prepare_fixed_pages();
  // The answer of a route: `page`, never cached (identity: it is small and one-off).
  Response form_answer(const Request& request, const Page& page) const;
  // GET /search?q=…&page=N, and WordPress's /?s=…: the search page.
  Page search(const Request& request) const;
  // WordPress's query addresses ("/?p=123", "/?page_id=2", "/?cat=5"…): the site's answer
  // for the old address (a 301), or the 404 page.
  Page old_address(const Request& request) const;
  // The route that answers `request`: its path's, the search's for WordPress's "/?s=", or
  // the old addresses' for WordPress's other query addresses.
  const Route* route_for(const Request& request) const;
  // POST /comments/: the comment form.
  Page post_comment(const Request& request);
  // POST /subscribe/ and /subscription/…: the subscription forms and one-click unsubscribe.
  Page post_subscription(const Request& request);
  std::shared_ptr<const PreparedResponse> not_found_page() const;
  // The fixed page for a missing page's `status`: 410 (an article removed), else 404.
  // In the language of the prefix of `path` ("/en/..."), if it has one.
  std::shared_ptr<const PreparedResponse> missing_page(int status,
                                                       std::string_view path = {}) const;
  // One of the fixed pages (400, 500), read under their lock.
  Response fixed_response(const std::shared_ptr<const PreparedResponse>& page) const;
  // A GET or HEAD the cache could not answer: renders `path` once however many ask at once
  // (the others wait for that render) and caches it.
  Response render_and_answer(const Request& request, std::string_view path);
  // Renders `path`, compressed in `encodings` with `effort`, and caches it (or drops the
  // cached copy when it is gone); the prepared response: for a 404 or a 410, the fixed page.
  std::shared_ptr<const PreparedResponse> render_into_cache(std::string_view path,
                                                            const std::vector<Encoding>& encodings,
                                                            CompressionEffort effort);

  Site& site_;
  std::function<UnixSeconds()> clock_;
  ViewCounter* views_;
  Metrics* metrics_;
  PageCache cache_;
  Router router_;
  Route old_address_route_;  // see old_address()
  // Bumped by content_changed(): a page rendered before a change must not enter the cache.
  std::atomic<std::uint64_t> generation_{0};
  // The 404 and 410 pages, swapped after a change of settings: by the language whose prefix
  // ("/en/") a path has, the site's under "".
  std::map<std::string, std::shared_ptr<const PreparedResponse>, std::less<>> not_found_;
  std::map<std::string, std::shared_ptr<const PreparedResponse>, std::less<>> gone_;
  std::shared_ptr<const PreparedResponse> bad_request_;
  std::shared_ptr<const PreparedResponse> server_error_;
  // site.url starts with https://: every answer carries Strict-Transport-Security.
  std::atomic<bool> site_is_https_{false};
  std::shared_ptr<const PreparedResponse> method_not_allowed_;
  std::shared_ptr<const PreparedResponse> health_;
  mutable std::mutex fixed_mutex_;
  std::function<void(std::function<void()>)> background_;

  // Renders in progress by path, so that a page asked for by many at once renders once.
  struct Flight {
    std::mutex mutex;
    std::condition_variable done_signal;
    bool done = false;
    std::shared_ptr<const PreparedResponse> result;  // nullptr: failed
  };
  std::mutex flights_mutex_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
};

}  // namespace tribune::http
