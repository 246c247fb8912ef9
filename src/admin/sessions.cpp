// Sessions, passwords and the login rate limit.
#include "admin/sessions.h"

#include <sodium.h>

#include <cctype>

#include "content/utf8.h"
#include "core/secret_token.h"

namespace tribune::admin {

Result<std::string> hash_password(std::string_view password) {
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return make_error(Errc::io, "hashing the password failed: out of memory");
  }
  return std::string(hash);
}

bool verify_password(std::string_view password, const std::string& hash) {
  if (hash.empty()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Status check_new_password(std::string_view password) {
  if (find_invalid_utf8(password)) {
    return make_error(Errc::invalid_input, "the password is not valid UTF-8", "password");
  }
  if (find_control_character(password, TextLayout::one_line)) {
    return make_error(Errc::invalid_input, "the password holds a control character", "password");
  }
  // Counted in code points: "é" is one character to the person choosing it.
  std::size_t characters = 0;
  for (char byte : password) characters += (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
  if (characters < kMinPasswordLength) {
    return make_error(
        Errc::invalid_input,
        "a password needs at least " + std::to_string(kMinPasswordLength) + " characters",
        "password");
  }
  return Ok{};
}

Result<NewSession> Sessions::start(Id user_id, UnixSeconds now) {
  auto user = store_.user_by_id(user_id);
  if (!user) return user.error();
  NewSession session;
  session.token = make_token();
  session.signed_in = {*user, token_hash(session.token), make_token()};
  TRIBUNE_TRY(store_.add_session({session.signed_in.token_hash, user_id,
                                  session.signed_in.csrf_token, now, now + kSessionLifetime}));
  return session;
}

Result<NewSession> Sessions::log_in(std::string_view email, std::string_view password,
                                    std::string_view client, UnixSeconds now,
                                    LoginRefusal& refusal) {
  refusal = LoginRefusal::storage;
  std::string account_key = "account:";
  for (char c : email)
    account_key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string client_key = "client:" + std::string(client);
  const UnixSeconds since = now - kFailureWindow;
  for (const std::string& key : {account_key, client_key}) {
    auto failures = store_.failed_logins(key, since);
    if (!failures) return failures.error();
    if (*failures >= kMaxFailedLogins) {
      refusal = LoginRefusal::rate_limited;
      return make_error(Errc::invalid_input, "too many wrong passwords: try again later");
    }
  }
  auto user = store_.user_by_email(email);
  std::string hash;
  if (user) {
    auto stored = store_.password_hash(user->id);
    if (!stored) return stored.error();
    hash = std::move(*stored);
  } else if (user.error().code != Errc::not_found) {
    return user.error();
  }
  // An unknown address costs the same time as a wrong password, so that timing does not say
  // which addresses have accounts.
  static const std::string kDecoy = hash_password("not a password of anyone").value();
  const bool matches = verify_password(password, hash.empty() ? kDecoy : hash) && !hash.empty();
  if (!matches) {
    for (const std::string& key : {account_key, client_key}) {
      auto counted = store_.add_failed_login(key, now, since);
      if (!counted) return counted.error();
    }
    refusal = LoginRefusal::wrong_credentials;
    return make_error(Errc::invalid_input, "wrong email or password");
  }
  TRIBUNE_TRY(store_.clear_failed_logins(account_key));
  return start(user->id, now);
}

Result<NewSession> Sessions::log_in_with_token(std::string_view token, LoginTokenPurpose purpose,
                                               UnixSeconds now) {
  auto user_id = store_.use_login_token(token_hash(token), purpose, now);
  if (!user_id) return user_id.error();
  return start(*user_id, now);
}

Result<SignedIn> Sessions::authenticate(std::string_view cookie_token, UnixSeconds now) {
  if (cookie_token.size() != 64) return make_error(Errc::not_found, "no session");
  const std::string hash = token_hash(cookie_token);
  auto session = store_.session(hash, now);
  if (!session) return session.error();
  auto user = store_.user_by_id(session->user_id);
  if (!user) return user.error();
  return SignedIn{std::move(*user), hash, session->csrf_token};
}

Result<std::string> Sessions::issue_token(Id user_id, LoginTokenPurpose purpose,
                                          UnixSeconds lifetime, UnixSeconds now) {
  std::string token = make_token();
  TRIBUNE_TRY(store_.add_login_token(token_hash(token), user_id, purpose, now + lifetime));
  return token;
}

}  // namespace tribune::admin
