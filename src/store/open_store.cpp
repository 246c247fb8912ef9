// Chooses the backend named by database.backend.
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace tribune {

Result<std::unique_ptr<Store>> open_store(const Config& config) {
  const std::string backend = config.get("database.backend");
  if (backend == "sqlite") {
    auto store = SqliteStore::open(config.resolve("database.path"));
    if (!store) return store.error();
    return std::unique_ptr<Store>(std::move(*store));
  }
  return make_error(Errc::invalid_input, "unknown backend '" + backend + "'", "database.backend");
}

}  // namespace tribune
