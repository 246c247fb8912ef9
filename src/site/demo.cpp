// Loading the embedded demo content.
#include "site/demo.h"

#include <yaml-cpp/yaml.h>

#include "content/front_matter.h"
#include "embedded/embedded.h"
#include "site/importer.h"

namespace tribune {

Status install_demo_content(Store& store) {
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
  std::vector<NewArticle> articles;
  for (std::string_view path : embedded::list("demo/articles/")) {
    auto draft = parse_article_file(*embedded::find(path), std::string(path));
    if (!draft) return draft.error();
    articles.push_back(prepare_article(std::move(*draft), "fr"));
  }
  auto saved = store.save_articles(articles, AuthorPolicy::existing_only, now_seconds());
  if (!saved) return saved.error();
  TRIBUNE_TRY(store.set_setting("site.name", "Le Fleuve Tribune"));
  TRIBUNE_TRY(store.set_setting(
      "site.description",
      "Le Fleuve Tribune, site de démonstration de Tribune\u00a0: l’actualité locale du Sahel en "
      "français et en anglais."));
  return Ok{};
}

}  // namespace tribune
