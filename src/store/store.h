// The storage interface: everything Tribune keeps (articles, authors, sections, tags, site
// settings) behind one narrow class, so that page code never sees SQL and a PostgreSQL
// backend can sit beside SQLite (store/sqlite/) without any caller changing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/article.h"
#include "content/comment.h"
#include "core/config.h"
#include "core/result.h"

namespace tribune {

// An article ready to be stored: the draft and what rendering it produced.
struct NewArticle {
  ArticleDraft draft;
  std::string slug;         // final, unique slug
  std::string lang;         // final language (the draft's, or the site's)
  std::string description;  // final description (the draft's, or the lede)
  std::string body_html;
  int word_count = 0;
};

// What to do with an article whose author does not exist yet.
enum class AuthorPolicy { create_missing, existing_only };

// A page of published articles, newest first.
struct ArticleQuery {
  std::optional<Id> section_id;  // that section and every section below it
  std::optional<Id> author_id;
  std::optional<Id> tag_id;
  std::string lang;     // empty: every language
  UnixSeconds now = 0;  // articles dated after `now` are scheduled, not listed
  int limit = 10;
  int offset = 0;
};

struct ArticleList {
  std::vector<Article> articles;  // without body_markdown and body_html
  int total = 0;                  // matching articles across all pages
};

class Store {
 public:
  virtual ~Store() = default;

  // Stores all `articles` in one transaction: either every one is saved or none is. The
  // sections on each path are created as needed; authors as `policy` says. A taken slug is a
  // conflict Error, an unknown author (with existing_only) an invalid_input Error, each
  // naming the article's source and field. Returns the new ids, in order.
  virtual Result<std::vector<Id>> save_articles(const std::vector<NewArticle>& articles,
                                                AuthorPolicy policy) = 0;

  // The published (not draft, not scheduled after `now`) article with that slug; not_found
  // otherwise. With body, sections from the top down, author and tags.
  virtual Result<Article> published_article(std::string_view slug, UnixSeconds now) = 0;

  // Published articles matching `query`.
  virtual Result<ArticleList> list_articles(const ArticleQuery& query) = 0;

  // When the next scheduled article (not a draft, dated after `now`) goes live; nullopt when
  // none is scheduled. Caches use it to expire at that moment.
  virtual Result<std::optional<UnixSeconds>> next_publication_after(UnixSeconds now) = 0;

  // Adds counted views to each article's total and to its hourly and daily counts for the
  // hour of `when`, in one transaction. Does not change content_version(): views change
  // every second, and the view counter refreshes the pages that show them itself.
  virtual Status add_views(const std::vector<ViewIncrement>& increments, UnixSeconds when) = 0;

  // The most read published articles over `period` (the 24 hours or 7 days before `now`,
  // or all time), most read first, each with `views` set to its views in that period.
  virtual Result<std::vector<Article>> most_read(ReadingPeriod period, UnixSeconds now,
                                                 int limit) = 0;

  // Stores a comment and returns its id. A parent must be a top-level comment of the same
  // article (replies thread one level deep): invalid_input with field "parent" otherwise;
  // not_found when the article does not exist. Committed before returning.
  virtual Result<Id> add_comment(const Comment& comment) = 0;

  // The comments in `status` of one article (or of all articles when `article_id` is
  // nullopt: the moderation queue), oldest first.
  virtual Result<std::vector<Comment>> comments(std::optional<Id> article_id,
                                                CommentStatus status) = 0;

  // One comment; not_found when there is none.
  virtual Result<Comment> comment(Id id) = 0;

  // Moves comments to `status` (moderation, one or many); not_found when an id is unknown,
  // and then none moves.
  virtual Status set_comment_status(const std::vector<Id>& ids, CommentStatus status) = 0;

  // True when an approved comment was posted with this email (the "hold first" policy).
  virtual Result<bool> has_approved_comment_from(std::string_view email) = 0;

  // Adds an author; conflict when the name or its slug is taken.
  virtual Result<Author> add_author(std::string_view name, std::string_view bio) = 0;
  virtual Result<std::vector<Author>> authors() = 0;
  virtual Result<Author> author_by_slug(std::string_view slug) = 0;

  // Every section, ordered by path, so that parents come before their children.
  virtual Result<std::vector<Section>> sections() = 0;
  virtual Result<Tag> tag_by_slug(std::string_view slug) = 0;

  // A site setting stored in the database; nullopt when never set.
  virtual Result<std::optional<std::string>> setting(std::string_view key) = 0;
  // Writes a site setting (the caller validated it against the settings schema).
  virtual Status set_setting(std::string_view key, std::string_view value) = 0;

  // A number that changes whenever content or settings change, in this process or in
  // another one sharing the database: caches compare it to know they are stale.
  virtual Result<std::int64_t> content_version() = 0;
};

// Opens (creating and migrating as needed) the database that `config` names.
Result<std::unique_ptr<Store>> open_store(const Config& config);

}  // namespace tribune
