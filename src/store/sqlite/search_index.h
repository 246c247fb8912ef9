// The SQLite side of search: the FTS5 tokenizer "tribune" (search/search_terms.h: folding,
// elisions, stemming by each text's language) and the SQL that keeps the index in step.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "core/result.h"
#include "store/sql/connection.h"

namespace tribune::sqlite {

// Registers on connection `db` what the index needs: the tokenizer, the SQL functions
// tribune_search_text(language, text) (the text tagged with its language, as the tokenizer
// reads it) and tribune_plain_text(html), and the ranking's tribune_title_words(phrases per
// word) (how many of the query's words a row's title holds). Every connection that reads or writes
// the index needs them; idempotent.
Status register_search(sqlite3* db);

// SQL that creates the index's table (empty).
std::string index_table_sql();

// SQL that makes the index's rows of the articles `condition` selects again (on articles
// `a`; it may use parameter ?1): their rows removed, then those not hidden from readers
// added. Two statements, for execute() when the condition has no parameter.
std::string reindex_sql(std::string_view condition);

// Runs reindex_sql(condition) with ?1 bound to `id`, inside the caller's transaction.
Status reindex_for_search(sql::Connection* db, std::string_view condition, std::int64_t id);

}  // namespace tribune::sqlite
