// SQLite's connections and prepared queries, and its result codes as Tribune's errors.
#include "store/sqlite/sqlite_connection.h"

namespace tribune::sqlite {
namespace {

// The kind of Error an SQLite result code (primary or extended) is.
Errc error_kind(int sqlite_code) {
  switch (sqlite_code & 0xff) {
    case SQLITE_CONSTRAINT:
      return Errc::conflict;
    // The operating system refused the file: a full or read-only filesystem, a failing
    // device. What is stored stays readable, and the same write may succeed once the operator
    // acts, so the server answers 503 rather than 500.
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      return Errc::io;
    default:
      return Errc::storage;
  }
}

// How long a writer waits for another process's transaction before giving up.
constexpr int kBusyTimeoutMs = 5000;

}  // namespace

class SqliteConnection::SqliteQuery final : public sql::Query {
 public:
  explicit SqliteQuery(sqlite3_stmt* statement) : statement_(statement) {}
  ~SqliteQuery() override { sqlite3_finalize(statement_); }

  void bind_text(int index, std::string_view text) override {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
  }
  void bind_integer(int index, std::int64_t number) override {
    sqlite3_bind_int64(statement_, index, number);
  }
  void bind_null(int index) override { sqlite3_bind_null(statement_, index); }
  int step() override {
    const int result = sqlite3_step(statement_);
    if (result == SQLITE_ROW) return 1;
    return result == SQLITE_DONE ? 0 : -1;
  }
  std::int64_t integer(int column) const override {
    return sqlite3_column_int64(statement_, column);
  }
  double real(int column) const override { return sqlite3_column_double(statement_, column); }
  std::string text(int column) const override {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    const int size = sqlite3_column_bytes(statement_, column);
    return data == nullptr ? std::string() : std::string(data, static_cast<std::size_t>(size));
  }
  bool is_null(int column) const override {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
  }

  int column_count() const override { return sqlite3_column_count(statement_); }
  std::string column_name(int column) const override {
    const char* name = sqlite3_column_name(statement_, column);
    return name != nullptr ? name : "";
  }

  sqlite3_stmt* statement() const { return statement_; }
  void reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

 private:
  sqlite3_stmt* statement_;
};

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::filesystem::path& path,
                                                                 int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Error error = make_error(error_kind(sqlite3_extended_errcode(db)),
                             std::string("database open failed: ") + sqlite3_errmsg(db));
    error.source = path.string();
    sqlite3_close(db);
    return error;
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  return std::unique_ptr<SqliteConnection>(new SqliteConnection(db));
}

SqliteConnection::~SqliteConnection() {
  idle_.clear();  // finalized before the connection closes
  sqlite3_close(db_);
}

sql::Query* SqliteConnection::prepare(std::string_view sql) {
  if (auto found = idle_.find(sql); found != idle_.end() && !found->second.empty()) {
    sql::Query* query = found->second.back().release();
    found->second.pop_back();
    return query;
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &statement, nullptr) != SQLITE_OK) {
    sqlite3_finalize(statement);
    return nullptr;
  }
  return new SqliteQuery(statement);
}

void SqliteConnection::release(sql::Query* released) {
  auto* query = static_cast<SqliteQuery*>(released);
  std::unique_ptr<sql::Query> owned(query);
  query->reset();
  // The same SQL open twice at once on a connection (a query inside another's loop) is rare.
  constexpr std::size_t kKeptPerQuery = 2;
  auto& kept = idle_[sqlite3_sql(query->statement())];
  if (kept.size() < kKeptPerQuery) kept.push_back(std::move(owned));
}

Status SqliteConnection::execute(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  if (int code = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message); code != SQLITE_OK) {
    std::string reason = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return make_error(error_kind(code), "database statement failed: " + reason);
  }
  return Ok{};
}

void SqliteConnection::set_bulk_writes(bool on) {
  // A large import touches many pages: a bigger page cache keeps them out of the file until
  // the commit (the default is 2 MiB).
  (void)execute(on ? "PRAGMA cache_size = -65536" : "PRAGMA cache_size = -2000");
}

Error SqliteConnection::error(std::string_view what) {
  return make_error(error_kind(sqlite3_extended_errcode(db_)),
                    "database " + std::string(what) + " failed: " + sqlite3_errmsg(db_));
}

}  // namespace tribune::sqlite
