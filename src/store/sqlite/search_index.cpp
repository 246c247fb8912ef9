// The tokenizer and functions of the search index (FTS5's C API, sqlite3.h's fts5_api).
#include "store/sqlite/search_index.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <new>
#include <vector>

#include "search/plain_text.h"
#include "search/search_terms.h"
#include "store/sqlite/sqlite_connection.h"

namespace tribune::sqlite {
namespace {

// One per index a connection opens; a connection is used by one thread at a time, and the
// lock only guards against a caller that shares one.
struct Tokenizer {
  TermMaker terms;
  std::mutex mutex;
};

int create_tokenizer(void*, const char**, int, Fts5Tokenizer** made) {
  try {
    *made = reinterpret_cast<Fts5Tokenizer*>(new Tokenizer);
    return SQLITE_OK;
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
}

void delete_tokenizer(Fts5Tokenizer* tokenizer) { delete reinterpret_cast<Tokenizer*>(tokenizer); }

// Each text starts with its language's tag (language_tagged); the query's phrases too, one
// phrase per language (sqlite::search). Offsets are into the whole text, tag included.
int tokenize(Fts5Tokenizer* tokenizer, void* context, int, const char* text, int length,
             int (*token)(void*, int, const char*, int, int, int)) {
  auto* self = reinterpret_cast<Tokenizer*>(tokenizer);
  const std::string_view whole(text, static_cast<std::size_t>(length));
  auto [language, words] = split_language_tag(whole);
  const auto skipped = static_cast<std::size_t>(words.data() - whole.data());
  int result = SQLITE_OK;
  try {
    std::lock_guard lock(self->mutex);
    self->terms.terms(
        language, words, [&](std::string_view term, std::size_t begin, std::size_t end) {
          if (result != SQLITE_OK) return;
          result = token(context, 0, term.data(), static_cast<int>(term.size()),
                         static_cast<int>(skipped + begin), static_cast<int>(skipped + end));
        });
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
  return result;
}

std::string_view text_argument(sqlite3_value* value) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
  if (text == nullptr) return {};
  return {text, static_cast<std::size_t>(sqlite3_value_bytes(value))};
}

void return_text(sqlite3_context* context, const std::string& text) {
  sqlite3_result_text64(context, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void search_text_function(sqlite3_context* context, int, sqlite3_value** arguments) {
  try {
    return_text(context, language_tagged(text_argument(arguments[0]), text_argument(arguments[1])));
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(context);
  }
}

void plain_text_function(sqlite3_context* context, int, sqlite3_value** arguments) {
  try {
    return_text(context, html_to_plain_text(text_argument(arguments[0])));
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(context);
  }
}

// The title's column in the index (index_table_sql).
constexpr int kTitleColumn = 0;

// tribune_title_words(PHRASES_PER_WORD): how many of the query's words the current row's
// title holds. The query has one phrase per word and language, word by word
// (sqlite::search), so phrase p is word p / PHRASES_PER_WORD.
void title_words_function(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* context,
                          int count, sqlite3_value** arguments) {
  const int per_word = count > 0 ? std::max(1, sqlite3_value_int(arguments[0])) : 1;
  int instances = 0;
  if (api->xInstCount(fts, &instances) != SQLITE_OK) {
    sqlite3_result_error(context, "reading the matches failed", -1);
    return;
  }
  std::vector<bool> found(static_cast<std::size_t>(api->xPhraseCount(fts) / per_word + 1));
  int words = 0;
  for (int i = 0; i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &column, &offset) != SQLITE_OK || column != kTitleColumn) {
      continue;
    }
    auto word = static_cast<std::size_t>(phrase / per_word);
    if (word < found.size() && !found[word]) {
      found[word] = true;
      ++words;
    }
  }
  sqlite3_result_int(context, words);
}

// tribune_field_score(): how well the current row matches, higher is better: each match
// counts its field's weight (title 10, lede 4, body 1, author 3, section 2, tags 4), less
// in a longer field than average, as BM25 does. Unlike FTS5's bm25() it weighs no word by
// its rarity: every result holds every word, and the rarity of each would cost a pass over
// all the rows holding it, for each of the query's phrases (most of a search's time when a
// word is in most of the archive).
void field_score_function(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* context,
                          int, sqlite3_value**) {
  static constexpr std::array<double, 6> kWeights = {10.0, 4.0, 1.0, 3.0, 2.0, 4.0};
  int instances = 0;
  sqlite3_int64 rows = 0;
  if (api->xInstCount(fts, &instances) != SQLITE_OK || api->xRowCount(fts, &rows) != SQLITE_OK) {
    sqlite3_result_error(context, "reading the matches failed", -1);
    return;
  }
  std::array<double, kWeights.size()> per_match{};  // by column, computed when first met
  double score = 0;
  for (int i = 0; i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &column, &offset) != SQLITE_OK || column < 0 ||
        column >= static_cast<int>(kWeights.size())) {
      continue;
    }
    auto at = static_cast<std::size_t>(column);
    if (per_match[at] == 0) {
      int size = 0;
      sqlite3_int64 total = 0;
      (void)api->xColumnSize(fts, column, &size);
      (void)api->xColumnTotalSize(fts, column, &total);
      const double average = rows > 0 && total > 0 ? static_cast<double>(total) / rows : 1.0;
      // BM25's length normalisation (k1 = 1.2, b = 0.75) for one match.
      per_match[at] = kWeights[at] * 2.2 / (1.0 + 1.2 * (0.25 + 0.75 * size / average));
    }
    score += per_match[at];
  }
  sqlite3_result_double(context, score);
}

Error registration_error(sqlite3* db, std::string_view what) {
  return make_error(Errc::storage,
                    "database " + std::string(what) + " failed: " + sqlite3_errmsg(db));
}

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) != SQLITE_OK) {
    return nullptr;
  }
  sqlite3_bind_pointer(statement, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(statement);
  sqlite3_finalize(statement);
  return api;
}

}  // namespace

