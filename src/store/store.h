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
#include "content/subscription.h"
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
  bool announce = false;  // mail the subscribers when it goes live (import --publish)
};

// What to do with an article whose author does not exist yet.
enum class AuthorPolicy { create_missing, existing_only };

// A reader's request to subscribe, as the form gave it (the address already validated).
struct SubscriptionRequest {
  std::string email;
  std::string lang;
  std::vector<Id> section_ids;  // empty: every section
  Frequency frequency = Frequency::each;
};

// Subscribers for the operator: by status, and whose address contains `search`.
struct SubscriberQuery {
  std::optional<SubscriberStatus> status;
  std::string search;
};

// A page of one article's discussion (Store::comment_threads).
struct CommentThreads {
  std::vector<Comment> top_level;  // oldest first
  std::vector<Comment> replies;    // to those, oldest first
  int total_threads = 0;           // approved top-level comments of the article
};

// An article as lists and links show it (no body), with the ids of what files it, for the
// site's in-memory archive (Store::archive_entries).
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
};

struct ArticleList {
  std::vector<Article> articles;  // without body_markdown and body_html
  int total = 0;                  // matching articles across all pages
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
  // import can only be abandoned. Returns the new ids, in order.
  virtual Result<std::vector<Id>> add(const std::vector<NewArticle>& articles) = 0;

  // Commits everything added. Articles marked `announce` that are live at the import's `now`
  // have their mailing queued in that same transaction (see queue_due_announcements);
  // scheduled ones are queued when they go live.
  virtual Status commit() = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Starts an import (see ArticleImport); an Error when the transaction cannot begin.
  virtual Result<std::unique_ptr<ArticleImport>> begin_import(AuthorPolicy policy,
                                                              UnixSeconds now) = 0;

