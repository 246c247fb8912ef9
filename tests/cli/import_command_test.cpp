// `tribune import markdown`: bad input gives one line naming file and field, a non-zero
// exit, and nothing imported.
#include <gtest/gtest.h>

#include "support/http_client.h"
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
  expect_one_line_error(result, {"bad.md", "title:"});
  EXPECT_EQ(article_count(), 0) << "the good file's author was not created either";
}

TEST_F(ImportCommand, DuplicateSlugIsRefused) {
  write_text(files_ / "a.md", kGood);
  write_text(files_ / "b.md", kGood);
  CommandResult result = import({(files_ / "a.md").string(), (files_ / "b.md").string()});
  expect_one_line_error(result, {"b.md", "slug:"});
  EXPECT_EQ(article_count(), 0);
}

TEST_F(ImportCommand, OtherBadInput) {
  write_text(files_ / "latin1.md", std::string(kGood) + "caf\xE9\n");
  expect_one_line_error(import({(files_ / "latin1.md").string()}), {"latin1.md", ":"});
  CommandResult missing = import({(files_ / "missing.md").string()});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("missing.md"), std::string::npos);
  std::string bad_date = kGood;
  bad_date.replace(bad_date.find("2026-03-01T08:00:00Z"), 20, "hier");
  write_text(files_ / "date.md", bad_date);
  expect_one_line_error(import({(files_ / "date.md").string()}), {"date.md", "date:"});
}

