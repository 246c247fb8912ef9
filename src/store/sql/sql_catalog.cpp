// The SQL implementation of CatalogStore (see store/catalog_store.h): authors, sections, tags.
#include "store/sql/sql_store.h"

#include <array>

#include "store/naming_rules.h"
#include "store/sql/connection.h"

namespace tribune {

using sql::read_row;
using sql::read_rows;
using sql::Statement;
using sql::Transaction;

namespace {

// The articles (a) that carry tag ?1, for reindex_for_search.
constexpr std::string_view kTaggedArticles =
    "a.id IN (SELECT article_id FROM article_tags WHERE tag_id = ?1)";

// The columns of an author ("id, name, slug, bio, email") and of a tag ("id, name, slug"), read.
Author read_author_row(const Statement& row) {
  return Author{row.integer(0), row.text(1), row.text(2), row.text(3), row.text(4)};
}
Tag read_tag_row(const Statement& row) { return Tag{row.integer(0), row.text(1), row.text(2)}; }

const char* kind_name(CatalogKind kind) {
  switch (kind) {
    case CatalogKind::section:
      return "section";
    case CatalogKind::author:
      return "author";
    case CatalogKind::tag:
      break;
  }
  return "tag";
}

// `old_key` of `kind` now leads to `target_id`.
Status leave_redirect(sql::Connection* db, CatalogKind kind, std::string_view old_key,
                      Id target_id) {
  Statement upsert(db,
                   "INSERT INTO catalog_redirects (kind, old_key, target_id) VALUES (?, ?, ?) "
                   "ON CONFLICT (kind, old_key) DO UPDATE SET target_id = excluded.target_id");
  upsert.bind(1, kind_name(kind)).bind(2, old_key).bind(3, target_id);
  return upsert.run();
}

// `key` of `kind` is live again: whatever it led to before is forgotten.
Status reclaim_key(sql::Connection* db, CatalogKind kind, std::string_view key) {
  Statement forget(db, "DELETE FROM catalog_redirects WHERE kind = ? AND old_key = ?");
  forget.bind(1, kind_name(kind)).bind(2, key);
  return forget.run();
}

// The addresses that led to `from`, which is merged away, lead to `into`.
Status retarget_redirects(sql::Connection* db, CatalogKind kind, Id from, Id into) {
  Statement retarget(db,
                     "UPDATE catalog_redirects SET target_id = ? WHERE kind = ? AND target_id = ?");
  retarget.bind(1, into).bind(2, kind_name(kind)).bind(3, from);
  return retarget.run();
}

// The slug of row `id` of `table` ("authors", "tags"); not_found naming `what` otherwise.
Result<std::string> current_slug(sql::Connection* db, std::string_view table, Id id) {
  Statement query(db, "SELECT slug FROM " + std::string(table) + " WHERE id = ?");
  query.bind(1, id);
  return read_row(
      query, [](const Statement& row) { return row.text(0); },
      make_error(Errc::not_found, "no such " + std::string(table) + " entry"));
}

// True when another row of `table` than `id` has `column` equal to `value`.
Result<bool> taken_by_another(sql::Connection* db, std::string_view table, std::string_view column,
                              std::string_view value, Id id) {
  Statement query(db, "SELECT 1 FROM " + std::string(table) + " WHERE " + std::string(column) +
                          " = ? AND id != ?");
  query.bind(1, value).bind(2, id);
  if (query.step()) return true;
  if (query.failed()) return query.step_error();
  return false;
}

// Conflict (field "name" or "slug") when another row of `table` ("authors", "tags") than `id`
// has that name or that slug.
Status check_name_and_slug_free(sql::Connection* db, std::string_view table, Id id,
                                std::string_view name, std::string_view slug) {
  for (auto [column, value] : {std::pair{"name", name}, std::pair{"slug", slug}}) {
    auto taken = taken_by_another(db, table, column, value, id);
    if (!taken) return taken.error();
    if (*taken) {
      return make_error(Errc::conflict,
                        "'" + std::string(value) + "' is already the " + column + " of another " +
                            std::string(table.substr(0, table.size() - 1)),
                        column);
    }
  }
  return Ok{};
}

// Entry `id` of `kind` went from `old_slug` to `new_slug`: the old one leads to it, the new
// one is live.
Status record_slug_change(sql::Connection* db, CatalogKind kind, Id id, std::string_view old_slug,
                          std::string_view new_slug) {
  if (old_slug == new_slug) return Ok{};
  TRIBUNE_TRY(leave_redirect(db, kind, old_slug, id));
  return reclaim_key(db, kind, new_slug);
}

struct SectionRow {
  std::optional<Id> parent_id;
  std::string path;
  std::string name;
};

Result<SectionRow> section_row(sql::Connection* db, Id id, std::string field) {
  Statement query(db, "SELECT parent_id, path, name FROM sections WHERE id = ?");
  query.bind(1, id);
  return read_row(
      query,
      [](const Statement& row) {
        SectionRow found;
        if (!row.is_null(0)) found.parent_id = row.integer(0);
        found.path = row.text(1);
        found.name = row.text(2);
        return found;
      },
      make_error(Errc::not_found, "no such section", std::move(field)));
}

bool is_within(std::string_view path, std::string_view ancestor) {
  return path == ancestor || (path.size() > ancestor.size() && path.starts_with(ancestor) &&
                              path[ancestor.size()] == '/');
}

Error path_taken(std::string_view path, std::string field) {
  return make_error(Errc::conflict,
                    "another section already has the address /category/" + std::string(path) + "/",
                    std::move(field));
}

// Gives the section at `old_path` and every section under it the prefix `new_path` instead,
// each old path leaving a redirect to its section. Conflicts name `field`.
Status move_paths(sql::Connection* db, std::string_view old_path, std::string_view new_path,
                  const std::string& field) {
  Statement under(db,
                  "SELECT id, path FROM sections WHERE path = ?1 OR substr(path, 1, length(?1) + "
                  "1) = ?1 || '/' ORDER BY length(path)");
  under.bind(1, old_path);
  auto moving = read_rows(under, [](const Statement& row) {
    return std::pair<Id, std::string>{row.integer(0), row.text(1)};
  });
  if (!moving) return moving.error();
  for (const auto& [id, path] : *moving) {
    std::string moved = std::string(new_path) + path.substr(old_path.size());
    Statement update(db, "UPDATE sections SET path = ? WHERE id = ?");
    update.bind(1, moved).bind(2, id);
    Status updated = update.run();
    if (!updated) {
      if (updated.error().code == Errc::conflict) return path_taken(moved, field);
      return updated.error();
    }
    TRIBUNE_TRY(leave_redirect(db, CatalogKind::section, path, id));
    TRIBUNE_TRY(reclaim_key(db, CatalogKind::section, moved));
  }
  return Ok{};
}

// Refuses a second section named `name` under the same parent: editors pick sections by name.
Status check_sibling_name(sql::Connection* db, std::optional<Id> parent_id, std::string_view name,
                          Id id) {
  Statement query(
      db, "SELECT 1 FROM sections WHERE parent_id IS NOT DISTINCT FROM ? AND name = ? AND id != ?");
  if (parent_id) {
    query.bind(1, *parent_id);
  } else {
    query.bind_null(1);
  }
  query.bind(2, name).bind(3, id);
  if (query.step()) {
    return make_error(
        Errc::conflict,
        "another section of the same level is already named '" + std::string(name) + "'", "name");
  }
  if (query.failed()) return query.step_error();
  return Ok{};
}

}  // namespace

Result<Author> SqlStore::add_author(std::string_view name, std::string_view bio) {
  std::lock_guard lock(mutex_);
  auto slug = author_slug(name);
  if (!slug) return slug.error();
  Transaction transaction(db_);
  Statement insert(db_, "INSERT INTO authors (name, slug, bio) VALUES (?, ?, ?)");
  insert.bind(1, name).bind(2, *slug).bind(3, bio);
  Status inserted = insert.run();
  if (!inserted) {
    if (inserted.error().code == Errc::conflict) return author_taken(name);
    return inserted.error();
  }
  Author author{db_->last_insert_id(), std::string(name), *slug, std::string(bio)};
  TRIBUNE_TRY(bump_content_version());
  TRIBUNE_TRY(transaction.commit());
  return author;
}

Status SqlStore::update_author(Id id, std::string_view name, std::string_view slug,
                               std::string_view bio) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  auto old_slug = current_slug(db_, "authors", id);
  if (!old_slug) return old_slug.error();
  auto new_slug = chosen_slug(name, slug);
  if (!new_slug) return new_slug.error();
  TRIBUNE_TRY(check_name_and_slug_free(db_, "authors", id, name, *new_slug));
  Statement update(db_, "UPDATE authors SET name = ?, slug = ?, bio = ? WHERE id = ?");
  update.bind(1, name).bind(2, *new_slug).bind(3, bio).bind(4, id);
  TRIBUNE_TRY(update.run());
  TRIBUNE_TRY(engine_->reindex_for_search(db_, "a.author_id = ?1", id));  // found by name
  TRIBUNE_TRY(record_slug_change(db_, CatalogKind::author, id, *old_slug, *new_slug));
  TRIBUNE_TRY(bump_content_version());
  return transaction.commit();
}

