// `tribune import markdown`: bad input gives one line naming file and field, a non-zero
// exit, and nothing imported.
#include <gtest/gtest.h>
#include <unistd.h>

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

namespace tribune::testing {
namespace {

// `tribune import pages`: static pages written in Markdown, on their own address, in the
// footer, and in no list or feed.
TEST_F(ImportCommand, StaticPagesHaveTheirAddressAndStayOutOfListsAndFeeds) {
  ASSERT_EQ(import({seed_article().string()}).exit_code, 0);
  write_text(files_ / "pages" / "a-propos.md",
             "---\ntitle: \"À propos\"\ndescription: \"Qui nous sommes.\"\n---\n\n"
             "Une rédaction *indépendante* : elle écrit.\n");
  write_text(files_ / "pages" / "equipe.md",
             "---\ntitle: \"L’équipe\"\npath: a-propos/equipe\n---\n\nAwa, Ibrahim.\n");
  CommandResult saved = run_tribune(
      {"import", "pages", "--data", data_.path().string(), (files_ / "pages").string()});
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  EXPECT_EQ(saved.out, "Saved 2 pages\n");

  ServerProcess server(data_.path());
  HttpResponse about = http_get(server.url("/a-propos/"));
  ASSERT_EQ(about.status, 200);
  // Rendered as an article's body is (French spacing before the colon), without date or byline.
  EXPECT_NE(about.body.find("Une rédaction <em>indépendante</em>\u00a0: elle écrit."),
            std::string::npos);
  EXPECT_EQ(about.body.find("<time"), std::string::npos);
  EXPECT_EQ(about.body.find("rel=\"author\""), std::string::npos);
  EXPECT_EQ(http_get(server.url("/a-propos/equipe/")).status, 200);
  HttpResponse home = http_get(server.url("/"));
  const std::string footer = home.body.substr(home.body.find("<footer"));
  EXPECT_NE(footer.find("<a href=\"/a-propos/\">À propos</a>"), std::string::npos);
  const std::string main = home.body.substr(0, home.body.find("<footer"));
  EXPECT_EQ(main.find("a-propos"), std::string::npos) << "a page is no list item";
  EXPECT_EQ(http_get(server.url("/feed/")).body.find("a-propos"), std::string::npos);

  // Saved again: the page at that path is replaced, not doubled.
  write_text(files_ / "pages" / "a-propos.md", "---\ntitle: \"À propos\"\n---\n\nDepuis 2026.\n");
  ASSERT_EQ(run_tribune({"import", "pages", "--data", data_.path().string(),
                         (files_ / "pages" / "a-propos.md").string()})
                .exit_code,
            0);
  std::string again;
  for (int attempt = 0; attempt < 40; ++attempt) {
    again = http_get(server.url("/a-propos/")).body;
    if (again.find("Depuis 2026.") != std::string::npos) break;
    usleep(50000);
  }
  EXPECT_NE(again.find("Depuis 2026."), std::string::npos);
  const std::string footer_again = again.substr(again.find("<footer"));
  EXPECT_EQ(footer_again.find("a-propos/\">À propos"), footer_again.rfind("a-propos/\">À propos"));
}

TEST_F(ImportCommand, ABadPageNamesItsFileAndFieldAndSavesNothing) {
  write_text(files_ / "good.md", "---\ntitle: \"Contact\"\n---\n\nÉcrivez-nous.\n");
  write_text(files_ / "orphan.md", "---\ntitle: \"Équipe\"\npath: qui/equipe\n---\n\nNous.\n");
  CommandResult orphan =
      run_tribune({"import", "pages", "--data", data_.path().string(),
                   (files_ / "good.md").string(), (files_ / "orphan.md").string()});
  expect_one_line_error(orphan, {"orphan.md", "path:", "no page at 'qui'"});
  write_text(files_ / "bad.md", "---\ntitle: \"X\"\npath: \"../etc\"\n---\n\nTexte.\n");
  CommandResult bad = run_tribune(
      {"import", "pages", "--data", data_.path().string(), (files_ / "bad.md").string()});
  expect_one_line_error(bad, {"bad.md", "path:"});
  ServerProcess server(data_.path());
  EXPECT_EQ(http_get(server.url("/contact/")).status, 404) << "nothing of the batch was saved";
}

}  // namespace
}  // namespace tribune::testing
