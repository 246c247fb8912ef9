// The in-memory archive and the difference between two of them.
#include "site/archive.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "i18n/catalog.h"

namespace tribune {
namespace {

// The fields a list item or a link shows, or that decide where an article is filed.
auto shown_fields(const ArchiveEntry& entry) {
  return std::tie(entry.slug, entry.title, entry.lang, entry.description, entry.word_count,
                  entry.published_at, entry.updated_at, entry.comment_count, entry.comments_closed,
                  entry.section_id, entry.author_id, entry.tag_ids, entry.translation_of,
                  entry.image, entry.image_alt);
}

// What sitemaps show of an article: its address (and what it is made of), its last change,
// and the lists (sections, authors, tags) its addresses stand in.
auto sitemap_fields(const ArchiveEntry& entry) {
  return std::tie(entry.slug, entry.published_at, entry.updated_at, entry.section_id,
                  entry.author_id, entry.tag_ids, entry.translation_of);
}

bool same_authors(const std::unordered_map<Id, Author>& a,
                  const std::unordered_map<Id, Author>& b) {
  if (a.size() != b.size()) return false;
  for (const auto& [id, author] : a) {
    auto found = b.find(id);
    if (found == b.end() || found->second.name != author.name ||
        found->second.slug != author.slug || found->second.bio != author.bio) {
      return false;
    }
  }
  return true;
}

bool same_tags(const std::unordered_map<Id, Tag>& a, const std::unordered_map<Id, Tag>& b) {
  if (a.size() != b.size()) return false;
  for (const auto& [id, tag] : a) {
    auto found = b.find(id);
    if (found == b.end() || found->second.name != tag.name || found->second.slug != tag.slug) {
      return false;
    }
  }
  return true;
}

bool same_sections(const std::unordered_map<Id, std::vector<Section>>& a,
                   const std::unordered_map<Id, std::vector<Section>>& b) {
  if (a.size() != b.size()) return false;
  for (const auto& [id, chain] : a) {
    auto found = b.find(id);
    if (found == b.end() || found->second.size() != chain.size()) return false;
    for (std::size_t i = 0; i < chain.size(); ++i) {
      const Section& x = chain[i];
      const Section& y = found->second[i];
      if (x.id != y.id || x.name != y.name || x.path != y.path || x.position != y.position) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

template <typename Visit>
void Archive::for_each_list(std::uint32_t position, Visit visit) const {
  const ArchiveEntry& entry = entries_[position];
  auto chain = chains_.find(entry.section_id);
  const int own_scope = multilingual() ? scope_of_[position] : kAllLanguages;
  for (int scope : {kAllLanguages, own_scope}) {
    visit(ListKind::home, 0, scope);
    visit(ListKind::author, entry.author_id, scope);
    if (chain != chains_.end()) {
      for (const Section& section : chain->second) visit(ListKind::section, section.id, scope);
    }
    for (Id tag : entry.tag_ids) visit(ListKind::tag, tag, scope);
    visit(ListKind::month, month_of(position), scope);
    if (own_scope == kAllLanguages) break;
  }
}

Result<std::shared_ptr<const Archive>> Archive::load(Store& store,
                                                     const std::vector<Section>& sections,
                                                     std::string_view time_zone,
                                                     const PageLanguages& languages) {
  std::shared_ptr<Archive> archive(new Archive());
  auto entries = store.archive_entries();
  if (!entries) return entries.error();
  auto authors = store.authors();
  if (!authors) return authors.error();
  auto tags = store.tags();
  if (!tags) return tags.error();
  auto history = store.slug_history();
  if (!history) return history.error();
  archive->gone_.insert(std::make_move_iterator(history->gone.begin()),
                        std::make_move_iterator(history->gone.end()));
  archive->moved_.insert(std::make_move_iterator(history->moved.begin()),
                         std::make_move_iterator(history->moved.end()));

  auto redirects = store.catalog_redirects();
  if (!redirects) return redirects.error();
  for (CatalogRedirect& redirect : *redirects) {
    archive->catalog_moves_.emplace(std::pair{redirect.kind, std::move(redirect.old_key)},
                                    redirect.target_id);
  }

  for (Author& author : *authors) {
    archive->author_by_slug_.emplace(author.slug, author.id);
    archive->authors_.emplace(author.id, std::move(author));
  }
  for (Tag& tag : *tags) {
    archive->tag_by_slug_.emplace(tag.slug, tag.id);
    archive->tags_.emplace(tag.id, std::move(tag));
  }
  std::unordered_map<Id, const Section*> section_by_id;
  for (const Section& section : sections) section_by_id.emplace(section.id, &section);
  for (const Section& section : sections) {
    std::vector<Section> chain;
    const Section* at = &section;
    // Sections nest a few levels at most; the bound guards against a cycle in bad data.
    for (int depth = 0; at != nullptr && depth < 16; ++depth) {
      chain.insert(chain.begin(), *at);
      auto parent = at->parent_id ? section_by_id.find(*at->parent_id) : section_by_id.end();
      at = parent == section_by_id.end() ? nullptr : parent->second;
    }
    archive->chains_.emplace(section.id, std::move(chain));
  }

  archive->entries_ = std::move(*entries);
  std::vector<UnixSeconds> published_at;
  published_at.reserve(archive->entries_.size());
  for (const ArchiveEntry& entry : archive->entries_) published_at.push_back(entry.published_at);
  archive->local_dates_ = local_dates(published_at, time_zone);
  archive->index_of_id_.reserve(archive->entries_.size());
  archive->index_of_slug_.reserve(archive->entries_.size());

  std::set<std::string> article_languages;
  for (const ArchiveEntry& entry : archive->entries_) article_languages.insert(entry.lang);
  archive->languages_.assign(article_languages.begin(), article_languages.end());
  archive->page_languages_ = {languages.site};
  for (const std::string& language : archive->languages_) {
    if (language != languages.site &&
        std::find(languages.available.begin(), languages.available.end(), language) !=
            languages.available.end()) {
      archive->page_languages_.push_back(language);
    }
  }
  if (archive->multilingual()) {
    archive->scope_of_.reserve(archive->entries_.size());
    for (const ArchiveEntry& entry : archive->entries_) {
      auto found =
          std::find(archive->page_languages_.begin(), archive->page_languages_.end(), entry.lang);
      archive->scope_of_.push_back(
          found == archive->page_languages_.end()
              ? 0
              : static_cast<std::uint8_t>(found - archive->page_languages_.begin()));
    }
  }

  // Filed by number first (kind, id and language), named once per list at the end: formatting
  // and hashing a name per article and list is most of the cost at 100,000 articles.
  std::map<std::tuple<ListKind, Id, int>, std::vector<std::uint32_t>> filed;
  for (std::uint32_t position = 0; position < archive->entries_.size(); ++position) {
    const ArchiveEntry& entry = archive->entries_[position];
    archive->index_of_id_.emplace(entry.id, position);
    archive->index_of_slug_.emplace(entry.slug, position);
    if (entry.translation_of != 0) archive->groups_[entry.translation_of].push_back(position);
    // Entries come newest first, so each list is filled in its order.
    archive->for_each_list(position, [&](ListKind kind, Id id, int scope) {
      filed[{kind, id, scope}].push_back(position);
    });
  }
  for (auto& [original, members] : archive->groups_) {
    if (auto found = archive->index_of_id_.find(original); found != archive->index_of_id_.end()) {
      members.push_back(found->second);
    }
    std::sort(members.begin(), members.end(), [&](std::uint32_t a, std::uint32_t b) {
      return archive->entries_[a].lang < archive->entries_[b].lang;
    });
  }
  for (auto& [list, positions] : filed) {
    const auto& [kind, id, scope] = list;
    if (kind == ListKind::month && scope == kAllLanguages) {
      archive->months_.push_back(static_cast<int>(id));
    }
    List& filed_list = archive->lists_[archive->list_name(kind, id, scope)];
    filed_list.newest_update_from.resize(positions.size());
    UnixSeconds newest = 0;
    for (std::size_t i = positions.size(); i-- > 0;) {
      newest = std::max(newest, last_change(archive->entries_[positions[i]]));
      filed_list.newest_update_from[i] = newest;
    }
    filed_list.positions = std::move(positions);
  }
  std::reverse(archive->months_.begin(), archive->months_.end());
  return std::shared_ptr<const Archive>(std::move(archive));
}

std::string Archive::list_name(ListKind kind, Id id, int scope) const {
  std::string name;
  switch (kind) {
    case ListKind::home:
      name = home_list();
      break;
    case ListKind::section:
      name = section_list(id);
      break;
    case ListKind::author:
      name = author_list(id);
      break;
    case ListKind::tag:
      name = tag_list(id);
      break;
    case ListKind::month:
      name = month_list(static_cast<int>(id));
      break;
  }
  if (scope != kAllLanguages) name += "@" + page_languages_[static_cast<std::size_t>(scope)];
  return name;
}

std::string Archive::prefix_of(std::string_view language) const {
  if (!multilingual() || language == page_languages_.front() ||
      std::find(page_languages_.begin(), page_languages_.end(), language) ==
          page_languages_.end()) {
    return {};
  }
  return "/" + std::string(language);
}

std::string Archive::in_language(std::string key, std::string_view language) const {
  if (!multilingual()) return key;
  auto found = std::find(page_languages_.begin(), page_languages_.end(), language);
  return key + "@" + (found == page_languages_.end() ? page_languages_.front() : *found);
}

std::vector<std::string> Archive::lists_of(const ArchiveEntry& entry) const {
  std::vector<std::string> keys;
  for_each_list(index_of_id_.at(entry.id), [&](ListKind kind, Id id, int scope) {
    keys.push_back(list_name(kind, id, scope));
  });
  return keys;
}

std::vector<Id> Archive::translation_group(Id id) const {
  auto position = index_of_id_.find(id);
  const Id original =
      position == index_of_id_.end() || entries_[position->second].translation_of == 0
          ? id
          : entries_[position->second].translation_of;
  auto group = groups_.find(original);
  if (group == groups_.end()) return {id};
  std::vector<Id> ids;
  for (std::uint32_t at : group->second) ids.push_back(entries_[at].id);
  return ids;
}

std::vector<Article> Archive::translations(Id id, UnixSeconds now) const {
  std::vector<Article> others;
  for (Id member : translation_group(id)) {
    if (member == id) continue;
    const ArchiveEntry& entry = entries_[index_of_id_.at(member)];
    if (entry.published_at <= now) others.push_back(summary(entry));
  }
  return others;
}

Article Archive::summary(const ArchiveEntry& entry) const {
  Article article;
  article.id = entry.id;
  article.slug = entry.slug;
  article.title = entry.title;
  article.lang = entry.lang;
  article.description = entry.description;
  article.image = entry.image;
  article.image_alt = entry.image_alt;
  article.word_count = entry.word_count;
  article.published_at = entry.published_at;
  article.updated_at = entry.updated_at;
  article.comment_count = entry.comment_count;
  article.comments_closed = entry.comments_closed;
  if (auto author = authors_.find(entry.author_id); author != authors_.end()) {
    article.author = author->second;
  }
  if (auto chain = chains_.find(entry.section_id); chain != chains_.end()) {
    article.sections = chain->second;
  }
  return article;
}

std::span<const std::uint32_t> Archive::published(const List& list, UnixSeconds now) const {
  // Newest first: what is scheduled after `now` comes first, and is skipped.
  auto first =
      std::partition_point(list.positions.begin(), list.positions.end(),
                           [&](std::uint32_t at) { return entries_[at].published_at > now; });
  return {first, list.positions.end()};
}

ArticleList Archive::page(const std::string& key, UnixSeconds now, int offset, int limit) const {
  ArticleList list;
  auto found = lists_.find(key);
  if (found == lists_.end()) return list;
  std::span<const std::uint32_t> positions = published(found->second, now);
  list.total = static_cast<int>(positions.size());
  if (offset < 0 || limit <= 0 || static_cast<std::size_t>(offset) >= positions.size()) return list;
  for (std::uint32_t at : positions.subspan(offset).first(
           std::min<std::size_t>(static_cast<std::size_t>(limit), positions.size() - offset))) {
    list.articles.push_back(summary(entries_[at]));
  }
  return list;
}

ArticleList Archive::dated(const DatePeriod& period, UnixSeconds now, int offset, int limit,
                           std::string_view language) const {
  ArticleList list;
  if (period.year < 1 || period.month < 0 || period.month > 12 || period.day < 0 ||
      period.day > 31 || (period.day != 0 && period.month == 0)) {
    return list;
  }
  // The period's runs of positions, newest first: one month's (or part of it, for a day), or
  // the year's months from December down, which follow each other in time.
  std::vector<std::span<const std::uint32_t>> runs;
  const int first_month = period.month != 0 ? period.month : 12;
  const int last_month = period.month != 0 ? period.month : 1;
  for (int month = first_month; month >= last_month; --month) {
    auto found = lists_.find(in_language(month_list(period.year * 100 + month), language));
    if (found == lists_.end()) continue;
    std::span<const std::uint32_t> run = published(found->second, now);
    if (period.day != 0) {
      // Local dates fall as positions go on, as publication times do.
      const int day = (period.year * 100 + month) * 100 + period.day;
      auto begin = std::partition_point(run.begin(), run.end(),
                                        [&](std::uint32_t at) { return local_dates_[at] > day; });
      auto end = std::partition_point(begin, run.end(),
                                      [&](std::uint32_t at) { return local_dates_[at] == day; });
      run = {begin, end};
    }
    runs.push_back(run);
  }
  std::size_t skip = offset < 0 ? 0 : static_cast<std::size_t>(offset);
  std::size_t wanted = offset < 0 || limit <= 0 ? 0 : static_cast<std::size_t>(limit);
  for (std::span<const std::uint32_t> run : runs) {
    list.total += static_cast<int>(run.size());
    if (skip >= run.size()) {
      skip -= run.size();
      continue;
    }
    for (std::uint32_t at : run.subspan(skip)) {
      if (wanted == 0) break;
      list.articles.push_back(summary(entries_[at]));
      --wanted;
    }
    skip = 0;
  }
  return list;
}

std::vector<std::string> Archive::lists_of_period(const DatePeriod& period,
                                                  std::string_view language) const {
  std::vector<std::string> keys;
  if (period.month != 0) {
    keys.push_back(in_language(month_list(period.year * 100 + period.month), language));
  } else {
    for (int month = 1; month <= 12; ++month) {
      keys.push_back(in_language(month_list(period.year * 100 + month), language));
    }
  }
  return keys;
}

ListSummary Archive::list_summary(const std::string& key, UnixSeconds now) const {
  auto found = lists_.find(key);
  if (found == lists_.end()) return {};
  const List& list = found->second;
  std::span<const std::uint32_t> positions = published(list, now);
  if (positions.empty()) return {};
  const auto first = static_cast<std::size_t>(positions.data() - list.positions.data());
  return {static_cast<int>(positions.size()), list.newest_update_from[first]};
}

std::vector<Author> Archive::authors() const {
  std::vector<Author> all;
  all.reserve(authors_.size());
  for (const auto& [id, author] : authors_) all.push_back(author);
  std::sort(all.begin(), all.end(),
            [](const Author& a, const Author& b) { return a.slug < b.slug; });
  return all;
}

std::vector<Tag> Archive::tags() const {
  std::vector<Tag> all;
  all.reserve(tags_.size());
  for (const auto& [id, tag] : tags_) all.push_back(tag);
  std::sort(all.begin(), all.end(), [](const Tag& a, const Tag& b) { return a.slug < b.slug; });
  return all;
}

std::optional<Article> Archive::article(Id id) const {
  auto found = index_of_id_.find(id);
  if (found == index_of_id_.end()) return std::nullopt;
  return with_tags(entries_[found->second]);
}

std::optional<Article> Archive::published_by_slug(std::string_view slug, UnixSeconds now) const {
  auto found = index_of_slug_.find(slug);
  if (found == index_of_slug_.end() || entries_[found->second].published_at > now) {
    return std::nullopt;
  }
  return with_tags(entries_[found->second]);
}

Article Archive::with_tags(const ArchiveEntry& entry) const {
  Article article = summary(entry);
  for (Id tag_id : entry.tag_ids) {
    if (auto tag = tags_.find(tag_id); tag != tags_.end()) article.tags.push_back(tag->second);
  }
  std::sort(article.tags.begin(), article.tags.end(),
            [](const Tag& a, const Tag& b) { return a.name < b.name; });
  return article;
}

bool Archive::gone(std::string_view slug) const {
  // A restored article or a new one may take a slug the history still names: the live one
  // wins.
  return !index_of_slug_.contains(slug) && gone_.contains(std::string(slug));
}

std::optional<std::string> Archive::moved_to(std::string_view slug) const {
  std::optional<std::string> current;
  std::string at(slug);
  // An article renamed twice may be recorded as A → B and B → C; the bound guards against a
  // cycle in bad data.
  for (int hop = 0; hop < 16; ++hop) {
    auto next = moved_.find(at);
    if (next == moved_.end() || next->second == at) break;
    current = at = next->second;
  }
  return current;
}

std::optional<std::string> Archive::catalog_moved_to(CatalogKind kind,
                                                     std::string_view old_key) const {
  auto found = catalog_moves_.find({kind, std::string(old_key)});
  if (found == catalog_moves_.end()) return std::nullopt;
  const Id target = found->second;
  switch (kind) {
    case CatalogKind::section: {
      for (const auto& [id, chain] : chains_) {
        if (chain.back().path == old_key) return std::nullopt;
      }
      auto chain = chains_.find(target);
      if (chain == chains_.end()) return std::nullopt;
      return chain->second.back().path;
    }
    case CatalogKind::author: {
      if (author_by_slug_.contains(std::string(old_key))) return std::nullopt;
      auto author = authors_.find(target);
      if (author == authors_.end()) return std::nullopt;
      return author->second.slug;
    }
    case CatalogKind::tag:
      break;
  }
  if (tag_by_slug_.contains(std::string(old_key))) return std::nullopt;
  auto tag = tags_.find(target);
  if (tag == tags_.end()) return std::nullopt;
  return tag->second.slug;
}

std::optional<Author> Archive::author_by_slug(std::string_view slug) const {
  auto found = author_by_slug_.find(std::string(slug));
  if (found == author_by_slug_.end()) return std::nullopt;
  return authors_.at(found->second);
}

std::optional<Tag> Archive::tag_by_slug(std::string_view slug) const {
  auto found = tag_by_slug_.find(std::string(slug));
  if (found == tag_by_slug_.end()) return std::nullopt;
  return tags_.at(found->second);
}

ContentChange Archive::difference(const Archive& before, UnixSeconds before_now,
                                  const Archive& after, UnixSeconds now) {
  ContentChange change;
  if (!same_authors(before.authors_, after.authors_) || !same_tags(before.tags_, after.tags_) ||
      !same_sections(before.chains_, after.chains_) ||
      before.page_languages_ != after.page_languages_) {
    change.everything = true;
    return change;
  }
  std::set<Id> articles;
  std::set<std::string> lists;
  auto moved = [&](const Archive& archive, const ArchiveEntry& entry) {
    articles.insert(entry.id);
    for (std::string& key : archive.lists_of(entry)) lists.insert(std::move(key));
  };
  // A live article that sitemaps show appeared, left, or changed what they show of it.
  auto mark_change = [&](const Archive& archive, std::uint32_t position) {
    lists.insert(changes_key(archive.month_of(position)));
    lists.insert(changes_key());
  };
  for (std::uint32_t position = 0; position < after.entries_.size(); ++position) {
    const ArchiveEntry& entry = after.entries_[position];
    auto old = before.index_of_id_.find(entry.id);
    const bool live_now = entry.published_at <= now;
    if (old == before.index_of_id_.end()) {
      if (live_now) {  // new, or out of the drafts
        moved(after, entry);
        mark_change(after, position);
      }
      continue;
    }
    const ArchiveEntry& previous = before.entries_[old->second];
    const bool was_live = previous.published_at <= before_now;
    if (shown_fields(previous) == shown_fields(entry) && was_live == live_now) continue;
    articles.insert(entry.id);
    // Filed elsewhere, moved in time or gone live: the lists it leaves and joins change.
    if (was_live != live_now || previous.published_at != entry.published_at ||
        previous.section_id != entry.section_id || previous.author_id != entry.author_id ||
        previous.tag_ids != entry.tag_ids || previous.lang != entry.lang) {
      if (was_live) moved(before, previous);
      if (live_now) moved(after, entry);
    }
    if (was_live != live_now || sitemap_fields(previous) != sitemap_fields(entry)) {
      if (was_live) mark_change(before, old->second);
      if (live_now) mark_change(after, position);
    }
  }
  for (std::uint32_t position = 0; position < before.entries_.size(); ++position) {
    const ArchiveEntry& entry = before.entries_[position];
    if (!after.index_of_id_.contains(entry.id) && entry.published_at <= before_now) {
      moved(before, entry);  // deleted, or back to the drafts
      mark_change(before, position);
    }
  }
  // An article's page links the other members of its translation group: one that appears,
  // leaves or changes changes them all.
  // Their entries in the sitemaps list each other too.
  for (Id id : std::vector<Id>(articles.begin(), articles.end())) {
    for (const Archive* archive : {&before, &after}) {
      const std::vector<Id> group = archive->translation_group(id);
      if (group.size() < 2) continue;
      for (Id member : group) {
        articles.insert(member);
        auto position = archive->index_of_id_.find(member);
        if (position != archive->index_of_id_.end()) mark_change(*archive, position->second);
      }
    }
  }
  change.articles.assign(articles.begin(), articles.end());
  change.lists.assign(lists.begin(), lists.end());
  return change;
}

}  // namespace tribune