TEST_F(ImportCommand, UnknownAuthorWithExistingAuthorsOnly) {
  write_text(files_ / "a.md", kGood);
  CommandResult result = run_tribune({"import", "markdown", "--data", data_.path().string(),
                                      "--existing-authors-only", (files_ / "a.md").string()});
  expect_one_line_error(result, {"a.md", "author:"});
  ASSERT_EQ(run_tribune({"user", "add", "--data", data_.path().string(), "--name", "Awa Diallo"})
                .exit_code,
            0);
  result = run_tribune({"import", "markdown", "--data", data_.path().string(),
                        "--existing-authors-only", (files_ / "a.md").string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

// An article file: `title` (written as it is, quotes included), `author`, and `category` lines
// (none when empty).
std::string article(const std::string& title, const std::string& author,
                    const std::string& category = "[\"Culture\"]", const std::string& tags = "") {
  return "---\ntitle: " + title + "\nauthor: \"" + author + "\"\n" +
         (category.empty() ? "" : "category: " + category + "\n") +
         (tags.empty() ? "" : "tags: " + tags + "\n") +
         "date: 2026-03-01T08:00:00Z\n---\n\nTexte de " + title + ".\n";
}

TEST_F(ImportCommand, AnUnclosedQuoteIsNamedWithItsLineNotBlamedOnTheNextField) {
  write_text(files_ / "trump.md",
             article("\"Lutte contre le terrorisme : Donald Trump propose son appui",
                     "Sidi Modibo Coulibaly", "[\"Blog\", \"Sécurité\"]"));
  CommandResult result = import({(files_ / "trump.md").string()});
  expect_one_line_error(result, {"trump.md", "title:"});
  EXPECT_NE(result.err.find("trump.md: title: line 2: the \" opening the value is never closed"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("'author' on line 3"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("missing"), std::string::npos) << result.err;
  EXPECT_EQ(article_count(), 0);
}

TEST_F(ImportCommand, AFolderImportsEveryMarkdownFileUnderItInOneRun) {
  std::filesystem::create_directories(files_ / "2026" / "mars");
  write_text(files_ / "b.md", article("\"Deuxième\"", "Awa Diallo"));
  write_text(files_ / "2026" / "mars" / "a.md", article("\"Premier\"", "Awa Diallo"));
  write_text(files_ / "notes.txt", "not an article");
  CommandResult result = import({files_.path().string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Imported 2 articles."), std::string::npos) << result.out;
  ServerProcess server(data_.path());
  EXPECT_EQ(http_get(server.url("/2026/03/01/premier/")).status, 200);
  EXPECT_EQ(http_get(server.url("/2026/03/01/deuxieme/")).status, 200);

  // One transaction: a bad file anywhere under the folder imports nothing.
  TempDir more;
  std::filesystem::create_directories(more / "sub");
  write_text(more / "c.md", article("\"Troisième\"", "Awa Diallo"));
  write_text(more / "sub" / "d.md", article("\"Quatrième", "Awa Diallo"));
  expect_one_line_error(import({more.path().string()}), {"d.md", "title:"});
  EXPECT_EQ(http_get(server.url("/2026/03/01/troisieme/")).status, 404);

  TempDir empty;
  CommandResult nothing = import({empty.path().string()});
  EXPECT_NE(nothing.exit_code, 0);
  EXPECT_NE(nothing.err.find(empty.path().string() + ": the folder holds no .md file"),
            std::string::npos)
      << nothing.err;
}

TEST_F(ImportCommand, TheSummaryListsWhatTheImportCreated) {
  write_text(files_ / "a.md",
             article("\"Un\"", "Awa Diallo", "[\"Culture\", \"Musique\"]", "[\"festival\"]"));
  CommandResult first = import({(files_ / "a.md").string()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("Created 1 author: Awa Diallo\n"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("Created 2 sections: Culture, Culture / Musique\n"), std::string::npos)
      << first.out;
  EXPECT_NE(first.out.find("Created 1 tag: festival\n"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("--existing-authors-only"), std::string::npos) << first.out;

  // A typo in the author's name: the new author shows, the known section does not.
  write_text(files_ / "b.md", article("\"Deux\"", "Awa Dialo", "[\"Culture\"]", "[\"festival\"]"));
  CommandResult typo = import({(files_ / "b.md").string()});
  ASSERT_EQ(typo.exit_code, 0) << typo.err;
  EXPECT_NE(typo.out.find("Created 1 author: Awa Dialo\n"), std::string::npos) << typo.out;
  EXPECT_EQ(typo.out.find("section"), std::string::npos) << typo.out;
  EXPECT_EQ(typo.out.find("tag"), std::string::npos) << typo.out;
  EXPECT_NE(typo.out.find("--existing-authors-only"), std::string::npos) << typo.out;

  // Nothing new: nothing listed, nothing suggested.
  write_text(files_ / "c.md", article("\"Trois\"", "Awa Diallo"));
  CommandResult known = import({(files_ / "c.md").string()});
  ASSERT_EQ(known.exit_code, 0) << known.err;
  EXPECT_EQ(known.out, "Imported 1 article.\n");
}

TEST_F(ImportCommand, ArticlesWithoutACategoryGoToTheDefaultSection) {
  write_text(files_ / "a.md", article("\"Sans rubrique\"", "Awa Diallo", ""));
  write_text(files_ / "b.md", article("\"Rangé\"", "Awa Diallo"));
  write_text(files_ / "c.md", article("\"Lui non plus\"", "Awa Diallo", ""));
  CommandResult result = import({files_.path().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Imported 3 articles."), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("2 articles without a category filed under \"Non classé\""),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("Created 2 sections: Non classé, Culture"), std::string::npos)
      << result.out;

  // The setting names another section; English sites get "Uncategorized".
  ASSERT_EQ(set_config(data_.path(), "import.default_section", "Divers"), "");
  TempDir more;
  write_text(more / "d.md", article("\"Encore une\"", "Awa Diallo", ""));
  CommandResult divers = import({more.path().string()});
  ASSERT_EQ(divers.exit_code, 0) << divers.err;
  EXPECT_NE(divers.out.find("1 article without a category filed under \"Divers\""),
            std::string::npos)
      << divers.out;
  ServerProcess server(data_.path());
  HttpResponse section = http_get(server.url("/category/non-classe/"));
  EXPECT_EQ(section.status, 200);
  EXPECT_NE(section.body.find("Sans rubrique"), std::string::npos);
  EXPECT_NE(section.body.find("Lui non plus"), std::string::npos);
  EXPECT_NE(http_get(server.url("/category/divers/")).body.find("Encore une"), std::string::npos);
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
