// Loading the embedded demo content.
#include "site/demo.h"

#include <yaml-cpp/yaml.h>

#include "content/front_matter.h"
#include "embedded/embedded.h"
#include "media/media_library.h"
#include "media/picture_codec.h"
#include "site/importer.h"

namespace tribune {
namespace {

// Wide enough for every variant pages use (media_variants).
constexpr int kDemoPictureWidth = 1600;

// Draws the demo's illustrations (demo/media/*.svg, listed in pictures.yaml) and adds them to
// the media library in `media_folder`.
Status install_demo_pictures(Store& store, const std::filesystem::path& media_folder) {
  constexpr std::string_view kList = "demo/media/pictures.yaml";
  auto list = embedded::find(kList);
  if (!list) return make_error(Errc::not_found, std::string(kList) + " is not built in");
  media::MediaLibrary library(store, media_folder);
  try {
    for (const YAML::Node& entry : YAML::Load(std::string(*list))) {
      const std::string file = "demo/media/" + entry["file"].as<std::string>();
      auto svg = embedded::find(file);
      if (!svg) return make_error(Errc::not_found, file + " is not built in");
      auto png = media::rasterize_bundled_svg(*svg, kDemoPictureWidth);
      if (!png) return with_source(png.error(), file);
      auto added = library.add({std::move(*png), file, entry["name"].as<std::string>(),
                                entry["alt"].as<std::string>(),
                                entry["caption"].as<std::string>(""),
                                entry["credit"].as<std::string>("")});
      if (!added) return with_source(added.error(), file);
    }
  } catch (const YAML::Exception& error) {
    return make_error(Errc::invalid_input, std::string(kList) + ": " + error.msg);
  }
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
  TRIBUNE_TRY(store.set_setting("site.name", "Le Fleuve Tribune"));
  TRIBUNE_TRY(store.set_setting(
      "site.description",
      "Le Fleuve Tribune, site de démonstration de Tribune\u00a0: l’actualité locale du Sahel en "
      "français et en anglais."));
  TRIBUNE_TRY(store.set_setting("site.logo", "logo"));
  TRIBUNE_TRY(store.set_setting("site.share_image", "festival-des-rives"));
  return Ok{};
}

}  // namespace tribune
