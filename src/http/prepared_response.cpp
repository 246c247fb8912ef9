// Serializing pages into PreparedResponse.
#include "http/prepared_response.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/hash.h"
#include "core/time.h"

namespace tribune::http {
namespace {

// Sent with every response: no MIME sniffing, no framing by other sites, scripts and styles
// from the site itself only (JSON-LD blocks are data, which CSP does not block), and none of
// the powerful browser features a news page never needs.
constexpr std::string_view kSecurityHeaders =
    "X-Content-Type-Options: nosniff\r\n"
    "Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=()\r\n";
constexpr std::string_view kReferrerPolicy = "strict-origin-when-cross-origin";
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data: https:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'";

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 301:
      return "Moved Permanently";
    case 303:
      return "See Other";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "Content Too Large";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

std::string cache_control_for(const Page& page) {
  if (!page.cache_control.empty()) return page.cache_control;
  if (page.immutable) return "public, max-age=31536000, immutable";
  if (page.status == 301) return "public, max-age=3600";
  if (page.status == 303 || page.status == 422 || page.status == 429) return "no-store";
  // A subscriber's pages carry their secret link: kept by no cache, shared with no one.
  if (page.personal) return "private, no-store";
  if (page.status >= 500) return "no-store";
  // Readers revalidate every time (a cheap 304 when nothing changed), so that a correction
  // reaches them at once.
  return "public, no-cache";
}

std::string security_policy_for(const Page& page) {
  if (!page.security_policy.empty()) return page.security_policy;
  if (page.inline_style_hashes.empty() && page.frame_sources.empty()) return {};
  std::string policy(kContentSecurityPolicy);
  if (!page.inline_style_hashes.empty()) {
    policy += "; style-src 'self'";
    for (const std::string& hash : page.inline_style_hashes) policy += fmt::format(" '{}'", hash);
  }
  if (!page.frame_sources.empty()) {
    policy += fmt::format("; frame-src {}", fmt::join(page.frame_sources, " "));
  }
  return policy;
}

// The head of one variant up to its Content-Type: everything after the Date value that a 304
// repeats.
std::string variant_head(std::string_view etag, std::string_view encoding_name, bool compressible,
                         bool personal, std::string_view cache_control,
                         std::string_view security_policy, std::string_view referrer_policy,
                         std::string_view cookies) {
  return fmt::format(
      "\r\nServer: Tribune\r\n{}{}ETag: {}\r\nCache-Control: {}\r\n{}"
      "Referrer-Policy: {}\r\nContent-Security-Policy: {}\r\n{}{}",
      compressible ? "Vary: Accept-Encoding\r\n" : "",
      encoding_name.empty() ? std::string()
                            : fmt::format("Content-Encoding: {}\r\n", encoding_name),
      etag, cache_control, kSecurityHeaders,
      referrer_policy.empty() ? kReferrerPolicy : referrer_policy,
      security_policy.empty() ? kContentSecurityPolicy : security_policy,
      personal ? "X-Robots-Tag: noindex\r\n" : "", cookies);
}

}  // namespace

const PreparedResponse::Variant* PreparedResponse::ready_variant(Encoding encoding) const {
  const auto index = static_cast<std::size_t>(encoding);
  switch (states_[index].load(std::memory_order_acquire)) {
    case State::made:
      return &variants_[index];
    case State::not_worth:
      return &variants_[0];
    case State::pending:
      break;
  }
  return nullptr;
}

const PreparedResponse::Variant& PreparedResponse::variant(Encoding encoding,
                                                           CompressionEffort effort) const {
  if (const Variant* ready = ready_variant(encoding)) return *ready;
  {
    std::lock_guard lock(making_);
    if (states_[static_cast<std::size_t>(encoding)].load(std::memory_order_relaxed) ==
        State::pending) {
      make(encoding, identity_text(), effort);
    }
  }
  return *ready_variant(encoding);
}

std::string PreparedResponse::identity_text() const {
  if (states_[0].load(std::memory_order_relaxed) == State::made) return variants_[0].body;
  for (Encoding encoding : {Encoding::gzip, Encoding::brotli}) {
    const auto index = static_cast<std::size_t>(encoding);
    if (states_[index].load(std::memory_order_relaxed) != State::made) continue;
    if (auto text = decompress(encoding, variants_[index].body, identity_size_)) {
      return std::move(*text);
    }
  }
  // Cannot happen: a response always holds identity or a compressed variant of it.
  return {};
}

void PreparedResponse::make(Encoding encoding, std::string_view identity,
                            CompressionEffort effort) const {
  const auto index = static_cast<std::size_t>(encoding);
  std::optional<std::string> compressed;
  if (encoding != Encoding::identity && fields_.compressible) {
    if (fields_.immutable) effort = CompressionEffort::thorough;
    compressed = encoding == Encoding::gzip ? gzip_compress(identity, effort)
                                            : brotli_compress(identity, effort);
  }
  const bool worth =
      encoding == Encoding::identity || (compressed && compressed->size() < identity.size());
  if (!worth) {
    // Answered with identity instead, which must then exist.
    if (states_[0].load(std::memory_order_relaxed) == State::pending) {
      make(Encoding::identity, identity, effort);
    }
    states_[index].store(State::not_worth, std::memory_order_release);
    return;
  }
  Variant& made = variants_[index];
  made.body = compressed ? std::move(*compressed) : std::string(identity);
  std::string_view name = encoding_name(encoding);
  // Each encoding is its own representation, so each gets its own strong ETag.
  made.etag = name.empty() ? "\"" + hash_ + "\"" : fmt::format("\"{}-{}\"", hash_, name);
  std::string common =
      variant_head(made.etag, name, fields_.compressible, fields_.personal, fields_.cache_control,
                   fields_.security_policy, fields_.referrer_policy, fields_.cookies);
  std::string location =
      fields_.location.empty() ? std::string() : fmt::format("Location: {}\r\n", fields_.location);
  if (!fields_.content_disposition.empty()) {
    location += fmt::format("Content-Disposition: {}\r\n", fields_.content_disposition);
  }
  // A 304 repeats Last-Modified as it repeats the ETag (RFC 9110 §15.4.5).
  common += fields_.last_modified;
  made.head = fmt::format("{}{}Content-Type: {}\r\nContent-Length: {}\r\n\r\n", common, location,
                          fields_.content_type, made.body.size());
  made.not_modified_head = common + "\r\n";
  states_[index].store(State::made, std::memory_order_release);
}

std::vector<Encoding> PreparedResponse::made_encodings() const {
  std::vector<Encoding> made;
  for (int index = 0; index < kEncodingCount; ++index) {
    if (states_[static_cast<std::size_t>(index)].load(std::memory_order_acquire) == State::made) {
      made.push_back(static_cast<Encoding>(index));
    }
  }
  return made;
}

std::size_t PreparedResponse::memory_bytes() const {
  // Capacities, not sizes: what the allocator holds is what the bound is about.
  std::size_t total =
      sizeof(PreparedResponse) + status_line.capacity() + shown_articles.capacity() * sizeof(Id);
  for (const std::string& list : lists) total += sizeof(std::string) + list.capacity();
  for (std::size_t index = 0; index < kEncodingCount; ++index) {
    if (states_[index].load(std::memory_order_acquire) != State::made) continue;
    const Variant& made = variants_[index];
    total += made.head.capacity() + made.body.capacity() + made.etag.capacity() +
             made.not_modified_head.capacity();
  }
  return total;
}

std::shared_ptr<const PreparedResponse> prepare_response(const Page& page, UnixSeconds now,
                                                         const std::vector<Encoding>& encodings,
                                                         CompressionEffort effort) {
  auto prepared = std::make_shared<PreparedResponse>();
  prepared->status = page.status;
  prepared->article_id = page.article_id;
  prepared->shows_ranking = page.shows_ranking;
  prepared->shows_counts = page.shows_counts;
  prepared->expires_at = page.max_age > 0 ? now + page.max_age : 0;
  prepared->last_modified = page.last_modified;
  prepared->shown_articles = page.shown_articles;
  prepared->lists = page.lists;
  prepared->status_line =
      fmt::format("HTTP/1.1 {} {}\r\nDate: ", page.status, reason_phrase(page.status));
  prepared->hash_ = content_hash_hex(page.body);
  prepared->identity_size_ = page.body.size();
  std::string cookies;
  for (const std::string& cookie : page.cookies)
    cookies += fmt::format("Set-Cookie: {}\r\n", cookie);
  prepared->fields_ = {cache_control_for(page),
                       page.content_type,
                       page.location,
                       page.content_disposition,
                       security_policy_for(page),
                       page.referrer_policy,
                       std::move(cookies),
                       page.personal,
                       page.immutable,
                       is_compressible(page.content_type) && page.body.size() > 256,
                       page.last_modified == 0 ? std::string()
                                               : fmt::format("Last-Modified: {}\r\n",
                                                             format_http_date(page.last_modified))};
  std::lock_guard lock(prepared->making_);
  for (Encoding encoding : encodings) {
    if (prepared->states_[static_cast<std::size_t>(encoding)] == PreparedResponse::State::pending) {
      prepared->make(encoding, page.body, effort);
    }
  }
  // Identity is kept only when asked for: most readers take a compressed page, a third of its
  // size, so that the cache holds about three times as many pages.
  if (encodings.empty()) prepared->make(Encoding::identity, page.body, effort);
  return prepared;
}

std::shared_ptr<const PreparedResponse> prepare_plain_response(int status, std::string_view body,
                                                               std::string_view extra_headers) {
  auto prepared = std::make_shared<PreparedResponse>();
  prepared->status = status;
  prepared->status_line = fmt::format("HTTP/1.1 {} {}\r\nDate: ", status, reason_phrase(status));
  PreparedResponse::Variant& identity = prepared->variants_[0];
  identity.body = std::string(body);
  identity.head = fmt::format(
      "\r\nServer: Tribune\r\n{}{}Cache-Control: no-store\r\nContent-Type: text/plain; "
      "charset=utf-8\r\nContent-Length: {}\r\n\r\n",
      kSecurityHeaders, extra_headers, body.size());
  prepared->states_[0] = PreparedResponse::State::made;
  for (std::size_t index = 1; index < kEncodingCount; ++index) {
    prepared->states_[index] = PreparedResponse::State::not_worth;
  }
  return prepared;
}

}  // namespace tribune::http
