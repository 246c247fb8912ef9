// The site's archive held in memory: every article as lists show it, and the orderings
// lists are cut from (home, each section with its subsections, each author, each tag), so that
// any list page costs the same at any depth and any archive size, without a query.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "content/article.h"
#include "store/store.h"

namespace tribune {

// What changed between two archives: the articles whose summary changed (or that appeared
// or left), and the lists whose membership or order changed, plus the change marks
// (Archive::changes_key) of the months whose articles' addresses or last changes moved. Pages
// that show one of those articles or are cut from one of those lists are stale; no other page is.
struct ContentChange {
  bool everything = false;         // settings, sections, authors or tags changed: every page
  std::vector<Id> articles;        // sorted
  std::vector<std::string> lists;  // sorted list keys (Archive::*_list, Archive::changes_key)
  bool empty() const { return !everything && articles.empty() && lists.empty(); }
};

// A period of the calendar that a date archive lists: a year (month and day 0), a month (day
// 0) or a day, in the site's time zone.
struct DatePeriod {
  int year = 0;
  int month = 0;  // 1-12, or 0 for the whole year
  int day = 0;    // 1-31, or 0 for the whole month
};

// How many articles of a list are published at a time, and the newest change among them.
struct ListSummary {
  int count = 0;
  UnixSeconds newest_update = 0;  // the greatest last_change(); 0 when count is 0
};

// When an article last changed for readers: its updated_at, or its publication when later (an
// article edited before its scheduled time).
inline UnixSeconds last_change(const ArchiveEntry& entry) {
  return std::max(entry.updated_at, entry.published_at);
}
inline UnixSeconds last_change(const Article& article) {
  return std::max(article.updated_at, article.published_at);
}

// The languages a site's pages can speak: its own (site.locale), whose pages have no prefix,
// and every language it has a message catalog for.
struct PageLanguages {
  std::string site;
  std::vector<std::string> available;
};

class Archive {
 public:
  // The keys of the lists pages are cut from.
  static std::string home_list() { return "home"; }
  static std::string section_list(Id id) { return "section:" + std::to_string(id); }
  static std::string author_list(Id id) { return "author:" + std::to_string(id); }
  static std::string tag_list(Id id) { return "tag:" + std::to_string(id); }
  // A month's articles by their local date ("month:202507"); `yyyymm` is 202507.
  static std::string month_list(int yyyymm) { return "month:" + std::to_string(yyyymm); }
  // Not lists but marks that difference() names when a live article of month `yyyymm` (or of
  // any month) appears, leaves, or changes what sitemaps show of it (its address, its
  // updated_at, its author, section or tags): what sitemaps record, so that an edit
  // re-renders them and no list page.
  static std::string changes_key(int yyyymm) { return "changes:" + std::to_string(yyyymm); }
  static std::string changes_key() { return "changes"; }

  // Reads every article that is not a draft, the authors and the tags from `store`, and files
  // them under `sections` (the site's, ordered by path) and under the month of their local
  // date in `time_zone` (an IANA name; unknown means UTC); and the slugs of articles that
  // moved or left (EditorialStore::slug_history).
  // `languages`: the site's, and those it has catalogs for (see page_languages()).
  static Result<std::shared_ptr<const Archive>> load(Store& store,
                                                     const std::vector<Section>& sections,
                                                     std::string_view time_zone = "UTC",
                                                     const PageLanguages& languages = {});

  // The languages the site's pages are written in: the site's own first, then each language
  // an article is written in (published or scheduled) that has a catalog, sorted. With more
  // than one (multilingual()), every list is also kept cut to each language: an article in a
  // language without a catalog is listed with the site's own.
  const std::vector<std::string>& page_languages() const { return page_languages_; }
  bool multilingual() const { return page_languages_.size() > 1; }
  // The address prefix of `language`'s lists: "/en" for a page language other than the
  // site's, "" for the site's own and for any other language.
  std::string prefix_of(std::string_view language) const;
  // The key of list `key` cut to the articles of page language `language` ("home@en") when
  // the site is multilingual, `key` itself otherwise. Any other language means the site's.
  std::string in_language(std::string key, std::string_view language) const;

