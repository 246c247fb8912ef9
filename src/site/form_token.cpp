// HMAC (libsodium's crypto_auth, HMAC-SHA-512-256) over "article.issued".
#include "site/form_token.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>

namespace tribune {

std::string FormTokens::generate_key() {
  std::string key(crypto_auth_KEYBYTES, '\0');
  crypto_auth_keygen(reinterpret_cast<unsigned char*>(key.data()));
  return key;
}

std::string FormTokens::signature(std::string_view message) const {
  unsigned char tag[crypto_auth_BYTES];
  unsigned char key[crypto_auth_KEYBYTES] = {};
  std::copy_n(key_.begin(), std::min(key_.size(), sizeof key), key);
  crypto_auth(tag, reinterpret_cast<const unsigned char*>(message.data()), message.size(), key);
  char hex[crypto_auth_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, tag, sizeof tag);
  return hex;
}

std::string FormTokens::issue(Id article_id, UnixSeconds now) const {
  std::string message = std::to_string(article_id) + "." + std::to_string(now);
  return message + "." + signature(message);
}

Result<UnixSeconds> FormTokens::verify(std::string_view token, Id article_id,
                                       UnixSeconds now) const {
  auto invalid = [] { return make_error(Errc::invalid_input, "invalid form token", "token"); };
  std::size_t second_dot = token.rfind('.');
  if (second_dot == std::string_view::npos) return invalid();
  std::string_view message = token.substr(0, second_dot);
  std::string expected = signature(message);
  std::string_view given = token.substr(second_dot + 1);
  if (given.size() != expected.size() ||
      sodium_memcmp(given.data(), expected.data(), expected.size()) != 0) {
    return invalid();
  }
  std::size_t first_dot = message.find('.');
  if (first_dot == std::string_view::npos) return invalid();
  Id token_article = 0;
  UnixSeconds issued = 0;
  std::string_view article_text = message.substr(0, first_dot);
  std::string_view issued_text = message.substr(first_dot + 1);
  if (std::from_chars(article_text.data(), article_text.data() + article_text.size(), token_article)
              .ec != std::errc() ||
      std::from_chars(issued_text.data(), issued_text.data() + issued_text.size(), issued).ec !=
          std::errc()) {
    return invalid();
  }
  if (token_article != article_id || issued > now + 60 || now - issued > kFormTokenLifetime) {
    return invalid();
  }
  return issued;
}

}  // namespace tribune
