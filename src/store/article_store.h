// Articles: saving them (one batch or a long import in one transaction) and reading them back,
// one with its body or all of them as the site's archive. Part of Store (store/store.h).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/article.h"
#include "core/result.h"
#include "store/audit_store.h"

namespace tribune {

// An article ready to be stored: the draft and what rendering it produced.
struct NewArticle {
  ArticleDraft draft;
  std::string slug;         // final, unique slug
  std::string lang;         // final language (the draft's, or the site's)
  std::string description;  // final description (the draft's, or the lede)
  std::string body_html;
  int word_count = 0;
  bool announce = false;  // mail the subscribers when it goes live (import --publish)
};

// What to do with an article whose author does not exist yet.
enum class AuthorPolicy { create_missing, existing_only };

// What an import does with an article whose slug is taken by an article saved before it:
// refuse it (a conflict), or replace that article's content, keeping a revision (its state
// is kept; see EditorialStore::update_article).
enum class TakenSlugPolicy { refuse, update };

// An article as lists and links show it (no body), with the ids of what files it, for the
// site's in-memory archive (ArticleStore::archive_entries).
struct ArchiveEntry {
  Id id = 0;
  std::string slug;
  std::string title;
  std::string lang;
  std::string description;
  int word_count = 0;
  UnixSeconds published_at = 0;
  UnixSeconds updated_at = 0;
  int comment_count = 0;  // approved
  bool comments_closed = false;
  Id section_id = 0;
  Id author_id = 0;
  std::vector<Id> tag_ids;  // by id
  Id translation_of = 0;    // the original of its translation group (0: it is an original)
  std::string image;        // the featured picture's media name, or empty
  std::string image_alt;    // its alt text in this article, when not the library's
};

// An import in progress: articles are saved batch by batch in one transaction, which
// commit() ends; an import destroyed before commit() saves nothing. It holds the store's
// writer meanwhile (other writers of the same store wait).
class ArticleImport {
 public:
  virtual ~ArticleImport() = default;

  // Saves `articles` within the import. The sections on each path are created as needed;
  // authors as the import's policy says. A taken slug (by an article saved before or earlier
  // in this import) is a conflict Error, an unknown author (with existing_only) an
  // invalid_input Error, each naming the article's source and field; after an Error the
  // import can only be abandoned. Returns the ids (new, or updated), in order.
  virtual Result<std::vector<Id>> add(const std::vector<NewArticle>& articles) = 0;
  // How many of the articles added so far replaced an existing one (TakenSlugPolicy::update)
  // rather than being created.
  virtual int updated() const = 0;

  // Commits everything added. Articles marked `announce` that are live at the import's `now`
  // have their mailing queued in that same transaction (see
  // OutboxStore::queue_due_announcements); scheduled ones are queued when they go live.
  virtual Status commit() = 0;
};

// An article's body and live counts (ArticleStore::article_text).
struct ArticleText {
  std::string body_html;
  std::int64_t views = 0;
  std::string correction;        // the dated correction note, or empty
  UnixSeconds corrected_at = 0;  // its date
  int comment_count = 0;         // approved comments, as of now (the archive's may be older)
};

class ArticleStore {
 public:
  virtual ~ArticleStore() = default;

  // Starts an import (see ArticleImport); an Error when the transaction cannot begin.
  // Updates (TakenSlugPolicy::update) are signed by `who` in revisions and the audit log.
  virtual Result<std::unique_ptr<ArticleImport>> begin_import(AuthorPolicy policy,
                                                              TakenSlugPolicy taken,
                                                              const Actor& who,
                                                              UnixSeconds now) = 0;

  // Stores all `articles` in one transaction: either every one is saved or none is (an
  // import of one batch; see ArticleImport for the rules). Returns the new ids, in order.
  Result<std::vector<Id>> save_articles(const std::vector<NewArticle>& articles,
                                        AuthorPolicy policy, UnixSeconds now) {
    auto import = begin_import(policy, TakenSlugPolicy::refuse, Actor{0, "command line"}, now);
    if (!import) return import.error();
    auto ids = (*import)->add(articles);
    if (!ids) return ids.error();
    TRIBUNE_TRY((*import)->commit());
    return ids;
  }

  // The published (not draft, not scheduled after `now`) article with that slug; not_found
  // otherwise. With body, sections from the top down, author and tags.
  virtual Result<Article> published_article(std::string_view slug, UnixSeconds now) = 0;

  // The published article with that id (as published_article), for mailings.
  virtual Result<Article> article_by_id(Id id) = 0;

  // What an article's page needs that the site's archive (archive_entries) does not hold: its
  // body and its live view and approved comment counts, for an article that is not a draft;
  // not_found otherwise. One row by primary key and one index range of its comments, whatever
  // the archive's size.
  virtual Result<ArticleText> article_text(Id id) = 0;

  // When the next scheduled article (not a draft, dated after `now`) goes live; nullopt when
  // none is scheduled. Caches use it to expire at that moment.
  virtual Result<std::optional<UnixSeconds>> next_publication_after(UnixSeconds now) = 0;

  // Every article that is not a draft (published, or scheduled after now), newest first:
  // what the site's in-memory archive is built from, in one read.
  virtual Result<std::vector<ArchiveEntry>> archive_entries() = 0;
};

}  // namespace tribune
