// The request handler.
#include "http/handler.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <charconv>
#include <ctime>
#include <mutex>
#include <unordered_set>

namespace tribune::http {
namespace {

// The parameter of a WordPress query address ("p" for "/?p=123"), from the first of the
// query's parameters WordPress routes by; empty for none.
std::string_view wordpress_query_key(std::string_view query) {
  static constexpr std::string_view kKeys[] = {"p",      "page_id",       "cat", "tag",
                                               "author", "attachment_id", "feed"};
  while (!query.empty()) {
    const std::string_view pair = query.substr(0, query.find('&'));
    const std::string_view name = pair.substr(0, pair.find('='));
    for (std::string_view key : kKeys) {
      if (name == key && pair.size() > name.size() + 1) return key;
    }
    query.remove_prefix(std::min(query.size(), pair.size() + 1));
  }
  return {};
}

// The language of a search page's address: "en" for "/en/search", empty for "/search" and
// any other path. Whether the site has that language is for Site::search to say.
std::string_view search_language(std::string_view path) {
  if (!path.ends_with(kSearchPath) || path.size() < kSearchPath.size() + 2 || path[0] != '/') {
    return {};
  }
  std::string_view language = path.substr(1, path.size() - kSearchPath.size() - 1);
  return language.find('/') == std::string_view::npos ? language : std::string_view();
}

// True when an If-None-Match value lists `etag` (or is "*").
bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match.empty() || etag.empty()) return false;
  if (if_none_match == "*") return true;
  std::size_t start = 0;
  while (start < if_none_match.size()) {
    std::size_t comma = if_none_match.find(',', start);
    if (comma == std::string_view::npos) comma = if_none_match.size();
    std::string_view candidate = if_none_match.substr(start, comma - start);
    while (!candidate.empty() && candidate.front() == ' ') candidate.remove_prefix(1);
    while (!candidate.empty() && candidate.back() == ' ') candidate.remove_suffix(1);
    if (candidate.starts_with("W/")) candidate.remove_prefix(2);  // weak comparison
    if (candidate == etag) return true;
    start = comma + 1;
  }
  return false;
}

// The time an HTTP date names (IMF-fixdate, and the obsolete RFC 850 and asctime forms a
// recipient must also read, RFC 9110 §5.6.7), or nullopt when it names none.
std::optional<UnixSeconds> parse_http_date(std::string_view text) {
  const std::time_t parsed = curl_getdate(std::string(text).c_str(), nullptr);
  if (parsed == -1) return std::nullopt;
  return static_cast<UnixSeconds>(parsed);
}

// Whether the reader's copy of `prepared` (sent as `etag`) is current, by RFC 9110 §13.2.2:
// If-None-Match when sent; otherwise If-Modified-Since, for a page that knows when it last
// changed, with a valid date that is not in the future.
bool reader_copy_current(const Request& request, const PreparedResponse& prepared,
                         std::string_view etag, UnixSeconds now) {
  if (!request.if_none_match.empty()) return etag_matches(request.if_none_match, etag);
  if (request.if_modified_since.empty() || prepared.last_modified == 0) return false;
  std::optional<UnixSeconds> since = parse_http_date(request.if_modified_since);
  return since && *since <= now && prepared.last_modified <= *since;
}

}  // namespace

std::size_t Response::body_bytes() const {
  if (not_modified || head_only) return 0;
  return variant->body.size();
}

std::array<std::string_view, 5> Response::pieces(std::string_view date) const {
  // Browsers remember for a year to come back over HTTPS only (RFC 6797); the line goes
  // between the Date value and the rest of the head, which starts with the Date line's CRLF.
  static constexpr std::string_view kStrictTransport =
      "\r\nStrict-Transport-Security: max-age=31536000";
  std::string_view strict = strict_transport ? kStrictTransport : std::string_view();
  if (not_modified) {
    static constexpr std::string_view kNotModified = "HTTP/1.1 304 Not Modified\r\nDate: ";
    return {kNotModified, date, strict, variant->not_modified_head, {}};
  }
  return {prepared->status_line, date, strict, variant->head,
          head_only ? std::string_view() : std::string_view(variant->body)};
}

