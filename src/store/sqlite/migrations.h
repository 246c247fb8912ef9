// The SQLite schema as a list of versioned migrations. PRAGMA user_version records how many
// have run; opening an older database applies the rest, each in its own transaction.
#pragma once

#include "core/result.h"
#include "store/sql/connection.h"

namespace tribune::sqlite {

// The number of migrations this build knows: the schema version it expects.
int latest_schema_version();

// Applies migrations until the database is at `target` (default: the latest). A database
// newer than this build is refused, untouched.
Status migrate(sql::Connection* db, int target = -1);

// The database's current schema version.
Result<int> schema_version(sql::Connection* db);

}  // namespace tribune::sqlite
