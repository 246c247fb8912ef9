// The SQL implementation of AccountStore and AuditStore (see store/account_store.h and
// store/audit_store.h): accounts, sessions, one-time tokens, failed logins, the audit log.

#include "store/naming_rules.h"
#include "store/sql/connection.h"
#include "store/sql/sql_store.h"

namespace tribune {

using sql::read_row;
using sql::read_rows;
using sql::Statement;
using sql::Transaction;

namespace {

constexpr const char* kUserColumns =
    "id, email, name, role, author_id, password_hash != '', created_at";

User read_user_row(const Statement& row) {
  User user;
  user.id = row.integer(0);
  user.email = row.text(1);
  user.name = row.text(2);
  user.role = role_from_name(row.text(3)).value_or(Role::contributor);
  user.author_id = row.integer(4);
  user.has_password = row.integer(5) != 0;
  user.created_at = row.integer(6);
  return user;
}

std::string_view purpose_name(LoginTokenPurpose purpose) {
  switch (purpose) {
    case LoginTokenPurpose::login:
      return "login";
    case LoginTokenPurpose::invitation:
      return "invitation";
    case LoginTokenPurpose::password_reset:
      return "password_reset";
  }
  return "login";
}

Error no_user(Id id) {
  return make_error(Errc::not_found, "no account " + std::to_string(id), "user");
}

}  // namespace

Result<User> SqlStore::add_user(const NewUser& user, UnixSeconds now) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  Statement taken(db_, "SELECT 1 FROM users WHERE email = ?");  // the column's NOCASE
  taken.bind(1, user.email);
  if (taken.step()) {
    return make_error(Errc::conflict, "an account has the address " + user.email, "email");
  }
  if (taken.failed()) return taken.step_error();

  // The account signs with the byline of its name, made as add_author makes one.
  Id author_id = 0;
  Statement author(db_, "SELECT id FROM authors WHERE name = ?");
  author.bind(1, user.name);
  if (author.step()) {
    author_id = author.integer(0);
  } else {
    if (author.failed()) return author.step_error();
    auto slug = author_slug(user.name);
    if (!slug) return slug.error();
    Statement insert(db_, "INSERT INTO authors (name, slug) VALUES (?, ?)");
    insert.bind(1, user.name).bind(2, *slug);
    Status inserted = insert.run();
    if (!inserted) {
      if (inserted.error().code == Errc::conflict) return author_taken(user.name);
      return inserted.error();
    }
    author_id = db_->last_insert_id();
    TRIBUNE_TRY(bump_content_version());  // a new author page
  }

  Statement insert(db_,
                   "INSERT INTO users (email, name, role, password_hash, author_id, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, user.email)
      .bind(2, user.name)
      .bind(3, role_name(user.role))
      .bind(4, user.password_hash)
      .bind(5, author_id)
      .bind(6, now);
  TRIBUNE_TRY(insert.run());
  User added{db_->last_insert_id(),       user.email, user.name, user.role, author_id,
             !user.password_hash.empty(), now};
  TRIBUNE_TRY(transaction.commit());
  return added;
}

Result<std::vector<User>> SqlStore::users() {
  Reader reader(*this);
  Statement query(reader.db(),
                  std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name, id");
  return read_rows(query, read_user_row);
}

Result<User> SqlStore::user_by_id(Id id) {
  Reader reader(*this);
  Statement query(reader.db(), std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?");
  query.bind(1, id);
  return read_row(query, read_user_row, no_user(id));
}

Result<User> SqlStore::user_by_email(std::string_view email) {
  Reader reader(*this);
  Statement query(reader.db(),
                  std::string("SELECT ") + kUserColumns + " FROM users WHERE email = ?");
  query.bind(1, email);
  return read_row(query, read_user_row,
                  make_error(Errc::not_found, "no account " + std::string(email), "email"));
}

Result<std::string> SqlStore::password_hash(Id user_id) {
  Reader reader(*this);
  Statement query(reader.db(), "SELECT password_hash FROM users WHERE id = ?");
  query.bind(1, user_id);
  return read_row(
      query, [](const Statement& row) { return row.text(0); }, no_user(user_id));
}

Status SqlStore::set_password_hash(Id user_id, std::string_view hash) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  Statement update(db_, "UPDATE users SET password_hash = ? WHERE id = ?");
  update.bind(1, hash).bind(2, user_id);
  TRIBUNE_TRY(update.run());
  if (db_->changes() == 0) return no_user(user_id);
  // Whoever knew the old password may be signed in somewhere: those sessions end with it.
  Statement end(db_, "DELETE FROM sessions WHERE user_id = ?");
  end.bind(1, user_id);
  TRIBUNE_TRY(end.run());
  return transaction.commit();
}

Status SqlStore::set_role(Id user_id, Role role) {
  std::lock_guard lock(mutex_);
  Statement update(db_, "UPDATE users SET role = ? WHERE id = ?");
  update.bind(1, role_name(role)).bind(2, user_id);
  TRIBUNE_TRY(update.run());
  if (db_->changes() == 0) return no_user(user_id);
  return Ok{};
}

Status SqlStore::add_session(const SessionRecord& session) {
  std::lock_guard lock(mutex_);
  Statement insert(db_,
                   "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                   "expires_at) VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, session.token_hash)
      .bind(2, session.user_id)
      .bind(3, session.csrf_token)
      .bind(4, session.created_at)
      .bind(5, session.expires_at);
  return insert.run();
}

Result<SessionRecord> SqlStore::session(std::string_view token_hash, UnixSeconds now) {
  Reader reader(*this);
  Statement query(reader.db(),
                  "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions "
                  "WHERE token_hash = ? AND expires_at > ?");
  query.bind(1, token_hash).bind(2, now);
  return read_row(
      query,
      [](const Statement& row) {
        return SessionRecord{row.text(0), row.integer(1), row.text(2), row.integer(3),
                             row.integer(4)};
      },
      make_error(Errc::not_found, "no such session"));
}

Status SqlStore::end_session(std::string_view token_hash) {
  std::lock_guard lock(mutex_);
  Statement remove(db_, "DELETE FROM sessions WHERE token_hash = ?");
  remove.bind(1, token_hash);
  return remove.run();
}

Status SqlStore::end_sessions_of(Id user_id) {
  std::lock_guard lock(mutex_);
  Statement remove(db_, "DELETE FROM sessions WHERE user_id = ?");
  remove.bind(1, user_id);
  return remove.run();
}

Status SqlStore::add_login_token(std::string_view token_hash, Id user_id, LoginTokenPurpose purpose,
                                 UnixSeconds expires_at) {
  std::lock_guard lock(mutex_);
  Statement insert(db_,
                   "INSERT INTO login_tokens (token_hash, user_id, purpose, expires_at) VALUES "
                   "(?, ?, ?, ?)");
  insert.bind(1, token_hash).bind(2, user_id).bind(3, purpose_name(purpose)).bind(4, expires_at);
  return insert.run();
}

Result<Id> SqlStore::use_login_token(std::string_view token_hash, LoginTokenPurpose purpose,
                                     UnixSeconds now) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  Statement find(db_,
                 "SELECT user_id FROM login_tokens WHERE token_hash = ? AND purpose = ? AND "
                 "expires_at > ?");
  find.bind(1, token_hash).bind(2, purpose_name(purpose)).bind(3, now);
  if (!find.step()) {
    if (find.failed()) return find.step_error();
    return make_error(Errc::not_found, "this link is unknown, used or expired");
  }
  const Id user_id = find.integer(0);
  // Used once: deleted in the same transaction as it is read, so two uses cannot both pass.
  Statement use(db_, "DELETE FROM login_tokens WHERE token_hash = ?");
  use.bind(1, token_hash);
  TRIBUNE_TRY(use.run());
  TRIBUNE_TRY(transaction.commit());
  return user_id;
}