Handler::Handler(Site& site, std::function<UnixSeconds()> clock, ViewCounter* views,
                 Metrics* metrics, std::size_t cache_bytes)
    : site_(site), clock_(std::move(clock)), views_(views), metrics_(metrics), cache_(cache_bytes) {
  method_not_allowed_ =
      prepare_plain_response(405, "405 Method Not Allowed\n", "Allow: GET, HEAD\r\n");
  health_ = prepare_plain_response(200, "ok\n");
  prepare_fixed_pages();
  router_.add({"POST", "/comments/", false, kDefaultBodyLimit,
               [this](const Request& request) { return post_comment(request); }});
  auto subscription = [this](const Request& request) { return post_subscription(request); };
  router_.add({"POST", "/subscribe/", false, kDefaultBodyLimit, subscription});
  router_.add({"POST", "/subscription/", true, kDefaultBodyLimit, subscription});
  router_.add({"GET", std::string(kSearchPath), false, kDefaultBodyLimit,
               [this](const Request& request) { return search(request); }, true});
  old_address_route_ = {"GET",
                        "/",
                        false,
                        kDefaultBodyLimit,
                        [this](const Request& request) { return old_address(request); },
                        true};
}

const Route* Handler::route_for(const Request& request) const {
  const std::string_view path = request.path();
  if (const Route* route = router_.find(request.method, path)) return route;
  // A language's search page, "/en/search" (Site::search answers 404 for another prefix).
  if (!search_language(path).empty()) return router_.find(request.method, kSearchPath);
  // WordPress's search address, which its themes and readers' habits send: "/?s=mali".
  if (path == "/") {
    const std::string_view query = request.query();
    if (query.starts_with("s=") || query.find("&s=") != std::string_view::npos) {
      return router_.find(request.method, kSearchPath);
    }
    if (!wordpress_query_key(query).empty()) return &old_address_route_;
  }
  return nullptr;
}

Page Handler::old_address(const Request& request) const {
  const FormFields fields = parse_form(request.query());
  const std::string_view key = wordpress_query_key(request.query());
  const std::string address = "/?" + std::string(key) + "=" + first_value(fields, key);
  return site_.old_address(address, clock_());
}

Page Handler::search(const Request& request) const {
  const FormFields fields = parse_form(request.query());
  const std::string typed = first_value(fields, request.path() == "/" ? "s" : "q");
  const std::string number = first_value(fields, "page");
  int page = 1;
  if (!number.empty()) {
    auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), page);
    if (error != std::errc() || end != number.data() + number.size()) page = 0;  // a 404
  }
  return site_.search(typed, page, clock_(), search_language(request.path()));
}

std::size_t Handler::body_limit(std::string_view method, std::string_view target) const {
  return router_.body_limit(method, target.substr(0, target.find('?')));
}

void Handler::prepare_fixed_pages() {
  // Answered from the event loops: every encoding made now.
  const std::vector<Encoding> all{Encoding::identity, Encoding::gzip, Encoding::brotli};
  std::map<std::string, std::shared_ptr<const PreparedResponse>, std::less<>> not_found, gone;
  const std::vector<std::string> languages = site_.page_languages();  // the site's first
  for (std::size_t i = 0; i < languages.size(); ++i) {
    const std::string key = i == 0 ? std::string() : languages[i];
    not_found[key] = prepare_response(site_.not_found(key), clock_(), all);
    gone[key] = prepare_response(site_.gone(key), clock_(), all);
  }
  auto bad_request = prepare_response(site_.bad_request(), clock_(), all);
  auto server_error = prepare_response(site_.server_error(), clock_(), all);
  std::lock_guard lock(fixed_mutex_);
  not_found_ = std::move(not_found);
  gone_ = std::move(gone);
  bad_request_ = std::move(bad_request);
  server_error_ = std::move(server_error);
  site_is_https_ = site_.url().starts_with("https://");
}

