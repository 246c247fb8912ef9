// A thin RAII layer over the SQLite C API for the SQLite backend: a prepared statement with
// typed binds and columns, and errors turned into Tribune's Error values.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace tribune::sqlite {

// A storage Error carrying SQLite's message for `db`.
Error database_error(sqlite3* db, std::string_view what);

// Closes a connection, finalizing the statements kept for it (see Statement).
void close_connection(sqlite3* db);

// Runs SQL with no parameters (several statements allowed); Error on failure.
Status execute(sqlite3* db, const char* sql);

class Statement {
 public:
  // Prepares `sql` on `db`, or takes the one prepared for an earlier use on that connection;
  // check ok() (a failure is a bug in our SQL, reported as Error). The connection must be
  // closed with close_connection().
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return statement_ != nullptr; }
  Error error() const { return database_error(db_, "prepare"); }

  // Binds by 1-based position; strings are copied by SQLite.
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t number);
  Statement& bind(int index, int number) { return bind(index, static_cast<std::int64_t>(number)); }
  Statement& bind_null(int index);

  // Advances: true when a row is available, false when done; a failure sets failed().
  bool step();
  // Runs a statement that returns no rows; Error on failure.
  Status run();
  bool failed() const { return failed_; }
  Error step_error() const { return database_error(db_, "step"); }

  std::int64_t integer(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  bool is_null(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
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

// Commits on success, rolls back otherwise, whatever path leaves the scope.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) { begun_ = execute(db_, "BEGIN IMMEDIATE").ok(); }
  ~Transaction() {
    if (begun_ && !committed_) (void)execute(db_, "ROLLBACK");  // nothing to add on failure
  }
  bool begun() const { return begun_; }
  Status commit() {
    TRIBUNE_TRY(execute(db_, "COMMIT"));
    committed_ = true;
    return Ok{};
  }

 private:
  sqlite3* db_;
  bool begun_ = false;
  bool committed_ = false;
};

}  // namespace tribune::sqlite
