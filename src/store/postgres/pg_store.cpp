// Connecting to PostgreSQL, migrating under an advisory lock, and the engine's own parts.
#include "store/postgres/pg_store.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/fs.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_notifications.h"
#include "store/postgres/pg_schema.h"
#include "store/postgres/pg_search.h"
#include "store/sql/sql_store.h"

extern char** environ;

namespace tribune {
namespace {

using postgres::PgConnection;

// The session lock every server takes to migrate: the first migrates, the others wait and
// then find nothing left to do.
constexpr std::int64_t kMigrationLock = 7395041;

class PostgresEngine final : public sql::Engine {
 public:
  explicit PostgresEngine(std::string url) : url_(url), listener_(std::move(url)) {}

  Result<std::unique_ptr<sql::Connection>> open_reader() override {
    auto reader = PgConnection::open(url_);
    if (!reader) return reader.error();
    return std::unique_ptr<sql::Connection>(std::move(*reader));
  }
  Status reindex_for_search(sql::Connection* db, std::string_view condition,
                            std::int64_t id) override {
    return postgres::reindex_for_search(db, condition, id);
  }
  Status rebuild_search_index(sql::Connection* db) override {
    return postgres::rebuild_search_index(db);
  }
  Result<SearchResults> search(sql::Connection* db, const SearchRequest& request) override {
    return postgres::search(db, request);
  }
  Status backup_to(sql::Connection* db, const std::filesystem::path& file) override;
  Status continue_ids_after_copy(sql::Connection* db, std::string_view table) override {
    const std::string name(table);
    return db->execute("SELECT setval(pg_get_serial_sequence('" + name +
                       "', 'id'), "
                       "GREATEST((SELECT max(id) FROM " +
                       name + "), 1))");
  }
  bool announces_content_changes() const override { return true; }
  Status announce_content_change(sql::Connection* db) override {
    return postgres::announce_content_change(db);
  }
  bool wait_for_content_change(std::chrono::milliseconds timeout) override {
    return listener_.wait(timeout);
  }

 private:
  std::string url_;
  postgres::ContentListener listener_;
};

// pg_dump's custom format, consistent as of one moment while the servers go on writing;
// pg_restore reads it.
Status PostgresEngine::backup_to(sql::Connection*, const std::filesystem::path& file) {
  auto failed = [&](Error error) -> Status { return with_source(std::move(error), file.string()); };
  // Made private before pg_dump writes a byte, and never over another file.
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                  static_cast<mode_t>(fs::kPrivateFile));
  if (fd < 0) {
    return failed(make_error(errno == EEXIST ? Errc::conflict : Errc::io,
                             errno == EEXIST ? "already exists" : std::strerror(errno)));
  }
  ::close(fd);
  const std::string output = "--file=" + file.string();
  const std::string database = "--dbname=" + url_;
  const char* arguments[] = {"pg_dump",      "--format=custom", "--no-owner",
                             output.c_str(), database.c_str(),  nullptr};
  pid_t child = 0;
  int status = 0;
  const int spawned = posix_spawnp(&child, "pg_dump", nullptr, nullptr,
                                   const_cast<char* const*>(arguments), environ);
  if (spawned != 0 || waitpid(child, &status, 0) < 0 || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    std::filesystem::remove(file);
    return failed(make_error(
        Errc::io, spawned != 0 ? "cannot run pg_dump (postgresql-client)" : "pg_dump failed"));
  }
  return Ok{};
}

Result<int> schema_version(sql::Connection* db) {
  TRIBUNE_TRY(
      db->execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL); "
                  "INSERT INTO schema_version SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM "
                  "schema_version)"));
  sql::Statement query(db, "SELECT version FROM schema_version");
  if (!query.step()) return query.step_error();
  return static_cast<int>(query.integer(0));
}

// Applies the migrations the database lacks, each in its own transaction, holding the
// migration lock throughout.
Status migrate(sql::Connection* db) {
  TRIBUNE_TRY(db->execute("SELECT pg_advisory_lock(" + std::to_string(kMigrationLock) + ")"));
  auto migrated = [&]() -> Status {
    auto current = schema_version(db);
    if (!current) return current.error();
    const int latest = postgres::latest_schema_version();
    if (*current > latest) {
      return make_error(Errc::storage, "the database has schema version " +
                                           std::to_string(*current) +
                                           ", newer than this tribune (" + std::to_string(latest) +
                                           "): upgrade tribune");
    }
    for (int version = *current + 1; version <= latest; ++version) {
      Status applied = db->execute(
          std::string("BEGIN; ") + postgres::migration(version) +
          "; UPDATE schema_version SET version = " + std::to_string(version) + "; COMMIT");
      if (!applied) {
        (void)db->execute("ROLLBACK");
        Error error = applied.error();
        error.message = "migration " + std::to_string(version) + ": " + error.message;
        return error;
      }
    }
    return Ok{};
  }();
  (void)db->execute("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLock) + ")");
  return migrated;
}

}  // namespace

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url) {
  auto writer = PgConnection::open(url);
  if (!writer) return writer.error();
  TRIBUNE_TRY(migrate(writer->get()));
  return std::unique_ptr<Store>(
      new SqlStore(std::move(*writer), std::make_unique<PostgresEngine>(url)));
}

}  // namespace tribune