Result<int> SqlStore::add_failed_login(std::string_view key, UnixSeconds now, UnixSeconds since) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  Statement insert(db_, "INSERT INTO failed_logins (key, at) VALUES (?, ?)");
  insert.bind(1, key).bind(2, now);
  TRIBUNE_TRY(insert.run());
  Statement count(db_, "SELECT COUNT(*) FROM failed_logins WHERE key = ? AND at >= ?");
  count.bind(1, key).bind(2, since);
  if (!count.step()) return count.step_error();
  const int failures = static_cast<int>(count.integer(0));
  TRIBUNE_TRY(transaction.commit());
  return failures;
}

Result<int> SqlStore::failed_logins(std::string_view key, UnixSeconds since) {
  Reader reader(*this);
  Statement count(reader.db(), "SELECT COUNT(*) FROM failed_logins WHERE key = ? AND at >= ?");
  count.bind(1, key).bind(2, since);
  if (!count.step()) return count.step_error();
  return static_cast<int>(count.integer(0));
}

Status SqlStore::clear_failed_logins(std::string_view key) {
  std::lock_guard lock(mutex_);
  Statement remove(db_, "DELETE FROM failed_logins WHERE key = ?");
  remove.bind(1, key);
  return remove.run();
}

Status SqlStore::purge_expired_accounts_data(UnixSeconds now, UnixSeconds failures_before) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  Statement sessions(db_, "DELETE FROM sessions WHERE expires_at <= ?");
  sessions.bind(1, now);
  TRIBUNE_TRY(sessions.run());
  Statement tokens(db_, "DELETE FROM login_tokens WHERE expires_at <= ?");
  tokens.bind(1, now);
  TRIBUNE_TRY(tokens.run());
  Statement failures(db_, "DELETE FROM failed_logins WHERE at < ?");
  failures.bind(1, failures_before);
  TRIBUNE_TRY(failures.run());
  return transaction.commit();
}

Status SqlStore::add_audit_entry(const AuditEntry& entry) {
  std::lock_guard lock(mutex_);
  return add_audit_locked(Actor{entry.user_id, entry.user_name}, entry.action, entry.article_id,
                          entry.subject, entry.at);
}

Result<std::vector<AuditEntry>> SqlStore::audit_log(int offset, int limit) {
  Reader reader(*this);
  Statement query(reader.db(),
                  "SELECT id, at, user_id, user_name, action, article_id, subject FROM audit_log "
                  "ORDER BY id DESC LIMIT ? OFFSET ?");
  query.bind(1, limit).bind(2, offset);
  return read_rows(query, [](const Statement& row) {
    return AuditEntry{row.integer(0), row.integer(1), row.integer(2), row.text(3),
                      row.text(4),    row.integer(5), row.text(6)};
  });
}

}  // namespace tribune
