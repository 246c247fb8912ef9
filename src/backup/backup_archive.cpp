// Backup archives (backup/backup_archive.h): written and read with libarchive, a tar in
// the POSIX (pax) format compressed with gzip, which any `tar xzf` also unpacks by hand.
#include "backup/backup_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/fs.h"

namespace tribune {
namespace {

namespace stdfs = std::filesystem;

constexpr int kManifestFormat = 1;
// A manifest is a few lines; anything larger is not one.
constexpr la_int64_t kMaxManifestBytes = 64 * 1024;
constexpr std::size_t kCopyBufferBytes = 256 * 1024;

Error io_error(const stdfs::path& path, std::string message) {
  Error error = make_error(Errc::io, std::move(message));
  error.source = path.string();
  return error;
}

Error errno_error(const stdfs::path& path) { return io_error(path, std::strerror(errno)); }

// Closes a descriptor at the end of its scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting what close() says (a write the kernel deferred can fail here).
  bool close() {
    int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

// A private folder made with mkdtemp beside `near`, removed with what it holds at the end of
// its scope unless released.
class ScratchFolder {
 public:
  static Result<ScratchFolder> create(const stdfs::path& parent, const std::string& prefix) {
    std::string pattern = (parent / (prefix + "XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) return errno_error(parent);
    return ScratchFolder(pattern);
  }
  ScratchFolder(ScratchFolder&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
  }
  ScratchFolder& operator=(ScratchFolder&&) = delete;
  ~ScratchFolder() {
    std::error_code ignored;
    if (!path_.empty()) stdfs::remove_all(path_, ignored);
  }
  const stdfs::path& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  explicit ScratchFolder(stdfs::path path) : path_(std::move(path)) {}
  stdfs::path path_;
};

struct ArchiveWriterDeleter {
  void operator()(archive* writer) const { archive_write_free(writer); }
};
struct ArchiveReaderDeleter {
  void operator()(archive* reader) const { archive_read_free(reader); }
};
struct EntryDeleter {
  void operator()(archive_entry* entry) const { archive_entry_free(entry); }
};
using ArchiveWriter = std::unique_ptr<archive, ArchiveWriterDeleter>;
using ArchiveReader = std::unique_ptr<archive, ArchiveReaderDeleter>;
using Entry = std::unique_ptr<archive_entry, EntryDeleter>;

std::string archive_message(archive* handle) {
  const char* message = archive_error_string(handle);
  return message != nullptr ? message : "unknown archive error";
}

// `path` relative to `base` when it lies inside it ("theme/style.css"), else empty.
std::string inside(const stdfs::path& base, const stdfs::path& path) {
  stdfs::path relative = path.lexically_normal().lexically_relative(base.lexically_normal());
  if (relative.empty() || *relative.begin() == "..") return {};
  return relative.generic_string();
}

// --- Writing ---

class BackupWriter {
 public:
  BackupWriter(archive* writer, stdfs::path output) : writer_(writer), output_(std::move(output)) {}

  Status add_bytes(const std::string& name, std::string_view bytes) {
    TRIBUNE_TRY(header(name, AE_IFREG, static_cast<la_int64_t>(bytes.size()), std::time(nullptr)));
    if (!bytes.empty() && archive_write_data(writer_, bytes.data(), bytes.size()) < 0) {
      return io_error(output_, archive_message(writer_));
    }
    return Ok{};
  }

  Status add_file(const std::string& name, const stdfs::path& file) {
    FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    struct stat info {};
    if (fd.get() < 0 || ::fstat(fd.get(), &info) != 0) return errno_error(file);
    TRIBUNE_TRY(header(name, AE_IFREG, info.st_size, info.st_mtime));
    // Exactly the size the header announced: a file that grows meanwhile (a log) is cut, one
    // that shrinks is refused, so the archive never disagrees with itself.
    std::vector<char> buffer(kCopyBufferBytes);
    la_int64_t left = info.st_size;
    while (left > 0) {
      ssize_t got = ::read(fd.get(), buffer.data(), std::min<la_int64_t>(left, kCopyBufferBytes));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return errno_error(file);
      if (got == 0) return io_error(file, "the file shrank while it was being copied");
      if (archive_write_data(writer_, buffer.data(), static_cast<std::size_t>(got)) < 0) {
        return io_error(output_, archive_message(writer_));
      }
      left -= got;
    }
    summary_.files += 1;
    summary_.bytes += static_cast<std::uintmax_t>(info.st_size);
    return Ok{};
  }

  Status add_folder(const std::string& name) {
    return header(name, AE_IFDIR, 0, std::time(nullptr));
  }

  const BackupSummary& summary() const { return summary_; }

 private:
  Status header(const std::string& name, unsigned int type, la_int64_t size, std::time_t mtime) {
    Entry entry(archive_entry_new());
    archive_entry_set_pathname(entry.get(), name.c_str());
    archive_entry_set_filetype(entry.get(), type);
    archive_entry_set_perm(entry.get(), type == AE_IFDIR ? 0700 : 0600);
    archive_entry_set_size(entry.get(), size);
    archive_entry_set_mtime(entry.get(), mtime, 0);
    if (archive_write_header(writer_, entry.get()) != ARCHIVE_OK) {
      return io_error(output_, archive_message(writer_));
    }
    return Ok{};
  }

  archive* writer_;
  stdfs::path output_;
  BackupSummary summary_;
};

// Files of the data folder the backup leaves out, as paths relative to it.
struct Leftouts {
  std::string database;    // the live database: its consistent copy goes in instead
  std::string access_log;  // the access log and its rotated copies
  std::string scratch;     // the backup's own scratch folder and output, when inside
  std::string output;

  bool skip(const std::string& relative) const {
    auto is_or_beside = [&](const std::string& name, std::string_view suffix_start) {
      return !name.empty() &&
             (relative == name ||
              (relative.starts_with(name) && relative.size() > name.size() &&
               suffix_start.find(relative[name.size()]) != std::string_view::npos));
    };
    return relative == "tribune.toml" || is_or_beside(database, "-") ||
           is_or_beside(access_log, ".") || is_or_beside(scratch, "/") || is_or_beside(output, ".");
  }
};

}  // namespace

Result<BackupSummary> write_backup(const Config& config, Store& store, const stdfs::path& output) {
  const stdfs::path data_dir = stdfs::absolute(config.data_dir());
  const stdfs::path target = stdfs::absolute(output);
  std::error_code exists_error;
  if (stdfs::exists(stdfs::symlink_status(target, exists_error))) {
    Error error = make_error(Errc::conflict, "already exists");
    error.source = output.string();
    return error;
  }
  auto scratch = ScratchFolder::create(target.parent_path(), ".tribune-backup-");
  if (!scratch) return scratch.error();

  const stdfs::path database = stdfs::absolute(config.resolve("database.path"));
  std::string database_entry = inside(data_dir, database);
  if (database_entry.empty()) database_entry = database.filename().string();
  const stdfs::path database_copy = scratch->path() / "database";
  TRIBUNE_TRY(store.backup_to(database_copy));

  const stdfs::path partial = scratch->path() / "archive";
  FileDescriptor fd(::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0) return errno_error(partial);
  ArchiveWriter writer(archive_write_new());
  if (archive_write_add_filter_gzip(writer.get()) != ARCHIVE_OK ||
      archive_write_set_format_pax_restricted(writer.get()) != ARCHIVE_OK ||
      archive_write_open_fd(writer.get(), fd.get()) != ARCHIVE_OK) {
    return io_error(output, archive_message(writer.get()));
  }
  BackupWriter backup(writer.get(), output);

  char created[32];
  std::time_t now = std::time(nullptr);
  std::strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  nlohmann::json manifest = {{"format", kManifestFormat},
                             {"created_at", created},
                             {"database", database_entry},
                             {"database_backend", config.get("database.backend")}};
  TRIBUNE_TRY(backup.add_bytes(kBackupManifest, manifest.dump(2) + "\n"));
  TRIBUNE_TRY(backup.add_file("tribune.toml", config.file_path()));
  TRIBUNE_TRY(backup.add_file(database_entry, database_copy));

  Leftouts leftouts{.database = inside(data_dir, database),
                    .access_log = {},
                    .scratch = inside(data_dir, scratch->path()),
                    .output = inside(data_dir, target)};
  if (std::string log = config.get("server.access_log"); !log.empty() && log != "-") {
    leftouts.access_log = inside(data_dir, config.resolve("server.access_log"));
  }
  // Sorted, so that two backups of the same folder list their files alike.
  std::vector<stdfs::path> found;
  std::error_code walk_error;
  for (stdfs::recursive_directory_iterator it(data_dir, walk_error), end; !walk_error && it != end;
       it.increment(walk_error)) {
    found.push_back(it->path());
  }
  if (walk_error) return io_error(data_dir, walk_error.message());
  std::sort(found.begin(), found.end());
  for (const stdfs::path& path : found) {
    std::string relative = inside(data_dir, path);
    if (relative.empty() || leftouts.skip(relative)) continue;
    std::error_code status_error;
    stdfs::file_status status = stdfs::symlink_status(path, status_error);
    // Symbolic links and sockets are left out: a restore makes plain files and folders only.
    if (stdfs::is_directory(status)) {
      TRIBUNE_TRY(backup.add_folder(relative));
    } else if (stdfs::is_regular_file(status)) {
      TRIBUNE_TRY(backup.add_file(relative, path));
    }
  }
  if (archive_write_close(writer.get()) != ARCHIVE_OK) {
    return io_error(output, archive_message(writer.get()));
  }
  if (::fsync(fd.get()) != 0 || !fd.close()) return errno_error(partial);
  // link() refuses an existing name where rename() would replace it: a backup never
  // overwrites a file that appeared meanwhile.
  if (::link(partial.c_str(), target.c_str()) != 0) {
    if (errno == EEXIST) {
      Error error = make_error(Errc::conflict, "already exists");
      error.source = output.string();
      return error;
    }
    return errno_error(output);
  }
  return backup.summary();
}

// --- Reading ---

namespace {

// The entry name `name` as a safe path inside the data folder, or empty: relative, no "..",
// no empty or "." parts.
std::string safe_entry_path(std::string_view name) {
  while (name.ends_with('/')) name.remove_suffix(1);
  if (name.empty() || name.front() == '/') return {};
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t slash = name.find('/', start);
    std::string_view part = name.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty() || part == "." || part == "..") return {};
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return std::string(name);
}

class BackupReader {
 public:
  BackupReader(archive* reader, stdfs::path archive_path, stdfs::path root)
      : reader_(reader), archive_(std::move(archive_path)), root_(std::move(root)) {}

  Error invalid(std::string message, std::string entry = {}) const {
    Error error = make_error(Errc::invalid_input, std::move(message), std::move(entry));
    error.source = archive_.string();
    return error;
  }

  // Reads the manifest, which must come first.
  Result<nlohmann::json> manifest() {
    archive_entry* entry = nullptr;
    int status = archive_read_next_header(reader_, &entry);
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
      return invalid("not a Tribune backup: " + archive_message(reader_));
    }
    if (std::string_view(archive_entry_pathname(entry)) != kBackupManifest ||
        archive_entry_filetype(entry) != AE_IFREG ||
        archive_entry_size(entry) > kMaxManifestBytes) {
      return invalid("not a Tribune backup (it does not start with tribune-backup.json)");
    }
    std::string text(static_cast<std::size_t>(archive_entry_size(entry)), '\0');
    if (!text.empty() && archive_read_data(reader_, text.data(), text.size()) !=
                             static_cast<la_ssize_t>(text.size())) {
      return invalid("damaged: " + archive_message(reader_), kBackupManifest);
    }
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object() || !parsed.contains("format") ||
        !parsed["format"].is_number_integer() || !parsed.contains("database") ||
        !parsed["database"].is_string()) {
      return invalid("the manifest is not one Tribune writes", kBackupManifest);
    }
    if (parsed["format"].get<int>() > kManifestFormat) {
      return invalid("made by a newer Tribune (backup format " +
                         std::to_string(parsed["format"].get<int>()) +
                         "): restore it with that version",
                     kBackupManifest);
    }
    return parsed;
  }

  // Unpacks every other entry under the root.
  Status unpack() {
    for (;;) {
      archive_entry* entry = nullptr;
      int status = archive_read_next_header(reader_, &entry);
      if (status == ARCHIVE_EOF) return Ok{};
      if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
        return invalid("damaged: " + archive_message(reader_));
      }
      std::string name =
          archive_entry_pathname(entry) != nullptr ? archive_entry_pathname(entry) : "";
      std::string relative = safe_entry_path(name);
      if (relative.empty()) return invalid("an entry outside the data folder", name);
      stdfs::path path = root_ / relative;
      auto type = archive_entry_filetype(entry);
      if (type == AE_IFDIR) {
        TRIBUNE_TRY(fs::create_private_directory(path));
      } else if (type == AE_IFREG) {
        TRIBUNE_TRY(fs::create_private_directory(path.parent_path()));
        TRIBUNE_TRY(write_entry(path, name));
      } else {
        return invalid("an entry that is neither a file nor a folder", name);
      }
    }
  }

