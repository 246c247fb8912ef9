// The SQLite backend of Store: one database file in WAL mode, so that readers (the server)
// and a writer (an import in another process) work at the same time.
//
// The store's SQL is shared with PostgreSQL's (sql/sql_store.h); what is SQLite's own lives
// here: the file's opening and settings, the migrations (migrations.h), search through FTS5
// (search_index.h, sqlite_search.cpp) and backups through SQLite's online backup. This header
// does not include sqlite3.h: code above the store never sees SQLite.
#pragma once

#include <filesystem>
#include <memory>

#include "store/store.h"

namespace tribune {

// Opens or creates the database at `path` (readable by its owner only) and migrates it to
// the latest schema; Error naming the file when it cannot.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& path);

}  // namespace tribune