Result<std::vector<Author>> SqlStore::authors() {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  Statement query(db, "SELECT id, name, slug, bio, email FROM authors ORDER BY name");
  return read_rows(query, read_author_row);
}

Result<Author> SqlStore::author_by_slug(std::string_view slug) {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  Statement query(db, "SELECT id, name, slug, bio, email FROM authors WHERE slug = ?");
  query.bind(1, slug);
  return read_row(query, read_author_row,
                  make_error(Errc::not_found, "no author '" + std::string(slug) + "'"));
}

Result<std::vector<Section>> SqlStore::sections() {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  Statement query(db, std::string("SELECT ") + kSectionColumns + " FROM sections ORDER BY path");
  return read_rows(query, read_section_row);
}

Result<Section> SqlStore::add_section(std::string_view name, std::string_view slug,
                                      std::optional<Id> parent_id) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  auto new_slug = chosen_slug(name, slug);
  if (!new_slug) return new_slug.error();
  std::string path = *new_slug;
  if (parent_id) {
    auto parent = section_row(db_, *parent_id, "parent");
    if (!parent) return parent.error();
    path = parent->path + "/" + path;
  }
  TRIBUNE_TRY(check_sibling_name(db_, parent_id, name, 0));
  Statement insert(
      db_,
      "INSERT INTO sections (parent_id, name, slug, path, position) VALUES (?1, ?2, "
      "?3, ?4, (SELECT COUNT(*) FROM sections WHERE parent_id IS NOT DISTINCT FROM ?1))");
  if (parent_id) {
    insert.bind(1, *parent_id);
  } else {
    insert.bind_null(1);
  }
  insert.bind(2, name).bind(3, *new_slug).bind(4, path);
  Status inserted = insert.run();
  if (!inserted) {
    if (inserted.error().code == Errc::conflict) return path_taken(path, "slug");
    return inserted.error();
  }
  Id id = db_->last_insert_id();
  TRIBUNE_TRY(reclaim_key(db_, CatalogKind::section, path));
  TRIBUNE_TRY(bump_content_version());
  TRIBUNE_TRY(transaction.commit());
  Statement added(db_, std::string("SELECT ") + kSectionColumns + " FROM sections WHERE id = ?");
  added.bind(1, id);
  return read_row(added, read_section_row, make_error(Errc::storage, "the new section vanished"));
}

