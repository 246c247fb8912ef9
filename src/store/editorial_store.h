// Articles as the newsroom edits them: every state (draft, scheduled, published, unpublished,
// trash), their revisions, and what their old addresses answer. Part of Store
// (store/store.h). Each change is one transaction with its revision and its audit entry.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "content/article.h"
#include "core/result.h"
#include "store/article_store.h"
#include "store/audit_store.h"

namespace tribune {

// One saved version of an article's editable content: every save keeps one.
struct Revision {
  Id id = 0;
  Id article_id = 0;
  int number = 0;  // 1, 2, … within its article
  UnixSeconds saved_at = 0;
  Id user_id = 0;  // 0: the command line
  std::string user_name;
  std::string note;  // what changed, as editorial_rules' describe_changes says ("title, body")
  // The content as saved: title, slug, author_name, section_path, tags, lang, description,
  // body_markdown, published_at, comments_closed, correction (source and views unused).
  ArticleDraft content;
};

// Which articles a list at the admin shows.
struct ArticleFilter {
  // nullopt: every state but trash. `published` with `scheduled_only`: those dated after now.
  std::optional<ArticleState> state;
  bool scheduled_only = false;
  UnixSeconds now = 0;
  Id section_id = 0;           // 0: any (a section also lists its sub-sections' articles)
  Id author_id = 0;            // 0: any
  std::string title_contains;  // case-insensitive; empty: any
  int offset = 0;
  int limit = 50;
};

// An article as the admin's lists show it.
struct DeskEntry {
  Id id = 0;
  std::string slug;
  std::string title;
  ArticleState state = ArticleState::draft;
  UnixSeconds published_at = 0;
  UnixSeconds updated_at = 0;
  UnixSeconds trashed_at = 0;
  Id author_id = 0;
  std::string author_name;
  Id section_id = 0;
  std::string section_name;
};

struct DeskPage {
  std::vector<DeskEntry> articles;  // newest first (by updated_at)
  int total = 0;                    // matching the filter, across pages
};

// How many articles are in each state (scheduled: published and dated after now).
struct StateCounts {
  int draft = 0;
  int scheduled = 0;
  int published = 0;
  int unpublished = 0;
  int trash = 0;
};

// What the site answers for addresses that no longer lead to a live article.
struct SlugHistory {
  std::vector<std::string> gone;                           // 410: in the trash or purged
  std::vector<std::pair<std::string, std::string>> moved;  // old slug → current slug (301)
};

class EditorialStore {
 public:
  virtual ~EditorialStore() = default;

  // An article in any state, with its Markdown, body, sections, author, tags, state and
  // correction; not_found when there is none.
  virtual Result<Article> article_for_editing(Id id) = 0;
  virtual Result<Article> article_for_editing_by_slug(std::string_view slug) = 0;

  // The articles `filter` selects, one page of them.
  virtual Result<DeskPage> find_articles(const ArticleFilter& filter) = 0;
  virtual Result<StateCounts> article_counts(UnixSeconds now) = 0;

  // The published articles nearest `now` on one side of it, by date, at most `limit`: with
  // `upcoming`, the scheduled ones (dated after `now`) soonest first; otherwise the live ones
  // (dated at or before `now`) latest first. Read through an index of (state, date), whatever
  // the number of articles.
  virtual Result<std::vector<DeskEntry>> publications_around(UnixSeconds now, bool upcoming,
                                                             int limit) = 0;

  // Creates an article, a draft (article.draft.draft) or published at its date, with its
  // first revision and an audit entry "create". Sections and tags are created as needed; the
  // author must exist (invalid_input, field "author"). conflict (field "slug") when the slug
  // is taken, by a live article or by one whose old address redirects to it.
  virtual Result<Id> create_article(const NewArticle& article, const Actor& who,
                                    UnixSeconds now) = 0;

  // Replaces the content of article `id` (its state is kept), with a new revision (`note`, or
  // the fields that changed when empty) and an audit entry "edit". When the slug changes the
  // old one redirects to the new one (301). When `expected_revision` > 0 and another save
  // came after it: conflict (field "revision"), nothing saved. Returns the new revision's
  // number; saving content identical to the latest revision saves nothing and returns its.
  virtual Result<int> update_article(Id id, const NewArticle& article, const Actor& who,
                                     std::string_view note, int expected_revision,
                                     UnixSeconds now) = 0;

  // Moves article `id` to `state`, with an audit entry (publish, unpublish, trash, restore,
  // or "draft"). published: live at its date (scheduled when that is after `now`), announced
  // to subscribers when it goes live unless it was announced before (a subscriber is never
  // mailed twice for one article). trash: kept 30 days (purge_trash). Moving an article out
  // of the trash restores the state it had before. not_found for no such article.
  virtual Status set_article_state(Id id, ArticleState state, const Actor& who,
                                   UnixSeconds now) = 0;

  // The article's revisions, newest first.
  virtual Result<std::vector<Revision>> revisions(Id article_id) = 0;
  // One revision; not_found when there is none.
  virtual Result<Revision> revision(Id revision_id) = 0;

  // Deletes for good the articles trashed before `before` (their comments, views, revisions
  // with them); their addresses keep answering 410. Returns how many.
  virtual Result<int> purge_trash(UnixSeconds before) = 0;

  // Addresses of articles that moved or went away, for the site (a few rows per change: read
  // whole with the archive).
  virtual Result<SlugHistory> slug_history() = 0;
};

}  // namespace tribune
