// PostgreSQL's side of SearchStore (see store/search_store.h): a tsvector per article, made
// with its language's text search configuration after unaccent, ranked as SQLite's is.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "store/search_store.h"
#include "store/sql/connection.h"

namespace tribune::postgres {

// Makes the index rows of the articles `condition` selects (on articles `a`, parameter ?1
// bound to `id`) again, inside the writer's transaction on `db`.
Status reindex_for_search(sql::Connection* db, std::string_view condition, std::int64_t id);

// Makes the whole index again in one transaction on the writer `db`.
Status rebuild_search_index(sql::Connection* db);

// SearchStore::search, read on `db`.
Result<SearchResults> search(sql::Connection* db, const SearchRequest& request);

}  // namespace tribune::postgres
