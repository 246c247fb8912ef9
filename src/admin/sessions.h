// Signing in to the admin: passwords (argon2id), sessions in the database behind a random
// cookie, one-time login links, and the rate limit on wrong passwords.
#pragma once

#include <string>
#include <string_view>

#include "content/account.h"
#include "core/result.h"
#include "store/store.h"

namespace tribune::admin {

// The session cookie's name; the `__Host-` prefix makes browsers refuse it unless it is
// Secure, for path / and from this host exactly (sites served over HTTPS get it).
inline constexpr std::string_view kSessionCookie = "tribune_session";
inline constexpr std::string_view kSecureSessionCookie = "__Host-tribune_session";

// How long a session lasts without signing in again.
inline constexpr UnixSeconds kSessionLifetime = 14 * 24 * 3600;
// The rate limit: this many wrong passwords for one account, or from one client, within
// kFailureWindow, and the next attempt is refused without checking the password.
inline constexpr int kMaxFailedLogins = 5;
inline constexpr UnixSeconds kFailureWindow = 15 * 60;
// Passwords shorter than this are refused.
inline constexpr std::size_t kMinPasswordLength = 10;
// One-time links: to sign in (printed by `tribune user add`), to accept an invitation, to
// reset a password.
inline constexpr UnixSeconds kLoginLinkLifetime = 24 * 3600;
inline constexpr UnixSeconds kInvitationLifetime = 7 * 24 * 3600;
inline constexpr UnixSeconds kResetLinkLifetime = 3600;

// The argon2id hash of `password` (libsodium's crypto_pwhash_str, interactive limits: about
// 64 MiB and 0.1 s). Slow on purpose: never on an event loop.
Result<std::string> hash_password(std::string_view password);
// True when `password` matches `hash`.
bool verify_password(std::string_view password, const std::string& hash);
// invalid_input (field "password") when `password` is too short or has control characters.
Status check_new_password(std::string_view password);

// A signed-in account, as the admin's pages see it.
struct SignedIn {
  User user;
  std::string token_hash;  // of its session
  std::string csrf_token;  // every form of the session carries it
};

// What a successful sign-in hands the browser.
struct NewSession {
  std::string token;  // the cookie's value
  SignedIn signed_in;
};

// Why a sign-in failed, for the page to say (never which of email or password was wrong).
enum class LoginRefusal { wrong_credentials, rate_limited, storage };

class Sessions {
 public:
  explicit Sessions(Store& store) : store_(store) {}

  // Signs in with email and password from `client`. Refused (rate_limited) without checking
  // the password once the account or the client has had kMaxFailedLogins wrong passwords in
  // kFailureWindow; each wrong password counts for both.
  Result<NewSession> log_in(std::string_view email, std::string_view password,
                            std::string_view client, UnixSeconds now, LoginRefusal& refusal);

  // Signs in with a one-time link's token of `purpose` (using it up); not_found when it is
  // unknown, used or expired.
  Result<NewSession> log_in_with_token(std::string_view token, LoginTokenPurpose purpose,
                                       UnixSeconds now);

  // Starts a session for an account (after a password is set, say).
  Result<NewSession> start(Id user_id, UnixSeconds now);

  // The account behind a session cookie's value; not_found when the session is unknown or
  // expired, or its account is gone.
  Result<SignedIn> authenticate(std::string_view cookie_token, UnixSeconds now);

  // A one-time link's token for `user_id`, stored (hashed) until `lifetime` passes.
  Result<std::string> issue_token(Id user_id, LoginTokenPurpose purpose, UnixSeconds lifetime,
                                  UnixSeconds now);

 private:
  Store& store_;
};

}  // namespace tribune::admin
