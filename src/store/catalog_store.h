// The catalog: who signs articles (authors) and what files them (sections, tags). Sections
// and tags are made by saving articles (ArticleStore); authors also by the operator.
#pragma once

#include <string_view>
#include <vector>

#include "content/article.h"
#include "core/result.h"

namespace tribune {

class CatalogStore {
 public:
  virtual ~CatalogStore() = default;

  // Adds an author; conflict when the name or its slug is taken, invalid_input (field
  // "name") when the name has no letters to make a slug of (store/naming_rules.h).
  virtual Result<Author> add_author(std::string_view name, std::string_view bio) = 0;
  // Every author, by name.
  virtual Result<std::vector<Author>> authors() = 0;
  // The author with that slug; not_found when there is none.
  virtual Result<Author> author_by_slug(std::string_view slug) = 0;

  // Every section, ordered by path, so that parents come before their children.
  virtual Result<std::vector<Section>> sections() = 0;

  // The tag with that slug; not_found when there is none.
  virtual Result<Tag> tag_by_slug(std::string_view slug) = 0;
  // Every tag, by name.
  virtual Result<std::vector<Tag>> tags() = 0;
};

}  // namespace tribune
