// What the SQL store needs of a database connection, whichever the engine: statements with
// typed binds and columns, transactions, and errors as Tribune's Error values.
//
// The store's SQL is written once, in the dialect both engines share (numbered ?N
// parameters, ON CONFLICT, IS [NOT] DISTINCT FROM, RETURNING); a backend whose engine spells
// something differently translates it when it prepares (postgres/pg_connection.h says what).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace tribune::sql {

// One prepared query of a connection, used by one Statement at a time (see Connection).
class Query {
 public:
  virtual ~Query() = default;
  // Binds by 1-based position.
  virtual void bind_text(int index, std::string_view text) = 0;
  virtual void bind_integer(int index, std::int64_t number) = 0;
  virtual void bind_null(int index) = 0;
  // Runs the query (at the first call) and moves to its next row: 1 when a row is
  // available, 0 when there are no more, -1 on failure.
  virtual int step() = 0;
  virtual std::int64_t integer(int column) const = 0;
  virtual double real(int column) const = 0;
  virtual std::string text(int column) const = 0;
  virtual bool is_null(int column) const = 0;
  // The result's columns (after the first step()): how many, and each one's name.
  virtual int column_count() const = 0;
  virtual std::string column_name(int column) const = 0;
};

// A connection to the database, used by one thread at a time.
class Connection {
 public:
  virtual ~Connection() = default;

  // The query for `sql`, ready to bind (one prepared for an earlier use when the connection
  // keeps them); nullptr when the engine refuses it, a bug in our SQL (see error()).
  virtual Query* prepare(std::string_view sql) = 0;
  // Gives back a query that prepare() returned, once its Statement is done with it.
  virtual void release(Query* query) = 0;
  // Runs SQL with no parameters (several statements allowed); Error on failure.
  virtual Status execute(std::string_view sql) = 0;
  // The SQL that begins a write transaction: one writer at a time, across every process
  // that shares the database, as SQLite's BEGIN IMMEDIATE does.
  virtual std::string_view begin_write_sql() const = 0;
  // What ends a SELECT in a subquery that claims rows, so that concurrent claims skip the
  // rows another transaction holds (PostgreSQL's FOR UPDATE SKIP LOCKED); nothing where
  // writers take turns anyway (SQLite).
  virtual std::string_view skip_locked_rows() const { return ""; }
  // How many rows the last INSERT, UPDATE or DELETE changed.
  virtual std::int64_t changes() = 0;
  // The id the last INSERT on this connection gave its row.
  virtual std::int64_t last_insert_id() = 0;
  // Sizes the connection for a long write (an import) while `on`: engines that keep written
  // pages in memory until the commit keep more of them. Nothing to do for others.
  virtual void set_bulk_writes(bool on) { (void)on; }
  // The last failure on this connection as an Error: conflict for a constraint, io when the
  // disk or the network refused (the same write may succeed later), storage otherwise.
  virtual Error error(std::string_view what) = 0;
};

// Runs SQL with no parameters on `db`.
inline Status execute(Connection* db, std::string_view sql) { return db->execute(sql); }

// A query in use: binds, steps, reads columns, and gives the query back when destroyed.
class Statement {
 public:
  // Prepares `sql` on `db`; check ok() (a failure is a bug in our SQL, reported as Error).
  Statement(Connection* db, std::string_view sql) : db_(db), query_(db->prepare(sql)) {}
  ~Statement() {
    if (query_ != nullptr) db_->release(query_);
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return query_ != nullptr; }
  Error error() const { return db_->error("prepare"); }

  Statement& bind(int index, std::string_view text) {
    if (query_ != nullptr) query_->bind_text(index, text);
    return *this;
  }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  Statement& bind(int index, std::int64_t number) {
    if (query_ != nullptr) query_->bind_integer(index, number);
    return *this;
  }
  Statement& bind(int index, int number) { return bind(index, static_cast<std::int64_t>(number)); }
  Statement& bind_null(int index) {
    if (query_ != nullptr) query_->bind_null(index);
    return *this;
  }

  // Advances: true when a row is available, false when done; a failure sets failed().
  bool step() {
    if (query_ == nullptr) {
      failed_ = true;
      return false;
    }
    const int stepped = query_->step();
    if (stepped < 0) failed_ = true;
    return stepped > 0;
  }
  // Runs a statement that returns no rows; Error on failure.
  Status run() {
    if (query_ == nullptr) return error();
    step();
    if (failed_) return step_error();
    return Ok{};
  }
  bool failed() const { return failed_; }
  Error step_error() const { return db_->error("step"); }

  std::int64_t integer(int column) const { return query_->integer(column); }
  double real(int column) const { return query_->real(column); }
  std::string text(int column) const { return query_->text(column); }
  bool is_null(int column) const { return query_->is_null(column); }
  int column_count() const { return query_->column_count(); }
  std::string column_name(int column) const { return query_->column_name(column); }

 private:
  Connection* db_;
  Query* query_;
  bool failed_ = false;
};

// Every row `query` gives, each as `read(query)` makes it; the step Error when one fails.
template <typename Read>
auto read_rows(Statement& query, Read read) -> Result<std::vector<decltype(read(query))>> {
  std::vector<decltype(read(query))> rows;
  while (query.step()) rows.push_back(read(query));
  if (query.failed()) return query.step_error();
  return rows;
}

// The first row `query` gives, as `read(query)` makes it; `missing` when there is none.
template <typename Read>
auto read_row(Statement& query, Read read, Error missing) -> Result<decltype(read(query))> {
  if (query.step()) return read(query);
  if (query.failed()) return query.step_error();
  return missing;
}

// A write transaction: commits on commit(), rolls back otherwise, whatever path leaves the
// scope.
class Transaction {
 public:
  explicit Transaction(Connection* db) : db_(db) {
    begun_ = db_->execute(db_->begin_write_sql()).ok();
  }
  ~Transaction() {
    if (begun_ && !committed_) (void)db_->execute("ROLLBACK");  // nothing to add on failure
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  bool begun() const { return begun_; }
  Status commit() {
    TRIBUNE_TRY(db_->execute("COMMIT"));
    committed_ = true;
    return Ok{};
  }

 private:
  Connection* db_;
  bool begun_ = false;
  bool committed_ = false;
};

}  // namespace tribune::sql
