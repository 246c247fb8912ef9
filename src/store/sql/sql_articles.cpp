// The SQL implementation of ArticleStore (see store/article_store.h): saving articles with
// their section path, author and tags, and reading them back.
#include "store/sql/sql_store.h"

#include <future>

#include <unordered_map>
#include <unordered_set>

#include "store/editorial_rules.h"
#include "store/naming_rules.h"
#include "store/sql/connection.h"

namespace tribune {

using sql::execute;
using sql::Statement;
using sql::Transaction;

namespace {

Error with_source(Error error, const ArticleDraft& draft, std::string field) {
  error.source = draft.source;
  if (error.field.empty()) error.field = std::move(field);
  return error;
}

}  // namespace

Result<Id> SqlStore::ensure_section_path(const std::vector<std::string>& names) {
  std::optional<Id> parent;
  std::string parent_path;
  for (SectionLevel level : section_levels(names)) {
    // By name under its parent first: an editor may have given the section its own slug.
    Statement by_name(
        db_, "SELECT id, path FROM sections WHERE parent_id IS NOT DISTINCT FROM ? AND name = ?");
    if (parent) {
      by_name.bind(1, *parent);
    } else {
      by_name.bind_null(1);
    }
    by_name.bind(2, level.name);
    if (by_name.step()) {
      parent = by_name.integer(0);
      parent_path = by_name.text(1);
      continue;
    }
    if (by_name.failed()) return by_name.step_error();
    level.path = parent_path.empty() ? level.slug : parent_path + "/" + level.slug;
    Statement find(db_, "SELECT id FROM sections WHERE path = ?");
    find.bind(1, level.path);
    if (find.step()) {
      parent = find.integer(0);
      parent_path = level.path;
      continue;
    }
    if (find.failed()) return find.step_error();
    Statement insert(
        db_,
        "INSERT INTO sections (parent_id, name, slug, path, position) VALUES (?, ?, ?, "
        "?, (SELECT COUNT(*) FROM sections WHERE parent_id IS NOT DISTINCT FROM ?))");
    if (parent) {
      insert.bind(1, *parent).bind(5, *parent);
    } else {
      insert.bind_null(1).bind_null(5);
    }
    insert.bind(2, level.name).bind(3, level.slug).bind(4, level.path);
    TRIBUNE_TRY(insert.run());
    parent = db_->last_insert_id();
    parent_path = level.path;
  }
  return *parent;
}

Result<Id> SqlStore::find_or_create_author(const ArticleDraft& draft, AuthorPolicy policy) {
  Statement find(db_, "SELECT id FROM authors WHERE name = ?");
  find.bind(1, draft.author_name);
  if (find.step()) return find.integer(0);
  if (find.failed()) return find.step_error();
  auto slug = missing_author_slug(draft.author_name, policy);
  if (!slug) return with_source(slug.error(), draft, "author");
  Statement insert(db_, "INSERT INTO authors (name, slug) VALUES (?, ?)");
  insert.bind(1, draft.author_name).bind(2, *slug);
  Status inserted = insert.run();
  if (!inserted) return with_source(inserted.error(), draft, "author");
  return static_cast<Id>(db_->last_insert_id());
}

Result<Id> SqlStore::ensure_tag(std::string_view name) {
  // By name first: an editor may have given the tag its own slug.
  Statement by_name(db_, "SELECT id FROM tags WHERE name = ?");
  by_name.bind(1, name);
  if (by_name.step()) return by_name.integer(0);
  if (by_name.failed()) return by_name.step_error();
  std::string slug = tag_slug(name);
  Statement find(db_, "SELECT id FROM tags WHERE slug = ?");
  find.bind(1, slug);
  if (find.step()) return find.integer(0);
  if (find.failed()) return find.step_error();
  Statement insert(db_, "INSERT INTO tags (name, slug) VALUES (?, ?)");
  insert.bind(1, name).bind(2, slug);
  TRIBUNE_TRY(insert.run());
  return static_cast<Id>(db_->last_insert_id());
}

Result<bool> SqlStore::slug_taken(std::string_view slug, Id article_id) {
  Statement taken(db_,
                  "SELECT 1 FROM articles WHERE slug = ?1 AND id != ?2 UNION ALL SELECT 1 FROM "
                  "slug_redirects WHERE old_slug = ?1 AND article_id != ?2");
  taken.bind(1, slug).bind(2, article_id);
  if (taken.step()) return true;
  if (taken.failed()) return taken.step_error();
  return false;
}

Result<std::optional<Id>> SqlStore::article_id_by_slug(std::string_view slug) {
  Statement find(db_, "SELECT id FROM articles WHERE slug = ?");
  find.bind(1, slug);
  if (find.step()) return std::optional<Id>(find.integer(0));
  if (find.failed()) return find.step_error();
  return std::optional<Id>();
}

Result<SqlStore::Filing> SqlStore::file_article(const ArticleDraft& draft, AuthorPolicy policy) {
  auto section_id = ensure_section_path(draft.section_path);
  if (!section_id) return with_source(section_id.error(), draft, "category");
  auto author_id = find_or_create_author(draft, policy);
  if (!author_id) return author_id.error();
  return Filing{*section_id, *author_id};
}

Status SqlStore::link_tags(Id article_id, const ArticleDraft& draft) {
  Statement unlink(db_, "DELETE FROM article_tags WHERE article_id = ?");
  unlink.bind(1, article_id);
  TRIBUNE_TRY(unlink.run());
  for (const std::string& tag_name : draft.tags) {
    auto tag_id = ensure_tag(tag_name);
    if (!tag_id) return with_source(tag_id.error(), draft, "tags");
    Statement link(db_, "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)");
    link.bind(1, article_id).bind(2, *tag_id);
    TRIBUNE_TRY(link.run());
  }
  return Ok{};
}

Status SqlStore::link_translation(Id article_id, const NewArticle& article) {
  const ArticleDraft& draft = article.draft;
  std::optional<Id> root;
  if (!draft.translation_of.empty()) {
    Statement find(db_,
                   "SELECT id, COALESCE(translation_of, id), lang FROM articles WHERE slug = ?1 "
                   "UNION ALL SELECT a.id, COALESCE(a.translation_of, a.id), a.lang FROM "
                   "slug_redirects r JOIN articles a ON a.id = r.article_id WHERE r.old_slug = ?1 "
                   "LIMIT 1");
    find.bind(1, draft.translation_of);
    if (!find.step()) {
      if (find.failed()) return find.step_error();
      return with_source(
          make_error(Errc::invalid_input, "no article has the slug '" + draft.translation_of + "'"),
          draft, "translation_of");
    }
    if (find.integer(0) == article_id || find.integer(1) == article_id) {
      return with_source(
          make_error(Errc::invalid_input, "an article cannot be a translation of itself"), draft,
          "translation_of");
    }
    if (find.text(2) == article.lang) {
      return with_source(make_error(Errc::invalid_input,
                                    "'" + draft.translation_of + "' is in the same language (" +
                                        article.lang + "): a translation is in another one"),
                         draft, "translation_of");
    }
    root = find.integer(1);
  }
  Statement update(db_, "UPDATE articles SET translation_of = ? WHERE id = ?");
  if (root) {
    update.bind(1, *root);
  } else {
    update.bind_null(1);
  }
  update.bind(2, article_id);
  TRIBUNE_TRY(update.run());
  if (root) {
    Statement regroup(db_, "UPDATE articles SET translation_of = ? WHERE translation_of = ?");
    regroup.bind(1, *root).bind(2, article_id);
    TRIBUNE_TRY(regroup.run());
  }
  return Ok{};
}

void SqlStore::bind_content(Statement& statement, const NewArticle& article, const Filing& filing) {
  const ArticleDraft& draft = article.draft;
  statement.bind(1, article.slug)
      .bind(2, draft.title)
      .bind(3, article.lang)
      .bind(4, article.description)
      .bind(5, draft.body_markdown)
      .bind(6, article.body_html)
      .bind(7, article.word_count)
      .bind(8, filing.author_id)
      .bind(9, filing.section_id)
      .bind(10, draft.published_at);
}

Status SqlStore::set_featured_image(Id id, const ArticleDraft& draft) {
  Statement update(db_, "UPDATE articles SET image = ?, image_alt = ? WHERE id = ?");
  update.bind(1, draft.image).bind(2, draft.image_alt).bind(3, id);
  return update.run();
}

Result<Id> SqlStore::insert_article(const NewArticle& article, AuthorPolicy policy) {
  const ArticleDraft& draft = article.draft;
  auto taken = slug_taken(article.slug, 0);
  if (!taken) return taken.error();
  if (*taken) return with_source(article_slug_taken(article.slug), draft, "slug");
  auto filing = file_article(draft, policy);
  if (!filing) return filing.error();

  const ArticleState state = draft.draft ? ArticleState::draft : ArticleState::published;
  Statement insert(db_,
                   "INSERT INTO articles (slug, title, lang, description, body_markdown, "
                   "body_html, word_count, author_id, section_id, published_at, updated_at, "
                   "views, draft, comments_closed, mailing, state, correction, corrected_at, "
                   "body_format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bind_content(insert, article, *filing);
  insert.bind(11, draft.published_at)
      .bind(12, draft.views)
      .bind(13, hidden_from_readers(state) ? 1 : 0)
      .bind(14, draft.comments_closed ? 1 : 0)
      .bind(15, article.announce ? "pending" : "none")
      .bind(16, state_name(state))
      .bind(17, draft.correction)
      .bind(18, draft.correction.empty() ? 0 : draft.published_at)
      .bind(19, body_format_name(draft.body_format));
  Status inserted = insert.run();
  if (!inserted) return with_source(inserted.error(), draft, "");
  Id id = db_->last_insert_id();
  TRIBUNE_TRY(set_featured_image(id, draft));
  TRIBUNE_TRY(link_tags(id, draft));
  TRIBUNE_TRY(link_translation(id, article));
  TRIBUNE_TRY(engine_->reindex_for_search(db_, sql::kThisArticle, id));
  return id;
}

// The import: the store's lock and one transaction, held from begin to commit.
class SqlArticleImport final : public ArticleImport {
 public:
  SqlArticleImport(SqlStore& store, std::unique_lock<std::mutex> lock, AuthorPolicy policy,
                   TakenSlugPolicy taken, Actor who, UnixSeconds now)
      : store_(store),
        lock_(std::move(lock)),
        policy_(policy),
        now_(now),
        taken_(taken),
        who_(std::move(who)) {
    store_.db_->set_bulk_writes(true);
    transaction_.emplace(store_.db_);
  }
  ~SqlArticleImport() override {
    transaction_.reset();  // rolls back unless committed
    store_.db_->set_bulk_writes(false);
  }

  bool begun() const { return transaction_->begun(); }

  Result<std::vector<Id>> add(const std::vector<NewArticle>& articles) override {
    std::vector<Id> ids;
    ids.reserve(articles.size());
    for (const NewArticle& article : articles) {
      if (taken_ == TakenSlugPolicy::update) {
        auto updated = update_existing(article);
        if (!updated) return updated.error();
        if (*updated) {
          ids.push_back(**updated);
          continue;
        }
      }
      auto id = store_.insert_article(article, policy_);
      if (!id) return id.error();
      if (taken_ == TakenSlugPolicy::update) touched_.insert(*id);
      ids.push_back(*id);
    }
    return ids;
  }

  int updated() const override { return updated_; }

  Status commit() override {
    // Publishing and queueing its mailing commit together: a crash loses neither or both.
    auto queued = store_.queue_announcements_locked(now_);
    if (!queued) return queued.error();
    TRIBUNE_TRY(store_.bump_content_version());
    return transaction_->commit();
  }

 private:
  SqlStore& store_;
  std::unique_lock<std::mutex> lock_;
  AuthorPolicy policy_;
  // Under TakenSlugPolicy::update: replaces the content of the article saved before with the
  // slug of `article` (its id), or nullopt when there is none. An article of this same import
  // is not replaced: two files with one slug are a conflict, as without --update.
  Result<std::optional<Id>> update_existing(const NewArticle& article) {
    auto existing = store_.article_id_by_slug(article.slug);
    if (!existing) return existing.error();
    if (!*existing) return std::optional<Id>();
    if (touched_.contains(**existing)) {
      return with_source(article_slug_taken(article.slug), article.draft, "slug");
    }
    auto number = store_.update_article_locked(**existing, article, policy_, who_, "", 0, now_);
    if (!number) return with_source(number.error(), article.draft, "");
    touched_.insert(**existing);
    ++updated_;
    return existing;
  }

  UnixSeconds now_;
  TakenSlugPolicy taken_;
  Actor who_;
  std::unordered_set<Id> touched_;  // ids created or updated (TakenSlugPolicy::update only)
  int updated_ = 0;
  std::optional<Transaction> transaction_;
};

Result<std::unique_ptr<ArticleImport>> SqlStore::begin_import(AuthorPolicy policy,
                                                              TakenSlugPolicy taken,
                                                              const Actor& who, UnixSeconds now) {
  auto import =
      std::make_unique<SqlArticleImport>(*this, std::unique_lock(mutex_), policy, taken, who, now);
  if (!import->begun()) return db_->error("begin");
  return std::unique_ptr<ArticleImport>(std::move(import));
}

Result<Article> SqlStore::published_article(std::string_view slug, UnixSeconds now) {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  return load_article(db, "a.draft = 0 AND a.slug = ?1 AND a.published_at <= ?2",
                      [&](Statement& query) { query.bind(1, slug).bind(2, now); });
}

Result<Article> SqlStore::article_by_id(Id id) {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  return load_article(db, "a.draft = 0 AND a.id = ?1",
                      [&](Statement& query) { query.bind(1, id); });
}

Result<ArticleText> SqlStore::article_text(Id id) {
  Reader reader(*this);
  Statement query(reader.db(),
                  "SELECT body_html, views, correction, corrected_at, (SELECT COUNT(*) FROM "
                  "comments WHERE article_id = ?1 AND status = 'approved') FROM articles WHERE "
                  "id = ?1 AND draft = 0");
  query.bind(1, id);
  if (!query.step()) {
    if (query.failed()) return query.step_error();
    return make_error(Errc::not_found, "no such article");
  }
  return ArticleText{query.text(0), query.integer(1), query.text(2), query.integer(3),
                     static_cast<int>(query.integer(4))};
}

Result<Article> SqlStore::load_article(sql::Connection* db, std::string_view condition,
                                       const std::function<void(Statement&)>& bind) {
  Statement query(db, std::string("SELECT ") + kArticleColumns +
                          ", a.body_markdown, a.body_html FROM articles a JOIN authors au ON "
                          "au.id = a.author_id WHERE " +
                          std::string(condition));
  bind(query);
  if (!query.step()) {
    if (query.failed()) return query.step_error();
    return make_error(Errc::not_found, "no such article");
  }
  Id section_id = 0;
  Article article = read_article_row(query, section_id);
  article.body_markdown = query.text(kArticleColumnCount);
  article.body_html = query.text(kArticleColumnCount + 1);
  auto chain = section_chain(db, section_id);
  if (!chain) return chain.error();
  article.sections = std::move(*chain);

  Statement tags(db,
                 "SELECT t.id, t.name, t.slug FROM tags t JOIN article_tags at ON at.tag_id = t.id "
                 "WHERE at.article_id = ? ORDER BY t.name");
  tags.bind(1, article.id);
  while (tags.step()) article.tags.push_back(Tag{tags.integer(0), tags.text(1), tags.text(2)});
  if (tags.failed()) return tags.step_error();
  return article;
}

Result<std::optional<UnixSeconds>> SqlStore::next_publication_after(UnixSeconds now) {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  Statement query(db,
                  "SELECT MIN(published_at) FROM articles WHERE draft = 0 AND published_at > ?");
  query.bind(1, now);
  if (!query.step()) return query.step_error();
  if (query.is_null(0)) return std::optional<UnixSeconds>();
  return std::optional<UnixSeconds>(query.integer(0));
}

Result<std::vector<ArchiveEntry>> SqlStore::archive_entries() {
  // One pass over articles, one over approved comments and one over tags, joined in memory by
  // article id (ids are dense: a vector, not a hash map); a correlated count per article
  // would cost an index probe each. The comment counts (a pass over a million rows at a
  // newsroom's size) are read on a second connection meanwhile, so the server starts sooner.
  auto comment_counts = std::async(std::launch::async, [this]() -> Result<std::vector<int>> {
    Reader reader(*this);
    Statement counts(reader.db(),
                     "SELECT article_id, COUNT(*) FROM comments WHERE status = 'approved' "
                     "GROUP BY article_id");
    std::vector<int> by_id;
    while (counts.step()) {
      const auto id = static_cast<std::size_t>(counts.integer(0));
      if (id >= by_id.size()) by_id.resize(id + 1, 0);
      by_id[id] = static_cast<int>(counts.integer(1));
    }
    if (counts.failed()) return counts.step_error();
    return by_id;
  });

  Reader reader(*this);
  sql::Connection* db = reader.db();
  std::vector<ArchiveEntry> entries;
  Statement count(db, "SELECT COUNT(*) FROM articles WHERE draft = 0");
  if (count.step()) entries.reserve(static_cast<std::size_t>(count.integer(0)));
  std::vector<std::uint32_t> position_of_id;  // + 1; 0: not in the archive
  Statement articles(db,
                     "SELECT id, slug, title, lang, description, word_count, published_at, "
                     "updated_at, comments_closed, section_id, author_id, "
                     "COALESCE(translation_of, 0), image, image_alt FROM articles WHERE draft = 0 "
                     "ORDER BY "
                     "published_at DESC, id DESC");
  while (articles.step()) {
    ArchiveEntry& entry = entries.emplace_back();
    entry.id = articles.integer(0);
    entry.slug = articles.text(1);
    entry.title = articles.text(2);
    entry.lang = articles.text(3);
    entry.description = articles.text(4);
    entry.word_count = static_cast<int>(articles.integer(5));
    entry.published_at = articles.integer(6);
    entry.updated_at = articles.integer(7);
    entry.comments_closed = articles.integer(8) != 0;
    entry.section_id = articles.integer(9);
    entry.author_id = articles.integer(10);
    entry.translation_of = articles.integer(11);
    entry.image = articles.text(12);
    entry.image_alt = articles.text(13);
    const auto id = static_cast<std::size_t>(entry.id);
    if (id >= position_of_id.size()) position_of_id.resize(id + 1, 0);
    position_of_id[id] = static_cast<std::uint32_t>(entries.size());
  }
  if (articles.failed()) return articles.step_error();
  auto at = [&](Id id) -> ArchiveEntry* {
    const auto index = static_cast<std::size_t>(id);
    if (index >= position_of_id.size() || position_of_id[index] == 0) return nullptr;
    return &entries[position_of_id[index] - 1];
  };

  Statement tags(db, "SELECT article_id, tag_id FROM article_tags ORDER BY article_id, tag_id");
  while (tags.step()) {
    if (ArchiveEntry* entry = at(tags.integer(0))) entry->tag_ids.push_back(tags.integer(1));
  }
  if (tags.failed()) return tags.step_error();

  auto counts = comment_counts.get();
  if (!counts) return counts.error();
  for (std::size_t id = 0; id < counts->size(); ++id) {
    if (ArchiveEntry* entry = at(static_cast<Id>(id))) entry->comment_count = (*counts)[id];
  }
  return entries;
}

}  // namespace tribune
