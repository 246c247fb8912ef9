// `tribune article`, `import markdown --update` and `user add` with accounts: the newsroom's
// desk from the command line, run as the real binary.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

constexpr const char* kStory =
    "---\ntitle: \"Bon article\"\nauthor: \"Awa Diallo\"\ncategory: [\"Culture\"]\n"
    "slug: bon-article\ndate: 2026-03-01T08:00:00Z\n---\n\nTexte.\n";

class ArticleCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_tribune({"init", "--data", data()}).exit_code, 0);
    write_text(files_ / "story.md", kStory);
    CommandResult imported = run_tribune({"import", "markdown", "--data", data(), story()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }
  std::string data() const { return data_.path().string(); }
  std::string story() const { return (files_ / "story.md").string(); }
  CommandResult article(std::vector<std::string> args) {
    args.insert(args.begin(), "article");
    args.insert(args.begin() + 2, {"--data", data()});
    return run_tribune(args);
  }
  TempDir data_;
  TempDir files_;
};

TEST_F(ArticleCommand, ListPublishUnpublishDeleteRestoreRoundTrip) {
  CommandResult list = article({"list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("\tpublished\t2026-03-01T08:00:00Z\tbon-article\tBon article\n"),
            std::string::npos)
      << list.out;

  CommandResult unpublished = article({"unpublish", "bon-article"});
  ASSERT_EQ(unpublished.exit_code, 0) << unpublished.err;
  EXPECT_NE(unpublished.out.find("Unpublished"), std::string::npos);
  EXPECT_NE(article({"list", "--state", "unpublished"}).out.find("bon-article"), std::string::npos);
  EXPECT_EQ(article({"list", "--state", "published"}).out, "");

  CommandResult trashed = article({"delete", "bon-article"});
  ASSERT_EQ(trashed.exit_code, 0) << trashed.err;
  EXPECT_EQ(article({"list"}).out, "") << "the trash is listed only when asked";
  EXPECT_NE(article({"list", "--state", "trash"}).out.find("bon-article"), std::string::npos);

  CommandResult restored = article({"restore", "bon-article"});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_NE(restored.out.find("unpublished"), std::string::npos) << restored.out;
  CommandResult published = article({"publish", "bon-article"});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  EXPECT_NE(article({"list", "--state", "published", "--search", "BON"}).out.find("bon-article"),
            std::string::npos);

  // An unknown article: named on stderr, and nothing changes for the others.
  CommandResult unknown = article({"unpublish", "bon-article", "nowhere"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("nowhere"), std::string::npos) << unknown.err;
  EXPECT_EQ(std::count(unknown.err.begin(), unknown.err.end(), '\n'), 1);
  EXPECT_NE(article({"list", "--state", "published"}).out.find("bon-article"), std::string::npos);

  CommandResult shown = article({"show", "bon-article"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("state\tpublished\n"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("section\tCulture\n"), std::string::npos) << shown.out;
  EXPECT_NE(
      article({"list", "--section", "culture", "--author", "awa-diallo"}).out.find("bon-article"),
      std::string::npos);
  EXPECT_EQ(article({"list", "--section", "sport"}).exit_code, 1) << "no such section";
  EXPECT_NE(article({"list", "--bogus"}).exit_code, 0);
  EXPECT_NE(article({"list", "--state", "lost"}).exit_code, 0);
}

TEST_F(ArticleCommand, ImportUpdateReplacesTheContentKeepingARevision) {
  std::string changed = kStory;
  changed.replace(changed.find("Texte."), 6, "Texte corrigé.");
  write_text(files_ / "story.md", changed);
  CommandResult refused = run_tribune({"import", "markdown", "--data", data(), story()});
  EXPECT_NE(refused.exit_code, 0) << "a taken slug without --update";
  std::string other = kStory;
  other.replace(other.find("bon-article"), 11, "autre");
  write_text(files_ / "new.md", other);
  CommandResult updated = run_tribune(
      {"import", "markdown", "--update", "--data", data(), story(), (files_ / "new.md").string()});
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  EXPECT_NE(updated.out.find("1 created, 1 updated"), std::string::npos) << updated.out;
  CommandResult shown = article({"show", "bon-article"});
  EXPECT_NE(shown.out.find("revisions\t1\n"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("command line\tdescription, body"), std::string::npos) << shown.out;
}

TEST_F(ArticleCommand, UserAddMakesAccountsWithAPasswordOrALoginLink) {
  CommandResult with_password =
      run_tribune({"user", "add", "--data", data(), "--name", "Awa Diallo", "--email",
                   "awa@example.org", "--role", "editor", "--password-stdin"},
                  "correct horse battery\n");
  ASSERT_EQ(with_password.exit_code, 0) << with_password.err;
  EXPECT_EQ(with_password.out.find("/admin/login/"), std::string::npos);

  CommandResult short_password =
      run_tribune({"user", "add", "--data", data(), "--name", "Moussa", "--email",
                   "moussa@example.org", "--role", "author", "--password-stdin"},
                  "short\n");
  EXPECT_NE(short_password.exit_code, 0);
  EXPECT_NE(short_password.err.find("password"), std::string::npos);

  CommandResult invited = run_tribune({"user", "add", "--data", data(), "--name", "Moussa",
                                       "--email", "moussa@example.org", "--role", "author"});
  ASSERT_EQ(invited.exit_code, 0) << invited.err;
  const std::string prefix = "http://127.0.0.1:8080/admin/login/";
  auto at = invited.out.find(prefix);
  ASSERT_NE(at, std::string::npos) << invited.out;
  const std::string token = invited.out.substr(at + prefix.size(), 64);
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);

  CommandResult again = run_tribune({"user", "add", "--data", data(), "--name", "X", "--email",
                                     "MOUSSA@example.org", "--role", "author"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("email"), std::string::npos);

  CommandResult list = run_tribune({"user", "list", "--data", data()});
  EXPECT_NE(list.out.find("awa-diallo\tAwa Diallo\tawa@example.org\teditor\n"), std::string::npos)
      << list.out;
  EXPECT_NE(list.out.find("moussa\tMoussa\tmoussa@example.org\tauthor\n"), std::string::npos)
      << list.out;

  // The database keeps the password's argon2id hash and the link's SHA-256, never either.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((data_.path() / "tribune.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT (SELECT password_hash FROM users WHERE email = "
                               "'awa@example.org'), (SELECT token_hash FROM login_tokens)",
                               -1, &query, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(query), SQLITE_ROW);
  const std::string hash = reinterpret_cast<const char*>(sqlite3_column_text(query, 0));
  const std::string token_hash = reinterpret_cast<const char*>(sqlite3_column_text(query, 1));
  sqlite3_finalize(query);
  sqlite3_close(db);
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(token_hash.size(), 64u);
  EXPECT_NE(token_hash, token);
}

}  // namespace
}  // namespace tribune::testing
