// The SQL implementation of WordpressStore (store/wordpress_store.h), PageStore and
// OldAddressStore: an import from WordPress in one transaction, keyed by WordPress ids.

#include <array>

#include "content/slug.h"
#include "store/editorial_rules.h"
#include "store/naming_rules.h"
#include "store/sql/connection.h"
#include "store/sql/sql_store.h"

namespace tribune {

using sql::execute;
using sql::Statement;
using sql::Transaction;

namespace {

std::string_view kind_name(WordpressKind kind) {
  switch (kind) {
    case WordpressKind::author:
      return "author";
    case WordpressKind::category:
      return "category";
    case WordpressKind::tag:
      return "tag";
    case WordpressKind::post:
      return "post";
    case WordpressKind::page:
      return "page";
    case WordpressKind::comment:
      return "comment";
  }
  return "post";
}

// The table each kind's local ids are rows of, to tell a mapping whose row was deleted since.
std::string_view table_of(WordpressKind kind) {
  switch (kind) {
    case WordpressKind::author:
      return "authors";
    case WordpressKind::category:
      return "sections";
    case WordpressKind::tag:
      return "tags";
    case WordpressKind::post:
      return "articles";
    case WordpressKind::page:
      return "static_pages";
    case WordpressKind::comment:
      return "comments";
  }
  return "articles";
}

constexpr std::array kOldAddressKinds = {
    std::pair{OldAddressKind::article, "article"}, std::pair{OldAddressKind::page, "page"},
    std::pair{OldAddressKind::section, "section"}, std::pair{OldAddressKind::tag, "tag"},
    std::pair{OldAddressKind::author, "author"},   std::pair{OldAddressKind::home, "home"},
    std::pair{OldAddressKind::feed, "feed"},       std::pair{OldAddressKind::file, "file"}};

}  // namespace

std::string_view old_address_kind_name(OldAddressKind kind) {
  for (const auto& [value, name] : kOldAddressKinds) {
    if (value == kind) return name;
  }
  return "article";
}

std::optional<OldAddressKind> parse_old_address_kind(std::string_view name) {
  for (const auto& [value, known] : kOldAddressKinds) {
    if (name == known) return value;
  }
  return std::nullopt;
}

// The import: the store's lock and one transaction, held from begin to commit.
class SqlWordpressImport final : public WordpressImport {
 public:
  SqlWordpressImport(SqlStore& store, std::unique_lock<std::mutex> lock, Actor who, UnixSeconds now)
      : store_(store), db_(store.db_), lock_(std::move(lock)), who_(std::move(who)), now_(now) {
    // As the Markdown import: a bigger page cache keeps a long import's pages in memory.
    (void)execute(db_, "PRAGMA cache_size = -65536");
    transaction_.emplace(db_);
  }
  ~SqlWordpressImport() override {
    transaction_.reset();  // rolls back unless committed
    (void)execute(db_, "PRAGMA cache_size = -2000");
  }

  bool begun() const { return transaction_->begun(); }

  Result<Id> author(const WordpressKey& key, const std::string& name, const std::string& email,
                    ImportOutcome& outcome) override {
    auto known = revisit(WordpressKind::author, key, outcome, [&](Id id) {
      Statement update(db_, "UPDATE authors SET email = ? WHERE id = ?");
      update.bind(1, email).bind(2, id);
      return update.run();
    });
    if (!known) return known.error();
    if (*known) return **known;
    // An author of the same name is that author (one added with `tribune user add`, say).
    Statement by_name(db_, "SELECT id FROM authors WHERE name = ?");
    by_name.bind(1, name);
    Id id = 0;
    if (by_name.step()) {
      id = by_name.integer(0);
      outcome = ImportOutcome::unchanged;
    } else {
      if (by_name.failed()) return by_name.step_error();
      auto slug = free_value("authors", "slug", slugify(key.id.empty() ? name : key.id), 0);
      if (!slug) return slug.error();
      Statement insert(db_, "INSERT INTO authors (name, slug, email) VALUES (?, ?, ?)");
      insert.bind(1, name).bind(2, *slug).bind(3, email);
      TRIBUNE_TRY(insert.run());
      id = db_->last_insert_id();
      outcome = ImportOutcome::created;
      changed_ = true;
    }
    TRIBUNE_TRY(remember(WordpressKind::author, key, id));
    return id;
  }

