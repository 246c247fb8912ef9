// What Tribune keeps of a WordPress site it imported: which article, page, comment, section,
// tag and author each WordPress id became (so that importing the same export again changes
// nothing), and the export's attachments. Part of Store (store/store.h).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "content/comment.h"
#include "content/static_page.h"
#include "core/result.h"
#include "store/article_store.h"
#include "store/old_address_store.h"

namespace tribune {

// The kinds of WordPress objects an import maps to Tribune ids.
enum class WordpressKind { author, category, tag, post, page, comment };

// What an import did with one object.
enum class ImportOutcome { created, updated, unchanged };

// An object as imported: its WordPress id (a login for authors) and a fingerprint of the
// export's fields, compared on the next import: same fingerprint, nothing is written.
struct WordpressKey {
  std::string id;
  std::string fingerprint;
};

// A WordPress attachment (an uploaded file), as the export lists it.
struct WordpressMedia {
  Id wp_id = 0;
  Id parent_wp_id = 0;    // the post it was uploaded to, 0 for none
  std::string url;        // where WordPress served it
  std::string local_url;  // where Tribune serves it, when the file was imported; else empty
  std::string title;
  std::string alt;
  std::string caption;
  UnixSeconds uploaded_at = 0;
};

// An article as a WordPress import saves it: the NewArticle (names of its author, sections
// and tags, which exist by then) and what WordPress says beyond it.
struct WordpressArticle {
  WordpressKey key;
  NewArticle article;
  ArticleState state = ArticleState::published;  // private posts: unpublished
  Id featured_attachment = 0;                    // WordPress's _thumbnail_id, 0 for none
};

// A comment as a WordPress import saves it. Tribune's replies thread one level deep: a reply
// to a reply is filed under the top-level comment of its thread (`thread_wp_id`).
struct WordpressComment {
  WordpressKey key;
  Id post_wp_id = 0;
  Id thread_wp_id = 0;  // the top-level comment it answers, 0 for a top-level comment
  Id parent_wp_id = 0;  // the comment it answered in WordPress (kept for exports)
  Comment comment;      // article_id and parent_id are filled in by the store
};

// An import from WordPress in progress: everything is saved in one transaction, which
// commit() ends; destroyed before commit(), it saves nothing. It holds the store's writer.
// Each call keys its object by WordPress id: the first import creates it, a later one
// updates it when its fingerprint differs and leaves it alone otherwise. A call's Error
// leaves the import good only for abandoning.
class WordpressImport {
 public:
  virtual ~WordpressImport() = default;

  // An author by login (key.id): created with this name (a different name when another
  // author has it already) and email; an existing one keeps its name. Returns its id.
  virtual Result<Id> author(const WordpressKey& key, const std::string& name,
                            const std::string& email, ImportOutcome& outcome) = 0;
  // A section (a WordPress category) under `parent` (0: at the top), with WordPress's slug;
  // returns its id.
  virtual Result<Id> section(const WordpressKey& key, Id parent, const std::string& name,
                             const std::string& slug, ImportOutcome& outcome) = 0;
  // A tag with WordPress's slug; returns its id.
  virtual Result<Id> tag(const WordpressKey& key, const std::string& name, const std::string& slug,
                         ImportOutcome& outcome) = 0;
  // An article (a post): created, or its content, state and counts replaced (a revision
  // kept) when the export changed. Its view count never goes down. Returns its id.
  virtual Result<Id> article(const WordpressArticle& article, ImportOutcome& outcome) = 0;
  // A static page (page.parent_id is the WordPress id of its parent page, imported before
  // it); returns its id.
  virtual Result<Id> page(const WordpressKey& key, const StaticPage& page,
                          ImportOutcome& outcome) = 0;
  // A comment under an imported post. not_found when the post (or the thread) was not
  // imported.
  virtual Result<Id> comment(const WordpressComment& comment, ImportOutcome& outcome) = 0;
  // Records an attachment (replacing what an earlier import recorded).
  virtual Status attachment(const WordpressMedia& attachment, ImportOutcome& outcome) = 0;
  // Records an old address (replacing what an earlier import recorded for that path).
  virtual Status old_address(const OldAddress& address) = 0;

  // The Tribune id a WordPress object became (in this import or an earlier one), if any.
  virtual Result<std::optional<Id>> local_id(WordpressKind kind, const std::string& wp_id) = 0;

  // Commits everything.
  virtual Status commit() = 0;
};

// What an export needs to write an article back as WordPress had it.
struct WordpressOrigin {
  Id wp_id = 0;                // 0: not imported from WordPress
  Id featured_attachment = 0;  // 0: none
};

class WordpressStore {
 public:
  virtual ~WordpressStore() = default;

  // Starts an import (see WordpressImport); an Error when the transaction cannot begin.
  // Updates are signed by `who` in revisions.
  virtual Result<std::unique_ptr<WordpressImport>> begin_wordpress_import(const Actor& who,
                                                                          UnixSeconds now) = 0;

  // Every attachment imported, by WordPress id.
  virtual Result<std::vector<WordpressMedia>> wordpress_media() = 0;
  // The WordPress id (and featured attachment) article `article_id` was imported from.
  virtual Result<WordpressOrigin> wordpress_origin(Id article_id) = 0;
};

}  // namespace tribune