Status SqlStore::update_section(Id id, std::string_view name, std::string_view slug,
                                std::optional<Id> parent_id) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  auto section = section_row(db_, id, "id");
  if (!section) return section.error();
  auto new_slug = chosen_slug(name, slug);
  if (!new_slug) return new_slug.error();
  std::string new_path = *new_slug;
  if (parent_id) {
    auto parent = section_row(db_, *parent_id, "parent");
    if (!parent) return parent.error();
    if (is_within(parent->path, section->path)) {
      return make_error(Errc::invalid_input, "a section cannot go inside itself or its own",
                        "parent");
    }
    new_path = parent->path + "/" + new_path;
  }
  TRIBUNE_TRY(check_sibling_name(db_, parent_id, name, id));
  const bool moved = section->parent_id != parent_id;
  Statement update(db_,
                   "UPDATE sections SET name = ?, slug = ?, parent_id = ?, position = CASE WHEN "
                   "? = 1 THEN (SELECT COUNT(*) FROM sections WHERE parent_id IS NOT DISTINCT FROM "
                   "?3) ELSE position "
                   "END WHERE id = ?");
  update.bind(1, name).bind(2, *new_slug);
  if (parent_id) {
    update.bind(3, *parent_id);
  } else {
    update.bind_null(3);
  }
  update.bind(4, moved ? 1 : 0).bind(5, id);
  TRIBUNE_TRY(update.run());
  if (new_path != section->path) TRIBUNE_TRY(move_paths(db_, section->path, new_path, "slug"));
  if (name != section->name) {
    TRIBUNE_TRY(engine_->reindex_for_search(db_, "a.section_id = ?1", id));  // found by name
  }
  TRIBUNE_TRY(bump_content_version());
  return transaction.commit();
}

