// The SQLite backend's connections (one writer, a pool of readers) and what its aggregates'
// files share: the article and section rows, the section chain, the content version.
#include "store/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/fs.h"
#include "store/editorial_rules.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/search_index.h"
#include "store/sqlite/statement.h"

namespace tribune {

using sqlite::execute;
using sqlite::Statement;

namespace {

// How long a writer waits for another process's transaction before giving up.
constexpr int kBusyTimeoutMs = 5000;

}  // namespace

const char* const SqliteStore::kArticleColumns =
    "a.id, a.slug, a.title, a.lang, a.description, a.word_count, a.published_at, a.updated_at, "
    "a.views, a.draft, a.section_id, au.id, au.name, au.slug, au.bio, (SELECT COUNT(*) FROM "
    "comments c WHERE c.article_id = a.id AND c.status = 'approved'), a.comments_closed, a.state, "
    "a.correction, a.corrected_at, a.trashed_at, COALESCE((SELECT o.slug FROM articles o WHERE "
    "o.id = a.translation_of), ''), a.body_format, a.image, a.image_alt";

Article SqliteStore::read_article_row(const Statement& row, Id& section_id) {
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

const char* const SqliteStore::kSectionColumns = "id, parent_id, name, slug, path, position";

Section SqliteStore::read_section_row(const Statement& row) {
  Section section;
  section.id = row.integer(0);
  if (!row.is_null(1)) section.parent_id = row.integer(1);
  section.name = row.text(2);
  section.slug = row.text(3);
  section.path = row.text(4);
  section.position = static_cast<int>(row.integer(5));
  return section;
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::filesystem::path& path) {
  // The database holds the key that signs form tokens and subscriber links, and every
  // subscriber's address: a new one is made readable by its owner only. SQLite gives the
  // -wal and -shm files it creates beside it the database file's mode.
  if (int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                      static_cast<mode_t>(fs::kPrivateFile));
      fd >= 0) {
    ::close(fd);  // an empty file is an empty database
  }
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Error error = sqlite::database_error(db, "open");
    error.source = path.string();
    sqlite::close_connection(db);
    return error;
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(db, path));
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  // The -wal and -shm files stay when the last connection closes: SQLite opens a WAL database
  // on a filesystem turned read-only (a failing disk remounted, say) only when they exist, and
  // a site whose disk refuses writes should keep serving what it holds.
  int keep_wal_files = 1;
  sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &keep_wal_files);
  // WAL lets the server read while an import writes; synchronous=FULL makes each commit
  // durable before it is acknowledged, even across a power cut. The size limit empties the
  // kept -wal file at close (and bounds it after a checkpoint) rather than leaving a large
  // import's pages on disk.
  Status pragmas = execute(db,
                           "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                           "PRAGMA journal_size_limit = 67108864; PRAGMA foreign_keys = ON;");
  if (!pragmas) {
    pragmas.error().source = path.string();
    return pragmas.error();
  }
  Status migrated = sqlite::migrate(db);
  if (!migrated) {
    migrated.error().source = path.string();
    return migrated.error();
  }
  return store;
}

Status SqliteStore::backup_to(const std::filesystem::path& file) {
  auto failed = [&](Error error) -> Status {
    error.source = file.string();
    return error;
  };
  // The copy holds what the database holds (password hashes, the signing key, subscribers'
  // addresses): made private before the first byte is written, and never over another file.
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                  static_cast<mode_t>(fs::kPrivateFile));
  if (fd < 0) {
    return failed(make_error(errno == EEXIST ? Errc::conflict : Errc::io,
                             errno == EEXIST ? "already exists" : std::strerror(errno)));
  }
  ::close(fd);
  sqlite3* copy = nullptr;
  if (sqlite3_open_v2(file.c_str(), &copy, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    Error error = sqlite::database_error(copy, "open the copy");
    sqlite::close_connection(copy);
    return failed(std::move(error));
  }
  // One step copies every page inside one read transaction of a reader: in WAL mode writers
  // go on meanwhile, and the copy is the database as of that transaction's start. (Steps of
  // a few pages would start over at each write from another connection: under live traffic
  // they might never end.)
  Status copied = Ok{};
  {
    Reader reader(*this);
    sqlite3_backup* backup = sqlite3_backup_init(copy, "main", reader.db(), "main");
    if (backup == nullptr) {
      copied = sqlite::database_error(copy, "start the backup");
    } else {
      int stepped = sqlite3_backup_step(backup, -1);
      sqlite3_backup_finish(backup);
      if (stepped != SQLITE_DONE) copied = sqlite::database_error(copy, "copy the database");
    }
  }
  // The copy leaves WAL mode, so that it is one self-contained file.
  if (copied) copied = execute(copy, "PRAGMA journal_mode = DELETE");
  sqlite::close_connection(copy);
  if (!copied) {
    std::filesystem::remove(file);
    return failed(copied.error());
  }
  return Ok{};
}

SqliteStore::~SqliteStore() {
  for (sqlite3* reader : idle_readers_) sqlite::close_connection(reader);
  sqlite::close_connection(db_);
}

SqliteStore::Reader::Reader(SqliteStore& store) : store_(store) {
  {
    std::lock_guard lock(store_.readers_mutex_);
    if (!store_.idle_readers_.empty()) {
      db_ = store_.idle_readers_.back();
      store_.idle_readers_.pop_back();
      return;
    }
  }
  // Each connection is used by one thread at a time: SQLite's own mutexes are not needed.
  int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(store_.path_.c_str(), &db_, flags, nullptr) == SQLITE_OK &&
      sqlite::register_search(db_)) {
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    return;
  }
  // Cannot happen with a database the writer opened; if it does, read through the writer.
  sqlite::close_connection(db_);
  writer_lock_ = std::unique_lock(store_.mutex_);
  db_ = store_.db_;
}

SqliteStore::Reader::~Reader() {
  if (writer_lock_.owns_lock()) return;
  std::lock_guard lock(store_.readers_mutex_);
  store_.idle_readers_.push_back(db_);
}

Status SqliteStore::bump_content_version() {
  return Statement(db_, "UPDATE meta SET value = value + 1 WHERE key = 'content_version'").run();
}

Result<std::vector<Section>> SqliteStore::section_chain(sqlite3* db, Id section_id) {
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

Status SqliteStore::fill_sections(sqlite3* db, std::vector<Article>& articles,
                                  const std::vector<Id>& section_ids) {
  for (std::size_t i = 0; i < articles.size(); ++i) {
    auto chain = section_chain(db, section_ids[i]);
    if (!chain) return chain.error();
    articles[i].sections = std::move(*chain);
  }
  return Ok{};
}

}  // namespace tribune
