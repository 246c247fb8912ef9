// The SQLite database file: its opening, settings and reader connections, the search index
// through FTS5, and backups through SQLite's online backup API.
#include "store/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/fs.h"
#include "store/sql/sql_store.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/search_index.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/sqlite_search.h"

namespace tribune {
namespace {

using sqlite::SqliteConnection;

class SqliteEngine final : public sql::Engine {
 public:
  explicit SqliteEngine(std::filesystem::path path) : path_(std::move(path)) {}

  Result<std::unique_ptr<sql::Connection>> open_reader() override {
    // Each connection is used by one thread at a time: SQLite's own mutexes are not needed.
    auto reader = SqliteConnection::open(path_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
    if (!reader) return reader.error();
    TRIBUNE_TRY(sqlite::register_search((*reader)->handle()));
    return std::unique_ptr<sql::Connection>(std::move(*reader));
  }

  Status reindex_for_search(sql::Connection* db, std::string_view condition,
                            std::int64_t id) override {
    return sqlite::reindex_for_search(db, condition, id);
  }

  Status rebuild_search_index(sql::Connection* db) override {
    return sqlite::rebuild_search_index(db);
  }

  Result<SearchResults> search(sql::Connection* db, const SearchRequest& request) override {
    return sqlite::search(db, request);
  }

  Status backup_to(sql::Connection* db, const std::filesystem::path& file) override;

 private:
  std::filesystem::path path_;
};

Status SqliteEngine::backup_to(sql::Connection* db, const std::filesystem::path& file) {
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
  auto copy = SqliteConnection::open(file, SQLITE_OPEN_READWRITE);
  if (!copy) return failed(copy.error());
  // One step copies every page inside one read transaction of a reader: in WAL mode writers
  // go on meanwhile, and the copy is the database as of that transaction's start. (Steps of
  // a few pages would start over at each write from another connection: under live traffic
  // they might never end.)
  Status copied = Ok{};
  sqlite3* source = static_cast<SqliteConnection*>(db)->handle();
  sqlite3_backup* backup = sqlite3_backup_init((*copy)->handle(), "main", source, "main");
  if (backup == nullptr) {
    copied = (*copy)->error("start the backup");
  } else {
    int stepped = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    if (stepped != SQLITE_DONE) copied = (*copy)->error("copy the database");
  }
  // The copy leaves WAL mode, so that it is one self-contained file.
  if (copied) copied = (*copy)->execute("PRAGMA journal_mode = DELETE");
  copy->reset();
  if (!copied) {
    std::filesystem::remove(file);
    return failed(copied.error());
  }
  return Ok{};
}

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& path) {
  // The database holds the key that signs form tokens and subscriber links, and every
  // subscriber's address: a new one is made readable by its owner only. SQLite gives the
  // -wal and -shm files it creates beside it the database file's mode.
  if (int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                      static_cast<mode_t>(fs::kPrivateFile));
      fd >= 0) {
    ::close(fd);  // an empty file is an empty database
  }
  auto writer = SqliteConnection::open(
      path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX);
  if (!writer) return writer.error();
  sqlite3* db = (*writer)->handle();
  // The -wal and -shm files stay when the last connection closes: SQLite opens a WAL database
  // on a filesystem turned read-only (a failing disk remounted, say) only when they exist, and
  // a site whose disk refuses writes should keep serving what it holds.
  int keep_wal_files = 1;
  sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &keep_wal_files);
  // WAL lets the server read while an import writes; synchronous=FULL makes each commit
  // durable before it is acknowledged, even across a power cut. The size limit empties the
  // kept -wal file at close (and bounds it after a checkpoint) rather than leaving a large
  // import's pages on disk.
  Status pragmas = (*writer)->execute(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
      "PRAGMA journal_size_limit = 67108864; PRAGMA foreign_keys = ON;");
  if (!pragmas) return with_source(pragmas.error(), path.string());
  Status migrated = sqlite::migrate(writer->get());
  if (!migrated) return with_source(migrated.error(), path.string());
  return std::unique_ptr<Store>(
      new SqlStore(std::move(*writer), std::make_unique<SqliteEngine>(path)));
}

}  // namespace tribune
