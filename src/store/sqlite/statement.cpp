// SQLite statements.
#include "store/sqlite/statement.h"

namespace tribune::sqlite {

Error database_error(sqlite3* db, std::string_view what) {
  int code = sqlite3_extended_errcode(db);
  Errc errc = (code & 0xff) == SQLITE_CONSTRAINT ? Errc::conflict : Errc::storage;
  return make_error(errc, "database " + std::string(what) + " failed: " + sqlite3_errmsg(db));
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr) !=
      SQLITE_OK) {
    sqlite3_finalize(statement_);
    statement_ = nullptr;
  }
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t number) {
  sqlite3_bind_int64(statement_, index, number);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(statement_, index);
  return *this;
}

bool Statement::step() {
  if (statement_ == nullptr) {
    failed_ = true;
    return false;
  }
  int result = sqlite3_step(statement_);
  if (result == SQLITE_ROW) return true;
  if (result != SQLITE_DONE) failed_ = true;
  return false;
}

Status Statement::run() {
  if (statement_ == nullptr) return error();
  step();
  if (failed_) return step_error();
  return Ok{};
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(statement_, column);
}

std::string Statement::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
  int size = sqlite3_column_bytes(statement_, column);
  return data == nullptr ? std::string() : std::string(data, static_cast<std::size_t>(size));
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

Status execute(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return make_error(Errc::storage, "database statement failed: " + text);
  }
  return Ok{};
}

}  // namespace tribune::sqlite
