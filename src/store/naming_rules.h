// How names become the slugs and paths that must stay unique (authors, sections, tags,
// articles), and the errors when one is taken or cannot be made. Every backend uses them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/article_store.h"

namespace tribune {

// The slug of a new author named `name` (CatalogStore::add_author); invalid_input (field
// "name") when the name has no letters to make one of.
Result<std::string> author_slug(std::string_view name);

// The slug of the author an article names when no author has that name yet, to create them
// with (ArticleImport::add): invalid_input (field "author") under existing_only, which never
// creates one, or when the name has no letters.
Result<std::string> missing_author_slug(std::string_view name, AuthorPolicy policy);

// The conflict when `name` or its slug is another author's (field "name").
Error author_taken(std::string_view name);

// The conflict when `slug` is another article's (field "slug").
Error article_slug_taken(std::string_view slug);

// One level of a section path: the section's name, its slug, and its full path.
struct SectionLevel {
  std::string name;
  std::string slug;
  std::string path;  // the slugs from the top down, joined by '/': "blog/securite"
};

// The levels of a section path given by names, from the top down: {"Blog", "Sécurité"} gives
// Blog (blog, "blog") then Sécurité (securite, "blog/securite"). A section is one path.
std::vector<SectionLevel> section_levels(const std::vector<std::string>& names);

// A tag's slug: tags whose names give the same slug are one tag.
std::string tag_slug(std::string_view name);

// The slug an editor gives a section, author or tag named `name`: `slug` when given (it must
// be a valid slug: content/slug.h), else the name's. invalid_input naming the field: "name"
// when it is blank or has no letters to make a slug of, "slug" when the given one is invalid.
Result<std::string> chosen_slug(std::string_view name, std::string_view slug);

}  // namespace tribune
