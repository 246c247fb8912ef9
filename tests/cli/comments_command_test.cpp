// `tribune comments`: the moderation queue from the command line, and what approved
// comments look like on the article page of the real server.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

constexpr const char* kSeedPath =
    "/2025/07/11/lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita/";

// Comments arrive through the store as the comment form will post them; the form is not
// there yet, so the test writes the rows the way the store does.
void insert_comments(const std::filesystem::path& database) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(database.c_str(), &db), SQLITE_OK);
  const char* sql =
      "INSERT INTO comments (id, article_id, parent_id, author_name, author_email, author_url, "
      "body, status, created_at) VALUES "
      "(1, 1, NULL, 'Awa <b>D</b>', 'awa@example.org', 'https://awa.example/', "
      "'Merci pour cet article.\nVoir "
      "https://sahel.example/a?x=1&y=2.\n\n<script>alert(1)</script>', "
      "'pending', 1760000000),"
      "(2, 1, 1, 'Ibrahim', 'i@example.org', 'javascript:alert(1)', 'D’accord avec Awa.', "
      "'pending', 1760000100),"
      "(3, 1, NULL, 'Spammeur', 's@example.org', '', 'Achetez maintenant', 'pending', "
      "1760000200)";
  char* message = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &message), SQLITE_OK) << message;
  sqlite3_close(db);
}

TEST(CommentsCommand, ModerateFromTheCommandLineAndShowOnThePage) {
  TempDir data;
  ASSERT_EQ(run_tribune({"init", "--data", data.path().string()}).exit_code, 0);
  ASSERT_EQ(
      run_tribune({"import", "markdown", "--data", data.path().string(), seed_article().string()})
          .exit_code,
      0);
  insert_comments(data / "tribune.db");
  const std::string folder = data.path().string();

  CommandResult queue = run_tribune({"comments", "list", "--data", folder});
  ASSERT_EQ(queue.exit_code, 0) << queue.err;
  EXPECT_EQ(std::count(queue.out.begin(), queue.out.end(), '\n'), 3) << queue.out;
  EXPECT_NE(queue.out.find("awa@example.org"), std::string::npos);

  CommandResult unknown = run_tribune({"comments", "approve", "--data", folder, "1", "99"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("no comment 99"), std::string::npos);
  std::string still_queued = run_tribune({"comments", "list", "--data", folder}).out;
  EXPECT_EQ(std::count(still_queued.begin(), still_queued.end(), '\n'), 3)
      << "a bulk action with an unknown id moves nothing";

  ASSERT_EQ(run_tribune({"comments", "approve", "--data", folder, "1", "2"}).exit_code, 0);
  ASSERT_EQ(run_tribune({"comments", "spam", "--data", folder, "3"}).exit_code, 0);
  EXPECT_NE(
      run_tribune({"comments", "list", "--data", folder, "--status", "spam"}).out.find("Spammeur"),
      std::string::npos);

  ServerProcess server(data.path());
  std::string page = http_get(server.url(kSeedPath)).body;
  EXPECT_NE(page.find("2 commentaires · 155 vues"), std::string::npos)
      << "the meta line counts approved comments only";
  EXPECT_NE(page.find("<h2>2 commentaires</h2>"), std::string::npos);
  EXPECT_EQ(page.find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("Awa &lt;b&gt;D&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(page.find("Merci pour cet article.<br>Voir <a href=\"https://sahel.example/a?x=1&amp;"
                      "y=2\" rel=\"nofollow ugc noopener\">"),
            std::string::npos);
  EXPECT_NE(page.find("<a href=\"https://awa.example/\" rel=\"nofollow ugc noopener\">"),
            std::string::npos);
  EXPECT_EQ(page.find("javascript:"), std::string::npos) << "no link to a script address";
  std::size_t reply_list =
      page.find("<ol class=\"replies\"><li class=\"comment\" id=\"comment-2\">");
  EXPECT_NE(reply_list, std::string::npos) << "the reply is threaded under its parent";
  EXPECT_EQ(page.find("Achetez maintenant"), std::string::npos);
}

}  // namespace
}  // namespace tribune::testing
