// The SQL implementation of PageStore's writer (see store/page_store.h): static pages written
// in Markdown and saved by path. The WordPress import writes its own (sql_wordpress.cpp).

#include "store/sql/connection.h"
#include "store/sql/sql_store.h"

namespace tribune {

using sql::Statement;
using sql::Transaction;

void SqlStore::bind_page_content(Statement& statement, const StaticPage& page,
                                 std::string_view path, Id parent) {
  statement.bind(1, path)
      .bind(2, page.title)
      .bind(3, page.lang)
      .bind(4, page.description)
      .bind(5, page.body_source)
      .bind(6, body_format_name(page.body_format))
      .bind(7, page.body_html)
      .bind(9, page.position)
      .bind(10, page.draft ? 1 : 0);
  if (parent != 0) {
    statement.bind(8, parent);
  } else {
    statement.bind_null(8);
  }
}

Result<Id> SqlStore::save_static_page(const StaticPage& page, UnixSeconds now) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  Id parent = 0;
  if (const std::size_t slash = page.path.rfind('/'); slash != std::string::npos) {
    const std::string parent_path = page.path.substr(0, slash);
    Statement find(db_, "SELECT id FROM static_pages WHERE path = ?");
    find.bind(1, parent_path);
    if (find.step()) {
      parent = find.integer(0);
    } else if (find.failed()) {
      return find.step_error();
    } else {
      return make_error(Errc::invalid_input,
                        "no page at '" + parent_path + "' to put this one under: save it first",
                        "path");
    }
  }
  Statement save(db_,
                 "INSERT INTO static_pages (path, title, lang, description, body_source, "
                 "body_format, body_html, parent_id, position, draft, published_at, updated_at) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) ON CONFLICT (path) "
                 "DO UPDATE SET title = ?2, lang = ?3, description = ?4, body_source = ?5, "
                 "body_format = ?6, body_html = ?7, parent_id = ?8, position = ?9, draft = ?10, "
                 "updated_at = ?11");
  bind_page_content(save, page, page.path, parent);
  save.bind(11, now);
  TRIBUNE_TRY(save.run());
  Statement id(db_, "SELECT id FROM static_pages WHERE path = ?");
  id.bind(1, page.path);
  if (!id.step()) return id.step_error();
  const Id saved = id.integer(0);
  TRIBUNE_TRY(bump_content_version());
  TRIBUNE_TRY(transaction.commit());
  return saved;
}

}  // namespace tribune
