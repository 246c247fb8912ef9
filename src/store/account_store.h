// Accounts at the admin: the people (User, content/account.h), their sessions and one-time
// links, and failed logins. Part of Store (store/store.h); shared by every server of a site.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/account.h"
#include "core/result.h"

namespace tribune {

struct NewUser {
  std::string email;
  std::string name;
  Role role = Role::contributor;
  std::string password_hash;  // argon2id string (crypto_pwhash_str), or empty: invited
};

// A signed-in browser. Only a hash of the cookie's token is stored: a copy of the database
// opens no session.
struct SessionRecord {
  std::string token_hash;  // hex SHA-256 of the cookie's token
  Id user_id = 0;
  std::string csrf_token;  // sent back in every form of this session
  UnixSeconds created_at = 0;
  UnixSeconds expires_at = 0;
};

// What a one-time token (stored hashed, like sessions) lets its holder do once.
enum class LoginTokenPurpose { login, invitation, password_reset };

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // Adds an account, signing with the author of the same name (created when missing).
  // conflict (field "email") when the address is taken; invalid_input (field "name") when the
  // name has no letters to make a byline's slug of.
  virtual Result<User> add_user(const NewUser& user, UnixSeconds now) = 0;
  // Every account, by name.
  virtual Result<std::vector<User>> users() = 0;
  // not_found when there is no such account.
  virtual Result<User> user_by_id(Id id) = 0;
  virtual Result<User> user_by_email(std::string_view email) = 0;
  // The account's argon2id hash, empty when it has none yet; not_found for no account.
  virtual Result<std::string> password_hash(Id user_id) = 0;
  // Replaces the password (hashed) and ends every session of the account.
  virtual Status set_password_hash(Id user_id, std::string_view hash) = 0;
  virtual Status set_role(Id user_id, Role role) = 0;

  virtual Status add_session(const SessionRecord& session) = 0;
  // The session with that token hash, unexpired at `now`; not_found otherwise.
  virtual Result<SessionRecord> session(std::string_view token_hash, UnixSeconds now) = 0;
  // Ends one session (logout); ending an unknown one is no error.
  virtual Status end_session(std::string_view token_hash) = 0;
  // Ends every session of an account (logout everywhere). Expired sessions are deleted by
  // purge_expired_accounts_data.
  virtual Status end_sessions_of(Id user_id) = 0;

  // Stores a one-time token for `user_id`, valid until `expires_at`.
  virtual Status add_login_token(std::string_view token_hash, Id user_id, LoginTokenPurpose purpose,
                                 UnixSeconds expires_at) = 0;
  // Uses a one-time token up (deleting it) and returns its account; not_found when it is
  // unknown, used, expired at `now` or made for another purpose.
  virtual Result<Id> use_login_token(std::string_view token_hash, LoginTokenPurpose purpose,
                                     UnixSeconds now) = 0;

  // Failed logins by key ("account:EMAIL", "client:ADDRESS"), for the rate limit: records one
  // at `now` and returns how many that key has since `since` (this one included).
  virtual Result<int> add_failed_login(std::string_view key, UnixSeconds now,
                                       UnixSeconds since) = 0;
  // How many failed logins `key` has since `since`.
  virtual Result<int> failed_logins(std::string_view key, UnixSeconds since) = 0;
  // Forgets a key's failures (after a successful login).
  virtual Status clear_failed_logins(std::string_view key) = 0;

  // Deletes expired sessions and tokens and failures older than `failures_before`.
  virtual Status purge_expired_accounts_data(UnixSeconds now, UnixSeconds failures_before) = 0;
};

}  // namespace tribune
