// A connection to PostgreSQL through libpq, as the SQL store uses it (sql/connection.h),
// reading the store's SQL as PostgreSQL spells it.
//
// The translation, made once per query text and kept: ?N parameters become $N (a bare ?
// takes the next number, as in SQLite); INSERT OR IGNORE becomes ON CONFLICT DO NOTHING;
// SQLite's unary + before a column and the CROSS of CROSS JOIN … ON (hints to its planner)
// go; LIKE becomes ILIKE (SQLite's LIKE ignores case); instr() becomes strpos(). Quoted text
// is left alone. Integers are sent as int8, text with no type so that PostgreSQL takes the
// column's (citext for addresses, which compare without case as SQLite's NOCASE does).
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sql/connection.h"

namespace tribune::postgres {

// `sql` (SQLite's dialect, as the store writes it) as PostgreSQL reads it.
std::string translate(std::string_view sql);

class PgConnection final : public sql::Connection {
 public:
  // Connects to `url` (postgres://user@host:port/database, or libpq's key=value form); Error
  // (io) with libpq's reason when the server cannot be reached or refuses.
  static Result<std::unique_ptr<PgConnection>> open(const std::string& url);
  ~PgConnection() override;

  // The libpq handle, for what only PostgreSQL has (notifications).
  PGconn* handle() const { return connection_; }

  sql::Query* prepare(std::string_view sql) override;
  void release(sql::Query* query) override;
  Status execute(std::string_view sql) override;
  std::string_view begin_write_sql() const override;
  std::string_view skip_locked_rows() const override { return " FOR UPDATE SKIP LOCKED"; }
  std::int64_t changes() override { return changes_; }
  std::int64_t last_insert_id() override;
  Error error(std::string_view what) override;

  // Records the outcome of a query this connection ran: `result` may be null (libpq could
  // not send it). True when it succeeded; otherwise error() reports it.
  bool record(const PGresult* result);

 private:
  explicit PgConnection(PGconn* connection) : connection_(connection) {}
  // Reconnects when the server closed the connection (it restarted, say); false if it
  // cannot.
  bool ensure_open();
  class PgQuery;

  PGconn* connection_;
  std::int64_t changes_ = 0;
  Errc last_error_kind_ = Errc::storage;
  std::string last_error_;
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>()(text);
    }
  };
  // Translated SQL by the store's text.
  std::unordered_map<std::string, std::string, TextHash, std::equal_to<>> translated_;
};

}  // namespace tribune::postgres
