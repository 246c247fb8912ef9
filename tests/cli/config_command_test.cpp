// `tribune config get|set`: file settings (tribune.toml) and site settings (database) alike.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "support/database.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

class ConfigCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(
        run_tribune({"init", "--data", dir_.path().string(), "--name", "Sahel Tribune"}).exit_code,
        0);
  }
  CommandResult config(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--data", dir_.path().string()});
    args.insert(args.begin(), "config");
    return run_tribune(args);
  }
  TempDir dir_;
};

TEST_F(ConfigCommand, FileSettingsGoToTribuneToml) {
  EXPECT_EQ(config({"get", "smtp.host"}).out, "\n");
  ASSERT_EQ(config({"set", "smtp.host", "127.0.0.1"}).exit_code, 0);
  ASSERT_EQ(config({"set", "smtp.port", "2525"}).exit_code, 0);
  EXPECT_EQ(config({"get", "smtp.host"}).out, "127.0.0.1\n");
  std::ifstream toml(dir_ / "tribune.toml");
  std::string text((std::istreambuf_iterator<char>(toml)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("[smtp]"), std::string::npos);
  EXPECT_NE(text.find("port = 2525"), std::string::npos);
}

TEST_F(ConfigCommand, SiteSettingsGoToTheDatabase) {
  EXPECT_EQ(config({"get", "site.name"}).out, "Sahel Tribune\n");
  EXPECT_EQ(config({"get", "site.locale"}).out, "fr\n");
  ASSERT_EQ(config({"set", "site.locale", "en"}).exit_code, 0);
  EXPECT_EQ(config({"get", "site.locale"}).out, "en\n");
  EXPECT_EQ(config({"get", "content.protection"}).out, "attribution\n");
}

TEST_F(ConfigCommand, BadValuesAreRefusedAndNothingChanges) {
  CommandResult locale = config({"set", "site.locale", "xx"});
  EXPECT_NE(locale.exit_code, 0);
  EXPECT_NE(locale.err.find("site.locale"), std::string::npos);
  EXPECT_NE(config({"set", "smtp.port", "99999"}).exit_code, 0);
  EXPECT_NE(config({"set", "content.protection", "maximum"}).exit_code, 0);
  CommandResult unknown = config({"get", "no.such.key"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_EQ(config({"get", "site.locale"}).out, "fr\n");
  EXPECT_EQ(config({"get", "smtp.port"}).out, "587\n");
}

// Values the server would refuse at its next start are refused when set, naming the setting.
TEST_F(ConfigCommand, SiteValuesTheServerCouldNotUseAreRefusedWhenSet) {
  for (auto [key, value] :
       {std::pair{"site.permalink", "/%year%/%monthnum%/"},
        std::pair{"site.permalink", "/%year%/%title%/"}, std::pair{"site.url", "example.org"},
        std::pair{"site.url", "https://"}, std::pair{"site.timezone", "Africa/Tombouctou"},
        std::pair{"comments.moderator_email", "moderation"}}) {
    CommandResult refused = config({"set", key, value});
    EXPECT_NE(refused.exit_code, 0) << key << " = " << value;
    EXPECT_NE(refused.err.find(key), std::string::npos) << refused.err;
  }
  EXPECT_EQ(config({"get", "site.permalink"}).out, "/%year%/%monthnum%/%day%/%postname%/\n");
  EXPECT_EQ(config({"get", "site.timezone"}).out, "UTC\n");
  ASSERT_EQ(config({"set", "site.timezone", "Africa/Bamako"}).exit_code, 0);
  ASSERT_EQ(config({"set", "site.url", "https://sahel.example"}).exit_code, 0);
  ASSERT_EQ(config({"set", "site.permalink", "/%category%/%postname%/"}).exit_code, 0);
}

// init saves site settings too: the same checks, before anything is created.
TEST(InitCommand, RefusesWhatConfigSetRefuses) {
  TempDir parent;
  for (auto [option, value] :
       {std::pair{"--url", "sahel.example"}, std::pair{"--url", "ftp://sahel.example"},
        std::pair{"--locale", "xx"}}) {
    CommandResult refused =
        run_tribune({"init", "--data", (parent / "site").string(), option, value});
    EXPECT_NE(refused.exit_code, 0) << option << " " << value;
    EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
    EXPECT_NE(refused.err.find(option), std::string::npos) << refused.err;
    EXPECT_FALSE(std::filesystem::exists(parent / "site")) << "a refused init creates nothing";
  }
}

// Nobody waits for a change that a running server will only see after its restart.
TEST_F(ConfigCommand, SetSaysWhenTheChangeTakesEffect) {
  CommandResult smtp = config({"set", "smtp.host", "mail.sahel.example"});
  ASSERT_EQ(smtp.exit_code, 0) << smtp.err;
  EXPECT_NE(smtp.out.find("restart"), std::string::npos) << "turning mail on: " << smtp.out;
  CommandResult port = config({"set", "smtp.port", "2525"});
  EXPECT_NE(port.out.find("within a second"), std::string::npos) << port.out;
  CommandResult listen = config({"set", "server.listen", "127.0.0.1:8081"});
  EXPECT_NE(listen.out.find("restart"), std::string::npos) << listen.out;
  CommandResult counting = config({"set", "views.counting", "off"});
  EXPECT_NE(counting.out.find("restart"), std::string::npos) << counting.out;
  CommandResult name = config({"set", "site.name", "Le Fleuve"});
  EXPECT_EQ(name.out.find("restart"), std::string::npos) << name.out;
  EXPECT_NE(name.out.find("within a second"), std::string::npos) << name.out;
}

// A value stored before its rule existed (or by hand) stops the server at start, by name,
// instead of failing every page and every reload.
TEST_F(ConfigCommand, TheServerRefusesToStartOnAStoredValueItCannotUse) {
  ASSERT_EQ(run_sql(dir_.path(),
                    "INSERT OR REPLACE INTO settings (key, value) "
                    "VALUES ('site.timezone', 'Mars/Olympus')"),
            "");
  CommandResult served = run_program({"/usr/bin/timeout", "20", TRIBUNE_BINARY, "serve", "--data",
                                      dir_.path().string(), "--listen", "127.0.0.1:0"});
  EXPECT_NE(served.exit_code, 0);
  EXPECT_NE(served.exit_code, 124) << "it started anyway";
  EXPECT_EQ(served.out, "") << "nothing says it serves";
  EXPECT_NE(served.err.find("site.timezone"), std::string::npos) << served.err;
  EXPECT_NE(served.err.find("tribune config set site.timezone"), std::string::npos) << served.err;
}

// A data folder a newer Tribune migrated is refused by every command, with a message.
TEST_F(ConfigCommand, ADataFolderFromANewerTribuneIsRefused) {
  ASSERT_EQ(run_sql(dir_.path(), "PRAGMA user_version = 9999"), "");
  CommandResult served = run_program({"/usr/bin/timeout", "20", TRIBUNE_BINARY, "serve", "--data",
                                      dir_.path().string(), "--listen", "127.0.0.1:0"});
  EXPECT_NE(served.exit_code, 0);
  EXPECT_NE(served.exit_code, 124) << "it started anyway";
  EXPECT_EQ(std::count(served.err.begin(), served.err.end(), '\n'), 1) << served.err;
  EXPECT_NE(served.err.find("newer"), std::string::npos) << served.err;
  CommandResult got = config({"get", "site.name"});
  EXPECT_NE(got.exit_code, 0);
  EXPECT_NE(got.err.find("newer"), std::string::npos) << got.err;
  EXPECT_EQ(query_sql(dir_.path(), "PRAGMA user_version"), "9999") << "left as it was";
}

// A taken port is one clear error, and nothing claims the site is served.
TEST_F(ConfigCommand, ATakenPortIsOneErrorBeforeAnythingElse) {
  ServerProcess first(dir_.path());
  TempDir other;
  ASSERT_EQ(create_seed_site(other.path()), "");
  std::string listen = "127.0.0.1:" + std::to_string(first.port());
  CommandResult second = run_program({"/usr/bin/timeout", "20", TRIBUNE_BINARY, "serve", "--data",
                                      other.path().string(), "--listen", listen});
  EXPECT_NE(second.exit_code, 0);
  EXPECT_NE(second.exit_code, 124);
  EXPECT_EQ(second.out, "");
  EXPECT_EQ(second.err,
            "tribune: server.listen: cannot listen on " + listen + ": Address already in use\n");
}

TEST_F(ConfigCommand, InitRefusesAnExistingSite) {
  CommandResult again = run_tribune({"init", "--data", dir_.path().string()});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("already"), std::string::npos);
}

TEST(CommandLine, AnUnknownCommandIsNamedWithTheCommandsThere) {
  CommandResult backup = run_tribune({"sauvegarde"});
  EXPECT_NE(backup.exit_code, 0);
  EXPECT_EQ(backup.err,
            "tribune: unknown command 'sauvegarde'; the commands of 'tribune' are: init, serve, "
            "demo, import, export, config, user, media, article, comments, mail, subscribers, "
            "search, backup, restore, migrate (see 'tribune --help')\n");
  CommandResult nested = run_tribune({"import", "markdwon", "--data", "/nowhere", "a.md"});
  EXPECT_NE(nested.exit_code, 0);
  EXPECT_EQ(nested.err,
            "tribune: unknown command 'markdwon'; the commands of 'tribune import' are: markdown, "
            "wxr, pages (see 'tribune import --help')\n");
  // Arguments that are values, not commands, are left to the command.
  CommandResult value = run_tribune({"config", "get", "--data", "/nowhere", "site.locale"});
  EXPECT_EQ(value.err.find("unknown command"), std::string::npos) << value.err;
  CommandResult missing = run_tribune({"subscribers"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_EQ(missing.err.find("unknown command"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace tribune::testing
