// What the handler's tests share: a site on a SQLite store in a temporary folder, holding the
// seed article, and a response read back as the bytes a client receives.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "http/handler.h"
#include "site/importer.h"
#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace tribune::testing {

// The Date header value the responses are read with.
inline constexpr std::string_view kResponseDate = "Sun, 29 Nov 2026 10:00:00 GMT";

// The whole response: status line, headers, body.
inline std::string bytes_of(const http::Response& response) {
  std::string out;
  for (std::string_view piece : response.pieces(kResponseDate)) out += piece;
  return out;
}

inline std::string body_of(const http::Response& response) {
  return std::string(response.pieces(kResponseDate).back());
}

// Opens store_ (the seed article imported) and site_ on it, with the built-in theme and
// catalogs; the handler is the test's own.
class SeededSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*open_sqlite_store(dir_ / "tribune.db"));
    ASSERT_TRUE(import_markdown_files(*store_, {seed_article()}, ImportOptions{}).ok());
    site_ = std::move(*Site::open(*store_, *Theme::load(std::nullopt),
                                  *Catalogs::load(std::nullopt), "http://127.0.0.1"));
  }
  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Site> site_;
};

}  // namespace tribune::testing
