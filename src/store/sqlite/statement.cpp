// SQLite statements, and the prepared statements kept between uses.
#include "store/sqlite/statement.h"

#include <functional>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace tribune::sqlite {
namespace {

// Prepared statements not in use, by connection and SQL text. Preparing costs more than
// running most of our queries (a page's article, its comments): each is prepared once per
// connection and reset between uses. A connection is used by one thread at a time, so a
// statement taken out is its holder's alone; the lock only guards the map.
class StatementCache {
 public:
  sqlite3_stmt* take(sqlite3* db, std::string_view sql) {
    std::lock_guard lock(mutex_);
    auto found = idle_.find(KeyView{db, sql});
    if (found == idle_.end() || found->second.empty()) return nullptr;
    sqlite3_stmt* statement = found->second.back();
    found->second.pop_back();
    return statement;
  }

  // Keeps `statement` (reset) for its next use, or finalizes it when enough are kept.
  void give_back(sqlite3* db, sqlite3_stmt* statement) {
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    // The same SQL open twice at once on a connection (a query inside another's loop) is rare.
    constexpr std::size_t kKeptPerQuery = 2;
    {
      std::lock_guard lock(mutex_);
      std::string_view sql = sqlite3_sql(statement);
      auto found = idle_.find(KeyView{db, sql});
      if (found == idle_.end()) found = idle_.emplace(Key{db, std::string(sql)}, Idle{}).first;
      if (found->second.size() < kKeptPerQuery) {
        found->second.push_back(statement);
        return;
      }
    }
    sqlite3_finalize(statement);
  }

  void forget(sqlite3* db) {
    std::lock_guard lock(mutex_);
    for (auto entry = idle_.begin(); entry != idle_.end();) {
      if (entry->first.db != db) {
        ++entry;
        continue;
      }
      for (sqlite3_stmt* statement : entry->second) sqlite3_finalize(statement);
      entry = idle_.erase(entry);
    }
  }

 private:
  struct Key {
    sqlite3* db;
    std::string sql;
  };
  struct KeyView {
    sqlite3* db;
    std::string_view sql;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(const KeyView& key) const {
      return std::hash<std::string_view>()(key.sql) ^ std::hash<const void*>()(key.db);
    }
    std::size_t operator()(const Key& key) const { return (*this)(KeyView{key.db, key.sql}); }
  };
  struct Equal {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return a.db == b.db && std::string_view(a.sql) == std::string_view(b.sql);
    }
  };
  using Idle = std::vector<sqlite3_stmt*>;

  std::mutex mutex_;
  std::unordered_map<Key, Idle, Hash, Equal> idle_;
};

// Never destroyed: connections may close during static destruction.
StatementCache& statement_cache() {
  static auto* cache = new StatementCache();
  return *cache;
}

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

}  // namespace

void close_connection(sqlite3* db) {
  statement_cache().forget(db);
  sqlite3_close(db);
}

Error database_error(sqlite3* db, std::string_view what) {
  return make_error(error_kind(sqlite3_extended_errcode(db)),
                    "database " + std::string(what) + " failed: " + sqlite3_errmsg(db));
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  statement_ = statement_cache().take(db, sql);
  if (statement_ != nullptr) return;
  if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &statement_, nullptr) != SQLITE_OK) {
    sqlite3_finalize(statement_);
    statement_ = nullptr;
  }
}

Statement::~Statement() {
  if (statement_ != nullptr) statement_cache().give_back(db_, statement_);
}

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

double Statement::real(int column) const { return sqlite3_column_double(statement_, column); }

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
  if (int code = sqlite3_exec(db, sql, nullptr, nullptr, &message); code != SQLITE_OK) {
    std::string text = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return make_error(error_kind(code), "database statement failed: " + text);
  }
  return Ok{};
}

}  // namespace tribune::sqlite
