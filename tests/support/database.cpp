// Direct SQL on a test site's database.
#include "support/database.h"

#include <sqlite3.h>

namespace tribune::testing {

std::string run_sql(const std::filesystem::path& data, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open((data / "tribune.db").c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return "cannot open";
  }
  char* message = nullptr;
  int result = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  std::string error = message != nullptr ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  return result == SQLITE_OK ? "" : error;
}

std::string query_sql(const std::filesystem::path& data, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2((data / "tribune.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(db);
    return "error: cannot open";
  }
  std::string rows;
  auto collect = [](void* out, int columns, char** values, char**) {
    auto& text = *static_cast<std::string*>(out);
    if (!text.empty()) text += '\n';
    for (int i = 0; i < columns; ++i) {
      if (i > 0) text += '|';
      if (values[i] != nullptr) text += values[i];
    }
    return 0;
  };
  char* message = nullptr;
  int result = sqlite3_exec(db, sql.c_str(), collect, &rows, &message);
  std::string error = message != nullptr ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  return result == SQLITE_OK ? rows : "error: " + error;
}

}  // namespace tribune::testing