  // Stores all `articles` in one transaction: either every one is saved or none is (an
  // import of one batch; see ArticleImport for the rules). Returns the new ids, in order.
  Result<std::vector<Id>> save_articles(const std::vector<NewArticle>& articles,
                                        AuthorPolicy policy, UnixSeconds now) {
    auto import = begin_import(policy, now);
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
  // not_found when the article does not exist. A pending comment with a non-empty
  // `moderator_email` also queues a message telling the moderator, in the same transaction.
  // Committed before returning.
  virtual Result<Id> add_comment(const Comment& comment, std::string_view moderator_email) = 0;

  // The comments in `status` of one article (or of all articles when `article_id` is
  // nullopt: the moderation queue), oldest first.
  virtual Result<std::vector<Comment>> comments(std::optional<Id> article_id,
                                                CommentStatus status) = 0;

  // One page of an article's approved discussion: the top-level comments at positions
  // [offset, offset + limit) in posting order, followed by their approved replies (oldest
  // first), and how many approved top-level comments (threads) the article has.
  virtual Result<CommentThreads> comment_threads(Id article_id, int offset, int limit) = 0;

  // The position (0-based, in posting order) among its article's approved threads of the
  // thread holding approved comment `id` (the comment itself, or its parent for a reply);
  // not_found when the comment or its thread is not approved.
  virtual Result<int> thread_position(Id comment_id) = 0;

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
  // Every tag, by name.
  virtual Result<std::vector<Tag>> tags() = 0;

  // Every article that is not a draft (published, or scheduled after now), newest first:
  // what the site's in-memory archive is built from, in one read.
  virtual Result<std::vector<ArchiveEntry>> archive_entries() = 0;

  // --- Subscriptions ---

  // Handles a subscription request in one transaction, by the address's state: new: pending
  // with these preferences and a confirmation queued; pending, unsubscribed or bounced: the
  // same (a pending address keeping its preferences) only when its last confirmation was
  // queued over an hour ago (a day for a bounced address) and none is still queued, nothing
  // otherwise, so that an address gets at most one confirmation an hour however often it is
  // asked for; confirmed: nothing. Returns the subscriber as stored.
  virtual Result<Subscriber> subscribe(const SubscriptionRequest& request, UnixSeconds now) = 0;

  // One subscriber, by id or by address (case aside); not_found when there is none.
  virtual Result<Subscriber> subscriber(Id id) = 0;
  virtual Result<Subscriber> subscriber_by_email(std::string_view email) = 0;

  // pending → confirmed (a confirmed subscriber stays so); invalid_input for one who left or
  // bounced since, so that an old link cannot bring them back.
  virtual Result<Subscriber> confirm_subscriber(Id id, UnixSeconds now) = 0;

  // Replaces the sections followed and the frequency; not_found for an unknown id.
  virtual Status update_subscription(Id id, const std::vector<Id>& section_ids,
                                     Frequency frequency) = 0;

  // Unsubscribes (from any state) and cancels the messages still queued for the address.
  virtual Status unsubscribe(Id id) = 0;

  // Subscribers matching `query`, by address.
  virtual Result<std::vector<Subscriber>> subscribers(const SubscriberQuery& query) = 0;

  // Adds `subscribers` in one transaction (all or none): addresses already known are left as
  // they are and not counted. Returns how many were added.
  virtual Result<int> import_subscribers(const std::vector<Subscriber>& subscribers) = 0;

  // --- The outbox ---

  // Queues one message per matching confirmed "each article" subscriber for every article
  // marked for announcement that is live at `now` and not yet queued, in one transaction, and
  // marks those articles queued. Returns the number of messages queued.
  virtual Result<int> queue_due_announcements(UnixSeconds now) = 0;

  // Queues the digest of day `day` (a local date, YYYYMMDD) once: one message per confirmed
  // "daily" subscriber with at least one matching article published since the previous
  // digest (or in the 24 hours before `now`, for the first). A day already queued gives 0.
  virtual Result<int> queue_digest(int day, UnixSeconds now) = 0;

  // The published articles in [start, end) that subscriber follows, newest first.
  virtual Result<std::vector<Article>> articles_for_subscriber(Id subscriber_id, UnixSeconds start,
                                                               UnixSeconds end) = 0;

  // Queued messages whose time has come, oldest first, at most `limit`.
  virtual Result<std::vector<OutboxMessage>> due_messages(UnixSeconds now, int limit) = 0;

  // The message was accepted by the server: it is never sent again.
  virtual Status mark_sent(Id message_id, UnixSeconds now) = 0;
  // A temporary failure: try again at `next_attempt`, recording why.
  virtual Status mark_retry(Id message_id, UnixSeconds next_attempt, std::string_view error) = 0;
  // A permanent failure. With `address_refused`, the subscriber is marked bounced and their
  // other queued messages cancelled.
  virtual Status mark_failed(Id message_id, std::string_view error, bool address_refused) = 0;
  // The server refused the site rather than a recipient at `now` (`reply` says how; the
  // sender tries again at `retry_at`): starts a new run of refusals, or adds to the one that no
  // accepted message has ended yet. The message itself is deferred or given up by mark_retry
  // or mark_failed, the address untouched.
  virtual Status record_sender_refusal(std::string_view reply, UnixSeconds retry_at,
                                       UnixSeconds now) = 0;
  // A message was accepted at `now`: the run of refusals, if one lasts, is resolved.
  virtual Status resolve_sender_refusal(UnixSeconds now) = 0;
  // The latest run of refusals of the site, lasting or resolved; nullopt when there was none.
  virtual Result<std::optional<SenderRefusal>> sender_refusal() = 0;

  virtual Result<OutboxCounts> outbox_counts() = 0;

  // Forgets the addresses that never confirmed: deletes each pending subscriber that was sent a
  // confirmation, whose last one was queued at or before `cutoff` and none of whose
  // confirmations is still queued or was sent after `cutoff`, with its sections and messages,
  // in one transaction. A pending address that was never sent a confirmation (one imported
  // from CSV) is kept. Returns how many were deleted.
  virtual Result<int> delete_unconfirmed_subscribers(UnixSeconds cutoff) = 0;

  // Deletes at most `limit` of the outbox's sent messages accepted at or before `cutoff`,
  // oldest first; returns how many (fewer than `limit`: none is left). Queued, failed and
  // cancelled messages are kept.
  virtual Result<int> prune_sent_messages(UnixSeconds cutoff, int limit) = 0;

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
