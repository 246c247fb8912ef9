// SQLite's side of SearchStore (see store/search_store.h): FTS5 with the "tribune" tokenizer
// (search_index.h), ranked by BM25 with a weight per field.
#include "store/sqlite/sqlite_search.h"

#include <algorithm>
#include <unordered_set>

#include "search/search_terms.h"
#include "store/sql/search_results.h"
#include "store/sqlite/search_index.h"

namespace tribune::sqlite {

using sql::read_rows;
using sql::Statement;
using sql::Transaction;

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

// A highlighted or snippet text cut at its marks; without its language tag.
std::vector<SnippetPart> snippet_parts(std::string_view marked) {
  // The tag stays at the text's start: before any mark, or after the snippet's ellipsis.
  if (auto tag = marked.find('\x1B'); tag != std::string_view::npos) {
    auto close = marked.find('\x1B', tag + 1);
    if (close != std::string_view::npos) {
      std::string untagged(marked.substr(0, tag));
      untagged.append(marked.substr(close + 1));
      return sql::split_marked(untagged);
    }
  }
  return sql::split_marked(marked);
}

}  // namespace

Result<SearchResults> search(sql::Connection* db, const SearchRequest& request) {
  SearchResults results;
  if (request.words.empty()) return results;
  const std::string expression = match_expression(request);
  const std::string in_titles = "{title} : (" + expression + ")";
  const auto per_word =
      static_cast<std::int64_t>(std::max<std::size_t>(1, request.languages.size()));

  // Scheduled articles are in the index but not yet found: a handful, left out by id rather
  // than by reading every match's publication time.
  Statement scheduled_query(db, "SELECT id FROM articles WHERE draft = 0 AND published_at > ?");
  scheduled_query.bind(1, request.now);
  auto scheduled_ids =
      read_rows(scheduled_query, [](const Statement& row) { return row.integer(0); });
  if (!scheduled_ids) return scheduled_ids.error();
  const std::unordered_set<Id> scheduled(scheduled_ids->begin(), scheduled_ids->end());

  Statement counted(db, "SELECT count(*) FROM article_search WHERE article_search MATCH ?1");
  counted.bind(1, expression);
  if (!counted.step()) return counted.step_error();
  results.total = static_cast<int>(counted.integer(0));
  for (Id id : scheduled) {
    Statement matches(db,
                      "SELECT 1 FROM article_search WHERE article_search MATCH ?1 AND rowid = ?2");
    matches.bind(1, expression).bind(2, id);
    if (matches.step()) --results.total;
    if (matches.failed()) return matches.step_error();
  }

  // The candidates: the most recently added matches (ids grow as articles are added), and
  // the most recently added older ones whose title holds every word. Ranked here: those
  // whose title holds more of the words first (FTS5's BM25 scores a row as one document, so
  // an article naming the word in its title and three times in a long body would rank below
  // a short one naming it once), then tribune_field_score (matches weighted by field and
  // field length, search_index.cpp) in bands a fifth wide, so that among near-equals (one
  // mention in two bodies of different lengths) the most recently added comes first, as a
  // news site wants. (Reading each candidate's publication time would read its whole row: ten times
  // the ranking.)
  std::vector<sql::SearchCandidate> candidates;
  auto collect = [&](Statement& query) -> Status {
    while (query.step()) {
      Id id = query.integer(0);
      if (scheduled.contains(id)) continue;
      candidates.push_back({id, query.integer(1), sql::score_band(query.real(2))});
    }
    if (query.failed()) return query.step_error();
    return Ok{};
  };
  constexpr std::string_view kRankedColumns =
      "SELECT rowid, tribune_title_words(article_search, ?2), "
      "tribune_field_score(article_search) "
      "FROM article_search WHERE article_search MATCH ?1 ";
  Statement newest(db, std::string(kRankedColumns) + "ORDER BY rowid DESC LIMIT ?3");
  newest.bind(1, expression)
      .bind(2, per_word)
      .bind(3, kRankedSearchResults + std::ssize(scheduled));
  TRIBUNE_TRY(collect(newest));
  if (results.total > static_cast<int>(candidates.size()) && !candidates.empty()) {
    Statement titled(db,
                     std::string(kRankedColumns) + "AND rowid < ?3 ORDER BY rowid DESC LIMIT ?4");
    titled.bind(1, in_titles)
        .bind(2, per_word)
        .bind(3, candidates.back().id)
        .bind(4, kRankedSearchResults + std::ssize(scheduled));
    TRIBUNE_TRY(collect(titled));
  }
  const auto [from, to] = sql::rank_candidates(candidates, request);
  results.ranked = static_cast<int>(candidates.size());
  for (std::size_t i = from; i < to; ++i) {
    Statement marked(db,
                     "SELECT highlight(article_search, 0, char(2), char(3)), "
                     "snippet(article_search, 2, char(2), char(3), '…', 28) FROM article_search "
                     "WHERE article_search MATCH ?1 AND rowid = ?2");
    marked.bind(1, expression).bind(2, candidates[i].id);
    if (!marked.step()) {
      if (marked.failed()) return marked.step_error();
      continue;  // left the index since the ranking was read
    }
    results.hits.push_back(
        {candidates[i].id, snippet_parts(marked.text(0)), snippet_parts(marked.text(1))});
  }
  return results;
}

Status rebuild_search_index(sql::Connection* db) {
  Transaction transaction(db);
  if (!transaction.begun()) return db->error("begin");
  // A new table rather than deleting every row: FTS5 reads each row's text again to delete
  // it, which would double the work.
  const std::string sql = "DROP TABLE article_search;\n" + index_table_sql() + "\n" +
                          reindex_sql("1") +
                          "\nINSERT INTO article_search (article_search) VALUES ('optimize');";
  TRIBUNE_TRY(db->execute(sql));
  return transaction.commit();
}

}  // namespace tribune::sqlite
