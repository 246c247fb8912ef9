// `tribune config get|set`: file settings (tribune.toml) and site settings (database) alike.
#include <gtest/gtest.h>

#include <fstream>

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

TEST_F(ConfigCommand, InitRefusesAnExistingSite) {
  CommandResult again = run_tribune({"init", "--data", dir_.path().string()});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("already"), std::string::npos);
}

TEST(CommandLine, AnUnknownCommandIsNamedWithTheCommandsThere) {
  CommandResult backup = run_tribune({"backup"});
  EXPECT_NE(backup.exit_code, 0);
  EXPECT_EQ(backup.err,
            "tribune: unknown command 'backup'; the commands of 'tribune' are: init, serve, demo, "
            "import, export, config, user, article, comments, mail, subscribers, search (see "
            "'tribune --help')\n");
  CommandResult nested = run_tribune({"import", "markdwon", "--data", "/nowhere", "a.md"});
  EXPECT_NE(nested.exit_code, 0);
  EXPECT_EQ(nested.err,
            "tribune: unknown command 'markdwon'; the commands of 'tribune import' are: markdown, "
            "wxr (see 'tribune import --help')\n");
  // Arguments that are values, not commands, are left to the command.
  CommandResult value = run_tribune({"config", "get", "--data", "/nowhere", "site.locale"});
  EXPECT_EQ(value.err.find("unknown command"), std::string::npos) << value.err;
  CommandResult missing = run_tribune({"subscribers"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_EQ(missing.err.find("unknown command"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace tribune::testing