std::shared_ptr<const PreparedResponse> Handler::not_found_page() const {
  return missing_page(404);
}

std::shared_ptr<const PreparedResponse> Handler::missing_page(int status,
                                                              std::string_view path) const {
  std::lock_guard lock(fixed_mutex_);
  const auto& pages = status == 410 ? gone_ : not_found_;
  const std::size_t slash = path.size() > 1 ? path.find('/', 1) : std::string_view::npos;
  if (slash != std::string_view::npos) {
    auto localized = pages.find(path.substr(1, slash - 1));
    if (localized != pages.end()) return localized->second;
  }
  return pages.at("");
}

void Handler::views_changed(const std::vector<ViewIncrement>& changed, bool ranking_changed) {
  if (changed.empty() && !ranking_changed) return;
  std::unordered_set<Id> articles;
  for (const ViewIncrement& increment : changed) articles.insert(increment.article_id);
  // Kept and served while fresh copies render (see answer_from_memory): readers never wait
  // for a count to move.
  cache_.mark_stale_if([&](const PreparedResponse& response) {
    return response.shows_counts || (ranking_changed && response.shows_ranking) ||
           articles.contains(response.article_id);
  });
}

Response Handler::form_answer(const Request& request, const Page& page) const {
  Response response;
  response.prepared = prepare_response(page, clock_());
  response.variant = &response.prepared->variant(Encoding::identity);
  response.strict_transport = request.secure || site_is_https_;
  return response;
}

Page Handler::post_comment(const Request& request) {
  if (!request.content_type.starts_with("application/x-www-form-urlencoded")) {
    return site_.bad_request();
  }
  FormFields fields = parse_form(request.body);
  auto field = [&](std::string_view name) { return first_value(fields, name); };
  CommentSubmission submission{field("article"), field("parent"), field("token"),
                               field("name"),    field("email"),  field("website"),
                               field("text"),    field("url2"),   std::string(request.client)};
  Page page = site_.post_comment(submission, clock_());
  // The reader is sent to the page that shows their comment: it must not come from the cache.
  if (page.content_changed) reload();
  return page;
}

Page Handler::post_subscription(const Request& request) {
  std::string_view path = request.path();
  // Mail clients' one-click unsubscribe (RFC 8058) may post multipart/form-data; its token is
  // in the path and its body says nothing more, so any body is accepted there.
  bool one_click = path.starts_with("/subscription/unsubscribe/");
  if (!one_click && !request.content_type.starts_with("application/x-www-form-urlencoded")) {
    return site_.bad_request();
  }
  FormFields fields =
      one_click && !request.content_type.starts_with("application/x-www-form-urlencoded")
          ? FormFields()
          : parse_form(request.body);
  return site_.post_subscription(path, fields, request.client, clock_());
}

void Handler::reload() {
  auto change = site_.reload(clock_());
  if (!change) {
    // Keep serving with the previous settings; the operator sees why in the log.
    fmt::print(stderr, "tribune: reloading the site failed: {}\n", change.error().to_string());
    return;
  }
  content_changed(*change);
}

void Handler::content_changed(const ContentChange& change) {
  if (change.empty()) return;
  // A page rendered before the change must not enter the cache after it.
  ++generation_;
  if (change.everything) {
    cache_.clear();
    prepare_fixed_pages();
    return;
  }
  auto meets = [](const auto& sorted, const auto& other_sorted) {
    auto a = sorted.begin();
    auto b = other_sorted.begin();
    while (a != sorted.end() && b != other_sorted.end()) {
      if (*a < *b) {
        ++a;
      } else if (*b < *a) {
        ++b;
      } else {
        return true;
      }
    }
    return false;
  };
  cache_.erase_if([&](const PreparedResponse& response) {
    return meets(response.shown_articles, change.articles) || meets(response.lists, change.lists);
  });
}

