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

}  // namespace tribune::testing
