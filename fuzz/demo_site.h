// The site the fuzz targets that need one post their inputs to: the demo's articles in a SQLite
// database in a temporary folder, opened once per process, with the real request handler.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "http/handler.h"
#include "store/store.h"

namespace tribune::fuzz {

// Opened on first use (see demo_site()); the folder is removed when the process exits.
struct DemoSite {
  std::filesystem::path folder;
  std::unique_ptr<Store> store;
  std::unique_ptr<Site> site;
  std::unique_ptr<http::Handler> handler;
  // A published article of the demo, and a comment form token of its page: genuine, and old
  // enough for the handler's clock that posting with it is not "too fast".
  std::string article_slug;
  std::string comment_token;
};

// The process's demo site, with mail on (the subscription forms answer), comments published
// without moderation, and the comment rate limit at its highest (the subscription limit is
// fixed: a target varies its client instead), so that inputs get past those checks to the code
// that reads them. Aborts with a message when it cannot be made.
DemoSite& demo_site();

}  // namespace tribune::fuzz
