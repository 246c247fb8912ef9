// A connection to an SQLite database file, as the SQL store uses it (sql/connection.h): each
// query prepared once and kept for its next use.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sql/connection.h"

namespace tribune::sqlite {

class SqliteConnection final : public sql::Connection {
 public:
  // Opens the database file at `path` with sqlite3_open_v2's `flags`, waiting up to five
  // seconds for another process's write transaction; Error naming the file on failure.
  static Result<std::unique_ptr<SqliteConnection>> open(const std::filesystem::path& path,
                                                        int flags);
  ~SqliteConnection() override;

  // The SQLite handle, for what only SQLite has (backup, functions, file controls).
  sqlite3* handle() const { return db_; }

  sql::Query* prepare(std::string_view sql) override;
  void release(sql::Query* query) override;
  Status execute(std::string_view sql) override;
  std::string_view begin_write_sql() const override { return "BEGIN IMMEDIATE"; }
  std::int64_t changes() override { return sqlite3_changes64(db_); }
  std::int64_t last_insert_id() override { return sqlite3_last_insert_rowid(db_); }
  void set_bulk_writes(bool on) override;
  Error error(std::string_view what) override;

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  class SqliteQuery;

  sqlite3* db_;
  // Prepared queries not in use, by SQL text. Preparing costs more than running most of our
  // queries (a page's article, its comments): each is prepared once and reset between uses.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>()(text);
    }
  };
  std::unordered_map<std::string, std::vector<std::unique_ptr<sql::Query>>, TextHash,
                     std::equal_to<>>
      idle_;
};

}  // namespace tribune::sqlite
