// `tribune backup` and `tribune restore` through the real binary: a backup taken while the
// server serves readers and an import writes holds everything acknowledged before it, comes
// back as a site that starts, and a restore never touches a live folder nor writes outside the
// new one, whatever the archive holds.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <thread>

#include "support/database.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

namespace stdfs = std::filesystem;

constexpr const char* kSeedPath =
    "/2025/07/11/lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita/";

// The names of the entries of the archive at `path`, in order ("" when it cannot be read).
std::vector<std::string> entry_names(const stdfs::path& path) {
  std::vector<std::string> names;
  archive* reader = archive_read_new();
  archive_read_support_filter_all(reader);
  archive_read_support_format_all(reader);
  if (archive_read_open_filename(reader, path.c_str(), 65536) == ARCHIVE_OK) {
    archive_entry* entry = nullptr;
    while (archive_read_next_header(reader, &entry) == ARCHIVE_OK) {
      names.emplace_back(archive_entry_pathname(entry));
    }
  }
  archive_read_free(reader);
  return names;
}

// An entry of a hand-made archive: its name, type, and content (a link's target for links).
struct Entry {
  std::string name;
  unsigned int type = AE_IFREG;
  std::string content;
};

// Writes a gzip-compressed tar holding `entries`, as an attacker or a damaged disk might.
void write_archive(const stdfs::path& path, const std::vector<Entry>& entries) {
  archive* writer = archive_write_new();
  archive_write_add_filter_gzip(writer);
  archive_write_set_format_pax_restricted(writer);
  ASSERT_EQ(archive_write_open_filename(writer, path.c_str()), ARCHIVE_OK);
  for (const Entry& item : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, item.name.c_str());
    archive_entry_set_filetype(entry, item.type);
    archive_entry_set_perm(entry, 0644);
    if (item.type == AE_IFLNK) {
      archive_entry_set_symlink(entry, item.content.c_str());
    } else {
      archive_entry_set_size(entry, static_cast<la_int64_t>(item.content.size()));
    }
    archive_write_header(writer, entry);
    if (item.type == AE_IFREG) archive_write_data(writer, item.content.data(), item.content.size());
    archive_entry_free(entry);
  }
  archive_write_close(writer);
  archive_write_free(writer);
}

class BackupCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(create_seed_site(data_.path()), "");
    write_text(data_.path() / "theme" / "style.css", "body { color: #222; }\n");
  }

  CommandResult backup(const stdfs::path& output) {
    return run_tribune({"backup", "--data", data_.path().string(), "--output", output.string()});
  }
  CommandResult restore(const stdfs::path& archive, const stdfs::path& into) {
    return run_tribune({"restore", "--data", into.string(), archive.string()});
  }

  TempDir data_;
  TempDir out_;
};

// Markdown files for an import: `count` articles named PREFIX-N.
void write_articles(const stdfs::path& dir, const std::string& prefix, int count) {
  for (int i = 0; i < count; ++i) {
    write_text(dir / (prefix + "-" + std::to_string(i) + ".md"),
               "---\ntitle: \"Article " + prefix + " " + std::to_string(i) +
                   "\"\nauthor: \"Awa Diallo\"\ncategory: [\"Sahel\"]\n"
                   "date: 2026-03-01T08:00:00Z\n---\n\nLe fleuve a monté de " +
                   std::to_string(i) + " centimètres.\n");
  }
}

