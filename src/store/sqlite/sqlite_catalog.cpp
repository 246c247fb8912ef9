// SQLite implementation of CatalogStore (see store/catalog_store.h): authors, sections, tags.
#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include "store/naming_rules.h"
#include "store/sqlite/statement.h"

namespace tribune {

using sqlite::read_row;
using sqlite::read_rows;
using sqlite::Statement;
using sqlite::Transaction;

namespace {

// The columns of an author ("id, name, slug, bio") and of a tag ("id, name, slug"), read.
Author read_author_row(const Statement& row) {
  return Author{row.integer(0), row.text(1), row.text(2), row.text(3)};
}
Tag read_tag_row(const Statement& row) { return Tag{row.integer(0), row.text(1), row.text(2)}; }

}  // namespace

Result<Author> SqliteStore::add_author(std::string_view name, std::string_view bio) {
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
  Author author{sqlite3_last_insert_rowid(db_), std::string(name), *slug, std::string(bio)};
  TRIBUNE_TRY(bump_content_version());
  TRIBUNE_TRY(transaction.commit());
  return author;
}

Result<std::vector<Author>> SqliteStore::authors() {
  Reader reader(*this);
  sqlite3* db = reader.db();
  Statement query(db, "SELECT id, name, slug, bio FROM authors ORDER BY name");
  return read_rows(query, read_author_row);
}

Result<Author> SqliteStore::author_by_slug(std::string_view slug) {
  Reader reader(*this);
  sqlite3* db = reader.db();
  Statement query(db, "SELECT id, name, slug, bio FROM authors WHERE slug = ?");
  query.bind(1, slug);
  return read_row(query, read_author_row,
                  make_error(Errc::not_found, "no author '" + std::string(slug) + "'"));
}

Result<std::vector<Section>> SqliteStore::sections() {
  Reader reader(*this);
  sqlite3* db = reader.db();
  Statement query(db, std::string("SELECT ") + kSectionColumns + " FROM sections ORDER BY path");
  return read_rows(query, read_section_row);
}

Result<Tag> SqliteStore::tag_by_slug(std::string_view slug) {
  Reader reader(*this);
  sqlite3* db = reader.db();
  Statement query(db, "SELECT id, name, slug FROM tags WHERE slug = ?");
  query.bind(1, slug);
  return read_row(query, read_tag_row,
                  make_error(Errc::not_found, "no tag '" + std::string(slug) + "'"));
}

Result<std::vector<Tag>> SqliteStore::tags() {
  Reader reader(*this);
  sqlite3* db = reader.db();
  Statement query(db, "SELECT id, name, slug FROM tags ORDER BY name");
  return read_rows(query, read_tag_row);
}

}  // namespace tribune