  // The other articles of `id`'s translation group (the original and its translations)
  // published at `now`, as list items, in the order of their languages.
  std::vector<Article> translations(Id id, UnixSeconds now) const;
  // The ids of the translation group article `id` belongs to, itself included (just `id`
  // when it has none), whether published yet or not.
  std::vector<Id> translation_group(Id id) const;

  // Articles published at or before `now` in list `key`, newest first: those at
  // [offset, offset + limit), and how many there are in all. An unknown key is an empty list.
  // Each article has its author and sections, no body and no tags.
  ArticleList page(const std::string& key, UnixSeconds now, int offset, int limit) const;

  // As page(), for the articles of `period` by their local date: a day is cut from its month's
  // list by binary search, a year joins its months' lists; no other article is read. An
  // invalid period is empty.
  // `language`: the page language whose articles are listed (see in_language()).
  ArticleList dated(const DatePeriod& period, UnixSeconds now, int offset, int limit,
                    std::string_view language = {}) const;
  // The keys of the lists dated(`period`, ..., `language`) reads (its month, or the year's
  // twelve).
  std::vector<std::string> lists_of_period(const DatePeriod& period,
                                           std::string_view language = {}) const;

  // The articles of list `key` published at `now`: how many, and their newest updated_at,
  // without reading them (an unknown key is empty).
  ListSummary list_summary(const std::string& key, UnixSeconds now) const;

  // The months (YYYYMM) that have articles, published or scheduled, newest first.
  const std::vector<int>& months() const { return months_; }

  // Every author and every tag, by slug.
  std::vector<Author> authors() const;
  std::vector<Tag> tags() const;

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

  // The keys of the lists `entry` (one of this archive's) is filed in.
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
  enum class ListKind { home, section, author, tag, month };
  // `scope`: an index in page_languages_ for a list cut to that language, or kAllLanguages.
  static constexpr int kAllLanguages = -1;
  std::string list_name(ListKind kind, Id id, int scope) const;
  // Calls visit(kind, id, scope) for each list the entry at `position` is filed in (lists_of,
  // by number; a month's id is its YYYYMM): those of all languages, and of its own language's
  // when the site is multilingual.
  template <typename Visit>
  void for_each_list(std::uint32_t position, Visit visit) const;
  // The YYYYMM of the local date of the entry at `position`.
  int month_of(std::uint32_t position) const { return local_dates_[position] / 100; }
  // One list: entry positions, newest first, and for each one the greatest last_change() from
  // it to the end (the newest change among the articles published at any time is one read).
  struct List {
    std::vector<std::uint32_t> positions;
    std::vector<UnixSeconds> newest_update_from;
  };
  // The positions of `list` published at `now` (scheduled ones come first and are skipped).
  std::span<const std::uint32_t> published(const List& list, UnixSeconds now) const;

  Archive() = default;
  Article summary(const ArchiveEntry& entry) const;
  // summary() with the tags, by name.
  Article with_tags(const ArchiveEntry& entry) const;

  std::vector<ArchiveEntry> entries_;  // newest first
  std::vector<int> local_dates_;       // YYYYMMDD of each entry in the site's time zone
  std::vector<int> months_;            // YYYYMM, newest first
  std::unordered_map<Id, std::uint32_t> index_of_id_;
  std::unordered_map<std::string_view, std::uint32_t> index_of_slug_;  // views entries_' slugs
  std::unordered_map<std::string, List> lists_;
  std::unordered_map<Id, Author> authors_;
  std::unordered_map<std::string, Id> author_by_slug_;
  std::unordered_map<Id, Tag> tags_;
  std::unordered_map<std::string, Id> tag_by_slug_;
  std::unordered_map<Id, std::vector<Section>> chains_;  // section id → from the top down
  std::unordered_set<std::string> gone_;                 // SlugHistory::gone
  std::unordered_map<std::string, std::string> moved_;   // SlugHistory::moved
  std::map<std::pair<CatalogKind, std::string>, Id> catalog_moves_;  // CatalogRedirect
  std::vector<std::string> languages_;
  std::vector<std::string> page_languages_;
  std::vector<std::uint8_t> scope_of_;  // the page language of each entry's lists
  // Translation groups: the original's id → the positions of its entries (itself, when it is
  // in the archive, and its translations), in the order of their languages.
  std::unordered_map<Id, std::vector<std::uint32_t>> groups_;
};

}  // namespace tribune
