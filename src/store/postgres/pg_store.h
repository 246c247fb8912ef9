// The PostgreSQL backend of Store, for a site that runs several servers on one database: the
// store's SQL is shared with SQLite's (sql/sql_store.h); what is PostgreSQL's own lives here:
// connecting, the migrations (pg_schema.h) run once under an advisory lock whichever server
// starts first, search through tsvector (pg_search.h), and backups through pg_dump.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace tribune {

// Connects to the database at `url` (postgres://user:password@host:port/name) and migrates
// it to the latest schema; Error (field database.url) when it cannot.
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url);

}  // namespace tribune
