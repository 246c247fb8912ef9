// Serializing pages into PreparedResponse.
#include "http/prepared_response.h"

#include <fmt/format.h>

#include "core/hash.h"

namespace tribune::http {
namespace {

// Sent with every response: no MIME sniffing, no framing by other sites, scripts and styles
// from the site itself only (JSON-LD blocks are data, which CSP does not block), and none of
// the powerful browser features a news page never needs.
constexpr std::string_view kSecurityHeaders =
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: strict-origin-when-cross-origin\r\n"
    "Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=()\r\n";
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

}  // namespace

const PreparedResponse::Variant& PreparedResponse::variant(Encoding encoding) const {
  const Variant& wanted = variants[static_cast<int>(encoding)];
  return wanted.available ? wanted : variants[0];
}

std::size_t PreparedResponse::memory_bytes() const {
  std::size_t total =
      sizeof(PreparedResponse) + status_line.size() + shown_articles.size() * sizeof(Id);
  for (const std::string& list : lists) total += sizeof(std::string) + list.size();
  for (const Variant& each : variants)
    total += each.head.size() + each.body.size() + each.etag.size();
  for (const std::string& head : not_modified_heads) total += head.size();
  return total;
}

std::shared_ptr<const PreparedResponse> prepare_response(const Page& page, UnixSeconds now) {
  auto prepared = std::make_shared<PreparedResponse>();
  prepared->status = page.status;
  prepared->article_id = page.article_id;
  prepared->shows_ranking = page.shows_ranking;
  prepared->shows_counts = page.shows_counts;
  prepared->expires_at = page.max_age > 0 ? now + page.max_age : 0;
  prepared->shown_articles = page.shown_articles;
  prepared->lists = page.lists;
  prepared->status_line =
      fmt::format("HTTP/1.1 {} {}\r\nDate: ", page.status, reason_phrase(page.status));
  const std::string hash = content_hash_hex(page.body);
  const std::string cache_control = cache_control_for(page);
  const bool compressible = is_compressible(page.content_type) && page.body.size() > 256;

  for (int index = 0; index < kEncodingCount; ++index) {
    auto encoding = static_cast<Encoding>(index);
    PreparedResponse::Variant& variant = prepared->variants[static_cast<std::size_t>(index)];
    if (encoding == Encoding::identity) {
      variant.body = page.body;
    } else if (compressible) {
      auto effort = page.immutable ? CompressionEffort::thorough : CompressionEffort::fast;
      auto compressed = encoding == Encoding::gzip ? gzip_compress(page.body, effort)
                                                   : brotli_compress(page.body, effort);
      if (!compressed || compressed->size() >= page.body.size()) continue;
      variant.body = std::move(*compressed);
    } else {
      continue;
    }
    variant.available = true;
    std::string_view name = encoding_name(encoding);
    // Each encoding is its own representation, so each gets its own strong ETag.
    variant.etag = name.empty() ? "\"" + hash + "\"" : fmt::format("\"{}-{}\"", hash, name);
    std::string common = fmt::format(
        "\r\nServer: Tribune\r\n{}{}ETag: {}\r\nCache-Control: {}\r\n{}"
        "Content-Security-Policy: {}\r\n{}",
        compressible ? "Vary: Accept-Encoding\r\n" : "",
        name.empty() ? std::string() : fmt::format("Content-Encoding: {}\r\n", name), variant.etag,
        cache_control, kSecurityHeaders,
        page.security_policy.empty() ? kContentSecurityPolicy : page.security_policy,
        page.personal ? "X-Robots-Tag: noindex\r\n" : "");
    std::string location =
        page.location.empty() ? std::string() : fmt::format("Location: {}\r\n", page.location);
    variant.head = fmt::format("{}{}Content-Type: {}\r\nContent-Length: {}\r\n\r\n", common,
                               location, page.content_type, variant.body.size());
    prepared->not_modified_heads[static_cast<std::size_t>(index)] = common + "\r\n";
  }
  return prepared;
}

std::shared_ptr<const PreparedResponse> prepare_plain_response(int status, std::string_view body,
                                                               std::string_view extra_headers) {
  auto prepared = std::make_shared<PreparedResponse>();
  prepared->status = status;
  prepared->status_line = fmt::format("HTTP/1.1 {} {}\r\nDate: ", status, reason_phrase(status));
  PreparedResponse::Variant& variant = prepared->variants[0];
  variant.available = true;
  variant.body = std::string(body);
  variant.head = fmt::format(
      "\r\nServer: Tribune\r\n{}{}Cache-Control: no-store\r\nContent-Type: text/plain; "
      "charset=utf-8\r\nContent-Length: {}\r\n\r\n",
      kSecurityHeaders, extra_headers, body.size());
  return prepared;
}

}  // namespace tribune::http
