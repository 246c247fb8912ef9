// The catalog: who signs articles (authors) and what files them (sections, tags). Sections
// and tags are made by saving articles (ArticleStore) and by editors; authors also by the operator.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "content/article.h"
#include "core/result.h"

namespace tribune {

// What an old address named: a section (by its path), an author or a tag (by slug).
enum class CatalogKind { section, author, tag };

// An address a section, author or tag had before an editor renamed, moved or merged it away:
// readers who follow it are sent (301) to where `target_id` is now. An address in use again
// by a live entry is that entry's, whatever its history says.
struct CatalogRedirect {
  CatalogKind kind = CatalogKind::section;
  std::string old_key;  // a section's path ("blog/securite"), an author's or a tag's slug
  Id target_id = 0;
};

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

  // Changes an author's name, slug (a valid slug: content/slug.h) and bio; a changed slug
  // leaves a redirect from the old one. not_found for an unknown id; invalid_input naming the
  // field ("name", "slug"); conflict (field "name" or "slug") when another author has it.
  virtual Status update_author(Id id, std::string_view name, std::string_view slug,
                               std::string_view bio) = 0;

  // Every section, ordered by path, so that parents come before their children.
  virtual Result<std::vector<Section>> sections() = 0;

  // Adds a section under `parent_id` (nullopt: at the top), last among its siblings; an empty
  // `slug` is made from the name. invalid_input naming the field ("name", "slug"); not_found
  // for an unknown parent; conflict (field "slug") when the path is taken.
  virtual Result<Section> add_section(std::string_view name, std::string_view slug,
                                      std::optional<Id> parent_id) = 0;

  // Renames and/or moves a section: its name, its slug, its parent (nullopt: the top). When
  // its path changes, its subsections' paths follow and every old path leaves a redirect;
  // a moved section goes last among its new siblings. Errors as add_section, and
  // invalid_input (field "parent") for a parent that is the section or one of its own.
  virtual Status update_section(Id id, std::string_view name, std::string_view slug,
                                std::optional<Id> parent_id) = 0;

  // Merges section `from` into `into` in one transaction: its articles, its subsections and
  // its subscribers' choices go to `into`, its paths (and the redirects that led to it) lead
  // there, and `from` is deleted. invalid_input (field "into") when `into` is `from` or one
  // of its subsections; conflict (field "into") when `into` has a subsection of the same
  // slug as one of `from`'s; not_found for an unknown id.
  virtual Status merge_section(Id from, Id into) = 0;

  // The tag with that slug; not_found when there is none.
  virtual Result<Tag> tag_by_slug(std::string_view slug) = 0;
  // Every tag, by name.
  virtual Result<std::vector<Tag>> tags() = 0;

  // Changes a tag's name and slug; a changed slug leaves a redirect from the old one. Errors
  // as update_author.
  virtual Status update_tag(Id id, std::string_view name, std::string_view slug) = 0;

  // Merges tag `from` into `into` in one transaction: articles tagged `from` are tagged
  // `into`, `from`'s slug (and the redirects that led to it) lead there, and `from` is
  // deleted. invalid_input (field "into") when they are the same; not_found for an unknown id.
  virtual Status merge_tag(Id from, Id into) = 0;

  // How many articles (in any state, the trash's too until it is emptied) each section (its
  // own, not its subsections'), author or tag files; entries filing none are absent.
  virtual Result<std::vector<std::pair<Id, int>>> article_counts_by(CatalogKind kind) = 0;

  // Every old address that leads somewhere (see CatalogRedirect).
  virtual Result<std::vector<CatalogRedirect>> catalog_redirects() = 0;
};

}  // namespace tribune
