#include "core/config.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace tribune {
namespace {

using testing::TempDir;
using testing::write_text;

TEST(Config, MissingFileGivesDefaults) {
  TempDir dir;
  auto config = Config::load(dir.path());
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->get("server.listen"), "127.0.0.1:8080");
  EXPECT_EQ(config->get("smtp.port"), "587");
  EXPECT_EQ(config->resolve("database.path"), dir / "tribune.db");
}

TEST(Config, SetSaveAndLoadAgain) {
  TempDir dir;
  auto config = Config::load(dir.path());
  ASSERT_TRUE(config.ok());
  ASSERT_TRUE(config->set("smtp.host", "127.0.0.1").ok());
  ASSERT_TRUE(config->set("smtp.port", "2525").ok());
  ASSERT_TRUE(config->save().ok());
  auto again = Config::load(dir.path());
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  EXPECT_EQ(again->get("smtp.host"), "127.0.0.1");
  EXPECT_EQ(again->get("smtp.port"), "2525");
}

TEST(Config, InvalidValuesAreRefusedWithTheKey) {
  TempDir dir;
  auto config = Config::load(dir.path());
  Status port = config->set("smtp.port", "seventy");
  ASSERT_FALSE(port.ok());
  EXPECT_EQ(port.error().field, "smtp.port");
  EXPECT_FALSE(config->set("smtp.tls", "maybe").ok());
  EXPECT_FALSE(config->set("server.listen", "8080").ok());
  EXPECT_FALSE(config->set("site.name", "x").ok()) << "site.name lives in the database";
  EXPECT_FALSE(config->set("no.such", "x").ok());
}

TEST(Config, MalformedFileNamesFileAndLine) {
  TempDir dir;
  write_text(dir / "tribune.toml", "[server]\nlisten = \"127.0.0.1:80\"\nthreads = = 3\n");
  auto config = Config::load(dir.path());
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().to_string().find("tribune.toml"), std::string::npos);
  EXPECT_NE(config.error().message.find("line 3"), std::string::npos);
}

TEST(Config, UnknownKeyInFileIsAnError) {
  TempDir dir;
  write_text(dir / "tribune.toml", "[smtp]\nhots = \"mail.example.org\"\n");
  auto config = Config::load(dir.path());
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().field, "smtp.hots");
}

}  // namespace
}  // namespace tribune