Response Handler::respond(const Request& request,
                          std::shared_ptr<const PreparedResponse> prepared) const {
  const Negotiated negotiated = negotiate(request, prepared.get());
  return respond(request, std::move(prepared), negotiated);
}

Response Handler::respond(const Request& request, std::shared_ptr<const PreparedResponse> prepared,
                          const Negotiated& negotiated) const {
  // A person's GET of an article counts, whether answered in full or with a 304.
  if (views_ != nullptr && prepared->article_id != 0 && request.method == "GET") {
    views_->record(
        ViewRequest{prepared->article_id, request.client, request.user_agent, request.prefetch});
  }
  Response response;
  response.encoding = negotiated.encoding;
  response.head_only = request.method == "HEAD";
  response.strict_transport = request.secure || site_is_https_;
  response.variant = &prepared->variant(response.encoding, negotiated.effort);
  response.not_modified = prepared->status == 200 &&
                          reader_copy_current(request, *prepared, response.variant->etag, clock_());
  response.prepared = std::move(prepared);
  return response;
}

Handler::Negotiated Handler::negotiate(const Request& request,
                                       const PreparedResponse* prepared) const {
  const Encoding smallest = choose_encoding(request.accept_encoding);
  if (views_ == nullptr || smallest == Encoding::identity ||
      !views_->crawlers().is_crawler(request.user_agent)) {
    return {smallest, CompressionEffort::fast};
  }
  // A crawler walking the archive reads most pages once: they are not worth brotli's time,
  // nor the best ratio, unless a reader's request made them already.
  if (smallest == Encoding::brotli && prepared != nullptr &&
      prepared->ready_variant(Encoding::brotli) != nullptr) {
    return {smallest, CompressionEffort::quick};
  }
  return {choose_encoding(request.accept_encoding, EncodingPreference::cheapest),
          CompressionEffort::quick};
}

Response Handler::fixed_response(const std::shared_ptr<const PreparedResponse>& page) const {
  std::lock_guard lock(fixed_mutex_);
  Response response;
  response.prepared = page;
  response.variant = &page->variant(Encoding::identity);
  response.strict_transport = site_is_https_;
  return response;
}

Response Handler::bad_request() const { return fixed_response(bad_request_); }

Response Handler::server_error() const { return fixed_response(server_error_); }

std::optional<Response> Handler::answer_from_memory(const Request& request) {
  return answer_cached(request, false);
}

std::optional<Response> Handler::answer_cached(const Request& request, bool may_compress) {
  std::string_view path = request.path();
  if (request.method == "POST") return std::nullopt;
  if (request.method != "GET" && request.method != "HEAD") {
    return respond(request, method_not_allowed_);
  }
  if (path.empty() || path.front() != '/') return bad_request();
  // Routes answer on render threads: they may read the database.
  if (route_for(request) != nullptr) return std::nullopt;
  if (path == "/healthz") return respond(request, health_);
  if (path == "/metrics") {
    // Operators' numbers are for this machine (or, later, an admin), not for the world.
    if (!request.from_loopback || metrics_ == nullptr) return respond(request, not_found_page());
    return respond(request, prepare_plain_response(200, metrics_->render(views_),
                                                   "X-Robots-Tag: noindex\r\n"));
  }
  // The outbox viewer shows what the site would have mailed: for the operator's eyes only.
  if (path.starts_with("/outbox/") && !request.from_loopback) {
    return respond(request, not_found_page());
  }

  PageCache::Lookup cached = cache_.find(path);
  if (!cached.response) return std::nullopt;
  // Each encoding is compressed when first asked for (a crawler's gzip-only page never costs
  // a brotli compression), off the event loops.
  const Negotiated negotiated = negotiate(request, cached.response.get());
  const bool encoding_ready = cached.response->ready_variant(negotiated.encoding) != nullptr;
  if (!encoding_ready && !may_compress) return std::nullopt;
  // Pages holding a form token are made again before their token grows old.
  const bool expired = cached.response->expires_at != 0 && clock_() >= cached.response->expires_at;
  if (cached.stale || expired) {
    // Readers get the previous page while a fresh one renders, within a bound: counts are at
    // most a couple of seconds behind.
    constexpr auto kMaxStaleness = std::chrono::seconds(2);
    if (!background_ ||
        (cached.stale && std::chrono::steady_clock::now() - cached.stale_since > kMaxStaleness)) {
      return std::nullopt;
    }
    if (cache_.claim_refresh(path, expired)) {
      background_(
          [this, refreshed = std::string(path), encodings = cached.response->made_encodings()] {
            try {
              render_into_cache(refreshed, encodings, CompressionEffort::fast);
            } catch (const std::exception& error) {
              cache_.erase(refreshed);
              fmt::print(stderr, "tribune: rendering {} failed: {}\n", refreshed, error.what());
            }
          });
    }
  }
  if (metrics_ != nullptr) metrics_->record_cache(true);
  Response response = respond(request, cached.response, negotiated);
  if (!encoding_ready) cache_.recount(path, *cached.response);
  return response;
}