Status SqlStore::merge_section(Id from, Id into) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  auto merged = section_row(db_, from, "id");
  if (!merged) return merged.error();
  auto target = section_row(db_, into, "into");
  if (!target) return target.error();
  if (is_within(target->path, merged->path)) {
    return make_error(Errc::invalid_input,
                      "a section cannot be merged into itself or one of its own", "into");
  }
  const std::array<std::string, 4> moves = {
      "UPDATE articles SET section_id = ?2 WHERE section_id = ?1",
      "INSERT OR IGNORE INTO subscriber_sections (subscriber_id, section_id) SELECT "
      "subscriber_id, ?2 FROM subscriber_sections WHERE section_id = ?1",
      "DELETE FROM subscriber_sections WHERE section_id = ?1",
      "UPDATE sections SET parent_id = ?2, position = position + (SELECT COUNT(*) FROM sections "
      "WHERE parent_id = ?2) WHERE parent_id = ?1"};
  for (const std::string& sql : moves) {
    Statement move(db_, sql);
    move.bind(1, from).bind(2, into);
    TRIBUNE_TRY(move.run());
  }
  // Its subsections keep their slugs under the new parent; the merged path itself is the
  // target's from now on.
  Statement children(db_, "SELECT slug FROM sections WHERE parent_id = ? AND path LIKE ?");
  children.bind(1, into).bind(2, merged->path + "/%");
  auto slugs = read_rows(children, [](const Statement& row) { return row.text(0); });
  if (!slugs) return slugs.error();
  for (const std::string& child : *slugs) {
    TRIBUNE_TRY(move_paths(db_, merged->path + "/" + child, target->path + "/" + child, "into"));
  }
  TRIBUNE_TRY(retarget_redirects(db_, CatalogKind::section, from, into));
  TRIBUNE_TRY(engine_->reindex_for_search(db_, "a.section_id = ?1", into));
  Statement remove(db_, "DELETE FROM sections WHERE id = ?");
  remove.bind(1, from);
  TRIBUNE_TRY(remove.run());
  TRIBUNE_TRY(leave_redirect(db_, CatalogKind::section, merged->path, into));
  TRIBUNE_TRY(bump_content_version());
  return transaction.commit();
}

Result<Tag> SqlStore::tag_by_slug(std::string_view slug) {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  Statement query(db, "SELECT id, name, slug FROM tags WHERE slug = ?");
  query.bind(1, slug);
  return read_row(query, read_tag_row,
                  make_error(Errc::not_found, "no tag '" + std::string(slug) + "'"));
}

