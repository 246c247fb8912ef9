// SQLite implementation of SearchStore (see store/search_store.h): FTS5 with the "tribune"
// tokenizer (search_index.h), ranked by BM25 with a weight per field.
#include <sqlite3.h>

#include <algorithm>

#include "search/search_terms.h"
#include "store/sqlite/search_index.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/statement.h"

namespace tribune {

using sqlite::Statement;
using sqlite::Transaction;

namespace {

// `word` without control characters: FTS5 reads a NUL as the end of the query, and the
// language tag is made of ESC.
std::string printable(std::string_view word) {
  std::string kept;
  for (char c : word) {
    if (static_cast<unsigned char>(c) >= 0x20) kept += c;
  }
  return kept;
}

// FTS5's query: every word (AND), each as any of the site's languages stems it (OR), each a
// quoted phrase that the tokenizer reads with its language's tag. A word is letters and
// digits only (parse_search_query), and quotes are doubled anyway: no reader's text is ever
// read as FTS5 syntax.
std::string match_expression(const SearchRequest& request) {
  std::vector<std::string> languages = request.languages;
  if (languages.empty()) languages.emplace_back();
  std::string expression;
  for (const std::string& word : request.words) {
    if (!expression.empty()) expression += " AND ";
    expression += '(';
    for (std::size_t i = 0; i < languages.size(); ++i) {
      if (i > 0) expression += " OR ";
      expression += '"';
      for (char c : language_tagged(languages[i], printable(word))) {
        expression += c;
        if (c == '"') expression += '"';
      }
      expression += '"';
    }
    expression += ')';
  }
  return expression;
}

// FTS5 marks matches with these (no article text holds them), the template with <mark>.
constexpr char kMatchStart = '\x02';
constexpr char kMatchEnd = '\x03';

// A highlighted or snippet text cut at its marks; without its language tag.
std::vector<SnippetPart> snippet_parts(std::string_view marked) {
  // The tag stays at the text's start: before any mark, or after the snippet's ellipsis.
  if (auto tag = marked.find('\x1B'); tag != std::string_view::npos) {
    auto close = marked.find('\x1B', tag + 1);
    if (close != std::string_view::npos) {
      std::string untagged(marked.substr(0, tag));
      untagged.append(marked.substr(close + 1));
      return snippet_parts(untagged);
    }
  }
  std::vector<SnippetPart> parts;
  bool matched = false;
  std::size_t from = 0;
  for (std::size_t at = 0; at <= marked.size(); ++at) {
    if (at < marked.size() && marked[at] != kMatchStart && marked[at] != kMatchEnd) continue;
    if (at > from) parts.push_back({std::string(marked.substr(from, at - from)), matched});
    if (at < marked.size()) matched = marked[at] == kMatchStart;
    from = at + 1;
  }
  return parts;
}

}  // namespace

Result<SearchResults> SqliteStore::search(const SearchRequest& request) {
  SearchResults results;
  if (request.words.empty()) return results;
  const std::string expression = match_expression(request);
  Reader reader(*this);
  sqlite3* db = reader.db();
  // Articles whose title holds more of the words first: FTS5's BM25 scores a row as one
  // document, so a long article that names the word in its title and three times in its body
  // would rank below a short one naming it once. Then BM25 with a weight per field (lede 4,
  // tags 4, author 3, section 2, body 1), to one decimal: among scores that close (a word
  // once in two bodies of different lengths), the newest first, as a news site wants.
  Statement ranked(
      db,
      "SELECT rowid FROM article_search WHERE article_search MATCH ?1 AND "
      "published_at <= ?2 ORDER BY tribune_title_words(article_search, ?3) DESC, "
      "round(bm25(article_search, 4.0, 4.0, 1.0, 3.0, 2.0, 4.0), 1), published_at DESC, "
      "rowid DESC");
  ranked.bind(1, expression)
      .bind(2, request.now)
      .bind(3, static_cast<std::int64_t>(std::max<std::size_t>(1, request.languages.size())));
  std::vector<Id> page;
  while (ranked.step()) {
    if (results.total >= request.offset && results.total < request.offset + request.limit) {
      page.push_back(ranked.integer(0));
    }
    ++results.total;
  }
  if (ranked.failed()) return ranked.step_error();

  for (Id id : page) {
    Statement marked(db,
                     "SELECT highlight(article_search, 0, char(2), char(3)), "
                     "snippet(article_search, 2, char(2), char(3), '…', 28) FROM article_search "
                     "WHERE article_search MATCH ?1 AND rowid = ?2");
    marked.bind(1, expression).bind(2, id);
    if (!marked.step()) {
      if (marked.failed()) return marked.step_error();
      continue;  // left the index since the ranking was read
    }
    results.hits.push_back({id, snippet_parts(marked.text(0)), snippet_parts(marked.text(1))});
  }
  return results;
}

Status SqliteStore::rebuild_search_index() {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return sqlite::database_error(db_, "begin");
  // A new table rather than deleting every row: FTS5 reads each row's text again to delete
  // it, which would double the work.
  const std::string sql = "DROP TABLE article_search;\n" + sqlite::index_table_sql() + "\n" +
                          sqlite::reindex_sql("1") +
                          "\nINSERT INTO article_search (article_search) VALUES ('optimize');";
  TRIBUNE_TRY(sqlite::execute(db_, sql.c_str()));
  return transaction.commit();
}

}  // namespace tribune
