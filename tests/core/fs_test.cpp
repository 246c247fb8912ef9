// Atomic writes and private folders: the modes of the files that hold a site's secrets.
#include "core/fs.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/temp_dir.h"

namespace tribune {
namespace {

using testing::TempDir;
using testing::write_text;

// The permission bits of `path` (0 when it does not exist).
unsigned mode_of(const std::filesystem::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? info.st_mode & 07777 : 0;
}

TEST(FsWriteFileAtomic, ANewFileIsPrivate) {
  TempDir dir;
  ASSERT_TRUE(fs::write_file_atomic(dir / "secret.toml", "password = 'x'\n").ok());
  EXPECT_EQ(mode_of(dir / "secret.toml"), 0600u);
  EXPECT_EQ(*fs::read_file(dir / "secret.toml"), "password = 'x'\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "secret.toml.tmp"));
}

TEST(FsWriteFileAtomic, ARewriteKeepsTheModeTheOperatorChose) {
  TempDir dir;
  write_text(dir / "tribune.toml", "old\n");
  for (unsigned mode : {0600u, 0640u, 0444u}) {
    ASSERT_EQ(::chmod((dir / "tribune.toml").c_str(), mode), 0);
    ASSERT_TRUE(fs::write_file_atomic(dir / "tribune.toml", "new\n").ok());
    EXPECT_EQ(mode_of(dir / "tribune.toml"), mode);
    EXPECT_EQ(*fs::read_file(dir / "tribune.toml"), "new\n");
  }
}

TEST(FsWriteFileAtomic, ALeftoverOrPlantedTemporaryFileIsNotReused) {
  TempDir dir;
  // A world-readable temporary file left by a crash: its mode must not pass to the new file.
  write_text(dir / "a.toml.tmp", "stale");
  ASSERT_EQ(::chmod((dir / "a.toml.tmp").c_str(), 0666), 0);
  ASSERT_TRUE(fs::write_file_atomic(dir / "a.toml", "fresh").ok());
  EXPECT_EQ(mode_of(dir / "a.toml"), 0600u);
  // A link planted at the temporary name: the file it points to is left alone.
  write_text(dir / "elsewhere", "untouched");
  std::filesystem::create_symlink(dir / "elsewhere", dir / "b.toml.tmp");
  ASSERT_TRUE(fs::write_file_atomic(dir / "b.toml", "content").ok());
  EXPECT_EQ(*fs::read_file(dir / "elsewhere"), "untouched");
  EXPECT_EQ(*fs::read_file(dir / "b.toml"), "content");
  EXPECT_EQ(mode_of(dir / "b.toml"), 0600u);
}

TEST(FsCreatePrivateDirectory, MakesTheFolderPrivateAndLeavesAnExistingOneAlone) {
  TempDir dir;
  ASSERT_TRUE(fs::create_private_directory(dir / "parent" / "news/").ok());
  EXPECT_EQ(mode_of(dir / "parent" / "news"), 0700u);
  ASSERT_EQ(::chmod((dir / "parent" / "news").c_str(), 0750), 0);
  ASSERT_TRUE(fs::create_private_directory(dir / "parent" / "news").ok());
  EXPECT_EQ(mode_of(dir / "parent" / "news"), 0750u);
  write_text(dir / "file", "x");
  EXPECT_FALSE(fs::create_private_directory(dir / "file").ok());
}

TEST(FsReadableByOthers, LooksAtTheGroupAndOtherReadBits) {
  TempDir dir;
  write_text(dir / "dkim.pem", "key");
  ASSERT_EQ(::chmod((dir / "dkim.pem").c_str(), 0600), 0);
  EXPECT_FALSE(fs::readable_by_others(dir / "dkim.pem"));
  ASSERT_EQ(::chmod((dir / "dkim.pem").c_str(), 0640), 0);
  EXPECT_TRUE(fs::readable_by_others(dir / "dkim.pem"));
  ASSERT_EQ(::chmod((dir / "dkim.pem").c_str(), 0604), 0);
  EXPECT_TRUE(fs::readable_by_others(dir / "dkim.pem"));
  EXPECT_FALSE(fs::readable_by_others(dir / "missing.pem"));
}

TEST(FsNearlyFull, UnderTenPercentOrUnderOneGibibyteIsNearlyFull) {
  constexpr std::uintmax_t kGiB = std::uintmax_t{1} << 30;
  EXPECT_FALSE(fs::nearly_full({100 * kGiB, 50 * kGiB, 50 * kGiB}));
  EXPECT_TRUE(fs::nearly_full({100 * kGiB, 9 * kGiB, 9 * kGiB})) << "under 10 %";
  EXPECT_FALSE(fs::nearly_full({100 * kGiB, 11 * kGiB, 10 * kGiB})) << "exactly 10 % is enough";
  EXPECT_TRUE(fs::nearly_full({5 * kGiB, 4 * kGiB, kGiB - 1})) << "under 1 GiB, at 20 %";
  EXPECT_FALSE(fs::nearly_full({0, 0, 0})) << "unknown";
  auto here = std::filesystem::space(std::filesystem::temp_directory_path());
  EXPECT_GT(here.capacity, 0u) << "the real call this rule is given";
}

}  // namespace
}  // namespace tribune
