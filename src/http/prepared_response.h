// A response serialized once (status line, headers and body, in each content encoding) so
// that serving it from the cache is a lookup and one gather write, with only the Date
// header's value filled in per request. Each encoding, identity too, is made when first asked
// for.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "content/article.h"
#include "http/compression.h"
#include "site/site.h"

namespace tribune::http {

class PreparedResponse {
 public:
  // One content encoding of the response.
  struct Variant {
    std::string head;  // from the end of the Date value through the blank line
    std::string body;
    std::string etag;               // quoted, as sent
    std::string not_modified_head;  // the 304's, from the end of the Date value
  };

  int status = 200;
  Id article_id = 0;               // from Page: the article shown, whose views are counted
  bool shows_ranking = false;      // from Page
  bool shows_counts = false;       // from Page
  UnixSeconds expires_at = 0;      // from Page's max_age: when the cache must render it again
  UnixSeconds last_modified = 0;   // from Page: 0 when unknown (If-Modified-Since is ignored)
  std::vector<Id> shown_articles;  // from Page: sorted
  std::vector<std::string> lists;  // from Page: sorted
  std::string status_line;         // "HTTP/1.1 200 OK\r\nDate: "

  // The variant to send for `encoding` when it is settled (made, or not worth making: then
  // identity), or nullptr while that encoding is still to be compressed (see variant()).
  // Never blocks: for the event loops.
  const Variant* ready_variant(Encoding encoding) const;

  // The variant to send for `encoding`, compressing it first (with `effort`; assets always
  // thoroughly) when nobody has yet: a compression costs up to a millisecond, so only where
  // waiting is allowed. Thread-safe.
  const Variant& variant(Encoding encoding,
                         CompressionEffort effort = CompressionEffort::fast) const;

  // The encodings made so far, for a fresh render of the same page to make them again.
  std::vector<Encoding> made_encodings() const;

  // The bytes this response holds (heads and bodies of the variants made so far), for the
  // cache's bound; grows as variants are made.
  std::size_t memory_bytes() const;

 private:
  friend std::shared_ptr<const PreparedResponse> prepare_response(const Page&, UnixSeconds,
                                                                  const std::vector<Encoding>&,
                                                                  CompressionEffort);
  friend std::shared_ptr<const PreparedResponse> prepare_plain_response(int, std::string_view,
                                                                        std::string_view);
  enum class State : int { pending, made, not_worth };

  // Makes the variant for `encoding` from `identity` (the uncompressed body): compresses it
  // and writes its head. Under making_.
  void make(Encoding encoding, std::string_view identity, CompressionEffort effort) const;
  // The uncompressed body: identity's, or a compressed variant's decompressed. Under making_.
  std::string identity_text() const;

  // What the heads of the variants made later need, kept from the Page.
  struct HeadFields {
    std::string cache_control;
    std::string content_type;
    std::string location;
    std::string content_disposition;
    std::string security_policy;
    std::string referrer_policy;
    std::string cookies;  // "Set-Cookie: …\r\n" lines
    bool personal = false;
    bool immutable = false;
    bool compressible = false;
    std::string last_modified;  // "Last-Modified: …\r\n", or empty
  };
  HeadFields fields_;
  std::string hash_;  // of the identity body, for the ETags
  std::size_t identity_size_ = 0;
  mutable std::array<Variant, kEncodingCount> variants_;
  mutable std::array<std::atomic<State>, kEncodingCount> states_{};
  mutable std::mutex making_;
};

// The length of an IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT".
inline constexpr std::size_t kHttpDateLength = 29;

// Serializes `page` in each of `encodings` (identity alone when empty), compressing them now;
// the others are made from those when first asked for. `now` dates its expiry.
std::shared_ptr<const PreparedResponse> prepare_response(
    const Page& page, UnixSeconds now, const std::vector<Encoding>& encodings = {},
    CompressionEffort effort = CompressionEffort::fast);

// A small uncached response (405, 503…), identity only.
std::shared_ptr<const PreparedResponse> prepare_plain_response(int status, std::string_view body,
                                                               std::string_view extra_headers = {});

}  // namespace tribune::http
