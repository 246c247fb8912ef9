// Temporary folders for tests.
#include "support/temp_dir.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>

namespace tribune::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "tribune-test-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  if (made == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_text(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
  ASSERT_TRUE(out.good()) << "cannot write " << path;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path seed_article() {
  std::filesystem::path path = std::filesystem::path(TRIBUNE_FIXTURES) / "seed" / "article.md";
  // A missing fixture is the suite's own fault: say which file, never skip.
  if (!std::filesystem::is_regular_file(path)) {
    throw std::runtime_error("missing test fixture: " + path.string());
  }
  return path;
}

}  // namespace tribune::testing
