// Chooses the backend named by database.backend.
#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace tribune {

Result<std::unique_ptr<Store>> open_store(const Config& config) {
  const std::string backend = config.get("database.backend");
  if (backend == "sqlite") {
    return open_sqlite_store(config.resolve("database.path"));
  }
  if (backend == "postgres") return open_postgres_store(config.get("database.url"));
  return make_error(Errc::invalid_input, "unknown backend '" + backend + "'", "database.backend");
}

}  // namespace tribune