  Result<Id> section(const WordpressKey& key, Id parent, const std::string& name,
                     const std::string& slug, ImportOutcome& outcome) override {
    auto known = revisit(WordpressKind::category, key, outcome, [&](Id id) {
      Statement rename(db_, "UPDATE sections SET name = ? WHERE id = ?");
      rename.bind(1, name).bind(2, id);
      return rename.run();
    });
    if (!known) return known.error();
    if (*known) return **known;
    std::string parent_path;
    if (parent != 0) {
      Statement find(db_, "SELECT path FROM sections WHERE id = ?");
      find.bind(1, parent);
      if (!find.step()) return find.failed() ? find.step_error() : missing("section", parent);
      parent_path = find.text(0);
    }
    const std::string own_slug = slug.empty() ? slugify(name) : slug;
    const std::string path = parent_path.empty() ? own_slug : parent_path + "/" + own_slug;
    // The same section made by hand or by a Markdown import is that section.
    Statement find(db_, "SELECT id FROM sections WHERE path = ?");
    find.bind(1, path);
    Id id = 0;
    if (find.step()) {
      id = find.integer(0);
      outcome = ImportOutcome::unchanged;
    } else {
      if (find.failed()) return find.step_error();
      Statement insert(
          db_,
          "INSERT INTO sections (parent_id, name, slug, path, position) VALUES (?1, "
          "?2, ?3, ?4, (SELECT COUNT(*) FROM sections WHERE parent_id IS NOT DISTINCT FROM ?1))");
      if (parent != 0) {
        insert.bind(1, parent);
      } else {
        insert.bind_null(1);
      }
      insert.bind(2, name).bind(3, own_slug).bind(4, path);
      TRIBUNE_TRY(insert.run());
      id = db_->last_insert_id();
      outcome = ImportOutcome::created;
      changed_ = true;
    }
    TRIBUNE_TRY(remember(WordpressKind::category, key, id));
    return id;
  }

  Result<Id> tag(const WordpressKey& key, const std::string& name, const std::string& slug,
                 ImportOutcome& outcome) override {
    auto known = revisit(WordpressKind::tag, key, outcome, [&](Id id) {
      Statement rename(db_, "UPDATE tags SET name = ? WHERE id = ?");
      rename.bind(1, name).bind(2, id);
      return rename.run();
    });
    if (!known) return known.error();
    if (*known) return **known;
    const std::string own_slug = slug.empty() ? tag_slug(name) : slug;
    Statement find(db_, "SELECT id FROM tags WHERE slug = ?1 OR name = ?2 ORDER BY slug != ?1");
    find.bind(1, own_slug).bind(2, name);
    Id id = 0;
    if (find.step()) {
      id = find.integer(0);
      outcome = ImportOutcome::unchanged;
    } else {
      if (find.failed()) return find.step_error();
      Statement insert(db_, "INSERT INTO tags (name, slug) VALUES (?, ?)");
      insert.bind(1, name).bind(2, own_slug);
      TRIBUNE_TRY(insert.run());
      id = db_->last_insert_id();
      outcome = ImportOutcome::created;
      changed_ = true;
    }
    TRIBUNE_TRY(remember(WordpressKind::tag, key, id));
    return id;
  }

