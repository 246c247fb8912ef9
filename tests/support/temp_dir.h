// A temporary folder for one test, removed with everything in it when the test ends.
#pragma once

#include <filesystem>
#include <string>

namespace tribune::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Writes `content` to `path`, creating folders; fails the test on error.
void write_text(const std::filesystem::path& path, std::string_view content);

// The whole content of `path`, byte for byte; "" when it cannot be read (the test's own
// checks of the content then fail).
std::string read_text(const std::filesystem::path& path);

// The seed article, tests/data/seed/article.md; throws naming the path when it is missing.
std::filesystem::path seed_article();

}  // namespace tribune::testing
