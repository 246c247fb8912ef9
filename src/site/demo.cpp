// Loading the embedded demo content.
#include "site/demo.h"

#include <yaml-cpp/yaml.h>

#include <atomic>
#include <thread>

#include "content/front_matter.h"
#include "embedded/embedded.h"
#include "media/media_library.h"
#include "media/picture_codec.h"
#include "site/importer.h"

namespace tribune {
namespace {

// As wide as link previews (kShareWidth), and wide enough for the article column at twice its
// density: a larger one would only make the first start slower.
constexpr int kDemoPictureWidth = 1200;

struct DemoPicture {
  std::string file;           // embedded path: "demo/media/…svg"
  media::NewPicture picture;  // its bytes drawn later
};

// Draws the demo's illustrations (demo/media/*.svg, listed in pictures.yaml) and adds them to
// the media library in `media_folder`, on every core (each takes about half a second).
Status install_demo_pictures(Store& store, const std::filesystem::path& media_folder) {
  constexpr std::string_view kList = "demo/media/pictures.yaml";
  auto list = embedded::find(kList);
  if (!list) return make_error(Errc::not_found, std::string(kList) + " is not built in");
  std::vector<DemoPicture> pictures;
  try {
    for (const YAML::Node& entry : YAML::Load(std::string(*list))) {
      DemoPicture& demo = pictures.emplace_back();
      demo.file = "demo/media/" + entry["file"].as<std::string>();
      demo.picture = {{},
                      demo.file,
                      entry["name"].as<std::string>(),
                      entry["alt"].as<std::string>(),
                      entry["caption"].as<std::string>(""),
                      entry["credit"].as<std::string>("")};
    }
  } catch (const YAML::Exception& error) {
    return make_error(Errc::invalid_input, std::string(kList) + ": " + error.msg);
  }
  media::MediaLibrary library(store, media_folder);
  std::vector<Status> results(pictures.size(), Ok{});
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < pictures.size(); i = next++) {
      DemoPicture& demo = pictures[i];
      auto svg = embedded::find(demo.file);
      if (!svg) {
        results[i] = make_error(Errc::not_found, demo.file + " is not built in");
        continue;
      }
      auto png = media::rasterize_bundled_svg(*svg, kDemoPictureWidth);
      if (!png) {
        results[i] = with_source(png.error(), demo.file);
        continue;
      }
      demo.picture.bytes = std::move(*png);
      auto added = library.add(demo.picture);
      if (!added) results[i] = with_source(added.error(), demo.file);
    }
  };
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < std::max(1u, std::thread::hardware_concurrency()); ++t) {
    helpers.emplace_back(work);
  }
  work();
  for (std::thread& helper : helpers) helper.join();
  for (const Status& result : results) TRIBUNE_TRY(result);
  return Ok{};
}

}  // namespace

Status install_demo_content(Store& store, const std::filesystem::path& media_folder) {
  auto authors_text = embedded::find("demo/authors.yaml");
  if (!authors_text) return make_error(Errc::not_found, "demo/authors.yaml is not built in");
  try {
    for (const YAML::Node& author : YAML::Load(std::string(*authors_text))) {
      auto added =
          store.add_author(author["name"].as<std::string>(), author["bio_fr"].as<std::string>(""));
      if (!added) return added.error();
    }
  } catch (const YAML::Exception& error) {
    return make_error(Errc::invalid_input, "demo/authors.yaml: " + error.msg);
  }
  TRIBUNE_TRY(install_demo_pictures(store, media_folder));
  auto media = media_by_name(store);
  if (!media) return media.error();
  std::vector<NewArticle> articles;
  for (std::string_view path : embedded::list("demo/articles/")) {
    auto draft = parse_article_file(*embedded::find(path), std::string(path));
    if (!draft) return draft.error();
    TRIBUNE_TRY(check_featured_image(*draft, *media));
    articles.push_back(prepare_article(std::move(*draft), "fr", *media));
  }
  auto saved = store.save_articles(articles, AuthorPolicy::existing_only, now_seconds());
  if (!saved) return saved.error();
  std::vector<PageText> pages;
  for (std::string_view path : embedded::list("demo/pages/")) {
    pages.push_back({std::string(path), std::string(*embedded::find(path))});
  }
  auto saved_pages = save_page_texts(store, pages, "fr", now_seconds());
  if (!saved_pages) return saved_pages.error();
  TRIBUNE_TRY(store.set_setting("site.name", "Le Fleuve Tribune"));
  TRIBUNE_TRY(store.set_setting(
      "site.description",
      "Le Fleuve Tribune, site de démonstration de Tribune\u00a0: l’actualité locale du Sahel en "
      "français et en anglais."));
  TRIBUNE_TRY(store.set_setting("site.logo", "logo"));
  // The lead story and six headlines: the rest of the demo's eighteen fill the section blocks.
  TRIBUNE_TRY(store.set_setting("home.latest_count", "7"));
  TRIBUNE_TRY(store.set_setting("site.share_image", "festival-des-rives"));
  return Ok{};
}

}  // namespace tribune
