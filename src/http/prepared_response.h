// A response serialized once — status line, headers and body, in each content encoding —
// so that serving it from the cache is a lookup and one gather write, with only the Date
// header's value filled in per request.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "content/article.h"
#include "http/compression.h"
#include "site/site.h"

namespace tribune::http {

struct PreparedResponse {
  // One content encoding of the response.
  struct Variant {
    std::string head;  // from the end of the Date value through the blank line
    std::string body;
    std::string etag;  // quoted, as sent
    bool available = false;
  };

  int status = 200;
  Id article_id = 0;               // from Page: the article shown, whose views are counted
  bool shows_ranking = false;      // from Page
  bool shows_counts = false;       // from Page
  UnixSeconds expires_at = 0;      // from Page's max_age: when the cache must render it again
  std::vector<Id> shown_articles;  // from Page: sorted
  std::vector<std::string> lists;  // from Page: sorted
  std::string status_line;         // "HTTP/1.1 200 OK\r\nDate: "
  std::array<Variant, kEncodingCount> variants;
  std::array<std::string, kEncodingCount> not_modified_heads;  // for 304, per encoding

  // The variant for `encoding`, or identity when that encoding was not worth making.
  const Variant& variant(Encoding encoding) const;
  // The bytes this response holds (heads and bodies of every variant), for the cache's bound.
  std::size_t memory_bytes() const;
};

// The length of an IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT".
inline constexpr std::size_t kHttpDateLength = 29;

// Serializes `page` in every encoding worth sending, compressing once; `now` dates its expiry.
std::shared_ptr<const PreparedResponse> prepare_response(const Page& page, UnixSeconds now);

// A small uncached response (405, 503…), identity only.
std::shared_ptr<const PreparedResponse> prepare_plain_response(int status, std::string_view body,
                                                               std::string_view extra_headers = {});

}  // namespace tribune::http
