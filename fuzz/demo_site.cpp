// Builds the fuzz targets' demo site: an empty SQLite store, the demo content, the built-in
// theme and catalogs, and the form token a reader would find on an article's page.
#include "fuzz/demo_site.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/time.h"
#include "site/demo.h"
#include "store/sqlite/sqlite_store.h"

namespace tribune::fuzz {
namespace {

[[noreturn]] void fail(std::string_view what) {
  std::fprintf(stderr, "fuzz demo site: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

// The value of the hidden `token` field in a page's comment form, or "".
std::string comment_token_in(std::string_view html) {
  constexpr std::string_view kField = "name=\"token\" value=\"";
  std::size_t start = html.find(kField);
  if (start == std::string_view::npos) return {};
  start += kField.size();
  return std::string(html.substr(start, html.find('"', start) - start));
}

std::unique_ptr<DemoSite> open_demo_site() {
  auto demo = std::make_unique<DemoSite>();
  std::string pattern = (std::filesystem::temp_directory_path() / "tribune-fuzz-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) fail("cannot create a temporary folder");
  demo->folder = pattern;

  auto store = open_sqlite_store(demo->folder / "tribune.db");
  if (!store) fail(store.error().to_string());
  demo->store = std::move(*store);
  if (auto installed = install_demo_content(*demo->store, demo->folder / "media"); !installed) {
    fail(installed.error().to_string());
  }
  if (auto set = demo->store->set_settings(
          {{"comments.policy", "publish_all"}, {"comments.rate_limit", "1000"}});
      !set) {
    fail(set.error().to_string());
  }
  auto theme = Theme::load(std::nullopt);
  auto catalogs = Catalogs::load(std::nullopt);
  if (!theme || !catalogs) fail("cannot load the built-in theme or catalogs");
  SiteFiles files;
  files.media_dir = demo->folder / "media";
  auto site = Site::open(*demo->store, std::move(*theme), std::move(*catalogs),
                         "http://127.0.0.1:8080", std::move(files));
  if (!site) fail(site.error().to_string());
  demo->site = std::move(*site);
  demo->site->enable_mail(std::nullopt);

  // The page is rendered a minute before the handler's clock: the reader took their time.
  const UnixSeconds page_time = now_seconds();
  auto article = demo->site->listed_article(1);
  if (!article) fail("the demo has no article 1");
  demo->article_slug = article->slug;
  Page page = demo->site->render(demo->site->path_of(*article), page_time);
  demo->comment_token = comment_token_in(page.body);
  if (demo->comment_token.empty()) fail("the demo's first article has no comment form");
  demo->handler =
      std::make_unique<http::Handler>(*demo->site, [page_time] { return page_time + 60; });
  return demo;
}

}  // namespace

DemoSite& demo_site() {
  static std::unique_ptr<DemoSite> demo = [] {
    auto opened = open_demo_site();
    // The process ends with exit() after fuzzing (or a crash's abort, which leaves the folder
    // for inspection): remove the database then.
    static std::filesystem::path folder = opened->folder;
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(folder, ignored);
    });
    return opened;
  }();
  return *demo;
}

}  // namespace tribune::fuzz
