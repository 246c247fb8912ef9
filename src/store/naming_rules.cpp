// Slugs, paths and their conflicts (see store/naming_rules.h).
#include "store/naming_rules.h"

#include "content/slug.h"

namespace tribune {

namespace {

// A name's slug, or invalid_input naming `field` when nothing of it survives slugify.
Result<std::string> name_slug(std::string_view name, std::string field) {
  std::string slug = slugify(name);
  if (slug.empty()) return make_error(Errc::invalid_input, "the name has no letters", field);
  return slug;
}

}  // namespace

Result<std::string> author_slug(std::string_view name) { return name_slug(name, "name"); }

Result<std::string> missing_author_slug(std::string_view name, AuthorPolicy policy) {
  if (policy == AuthorPolicy::existing_only) {
    return make_error(
        Errc::invalid_input,
        "no author named '" + std::string(name) + "' (add one with 'tribune user add')", "author");
  }
  return name_slug(name, "author");
}

Error author_taken(std::string_view name) {
  return make_error(
      Errc::conflict,
      "an author named '" + std::string(name) + "' (or with the same slug) already exists", "name");
}

Error article_slug_taken(std::string_view slug) {
  return make_error(Errc::conflict,
                    "'" + std::string(slug) + "' is already the slug of another article", "slug");
}

std::vector<SectionLevel> section_levels(const std::vector<std::string>& names) {
  std::vector<SectionLevel> levels;
  std::string path;
  for (const std::string& name : names) {
    std::string slug = slugify(name);
    path += (path.empty() ? "" : "/") + slug;
    levels.push_back(SectionLevel{name, std::move(slug), path});
  }
  return levels;
}

std::string tag_slug(std::string_view name) { return slugify(name); }

Result<std::string> chosen_slug(std::string_view name, std::string_view slug) {
  if (name.find_first_not_of(" \t") == std::string_view::npos) {
    return make_error(Errc::invalid_input, "a name is needed", "name");
  }
  if (slug.empty()) return name_slug(name, "name");
  if (!is_valid_slug(slug) || slug.size() > kMaxSlugLength) {
    return make_error(Errc::invalid_input,
                      "use lower-case letters, digits and single hyphens, such as "
                      "'politique-locale'",
                      "slug");
  }
  return std::string(slug);
}

}  // namespace tribune
