// Reader comments: posting (with the moderator's notice), moderation and its queue, and an
// article's approved discussion page by page. Part of Store (store/store.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/comment.h"
#include "core/result.h"

namespace tribune {

// A page of one article's discussion (CommentStore::comment_threads).
struct CommentThreads {
  std::vector<Comment> top_level;  // oldest first
  std::vector<Comment> replies;    // to those, oldest first
  int total_threads = 0;           // approved top-level comments of the article
};

// Which comments the moderation queue lists (CommentStore::moderation_queue).
struct CommentFilter {
  CommentStatus status = CommentStatus::pending;
  Id article_id = 0;         // 0: under every article
  Id article_author_id = 0;  // 0: any byline; otherwise under that author's articles only
  int offset = 0;
  int limit = 50;
};

// A comment as the moderation queue shows it, with the article it is under.
struct QueuedComment {
  Comment comment;
  std::string article_title;
  Id article_author_id = 0;
};

// One page of the moderation queue.
struct CommentQueuePage {
  std::vector<QueuedComment> comments;  // newest first
  bool more = false;                    // a further page follows
};

// How many comments under one article wait for moderation, and how many are published.
struct ArticleCommentCounts {
  Id article_id = 0;
  int pending = 0;
  int approved = 0;
};

class CommentStore {
 public:
  virtual ~CommentStore() = default;

  // Stores a comment and returns its id. A parent must be a top-level comment of the same
  // article (replies thread one level deep): invalid_input with field "parent" otherwise;
  // not_found when the article does not exist. A pending comment with a non-empty
  // `moderator_email` also queues a message telling the moderator, in the same transaction.
  // Committed before returning. (The rules: store/comment_rules.h.)
  virtual Result<Id> add_comment(const Comment& comment, std::string_view moderator_email) = 0;

  // The newsroom's reply `reply` to comment `answered`, in one transaction: `answered` is
  // approved first when it is not (a reply under a comment readers cannot see would show
  // alone), then `reply` is stored as add_comment stores one (no moderator notice). Returns
  // the reply's id; not_found when `answered` does not exist, and then nothing changes.
  virtual Result<Id> add_newsroom_reply(Id answered, const Comment& reply) = 0;

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

  // One page of the comments `filter` names, newest first (posting time, then id), each
  // with its article's title and byline. Reads through an index whatever the number of
  // comments (a deep page skips the rows before it in the index, never the table). A filter
  // that matches nothing (an unknown article) gives an empty page.
  virtual Result<CommentQueuePage> moderation_queue(const CommentFilter& filter) = 0;

  // How many comments are in `status` under every article (`article_author_id` 0) or under
  // that author's articles. Counts index entries: meant for the pending ones, which are few.
  virtual Result<int> count_comments(CommentStatus status, Id article_author_id) = 0;

  // The pending and approved counts of each article of `article_ids` (in that order, each
  // id once as given; an unknown article counts zero).
  virtual Result<std::vector<ArticleCommentCounts>> comment_counts(
      const std::vector<Id>& article_ids) = 0;
};

}  // namespace tribune