  Result<Id> article(const WordpressArticle& imported, ImportOutcome& outcome) override {
    auto known = mapping(WordpressKind::post, imported.key.id);
    if (!known) return known.error();
    NewArticle article = imported.article;
    Id id = 0;
    if (*known) {
      id = (*known)->local_id;
      if ((*known)->fingerprint == imported.key.fingerprint) {
        outcome = ImportOutcome::unchanged;
        return id;
      }
      article.slug = known_slug(id, article.slug);
      auto updated = store_.update_article_locked(id, article, AuthorPolicy::create_missing, who_,
                                                  "WordPress import", 0, now_);
      if (!updated) return updated.error();
      outcome = ImportOutcome::updated;
    } else {
      auto slug = free_article_slug(article.slug);
      if (!slug) return slug.error();
      article.slug = *slug;
      auto inserted = store_.insert_article(article, AuthorPolicy::create_missing);
      if (!inserted) return inserted.error();
      id = *inserted;
      outcome = ImportOutcome::created;
    }
    const ArticleState state = imported.state;
    Statement settle(db_,
                     "UPDATE articles SET state = ?1, draft = ?2, views = CASE WHEN views > ?3 "
                     "THEN views ELSE ?3 END WHERE "
                     "id = ?4");
    settle.bind(1, state_name(state))
        .bind(2, state == ArticleState::published ? 0 : 1)
        .bind(3, article.draft.views)
        .bind(4, id);
    TRIBUNE_TRY(settle.run());
    Statement unfeature(db_, "DELETE FROM featured_attachments WHERE article_id = ?");
    unfeature.bind(1, id);
    TRIBUNE_TRY(unfeature.run());
    if (imported.featured_attachment != 0) {
      Statement feature(db_, "INSERT INTO featured_attachments (article_id, wp_id) VALUES (?, ?)");
      feature.bind(1, id).bind(2, imported.featured_attachment);
      TRIBUNE_TRY(feature.run());
    }
    TRIBUNE_TRY(remember(WordpressKind::post, imported.key, id));
    changed_ = true;
    return id;
  }