  const BackupSummary& summary() const { return summary_; }

 private:
  Status write_entry(const stdfs::path& path, const std::string& name) {
    FileDescriptor fd(
        ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.get() < 0) {
      return errno == EEXIST ? Status(invalid("the same entry twice", name)) : errno_error(path);
    }
    std::array<char, kCopyBufferBytes> buffer;
    for (;;) {
      la_ssize_t got = archive_read_data(reader_, buffer.data(), buffer.size());
      if (got == 0) break;
      if (got < 0) return invalid("damaged: " + archive_message(reader_), name);
      for (la_ssize_t written = 0; written < got;) {
        ssize_t put =
            ::write(fd.get(), buffer.data() + written, static_cast<std::size_t>(got - written));
        if (put < 0 && errno == EINTR) continue;
        if (put < 0) return errno_error(path);
        written += put;
      }
      summary_.bytes += static_cast<std::uintmax_t>(got);
    }
    if (::fsync(fd.get()) != 0 || !fd.close()) return errno_error(path);
    summary_.files += 1;
    return Ok{};
  }

  archive* reader_;
  stdfs::path archive_;
  stdfs::path root_;
  BackupSummary summary_;
};

// True when `dir` does not exist or is an empty folder.
Result<bool> absent_or_empty(const stdfs::path& dir) {
  std::error_code error;
  stdfs::file_status status = stdfs::symlink_status(dir, error);
  if (!stdfs::exists(status)) return true;
  if (!stdfs::is_directory(status)) return false;
  bool empty = stdfs::is_empty(dir, error);
  if (error) return io_error(dir, error.message());
  return empty;
}

}  // namespace

