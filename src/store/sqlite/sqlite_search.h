// SQLite's side of SearchStore (see store/search_store.h): queries on the FTS5 index that
// search_index.h keeps, ranked for a news site.
#pragma once

#include "core/result.h"
#include "store/search_store.h"
#include "store/sql/connection.h"

namespace tribune::sqlite {

// SearchStore::search, read on connection `db` (one with register_search's functions).
Result<SearchResults> search(sql::Connection* db, const SearchRequest& request);

// Makes the whole index again in one transaction on the writer `db`.
Status rebuild_search_index(sql::Connection* db);

}  // namespace tribune::sqlite
