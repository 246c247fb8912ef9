// `tribune import markdown`: bad input gives one line naming file and field, a non-zero
// exit, and nothing imported.
#include <gtest/gtest.h>

#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

constexpr const char* kGood =
    "---\ntitle: \"Bon article\"\nauthor: \"Awa Diallo\"\ncategory: [\"Culture\"]\n"
    "date: 2026-03-01T08:00:00Z\n---\n\nTexte.\n";

class ImportCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_tribune({"init", "--data", data_.path().string()}).exit_code, 0);
  }
  CommandResult import(const std::vector<std::string>& files) {
    std::vector<std::string> args = {"import", "markdown", "--data", data_.path().string()};
    args.insert(args.end(), files.begin(), files.end());
    return run_tribune(args);
  }
  int article_count() {
    // The home page lists what was imported; a fresh site lists nothing.
    CommandResult result = run_tribune({"user", "list", "--data", data_.path().string()});
    return static_cast<int>(std::count(result.out.begin(), result.out.end(), '\n'));
  }
  TempDir data_;
  TempDir files_;
};

void expect_one_line_error(const CommandResult& result, const std::string& file,
                           const std::string& field) {
  EXPECT_NE(result.exit_code, 0);
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_NE(result.err.find(file), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(field + ":"), std::string::npos) << result.err;
}

TEST_F(ImportCommand, SeedImports) {
  CommandResult result = import({seed_article().string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Imported 1 article"), std::string::npos);
}

TEST_F(ImportCommand, OneBadFileImportsNothingOfTheBatch) {
  write_text(files_ / "good.md", kGood);
  std::string bad = kGood;
  bad.replace(bad.find("title: \"Bon article\"\n"), 21, "");
  write_text(files_ / "bad.md", bad);
  CommandResult result = import({(files_ / "good.md").string(), (files_ / "bad.md").string()});
  expect_one_line_error(result, "bad.md", "title");
  EXPECT_EQ(article_count(), 0) << "the good file's author was not created either";
}

TEST_F(ImportCommand, DuplicateSlugIsRefused) {
  write_text(files_ / "a.md", kGood);
  write_text(files_ / "b.md", kGood);
  CommandResult result = import({(files_ / "a.md").string(), (files_ / "b.md").string()});
  expect_one_line_error(result, "b.md", "slug");
  EXPECT_EQ(article_count(), 0);
}

TEST_F(ImportCommand, OtherBadInput) {
  write_text(files_ / "latin1.md", std::string(kGood) + "caf\xE9\n");
  expect_one_line_error(import({(files_ / "latin1.md").string()}), "latin1.md", "");
  CommandResult missing = import({(files_ / "missing.md").string()});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("missing.md"), std::string::npos);
  std::string bad_date = kGood;
  bad_date.replace(bad_date.find("2026-03-01T08:00:00Z"), 20, "hier");
  write_text(files_ / "date.md", bad_date);
  expect_one_line_error(import({(files_ / "date.md").string()}), "date.md", "date");
}

TEST_F(ImportCommand, UnknownAuthorWithExistingAuthorsOnly) {
  write_text(files_ / "a.md", kGood);
  CommandResult result = run_tribune({"import", "markdown", "--data", data_.path().string(),
                                      "--existing-authors-only", (files_ / "a.md").string()});
  expect_one_line_error(result, "a.md", "author");
  ASSERT_EQ(run_tribune({"user", "add", "--data", data_.path().string(), "--name", "Awa Diallo"})
                .exit_code,
            0);
  result = run_tribune({"import", "markdown", "--data", data_.path().string(),
                        "--existing-authors-only", (files_ / "a.md").string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST(ImportCommandFolder, NotADataFolder) {
  TempDir empty;
  CommandResult result =
      run_tribune({"import", "markdown", "--data", empty.path().string(), seed_article().string()});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("not a Tribune data folder"), std::string::npos);
}

}  // namespace
}  // namespace tribune::testing
