// The site's archive held in memory: every article as lists show it, and the orderings
// lists are cut from (home, each section with its subsections, each author, each tag), so that
// any list page costs the same at any depth and any archive size, without a query.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "content/article.h"
#include "store/store.h"

namespace tribune {

// What changed between two archives: the articles whose summary changed (or that appeared
// or left), and the lists whose membership or order changed. Pages that show one of those
// articles or are cut from one of those lists are stale; no other page is.
struct ContentChange {
  bool everything = false;         // settings, sections, authors or tags changed: every page
  std::vector<Id> articles;        // sorted
  std::vector<std::string> lists;  // sorted list keys (Archive::list_key)
  bool empty() const { return !everything && articles.empty() && lists.empty(); }
};

class Archive {
 public:
  // The keys of the lists pages are cut from.
  static std::string home_list() { return "home"; }
  static std::string section_list(Id id) { return "section:" + std::to_string(id); }
  static std::string author_list(Id id) { return "author:" + std::to_string(id); }
  static std::string tag_list(Id id) { return "tag:" + std::to_string(id); }

  // Reads every article that is not a draft, the authors and the tags from `store`, and files
  // them under `sections` (the site's, ordered by path); and the slugs of articles that
  // moved or left (EditorialStore::slug_history).
  static Result<std::shared_ptr<const Archive>> load(Store& store,
                                                     const std::vector<Section>& sections);

  // Articles published at or before `now` in list `key`, newest first: those at
  // [offset, offset + limit), and how many there are in all. An unknown key is an empty list.
  // Each article has its author and sections, no body and no tags.
  ArticleList page(const std::string& key, UnixSeconds now, int offset, int limit) const;

  // The article as lists show it (author, sections and tags; no body), when it is not a
  // draft; published or scheduled.
  std::optional<Article> article(Id id) const;

  // The article with that slug (as article()) when it is published at `now`: live, not a
  // draft, not scheduled later.
  std::optional<Article> published_by_slug(std::string_view slug, UnixSeconds now) const;

  // True when `slug` was an article's that went to the trash or was purged: its addresses
  // answer 410 Gone (a slug now live is never gone, whatever the history says).
  bool gone(std::string_view slug) const;

  // The slug an article's old `slug` moved to (following later moves too), when it moved;
  // whether that article is live is for the caller to check.
  std::optional<std::string> moved_to(std::string_view slug) const;

  std::optional<Author> author_by_slug(std::string_view slug) const;
  std::optional<Tag> tag_by_slug(std::string_view slug) const;

  // Where an old address of a section (its path), an author or a tag (its slug) that an
  // editor renamed, moved or merged leads now: the current path or slug of the entry it
  // leads to. nullopt when `old_key` is live (a live entry wins) or leads nowhere.
  std::optional<std::string> catalog_moved_to(CatalogKind kind, std::string_view old_key) const;

  // The keys of the lists `entry` is filed in.
  std::vector<std::string> lists_of(const ArchiveEntry& entry) const;

  // What differs between `before` (as pages showed it at `before_now`) and `after` at `now`:
  // also the articles that went live in between.
  static ContentChange difference(const Archive& before, UnixSeconds before_now,
                                  const Archive& after, UnixSeconds now);

  std::size_t size() const { return entries_.size(); }

  // The languages the articles are written in (published or scheduled), sorted: those a
  // search looks each word up as.
  const std::vector<std::string>& languages() const { return languages_; }

 private:
  enum class ListKind { home, section, author, tag };
  static std::string list_name(ListKind kind, Id id);
  // Calls visit(kind, id) for each list `entry` is filed in (lists_of, by number).
  template <typename Visit>
  void for_each_list(const ArchiveEntry& entry, Visit visit) const;

  Archive() = default;
  Article summary(const ArchiveEntry& entry) const;
  // summary() with the tags, by name.
  Article with_tags(const ArchiveEntry& entry) const;

  std::vector<ArchiveEntry> entries_;  // newest first
  std::unordered_map<Id, std::uint32_t> index_of_id_;
  std::unordered_map<std::string_view, std::uint32_t> index_of_slug_;  // views entries_' slugs
  std::unordered_map<std::string, std::vector<std::uint32_t>> lists_;  // entry positions
  std::unordered_map<Id, Author> authors_;
  std::unordered_map<std::string, Id> author_by_slug_;
  std::unordered_map<Id, Tag> tags_;
  std::unordered_map<std::string, Id> tag_by_slug_;
  std::unordered_map<Id, std::vector<Section>> chains_;  // section id → from the top down
  std::unordered_set<std::string> gone_;                 // SlugHistory::gone
  std::unordered_map<std::string, std::string> moved_;   // SlugHistory::moved
  std::map<std::pair<CatalogKind, std::string>, Id> catalog_moves_;  // CatalogRedirect
  std::vector<std::string> languages_;
};

}  // namespace tribune