Result<BackupSummary> restore_backup(const stdfs::path& archive_path, const stdfs::path& data_dir) {
  const stdfs::path target = stdfs::absolute(data_dir).lexically_normal();
  auto empty = absent_or_empty(target);
  if (!empty) return empty.error();
  if (!*empty) {
    Error error = make_error(Errc::conflict,
                             "is not an empty folder: a backup is restored into a new data folder "
                             "only, never over a live one");
    error.source = data_dir.string();
    return error;
  }
  stdfs::path parent = (target.has_filename() ? target : target.parent_path()).parent_path();
  TRIBUNE_TRY(fs::create_private_directory(parent));
  auto staging = ScratchFolder::create(parent, "." + target.filename().string() + ".restoring-");
  if (!staging) return staging.error();

  ArchiveReader reader(archive_read_new());
  archive_read_support_filter_gzip(reader.get());
  archive_read_support_format_tar(reader.get());
  if (archive_read_open_filename(reader.get(), archive_path.c_str(), kCopyBufferBytes) !=
      ARCHIVE_OK) {
    bool exists = std::filesystem::exists(archive_path);
    Error error =
        make_error(exists ? Errc::invalid_input : Errc::io,
                   (exists ? "not a Tribune backup: " : "") + archive_message(reader.get()));
    error.source = archive_path.string();
    return error;
  }
  BackupReader unpacker(reader.get(), archive_path, staging->path());
  auto manifest = unpacker.manifest();
  if (!manifest) return manifest.error();
  TRIBUNE_TRY(unpacker.unpack());

  const std::string database_entry = safe_entry_path((*manifest)["database"].get<std::string>());
  if (database_entry.empty() || !stdfs::is_regular_file(staging->path() / database_entry) ||
      !stdfs::is_regular_file(staging->path() / "tribune.toml")) {
    return unpacker.invalid("incomplete: the database or tribune.toml is missing");
  }
  // The restored folder must start: its settings read, and its database opened where they
  // say (migrated from an older Tribune, refused from a newer one). A database kept outside
  // the backed-up folder comes back inside the new one.
  auto config = Config::load(staging->path());
  if (!config) return config.error();
  if (stdfs::absolute(config->resolve("database.path")).lexically_normal() !=
      (staging->path() / database_entry).lexically_normal()) {
    TRIBUNE_TRY(config->set("database.path", database_entry));
    TRIBUNE_TRY(config->save());
  }
  {
    auto store = open_store(*config);
    if (!store) return store.error();
  }
  if (stdfs::exists(target) && ::rmdir(target.c_str()) != 0) return errno_error(target);
  if (::rename(staging->path().c_str(), target.c_str()) != 0) return errno_error(target);
  staging->release();
  return unpacker.summary();
}

}  // namespace tribune