std::shared_ptr<const PreparedResponse> Handler::render_into_cache(
    std::string_view path, const std::vector<Encoding>& encodings, CompressionEffort effort) {
  const std::uint64_t generation = generation_.load();
  Page page = site_.render(path, clock_());
  if (page.status == 404 || page.status == 410) {
    // The same few bytes for every missing path, made once (prepare_fixed_pages): not one
    // cache entry per address a crawler or an old link asks for. Never a view: the fixed
    // pages name no article.
    cache_.erase(path);
    return missing_page(page.status, path);
  }
  auto prepared = prepare_response(page, clock_(), encodings, effort);
  if ((page.status == 200 || page.status == 301) && !page.personal &&
      generation == generation_.load()) {
    cache_.insert(path, prepared);
  } else {
    cache_.erase(path);
  }
  return prepared;
}

Response Handler::render_and_answer(const Request& request, std::string_view path) {
  std::shared_ptr<Flight> flight;
  bool leader = false;
  {
    std::lock_guard lock(flights_mutex_);
    auto [found, inserted] = flights_.try_emplace(std::string(path));
    if (inserted) found->second = std::make_shared<Flight>();
    flight = found->second;
    leader = inserted;
  }
  if (!leader) {
    // Someone is rendering this very page: wait for it rather than render it twice.
    std::unique_lock lock(flight->mutex);
    flight->done_signal.wait(lock, [&] { return flight->done; });
    if (metrics_ != nullptr) metrics_->record_cache(true);
    return respond(request, flight->result ? flight->result : not_found_page());
  }
  if (metrics_ != nullptr) metrics_->record_cache(false);
  std::shared_ptr<const PreparedResponse> result;
  auto finish = [&] {
    {
      std::lock_guard lock(flights_mutex_);
      flights_.erase(std::string(path));
    }
    std::lock_guard lock(flight->mutex);
    flight->result = result;
    flight->done = true;
    flight->done_signal.notify_all();
  };
  try {
    const Negotiated wanted = negotiate(request, nullptr);
    result = render_into_cache(path, {wanted.encoding}, wanted.effort);
  } catch (...) {
    finish();  // the waiters answer 404; this request's exception becomes its 500
    throw;
  }
  finish();
  return respond(request, result ? result : not_found_page());
}

Response Handler::handle(const Request& request) {
  std::string_view path = request.path();
  if (const Route* route = route_for(request)) {
    Page page = route->handle(request);
    if (page.status == 404 && page.body.empty()) return respond(request, not_found_page());
    if (route->compressed) {
      const Negotiated wanted = negotiate(request, nullptr);
      return respond(request, prepare_response(page, clock_(), {wanted.encoding}, wanted.effort),
                     wanted);
    }
    Response response = form_answer(request, page);
    response.head_only = request.method == "HEAD";
    return response;
  }
  if (request.method == "POST") return respond(request, method_not_allowed_);
  if (auto answer = answer_cached(request, true)) return std::move(*answer);
  return render_and_answer(request, path);
}

}  // namespace tribune::http