TEST_F(BackupCommand, ABackupUnderLoadComesBackAsASiteHoldingEverythingAcknowledgedBefore) {
  TempDir first, second;
  write_articles(first.path(), "avant", 100);
  write_articles(second.path(), "pendant", 300);
  std::vector<std::string> args = {"import", "markdown", "--data", data_.path().string()};
  CommandResult before = run_tribune([&] {
    std::vector<std::string> all = args;
    for (const auto& file : stdfs::directory_iterator(first.path())) all.push_back(file.path());
    return all;
  }());
  ASSERT_EQ(before.exit_code, 0) << before.err;

  ServerProcess server(data_.path());
  // Readers (each view is written once a second) and an import, while the backup runs.
  std::atomic<bool> stop{false};
  std::atomic<int> served{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) {
    readers.emplace_back([&, i] {
      while (!stop) {
        HttpResponse page = http_get(server.url(kSeedPath),
                                     {"User-Agent: Mozilla/5.0 lecteur-" + std::to_string(i)});
        if (page.status == 200) ++served;
      }
    });
  }
  std::thread importer([&] {
    std::vector<std::string> all = args;
    for (const auto& file : stdfs::directory_iterator(second.path())) all.push_back(file.path());
    run_tribune(all);
  });
  while (served < 20) std::this_thread::yield();
  const stdfs::path archive = out_ / "site.tar.gz";
  CommandResult backed_up = backup(archive);
  stop = true;
  importer.join();
  for (std::thread& reader : readers) reader.join();
  ASSERT_EQ(backed_up.exit_code, 0) << backed_up.err;
  EXPECT_NE(backed_up.out.find("Backed up"), std::string::npos) << backed_up.out;

  struct stat info {};
  ASSERT_EQ(::stat(archive.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u) << "the archive holds the site's secrets";
  std::vector<std::string> names = entry_names(archive);
  ASSERT_GE(names.size(), 3u);
  EXPECT_EQ(names[0], "tribune-backup.json");
  auto has = [&](const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  EXPECT_TRUE(has("tribune.toml"));
  EXPECT_TRUE(has("tribune.db"));
  EXPECT_TRUE(has("theme/style.css"));
  EXPECT_FALSE(has("tribune.db-wal")) << "the live database's files stay out";
  EXPECT_FALSE(has("tribune.db-shm"));
  EXPECT_FALSE(has("access.log"));
  for (const auto& file : stdfs::directory_iterator(out_.path())) {
    EXPECT_EQ(file.path().filename(), "site.tar.gz") << "no scratch file is left behind";
  }

  TempDir restored_parent;
  const stdfs::path restored = restored_parent / "sahel";
  CommandResult back = restore(archive, restored);
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(query_sql(restored, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(query_sql(restored, "SELECT count(*) FROM articles WHERE slug LIKE 'article-avant-%'"),
            "100")
      << "every article whose import was acknowledged before the backup";
  EXPECT_EQ(read_text(restored / "theme" / "style.css"), "body { color: #222; }\n");
  EXPECT_EQ(read_text(restored / "tribune.toml"), read_text(data_.path() / "tribune.toml"));

  server.stop();
  ServerProcess again(restored);
  HttpResponse page = http_get(again.url(kSeedPath));
  EXPECT_EQ(page.status, 200);
}

TEST_F(BackupCommand, ABackupNeverOverwritesAFile) {
  const stdfs::path archive = out_ / "taken.tar.gz";
  write_text(archive, "précieux");
  expect_one_line_error(backup(archive), {"already exists"});
  EXPECT_EQ(read_text(archive), "précieux");
}

TEST_F(BackupCommand, RestoreRefusesALiveDataFolder) {
  const stdfs::path archive = out_ / "site.tar.gz";
  ASSERT_EQ(backup(archive).exit_code, 0);
  ASSERT_EQ(set_config(data_.path(), "site.name", "Après la sauvegarde"), "");
  std::string database = read_text(data_.path() / "tribune.db");
  expect_one_line_error(restore(archive, data_.path()), {"not an empty folder"});
  EXPECT_EQ(read_text(data_.path() / "tribune.db"), database);

  TempDir empty;
  EXPECT_EQ(restore(archive, empty.path()).exit_code, 0) << "an empty folder is fine";
  EXPECT_TRUE(stdfs::exists(empty / "tribune.db"));
}

TEST_F(BackupCommand, RestoreRefusesWhatIsNotAWholeTribuneBackup) {
  const stdfs::path good = out_ / "site.tar.gz";
  ASSERT_EQ(backup(good).exit_code, 0);
  std::string bytes = read_text(good);
  const stdfs::path cut = out_ / "cut.tar.gz";
  write_text(cut, bytes.substr(0, bytes.size() / 2));
  const stdfs::path text = out_ / "notes.txt";
  write_text(text, "pas une sauvegarde\n");
  const stdfs::path plain_tar = out_ / "plain.tar.gz";
  write_archive(plain_tar, {{"tribune.toml", AE_IFREG, "[server]\n"}});
  const stdfs::path no_database = out_ / "no-database.tar.gz";
  write_archive(no_database,
                {{"tribune-backup.json", AE_IFREG, R"({"format":1,"database":"tribune.db"})"},
                 {"tribune.toml", AE_IFREG, "[server]\n"}});
  const stdfs::path newer = out_ / "newer.tar.gz";
  write_archive(newer,
                {{"tribune-backup.json", AE_IFREG, R"({"format":99,"database":"tribune.db"})"}});

  TempDir parent;
  for (auto [archive, message] : {std::pair{cut, "damaged"},
                                  {text, "not a Tribune backup"},
                                  {plain_tar, "not a Tribune backup"},
                                  {no_database, "the database or tribune.toml is missing"},
                                  {newer, "newer Tribune"}}) {
    SCOPED_TRACE(archive.filename().string());
    expect_one_line_error(restore(archive, parent / "site"), {message});
    EXPECT_FALSE(stdfs::exists(parent / "site")) << "nothing is left half restored";
    EXPECT_TRUE(stdfs::is_empty(parent.path())) << "not even the scratch folder";
  }
}

TEST_F(BackupCommand, RestoreWritesNothingOutsideTheNewFolder) {
  const std::string manifest = R"({"format":1,"database":"tribune.db"})";
  TempDir parent;
  const stdfs::path target = parent / "site";
  const stdfs::path escaped = parent / "escaped";
  for (const Entry& hostile :
       {Entry{"../escaped", AE_IFREG, "x"}, Entry{"/tmp/tribune-restore-absolute", AE_IFREG, "x"},
        Entry{"theme/../../escaped", AE_IFREG, "x"}, Entry{"theme", AE_IFLNK, escaped.string()},
        Entry{"fifo", AE_IFIFO, ""}}) {
    SCOPED_TRACE(hostile.name);
    const stdfs::path archive = out_ / "hostile.tar.gz";
    stdfs::remove(archive);
    write_archive(
        archive,
        {{"tribune-backup.json", AE_IFREG, manifest}, hostile, {"theme/style.css", AE_IFREG, "x"}});
    CommandResult result = restore(archive, target);
    EXPECT_NE(result.exit_code, 0);
    EXPECT_FALSE(stdfs::exists(target));
    EXPECT_FALSE(stdfs::exists(escaped));
    EXPECT_FALSE(stdfs::exists("/tmp/tribune-restore-absolute"));
    EXPECT_TRUE(stdfs::is_empty(parent.path()));
  }
}

}  // namespace
}  // namespace tribune::testing