Status register_search(sqlite3* db) {
  fts5_api* api = fts5_of(db);
  if (api == nullptr)
    return make_error(Errc::storage, "this SQLite has no full-text search (FTS5)");
  fts5_tokenizer tokenizer{create_tokenizer, delete_tokenizer, tokenize};
  if (api->xCreateTokenizer(api, "tribune", nullptr, &tokenizer, nullptr) != SQLITE_OK) {
    return registration_error(db, "register the search tokenizer");
  }
  if (api->xCreateFunction(api, "tribune_title_words", nullptr, title_words_function, nullptr) !=
      SQLITE_OK) {
    return registration_error(db, "register the search ranking");
  }
  if (api->xCreateFunction(api, "tribune_field_score", nullptr, field_score_function, nullptr) !=
      SQLITE_OK) {
    return registration_error(db, "register the search ranking");
  }
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  if (sqlite3_create_function(db, "tribune_search_text", 2, flags, nullptr, search_text_function,
                              nullptr, nullptr) != SQLITE_OK ||
      sqlite3_create_function(db, "tribune_plain_text", 1, flags, nullptr, plain_text_function,
                              nullptr, nullptr) != SQLITE_OK) {
    return registration_error(db, "register the search functions");
  }
  return Ok{};
}

std::string index_table_sql() {
  return "CREATE VIRTUAL TABLE article_search USING fts5(title, lede, body, author, section, "
         "tags, tokenize = 'tribune');";
}

std::string reindex_sql(std::string_view condition) {
  // Tags joined by a middle dot, so that a snippet never runs two tags into one phrase.
  return fmt::format(
      "DELETE FROM article_search WHERE rowid IN (SELECT a.id FROM articles a WHERE {0});\n"
      "INSERT INTO article_search (rowid, title, lede, body, author, section, tags) "
      "SELECT a.id, tribune_search_text(a.lang, a.title), "
      "tribune_search_text(a.lang, a.description), "
      "tribune_search_text(a.lang, tribune_plain_text(a.body_html)), "
      "tribune_search_text(a.lang, (SELECT name FROM authors WHERE id = a.author_id)), "
      "tribune_search_text(a.lang, (SELECT name FROM sections WHERE id = a.section_id)), "
      "tribune_search_text(a.lang, (SELECT group_concat(t.name, ' · ') FROM article_tags x "
      "JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id)) "
      "FROM articles a WHERE a.draft = 0 AND ({0});",
      condition);
}

Status reindex_for_search(sql::Connection* db, std::string_view condition, std::int64_t id) {
  const std::string sql = reindex_sql(condition);
  const std::size_t split = sql.find('\n');
  sql::Statement remove(db, std::string_view(sql).substr(0, split));
  remove.bind(1, id);
  TRIBUNE_TRY(remove.run());
  sql::Statement add(db, std::string_view(sql).substr(split + 1));
  add.bind(1, id);
  return add.run();
}

}  // namespace tribune::sqlite