  Result<Id> page(const WordpressKey& key, const StaticPage& page,
                  ImportOutcome& outcome) override {
    auto known = mapping(WordpressKind::page, key.id);
    if (!known) return known.error();
    Id parent = 0;
    if (page.parent_id != 0) {
      auto found = mapping(WordpressKind::page, std::to_string(page.parent_id));
      if (!found) return found.error();
      if (*found) parent = (*found)->local_id;
    }
    if (*known && (*known)->fingerprint == key.fingerprint) {
      outcome = ImportOutcome::unchanged;
      return (*known)->local_id;
    }
    const Id own = *known ? (*known)->local_id : 0;
    auto path = free_value("static_pages", "path", page.path, own);
    if (!path) return path.error();
    Statement save(db_, own != 0
                            ? "UPDATE static_pages SET path = ?1, title = ?2, lang = ?3, "
                              "description = ?4, body_source = ?5, body_format = ?6, body_html = "
                              "?7, parent_id = ?8, position = ?9, draft = ?10, author_id = ?11, "
                              "published_at = ?12, updated_at = ?13 WHERE id = ?14"
                            : "INSERT INTO static_pages (path, title, lang, description, "
                              "body_source, body_format, body_html, parent_id, position, draft, "
                              "author_id, published_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
                              "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    SqlStore::bind_page_content(save, page, *path, parent);
    save.bind(12, page.published_at).bind(13, own != 0 ? now_ : page.published_at);
    if (page.author_id != 0) {
      save.bind(11, page.author_id);
    } else {
      save.bind_null(11);
    }
    if (own != 0) save.bind(14, own);
    TRIBUNE_TRY(save.run());
    const Id id = own != 0 ? own : db_->last_insert_id();
    outcome = own != 0 ? ImportOutcome::updated : ImportOutcome::created;
    TRIBUNE_TRY(remember(WordpressKind::page, key, id));
    changed_ = true;
    return id;
  }

  Result<Id> comment(const WordpressComment& imported, ImportOutcome& outcome) override {
    const Comment& comment = imported.comment;
    auto known = revisit(WordpressKind::comment, imported.key, outcome, [&](Id id) {
      Statement update(db_,
                       "UPDATE comments SET author_name = ?, author_email = ?, author_url = ?, "
                       "body = ?, status = ?, created_at = ? WHERE id = ?");
      update.bind(1, comment.author_name)
          .bind(2, comment.author_email)
          .bind(3, comment.author_url)
          .bind(4, comment.body)
          .bind(5, comment_status_name(comment.status))
          .bind(6, comment.created_at)
          .bind(7, id);
      return update.run();
    });
    if (!known) return known.error();
    if (*known) return **known;
    auto article = mapping(WordpressKind::post, std::to_string(imported.post_wp_id));
    if (!article) return article.error();
    if (!*article) {
      return make_error(Errc::not_found,
                        "comment " + imported.key.id + ": its post was not imported", "comment");
    }
    Comment row = comment;
    row.article_id = (*article)->local_id;
    row.parent_id.reset();
    if (imported.thread_wp_id != 0) {
      auto thread = mapping(WordpressKind::comment, std::to_string(imported.thread_wp_id));
      if (!thread) return thread.error();
      if (!*thread) {
        return make_error(Errc::not_found,
                          "comment " + imported.key.id + ": the comment it answers is missing",
                          "comment_parent");
      }
      row.parent_id = (*thread)->local_id;
    }
    auto id = store_.insert_comment(row, "");
    if (!id) return id.error();
    TRIBUNE_TRY(remember(WordpressKind::comment, imported.key, *id));
    outcome = ImportOutcome::created;
    changed_ = true;
    return *id;
  }

  Status attachment(const WordpressMedia& attachment, ImportOutcome& outcome) override {
    Statement known(db_, "SELECT 1 FROM wordpress_attachments WHERE wp_id = ?");
    known.bind(1, attachment.wp_id);
    const bool existed = known.step();
    if (known.failed()) return known.step_error();
    Statement save(db_,
                   "INSERT INTO wordpress_attachments AS w (wp_id, parent_wp_id, url, local_url, "
                   "title, alt, caption, uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON "
                   "CONFLICT (wp_id) DO UPDATE SET parent_wp_id = ?2, url = ?3, local_url = ?4, "
                   "title = ?5, alt = ?6, caption = ?7, uploaded_at = ?8 WHERE (w.parent_wp_id, "
                   "w.url, w.local_url, w.title, w.alt, w.caption, w.uploaded_at) IS DISTINCT "
                   "FROM (?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    save.bind(1, attachment.wp_id)
        .bind(2, attachment.parent_wp_id)
        .bind(3, attachment.url)
        .bind(4, attachment.local_url)
        .bind(5, attachment.title)
        .bind(6, attachment.alt)
        .bind(7, attachment.caption)
        .bind(8, attachment.uploaded_at);
    TRIBUNE_TRY(save.run());
    outcome = !existed             ? ImportOutcome::created
              : db_->changes() > 0 ? ImportOutcome::updated
                                   : ImportOutcome::unchanged;
    return Ok{};
  }

  Status old_address(const OldAddress& address) override {
    Statement save(
        db_,
        "INSERT INTO old_addresses AS o (path, kind, target_id, target_url) VALUES (?1, ?2, "
        "?3, ?4) ON CONFLICT (path) DO UPDATE SET kind = ?2, target_id = ?3, "
        "target_url = ?4 WHERE (o.kind, o.target_id, o.target_url) IS DISTINCT FROM "
        "(?2, ?3, ?4)");
    save.bind(1, address.path)
        .bind(2, old_address_kind_name(address.kind))
        .bind(3, address.target_id)
        .bind(4, address.target_url);
    TRIBUNE_TRY(save.run());
    if (db_->changes() > 0) changed_ = true;
    return Ok{};
  }

  Result<std::optional<Id>> local_id(WordpressKind kind, const std::string& wp_id) override {
    auto known = mapping(kind, wp_id);
    if (!known) return known.error();
    if (!*known) return std::optional<Id>();
    return std::optional<Id>((*known)->local_id);
  }

  Status commit() override {
    // The pages change only when something they show did: an import of the same file again
    // leaves the site as it was.
    if (changed_) TRIBUNE_TRY(store_.bump_content_version());
    return transaction_->commit();
  }

 private:
  struct Mapping {
    Id local_id = 0;
    std::string fingerprint;
  };

  // The id an object imported before became (nullopt for a new one). When the export changed
  // it (another fingerprint), `refresh` updates its row first: outcome updated, else
  // unchanged.
  Result<std::optional<Id>> revisit(WordpressKind kind, const WordpressKey& key,
                                    ImportOutcome& outcome,
                                    const std::function<Status(Id)>& refresh) {
    auto known = mapping(kind, key.id);
    if (!known) return known.error();
    if (!*known) return std::optional<Id>();
    const Id id = (*known)->local_id;
    outcome = ImportOutcome::unchanged;
    if ((*known)->fingerprint != key.fingerprint) {
      TRIBUNE_TRY(refresh(id));
      TRIBUNE_TRY(remember(kind, key, id));
      outcome = ImportOutcome::updated;
      changed_ = true;
    }
    return std::optional<Id>(id);
  }

  // What WordPress object `wp_id` became, if it still exists.
  Result<std::optional<Mapping>> mapping(WordpressKind kind, const std::string& wp_id) {
    Statement find(db_,
                   "SELECT local_id, fingerprint FROM wordpress_ids WHERE kind = ? AND wp_id = ?");
    find.bind(1, kind_name(kind)).bind(2, wp_id);
    if (!find.step()) {
      if (find.failed()) return find.step_error();
      return std::optional<Mapping>();
    }
    Mapping found{find.integer(0), find.text(1)};
    Statement exists(db_, "SELECT 1 FROM " + std::string(table_of(kind)) + " WHERE id = ?");
    exists.bind(1, found.local_id);
    if (!exists.step()) {
      if (exists.failed()) return exists.step_error();
      return std::optional<Mapping>();  // deleted in Tribune since: imported anew
    }
    return std::optional<Mapping>(found);
  }

  Status remember(WordpressKind kind, const WordpressKey& key, Id local_id) {
    Statement save(db_,
                   "INSERT INTO wordpress_ids (kind, wp_id, local_id, fingerprint) VALUES "
                   "(?, ?, ?, ?) ON CONFLICT (kind, wp_id) DO UPDATE SET local_id = "
                   "excluded.local_id, fingerprint = excluded.fingerprint");
    save.bind(1, kind_name(kind)).bind(2, key.id).bind(3, local_id).bind(4, key.fingerprint);
    return save.run();
  }

  // `wanted`, or `wanted-2`, `wanted-3`… : the first not taken in `table`'s `column` by a row
  // other than `own`.
  Result<std::string> free_value(std::string_view table, std::string_view column,
                                 const std::string& wanted, Id own) {
    const std::string sql = "SELECT 1 FROM " + std::string(table) + " WHERE " +
                            std::string(column) + " = ? AND id != ?";
    std::string value = wanted;
    for (int n = 2;; ++n) {
      Statement taken(db_, sql);
      taken.bind(1, value).bind(2, own);
      const bool found = taken.step();
      if (taken.failed()) return taken.step_error();
      if (!found) return value;
      value = wanted + "-" + std::to_string(n);
    }
  }

  // An article slug not taken by another article (nor an old slug of one).
  Result<std::string> free_article_slug(const std::string& wanted) {
    std::string slug = wanted;
    for (int n = 2;; ++n) {
      auto taken = store_.slug_taken(slug, 0);
      if (!taken) return taken.error();
      if (!*taken) return slug;
      slug = wanted + "-" + std::to_string(n);
    }
  }

  // The slug article `id` keeps on an update: its own when WordPress's is now another
  // article's (an editor's Tribune article took it), else WordPress's.
  std::string known_slug(Id id, const std::string& wanted) {
    auto taken = store_.slug_taken(wanted, id);
    if (taken && !*taken) return wanted;
    Statement own(db_, "SELECT slug FROM articles WHERE id = ?");
    own.bind(1, id);
    return own.step() ? own.text(0) : wanted;
  }

  static Error missing(std::string_view what, Id id) {
    return make_error(Errc::not_found, "no " + std::string(what) + " " + std::to_string(id));
  }

  SqlStore& store_;
  sql::Connection* db_;
  std::unique_lock<std::mutex> lock_;
  Actor who_;
  UnixSeconds now_;
  bool changed_ = false;
  std::optional<Transaction> transaction_;
};

Result<std::unique_ptr<WordpressImport>> SqlStore::begin_wordpress_import(const Actor& who,
                                                                          UnixSeconds now) {
  auto import = std::make_unique<SqlWordpressImport>(*this, std::unique_lock(mutex_), who, now);
  if (!import->begun()) return db_->error("begin");
  return std::unique_ptr<WordpressImport>(std::move(import));
}

Result<std::vector<WordpressMedia>> SqlStore::wordpress_media() {
  Reader reader(*this);
  Statement query(reader.db(),
                  "SELECT wp_id, parent_wp_id, url, local_url, title, alt, caption, uploaded_at "
                  "FROM wordpress_attachments ORDER BY wp_id");
  return sql::read_rows(query, [](const Statement& row) {
    return WordpressMedia{row.integer(0), row.integer(1), row.text(2), row.text(3),
                          row.text(4),    row.text(5),    row.text(6), row.integer(7)};
  });
}

Result<WordpressOrigin> SqlStore::wordpress_origin(Id article_id) {
  Reader reader(*this);
  Statement query(reader.db(),
                  "SELECT COALESCE((SELECT CAST(wp_id AS INTEGER) FROM wordpress_ids WHERE kind "
                  "= 'post' AND local_id = ?1), 0), COALESCE((SELECT wp_id FROM "
                  "featured_attachments WHERE article_id = ?1), 0)");
  query.bind(1, article_id);
  if (!query.step()) return query.step_error();
  return WordpressOrigin{query.integer(0), query.integer(1)};
}

Result<std::vector<StaticPage>> SqlStore::static_pages() {
  Reader reader(*this);
  // Parents before children: by depth (a page's path has one more "/" than its parent's).
  Statement query(reader.db(),
                  "SELECT id, path, title, lang, description, body_source, body_format, "
                  "body_html, COALESCE(parent_id, 0), position, draft, COALESCE(author_id, 0), "
                  "published_at, updated_at FROM static_pages ORDER BY LENGTH(path) - "
                  "LENGTH(REPLACE(path, '/', '')), position, title");
  return sql::read_rows(query, [](const Statement& row) {
    StaticPage page;
    page.id = row.integer(0);
    page.path = row.text(1);
    page.title = row.text(2);
    page.lang = row.text(3);
    page.description = row.text(4);
    page.body_source = row.text(5);
    page.body_format = parse_body_format(row.text(6)).value_or(BodyFormat::markdown);
    page.body_html = row.text(7);
    page.parent_id = row.integer(8);
    page.position = static_cast<int>(row.integer(9));
    page.draft = row.integer(10) != 0;
    page.author_id = row.integer(11);
    page.published_at = row.integer(12);
    page.updated_at = row.integer(13);
    return page;
  });
}

Result<std::optional<OldAddress>> SqlStore::old_address(std::string_view path) {
  Reader reader(*this);
  Statement query(reader.db(),
                  "SELECT kind, target_id, target_url FROM old_addresses WHERE path = ?");
  query.bind(1, path);
  if (!query.step()) {
    if (query.failed()) return query.step_error();
    return std::optional<OldAddress>();
  }
  auto kind = parse_old_address_kind(query.text(0));
  if (!kind) return std::optional<OldAddress>();
  return std::optional<OldAddress>(
      OldAddress{std::string(path), *kind, query.integer(1), query.text(2)});
}

}  // namespace tribune
