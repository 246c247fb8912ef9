// Store::copy_into: every table's rows from one database into a new one, whichever the two
// engines, through the SQL both read. Search indexes are made again on the target, not
// copied: each engine keeps its own kind.
#include <string>
#include <vector>

#include "store/sql/connection.h"
#include "store/sql/sql_store.h"

namespace tribune {
namespace {

using sql::Statement;

struct CopiedTable {
  const char* name;
  // A column naming another row of the same table (a parent), filled in once every row is
  // in, since a parent may come after its child; nullptr when none.
  const char* self_reference = nullptr;
  bool identity = false;  // its `id` is made by the database for new rows
};

// Every table, each after those it refers to.
constexpr CopiedTable kTables[] = {
    {"meta"},
    {"settings"},
    {"authors", nullptr, true},
    {"sections", "parent_id", true},
    {"articles", "translation_of", true},
    {"tags", nullptr, true},
    {"article_tags"},
    {"article_views_daily"},
    {"article_views_hourly"},
    {"comments", "parent_id", true},
    {"subscribers", nullptr, true},
    {"subscriber_sections"},
    {"outbox", nullptr, true},
    {"sender_refusal"},
    {"users", nullptr, true},
    {"sessions"},
    {"login_tokens"},
    {"failed_logins"},
    {"revisions", nullptr, true},
    {"audit_log", nullptr, true},
    {"slug_redirects"},
    {"retired_slugs"},
    {"catalog_redirects"},
    {"static_pages", "parent_id", true},
    {"old_addresses"},
    {"wordpress_ids"},
    {"wordpress_attachments"},
    {"featured_attachments"},
    {"media", nullptr, true},
    {"recent_readers"},
    {"view_keys"},
    {"recent_actions"},
};

Result<std::int64_t> count_rows(sql::Connection* db, const std::string& table) {
  Statement counted(db, "SELECT count(*) FROM " + table);
  return sql::read_row(
      counted, [](const Statement& row) { return row.integer(0); },
      make_error(Errc::storage, "no count of " + table));
}

// Copies `table`'s rows from `from` to `to` (inside the caller's transaction on `to`); how
// many.
Result<std::int64_t> copy_table(sql::Connection* from, sql::Connection* to,
                                const CopiedTable& table) {
  Statement rows(from, std::string("SELECT * FROM ") + table.name);
  std::string insert;
  int self_column = -1;
  std::vector<std::pair<std::string, std::string>> parents;  // (id, parent id)
  std::int64_t copied = 0;
  while (rows.step()) {
    const int columns = rows.column_count();
    if (insert.empty()) {
      std::string names, values;
      for (int c = 0; c < columns; ++c) {
        const std::string name = rows.column_name(c);
        if (table.self_reference != nullptr && name == table.self_reference) self_column = c;
        names += (c > 0 ? ", " : "") + name;
        values += (c > 0 ? ", ?" : "?") + std::to_string(c + 1);
      }
      insert =
          std::string("INSERT INTO ") + table.name + " (" + names + ") VALUES (" + values + ")";
    }
    Statement add(to, insert);
    for (int c = 0; c < columns; ++c) {
      // As text: each engine reads it back as the column's type.
      if (rows.is_null(c) || c == self_column) {
        add.bind_null(c + 1);
      } else {
        add.bind(c + 1, rows.text(c));
      }
    }
    if (self_column >= 0 && !rows.is_null(self_column)) {
      parents.emplace_back(rows.text(0), rows.text(self_column));  // id is the first column
    }
    TRIBUNE_TRY(add.run());
    ++copied;
  }
  if (rows.failed()) return with_source(rows.step_error(), table.name);
  for (const auto& [id, parent] : parents) {
    Statement link(to, std::string("UPDATE ") + table.name + " SET " + table.self_reference +
                           " = ?2 WHERE id = ?1");
    link.bind(1, id).bind(2, parent);
    TRIBUNE_TRY(link.run());
  }
  return copied;
}

}  // namespace

Result<std::vector<std::pair<std::string, std::int64_t>>> SqlStore::copy_into(Store& target_store) {
  auto* target = dynamic_cast<SqlStore*>(&target_store);
  if (target == nullptr || target == this) {
    return make_error(Errc::invalid_input, "the target is not another SQL database");
  }
  Reader reader(*this);
  std::vector<std::pair<std::string, std::int64_t>> copied;
  {
    std::lock_guard lock(target->mutex_);
    sql::Connection* to = target->db_;
    for (const char* table : {"articles", "settings", "subscribers"}) {
      auto held = count_rows(to, table);
      if (!held) return held.error();
      if (*held > 0) {
        return make_error(Errc::conflict, std::string("the target database holds ") + table +
                                              " already: copy into a new, empty one");
      }
    }
    sql::Transaction transaction(to);
    if (!transaction.begun()) return to->error("begin");
    TRIBUNE_TRY(to->execute("DELETE FROM meta"));  // the new database's starting values
    for (const CopiedTable& table : kTables) {
      auto rows = copy_table(reader.db(), to, table);
      if (!rows) return rows.error();
      if (table.identity) TRIBUNE_TRY(target->engine_->continue_ids_after_copy(to, table.name));
      auto source_count = count_rows(reader.db(), table.name);
      if (!source_count) return source_count.error();
      auto target_count = count_rows(to, table.name);
      if (!target_count) return target_count.error();
      if (*rows != *source_count || *target_count != *source_count) {
        return make_error(Errc::storage,
                          std::string(table.name) + ": " + std::to_string(*source_count) +
                              " rows in the source, " + std::to_string(*target_count) +
                              " in the copy: nothing was kept");
      }
      copied.emplace_back(table.name, *rows);
    }
    TRIBUNE_TRY(transaction.commit());
  }
  TRIBUNE_TRY(target->rebuild_search_index());
  return copied;
}

}  // namespace tribune
