// The SQL implementation of MediaStore (see store/media_store.h): the media library's records.

#include "store/sql/connection.h"
#include "store/sql/sql_store.h"

namespace tribune {

using sql::Statement;
using sql::Transaction;

namespace {

constexpr const char* kMediaColumns =
    "id, name, hash, width, height, alt, caption, credit, added_at, avif";

Media read_media(const Statement& row) {
  Media media;
  media.id = row.integer(0);
  media.name = row.text(1);
  media.hash = row.text(2);
  media.width = static_cast<int>(row.integer(3));
  media.height = static_cast<int>(row.integer(4));
  media.alt = row.text(5);
  media.caption = row.text(6);
  media.credit = row.text(7);
  media.added_at = row.integer(8);
  media.avif = row.integer(9) != 0;
  return media;
}

}  // namespace

Result<Media> SqlStore::add_media(const Media& media) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  Media stored = media;
  stored.added_at = now_seconds();
  Statement insert(db_,
                   "INSERT INTO media (name, hash, width, height, alt, caption, credit, added_at, "
                   "avif) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, stored.name)
      .bind(2, stored.hash)
      .bind(3, stored.width)
      .bind(4, stored.height)
      .bind(5, stored.alt)
      .bind(6, stored.caption)
      .bind(7, stored.credit)
      .bind(8, stored.added_at)
      .bind(9, stored.avif ? 1 : 0);
  Status inserted = insert.run();
  if (!inserted) {
    if (inserted.error().code == Errc::conflict) {
      return make_error(Errc::conflict,
                        "the media library already has a picture named '" + stored.name + "'",
                        "name");
    }
    return inserted.error();
  }
  stored.id = db_->last_insert_id();
  TRIBUNE_TRY(bump_content_version());
  TRIBUNE_TRY(transaction.commit());
  return stored;
}

Result<std::optional<Media>> SqlStore::media_named(std::string_view name) {
  Reader reader(*this);
  Statement query(reader.db(),
                  std::string("SELECT ") + kMediaColumns + " FROM media WHERE name = ?");
  query.bind(1, name);
  if (query.step()) return std::optional<Media>(read_media(query));
  if (query.failed()) return query.step_error();
  return std::optional<Media>();
}

Result<std::vector<Media>> SqlStore::all_media() {
  Reader reader(*this);
  Statement query(reader.db(), std::string("SELECT ") + kMediaColumns +
                                   " FROM media ORDER BY added_at DESC, id DESC");
  return sql::read_rows(query, read_media);
}

}  // namespace tribune
