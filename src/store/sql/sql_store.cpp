// The SQL store's connections (one writer, a pool of readers) and what its aggregates' files
// share: the article and section rows, the section chain, the content version.
#include "store/sql/sql_store.h"

#include "store/editorial_rules.h"
#include "store/sql/connection.h"

namespace tribune {

using sql::execute;
using sql::Statement;

const char* const SqlStore::kArticleColumns =
    "a.id, a.slug, a.title, a.lang, a.description, a.word_count, a.published_at, a.updated_at, "
    "a.views, a.draft, a.section_id, au.id, au.name, au.slug, au.bio, (SELECT COUNT(*) FROM "
    "comments c WHERE c.article_id = a.id AND c.status = 'approved'), a.comments_closed, a.state, "
    "a.correction, a.corrected_at, a.trashed_at, COALESCE((SELECT o.slug FROM articles o WHERE "
    "o.id = a.translation_of), ''), a.body_format, a.image, a.image_alt";

Article SqlStore::read_article_row(const Statement& row, Id& section_id) {
  Article article;
  article.id = row.integer(0);
  article.slug = row.text(1);
  article.title = row.text(2);
  article.lang = row.text(3);
  article.description = row.text(4);
  article.word_count = static_cast<int>(row.integer(5));
  article.published_at = row.integer(6);
  article.updated_at = row.integer(7);
  article.views = row.integer(8);
  article.draft = row.integer(9) != 0;
  section_id = row.integer(10);
  article.author = Author{row.integer(11), row.text(12), row.text(13), row.text(14)};
  article.comment_count = static_cast<int>(row.integer(15));
  article.comments_closed = row.integer(16) != 0;
  article.state = state_from_name(row.text(17)).value_or(ArticleState::draft);
  article.correction = row.text(18);
  article.corrected_at = row.integer(19);
  article.trashed_at = row.integer(20);
  article.translation_of = row.text(21);
  article.body_format = parse_body_format(row.text(22)).value_or(BodyFormat::markdown);
  article.image = row.text(23);
  article.image_alt = row.text(24);
  return article;
}

const char* const SqlStore::kSectionColumns = "id, parent_id, name, slug, path, position";

Section SqlStore::read_section_row(const Statement& row) {
  Section section;
  section.id = row.integer(0);
  if (!row.is_null(1)) section.parent_id = row.integer(1);
  section.name = row.text(2);
  section.slug = row.text(3);
  section.path = row.text(4);
  section.position = static_cast<int>(row.integer(5));
  return section;
}

SqlStore::SqlStore(std::unique_ptr<sql::Connection> writer, std::unique_ptr<sql::Engine> engine)
    : writer_(std::move(writer)), db_(writer_.get()), engine_(std::move(engine)) {}

SqlStore::~SqlStore() = default;

Status SqlStore::backup_to(const std::filesystem::path& file) {
  Reader reader(*this);
  return engine_->backup_to(reader.db(), file);
}

Result<SearchResults> SqlStore::search(const SearchRequest& request) {
  if (request.words.empty()) return SearchResults{};
  Reader reader(*this);
  return engine_->search(reader.db(), request);
}

Status SqlStore::rebuild_search_index() {
  std::lock_guard lock(mutex_);
  return engine_->rebuild_search_index(db_);
}

SqlStore::Reader::Reader(SqlStore& store) : store_(store) {
  {
    std::lock_guard lock(store_.readers_mutex_);
    if (!store_.idle_readers_.empty()) {
      leased_ = std::move(store_.idle_readers_.back());
      store_.idle_readers_.pop_back();
      db_ = leased_.get();
      return;
    }
  }
  if (auto opened = store_.engine_->open_reader()) {
    leased_ = std::move(*opened);
    db_ = leased_.get();
    return;
  }
  // Cannot happen with a database the writer opened; if it does, read through the writer.
  writer_lock_ = std::unique_lock(store_.mutex_);
  db_ = store_.db_;
}

SqlStore::Reader::~Reader() {
  if (!leased_) return;
  std::lock_guard lock(store_.readers_mutex_);
  store_.idle_readers_.push_back(std::move(leased_));
}

Status SqlStore::bump_content_version() {
  TRIBUNE_TRY(
      Statement(db_, "UPDATE meta SET value = value + 1 WHERE key = 'content_version'").run());
  return engine_->announce_content_change(db_);
}

Result<std::vector<Section>> SqlStore::section_chain(sql::Connection* db, Id section_id) {
  std::vector<Section> chain;
  std::optional<Id> next = section_id;
  // Sections nest a few levels at most; the bound guards against a cycle in bad data.
  for (int depth = 0; next && depth < 16; ++depth) {
    Statement query(db, std::string("SELECT ") + kSectionColumns + " FROM sections WHERE id = ?");
    query.bind(1, *next);
    if (!query.step()) {
      if (query.failed()) return query.step_error();
      break;
    }
    chain.insert(chain.begin(), read_section_row(query));
    next = chain.front().parent_id;
  }
  return chain;
}

Status SqlStore::fill_sections(sql::Connection* db, std::vector<Article>& articles,
                               const std::vector<Id>& section_ids) {
  for (std::size_t i = 0; i < articles.size(); ++i) {
    auto chain = section_chain(db, section_ids[i]);
    if (!chain) return chain.error();
    articles[i].sections = std::move(*chain);
  }
  return Ok{};
}

}  // namespace tribune
