// Search on PostgreSQL: each article's fields weighted (title A; lede and tags B; author and
// section C; body D) in one tsvector of its language's configuration, the reader's words
// looked up as each of the site's languages stems them, accents ignored on both sides.
#include "store/postgres/pg_search.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "search/plain_text.h"
#include "store/sql/search_results.h"

namespace tribune::postgres {
namespace {

using sql::Statement;

// `word` without control characters (libpq's text ends at a NUL).
std::string printable(std::string_view word) {
  std::string kept;
  for (char c : word) {
    if (static_cast<unsigned char>(c) >= 0x20) kept += c;
  }
  return kept;
}

// The weighted document of one article from parameters: ?2 language, ?3 title, ?4 lede,
// ?5 tags, ?6 author and section, ?7 body.
constexpr std::string_view kDocument =
    "setweight(to_tsvector(tribune_search_config(?2), ?3), 'A') || "
    "setweight(to_tsvector(tribune_search_config(?2), ?4 || ' ' || ?5), 'B') || "
    "setweight(to_tsvector(tribune_search_config(?2), ?6), 'C') || "
    "setweight(to_tsvector(tribune_search_config(?2), ?7), 'D')";

// The tsquery of the reader's words (parameters ?1 on, one per word): every word (&), each
// as any of the languages stems it (|). Words are parameters: no reader's text is syntax.
std::string query_expression(const SearchRequest& request, int first_parameter) {
  std::vector<std::string> languages = request.languages;
  if (languages.empty()) languages.emplace_back();
  std::string expression;
  for (std::size_t w = 0; w < request.words.size(); ++w) {
    if (w > 0) expression += " && ";
    expression += '(';
    for (std::size_t l = 0; l < languages.size(); ++l) {
      if (l > 0) expression += " || ";
      expression += fmt::format("plainto_tsquery(tribune_search_config('{}'), ?{})", languages[l],
                                first_parameter + static_cast<int>(w));
    }
    expression += ')';
  }
  return expression;
}

// The same words, one query each, for counting those a title holds.
std::string title_words_expression(const SearchRequest& request, int first_parameter) {
  std::vector<std::string> languages = request.languages;
  if (languages.empty()) languages.emplace_back();
  std::string expression = "0";
  for (std::size_t w = 0; w < request.words.size(); ++w) {
    expression += " + (ts_filter(document, '{a}') @@ (";
    for (std::size_t l = 0; l < languages.size(); ++l) {
      if (l > 0) expression += " || ";
      expression += fmt::format("plainto_tsquery(tribune_search_config('{}'), ?{})", languages[l],
                                first_parameter + static_cast<int>(w));
    }
    expression += "))::int";
  }
  return expression;
}

void bind_words(Statement& statement, const SearchRequest& request, int first_parameter) {
  for (std::size_t w = 0; w < request.words.size(); ++w) {
    statement.bind(first_parameter + static_cast<int>(w), printable(request.words[w]));
  }
}

// Languages are the site's settings, checked against BCP 47's letters before they get here;
// kept to those letters anyway, since they are written into the SQL.
SearchRequest with_safe_languages(SearchRequest request) {
  for (std::string& language : request.languages) {
    std::erase_if(language, [](char c) {
      return !(std::isalnum(static_cast<unsigned char>(c)) || c == '-');
    });
  }
  return request;
}

}  // namespace

Status reindex_for_search(sql::Connection* db, std::string_view condition, std::int64_t id) {
  Statement removed(db, fmt::format("DELETE FROM article_search WHERE article_id IN (SELECT a.id "
                                    "FROM articles a WHERE {})",
                                    condition));
  removed.bind(1, id);
  TRIBUNE_TRY(removed.run());
  Statement rows(db,
                 fmt::format("SELECT a.id, a.lang, a.title, a.description, a.body_html, "
                             "COALESCE((SELECT string_agg(t.name, ' · ') FROM article_tags x JOIN "
                             "tags t ON t.id = x.tag_id WHERE x.article_id = a.id), ''), "
                             "(SELECT name FROM authors WHERE id = a.author_id) || ' ' || "
                             "(SELECT name FROM sections WHERE id = a.section_id) "
                             "FROM articles a WHERE a.draft = 0 AND ({})",
                             condition));
  rows.bind(1, id);
  while (rows.step()) {
    const std::string body = html_to_plain_text(rows.text(4));
    Statement added(db, fmt::format("INSERT INTO article_search (article_id, lang, title, body, "
                                    "document) VALUES (?1, ?2, ?3, ?7, {})",
                                    kDocument));
    added.bind(1, rows.integer(0))
        .bind(2, rows.text(1))
        .bind(3, rows.text(2))
        .bind(4, rows.text(3))
        .bind(5, rows.text(5))
        .bind(6, rows.text(6))
        .bind(7, body);
    TRIBUNE_TRY(added.run());
  }
  if (rows.failed()) return rows.step_error();
  return Ok{};
}

Status rebuild_search_index(sql::Connection* db) {
  sql::Transaction transaction(db);
  if (!transaction.begun()) return db->error("begin");
  TRIBUNE_TRY(db->execute("DELETE FROM article_search"));
  TRIBUNE_TRY(reindex_for_search(db, "?1 = ?1", 0));
  return transaction.commit();
}

Result<SearchResults> search(sql::Connection* db, const SearchRequest& unsafe_request) {
  const SearchRequest request = with_safe_languages(unsafe_request);
  SearchResults results;
  if (request.words.empty()) return results;
  // Parameters: ?1 the time, ?2 a limit, ?3 an id bound, then the words from ?4.
  constexpr int kFirstWord = 4;
  const std::string query = query_expression(request, kFirstWord);
  // Scheduled articles are in the index but not yet found.
  const std::string live =
      "NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.article_id AND a.published_at > ?1)";

  Statement counted(db, fmt::format("SELECT count(*) FROM article_search s WHERE document @@ ({}) "
                                    "AND {} AND ?2 = ?2 AND ?3 = ?3",
                                    query, live));
  counted.bind(1, request.now).bind(2, 0).bind(3, 0);
  bind_words(counted, request, kFirstWord);
  if (!counted.step()) return counted.step_error();
  results.total = static_cast<int>(counted.integer(0));

  // The candidates, as SQLite's: the most recently added matches, and as many older ones
  // whose title holds every word; ranked by title words, then the weighted score in bands a
  // fifth wide, then the newest.
  std::vector<sql::SearchCandidate> candidates;
  auto collect = [&](Statement& rows) -> Status {
    while (rows.step()) {
      const double score = rows.real(2);
      candidates.push_back({rows.integer(0), rows.integer(1), sql::score_band(score)});
    }
    if (rows.failed()) return rows.step_error();
    return Ok{};
  };
  const std::string title_words = title_words_expression(request, kFirstWord);
  auto ranked = [&](const std::string& condition) {
    return "SELECT article_id, " + title_words + ", ts_rank('{0.1, 0.2, 0.4, 1.0}', document, (" +
           query + ")) FROM article_search s WHERE " + live + " AND article_id < ?3 AND " +
           condition + " ORDER BY article_id DESC LIMIT ?2";
  };
  Statement newest(db, ranked("document @@ (" + query + ")"));
  newest.bind(1, request.now).bind(2, kRankedSearchResults).bind(3, INT64_MAX);
  bind_words(newest, request, kFirstWord);
  TRIBUNE_TRY(collect(newest));
  if (results.total > static_cast<int>(candidates.size()) && !candidates.empty()) {
    Statement titled(db, ranked("ts_filter(document, '{a}') @@ (" + query + ")"));
    titled.bind(1, request.now).bind(2, kRankedSearchResults).bind(3, candidates.back().id);
    bind_words(titled, request, kFirstWord);
    TRIBUNE_TRY(collect(titled));
  }
  const auto [from, to] = sql::rank_candidates(candidates, request);
  results.ranked = static_cast<int>(candidates.size());
  for (std::size_t i = from; i < to; ++i) {
    Statement marked(
        db, fmt::format("SELECT ts_headline(tribune_search_config(lang), title, ({0}), "
                        "'StartSel=\x02, StopSel=\x03, HighlightAll=true'), "
                        "ts_headline(tribune_search_config(lang), body, ({0}), "
                        "'StartSel=\x02, StopSel=\x03, MaxWords=28, MinWords=12, MaxFragments=1') "
                        "FROM article_search s WHERE "
                        "article_id = ?3 AND ?1 = ?1 AND ?2 = ?2",
                        query));
    marked.bind(1, 0).bind(2, 0).bind(3, candidates[i].id);
    bind_words(marked, request, kFirstWord);
    if (!marked.step()) {
      if (marked.failed()) return marked.step_error();
      continue;  // left the index since the ranking was read
    }
    results.hits.push_back(
        {candidates[i].id, sql::split_marked(marked.text(0)), sql::split_marked(marked.text(1))});
  }
  return results;
}

}  // namespace tribune::postgres