Result<std::vector<Tag>> SqlStore::tags() {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  Statement query(db, "SELECT id, name, slug FROM tags ORDER BY name");
  return read_rows(query, read_tag_row);
}

Status SqlStore::update_tag(Id id, std::string_view name, std::string_view slug) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  auto old_slug = current_slug(db_, "tags", id);
  if (!old_slug) return old_slug.error();
  auto new_slug = chosen_slug(name, slug);
  if (!new_slug) return new_slug.error();
  TRIBUNE_TRY(check_name_and_slug_free(db_, "tags", id, name, *new_slug));
  Statement update(db_, "UPDATE tags SET name = ?, slug = ? WHERE id = ?");
  update.bind(1, name).bind(2, *new_slug).bind(3, id);
  TRIBUNE_TRY(update.run());
  TRIBUNE_TRY(engine_->reindex_for_search(db_, kTaggedArticles, id));  // found by name
  TRIBUNE_TRY(record_slug_change(db_, CatalogKind::tag, id, *old_slug, *new_slug));
  TRIBUNE_TRY(bump_content_version());
  return transaction.commit();
}

Status SqlStore::merge_tag(Id from, Id into) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  auto from_slug = current_slug(db_, "tags", from);
  if (!from_slug) return from_slug.error();
  auto into_slug = current_slug(db_, "tags", into);
  if (!into_slug) {
    Error error = into_slug.error();
    error.field = "into";
    return error;
  }
  if (from == into) {
    return make_error(Errc::invalid_input, "a tag cannot be merged into itself", "into");
  }
  const std::array<std::string, 3> moves = {
      "INSERT OR IGNORE INTO article_tags (article_id, tag_id) SELECT article_id, ?2 FROM "
      "article_tags WHERE tag_id = ?1",
      "DELETE FROM article_tags WHERE tag_id = ?1", "DELETE FROM tags WHERE id = ?1"};
  for (const std::string& sql : moves) {
    Statement move(db_, sql);
    move.bind(1, from).bind(2, into);
    TRIBUNE_TRY(move.run());
  }
  TRIBUNE_TRY(retarget_redirects(db_, CatalogKind::tag, from, into));
  TRIBUNE_TRY(engine_->reindex_for_search(db_, kTaggedArticles, into));
  TRIBUNE_TRY(leave_redirect(db_, CatalogKind::tag, *from_slug, into));
  TRIBUNE_TRY(bump_content_version());
  return transaction.commit();
}

Result<std::vector<std::pair<Id, int>>> SqlStore::article_counts_by(CatalogKind kind) {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  // Each reads one index only (articles_by_section, articles_by_author, article_tags_by_tag).
  const char* sql = nullptr;
  switch (kind) {
    case CatalogKind::section:
      sql = "SELECT section_id, COUNT(*) FROM articles GROUP BY section_id";
      break;
    case CatalogKind::author:
      sql = "SELECT author_id, COUNT(*) FROM articles GROUP BY author_id";
      break;
    case CatalogKind::tag:
      sql = "SELECT tag_id, COUNT(*) FROM article_tags GROUP BY tag_id";
      break;
  }
  Statement query(db, sql);
  return read_rows(query, [](const Statement& row) {
    return std::pair<Id, int>{row.integer(0), static_cast<int>(row.integer(1))};
  });
}

Result<std::vector<CatalogRedirect>> SqlStore::catalog_redirects() {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  Statement query(db, "SELECT kind, old_key, target_id FROM catalog_redirects");
  return read_rows(query, [](const Statement& row) {
    std::string kind = row.text(0);
    return CatalogRedirect{kind == "section"  ? CatalogKind::section
                           : kind == "author" ? CatalogKind::author
                                              : CatalogKind::tag,
                           row.text(1), row.integer(2)};
  });
}

}  // namespace tribune
