// The files that hold a site's secrets are its owner's alone: tribune.toml (the SMTP
// password), the database and its -wal and -shm files (the signing key, every subscriber's
// address) and the folder; a rewrite keeps the mode an operator chose, and the server warns
// at start about a DKIM key other users can read.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <regex>

#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

constexpr const char* kSeedPath =
    "/2025/07/11/lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita/";

// The permission bits of `path` (0 when it does not exist).
unsigned mode_of(const std::filesystem::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? info.st_mode & 07777 : 0;
}

TEST(PrivateFiles, InitMakesTheSiteItsOwnersAloneAndConfigSetKeepsTheMode) {
  TempDir parent;
  std::filesystem::path data = parent / "news";
  CommandResult init = run_tribune({"init", "--data", data.string()});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_EQ(mode_of(data), 0700u);
  EXPECT_EQ(mode_of(data / "tribune.toml"), 0600u);
  EXPECT_EQ(mode_of(data / "tribune.db"), 0600u);

  // The atomic rewrite makes a new file: it keeps the old one's mode, whatever it was.
  ASSERT_EQ(set_config(data, "smtp.password", "premier-secret"), "");
  EXPECT_EQ(mode_of(data / "tribune.toml"), 0600u);
  ASSERT_EQ(::chmod((data / "tribune.toml").c_str(), 0640), 0);
  ASSERT_EQ(set_config(data, "smtp.password", "second-secret"), "");
  EXPECT_EQ(mode_of(data / "tribune.toml"), 0640u);
  EXPECT_EQ(run_tribune({"config", "get", "--data", data.string(), "smtp.password"}).out,
            "second-secret\n");
}

TEST(PrivateFiles, TheServersDatabaseFilesArePrivateAndAReadableDkimKeyIsReported) {
  TempDir data;
  ASSERT_EQ(create_seed_site(data.path()), "");
  ASSERT_EQ(set_config(data.path(), "comments.min_seconds", "0"), "");
  ASSERT_EQ(set_config(data.path(), "comments.policy", "publish_all"), "");
  write_text(data / "dkim.pem", "-----BEGIN PRIVATE KEY-----\n");
  ASSERT_EQ(::chmod((data / "dkim.pem").c_str(), 0644), 0);

  auto server = std::make_unique<ServerProcess>(data.path());
  std::string article = http_get(server->url(kSeedPath)).body;
  std::smatch token;
  ASSERT_TRUE(std::regex_search(article, token, std::regex("name=\"token\" value=\"([^\"]*)\"")));
  HttpResponse posted = http_post_form(
      server->url("/comments/"),
      {{"article", "lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita"},
       {"parent", ""},
       {"token", token[1]},
       {"name", "Awa"},
       {"email", "awa@example.org"},
       {"text", "Un commentaire qui passe par le journal de SQLite."}});
  EXPECT_EQ(posted.status, 303);
  EXPECT_EQ(http_get(server->url("/healthz")).status, 200);
  // The write went through the write-ahead log: it and the shared-memory index are as
  // private as the database.
  EXPECT_EQ(mode_of(data / "tribune.db"), 0600u);
  EXPECT_EQ(mode_of(data / "tribune.db-wal"), 0600u);
  EXPECT_EQ(mode_of(data / "tribune.db-shm"), 0600u);
  // One line naming the key; none about the files Tribune made.
  std::string warnings = server->err();
  std::string key = (data / "dkim.pem").string();
  EXPECT_NE(warnings.find("warning: " + key +
                          " (DKIM key) can be read by users other than its "
                          "owner (mode 0644): chmod 600 " +
                          key + "\n"),
            std::string::npos)
      << warnings;
  EXPECT_EQ(warnings.find("tribune.db"), std::string::npos) << warnings;
  EXPECT_EQ(server->stop(), 0);
  EXPECT_NE(
      run_tribune({"comments", "list", "--status", "approved", "--data", data.path().string()})
          .out.find("awa@example.org"),
      std::string::npos);

  // Once the operator fixes the key's mode, the server says nothing more.
  ASSERT_EQ(::chmod((data / "dkim.pem").c_str(), 0600), 0);
  server = std::make_unique<ServerProcess>(data.path());
  EXPECT_EQ(http_get(server->url("/healthz")).status, 200);
  EXPECT_EQ(server->err().find("warning"), std::string::npos) << server->err();
}

}  // namespace
}  // namespace tribune::testing
