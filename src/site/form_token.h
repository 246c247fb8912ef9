// Signed form tokens: each comment form carries one, naming its article and when the page was
// made, signed with the site's secret key. Pages with forms stay cacheable: a cached page's
// token is as good as a fresh one until it expires, and the cache re-renders such pages
// long before that (kFormPageMaxAge).
#pragma once

#include <string>
#include <string_view>

#include "content/article.h"
#include "core/result.h"
#include "core/time.h"

namespace tribune {

// How long a token is accepted, and how long a cached page holding one may be served.
inline constexpr UnixSeconds kFormTokenLifetime = 48 * 3600;
inline constexpr UnixSeconds kFormPageMaxAge = 12 * 3600;

class FormTokens {
 public:
  // `key`: the site's secret (32 bytes), kept in the database so that every server of a
  // site accepts the tokens of the others.
  explicit FormTokens(std::string key) : key_(std::move(key)) {}

  // "ARTICLE.ISSUED.MAC".
  std::string issue(Id article_id, UnixSeconds now) const;

  // When `token` is genuine and unexpired, when it was issued; invalid_input otherwise (also
  // for a token of another article).
  Result<UnixSeconds> verify(std::string_view token, Id article_id, UnixSeconds now) const;

  // A new random key.
  static std::string generate_key();

  // The hex HMAC of `message` under the site's key: what other signed links (a subscriber's
  // confirm, manage and unsubscribe links) are made of.
  std::string signature(std::string_view message) const;

 private:
  std::string key_;
};

}  // namespace tribune
