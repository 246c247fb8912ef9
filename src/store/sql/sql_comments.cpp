// The SQL implementation of CommentStore (see store/comment_store.h): comments, their
// moderation and an article's threads.
#include "store/sql/sql_store.h"

#include <unordered_set>

#include "store/comment_rules.h"
#include "store/sql/connection.h"

namespace tribune {

using sql::read_row;
using sql::read_rows;
using sql::Statement;
using sql::Transaction;

namespace {

constexpr const char* kCommentColumns =
    "id, article_id, parent_id, author_name, author_email, author_url, body, status, created_at, "
    "from_newsroom";

// The first page of a whole discussion (approved comments in posting order): its first
// `limit` threads with their replies, and how many threads there are.
CommentThreads first_page_of(std::vector<Comment> discussion, int limit) {
  CommentThreads threads;
  std::unordered_set<Id> shown;
  for (const Comment& comment : discussion) {
    if (comment.parent_id) continue;
    ++threads.total_threads;
    if (static_cast<int>(threads.top_level.size()) < limit) {
      shown.insert(comment.id);
      threads.top_level.push_back(comment);
    }
  }
  for (Comment& comment : discussion) {
    if (comment.parent_id && shown.contains(*comment.parent_id)) {
      threads.replies.push_back(std::move(comment));
    }
  }
  return threads;
}

Comment read_comment_row(const Statement& row) {
  Comment comment;
  comment.id = row.integer(0);
  comment.article_id = row.integer(1);
  if (!row.is_null(2)) comment.parent_id = row.integer(2);
  comment.author_name = row.text(3);
  comment.author_email = row.text(4);
  comment.author_url = row.text(5);
  comment.body = row.text(6);
  comment.status = parse_comment_status(row.text(7)).value_or(CommentStatus::pending);
  comment.created_at = row.integer(8);
  comment.from_newsroom = row.integer(9) != 0;
  return comment;
}

}  // namespace

Result<Id> SqlStore::add_comment(const Comment& comment, std::string_view moderator_email) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  auto id = insert_comment(comment, moderator_email);
  if (!id) return id.error();
  TRIBUNE_TRY(transaction.commit());
  return *id;
}

Result<Id> SqlStore::add_newsroom_reply(Id answered, const Comment& reply) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  Statement approve(db_, "UPDATE comments SET status = 'approved' WHERE id = ?");
  approve.bind(1, answered);
  TRIBUNE_TRY(approve.run());
  if (db_->changes() == 0) {
    return make_error(Errc::not_found, "no comment " + std::to_string(answered), "id");
  }
  auto id = insert_comment(reply, "");
  if (!id) return id.error();
  TRIBUNE_TRY(bump_content_version());
  TRIBUNE_TRY(transaction.commit());
  return *id;
}

Result<Id> SqlStore::insert_comment(const Comment& comment, std::string_view moderator_email) {
  Statement article(db_, "SELECT 1 FROM articles WHERE id = ?");
  article.bind(1, comment.article_id);
  if (!article.step()) {
    if (article.failed()) return article.step_error();
    return make_error(Errc::not_found, "no article " + std::to_string(comment.article_id));
  }
  if (comment.parent_id) {
    Statement parent(db_, "SELECT article_id, parent_id FROM comments WHERE id = ?");
    parent.bind(1, *comment.parent_id);
    std::optional<ParentComment> found;
    if (parent.step()) found = ParentComment{parent.integer(0), !parent.is_null(1)};
    TRIBUNE_TRY(check_parent(comment, found));
  }
  Statement insert(db_,
                   "INSERT INTO comments (article_id, parent_id, author_name, author_email, "
                   "author_url, body, status, created_at, from_newsroom) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, comment.article_id);
  if (comment.parent_id) {
    insert.bind(2, *comment.parent_id);
  } else {
    insert.bind_null(2);
  }
  insert.bind(3, comment.author_name)
      .bind(4, comment.author_email)
      .bind(5, comment.author_url)
      .bind(6, comment.body)
      .bind(7, comment_status_name(comment.status))
      .bind(8, comment.created_at)
      .bind(9, comment.from_newsroom ? 1 : 0);
  TRIBUNE_TRY(insert.run());
  Id id = db_->last_insert_id();
  if (notifies_moderator(comment, moderator_email)) {
    Statement notify(db_,
                     "INSERT INTO outbox (kind, recipient, comment_id, status, next_attempt_at, "
                     "created_at) VALUES ('moderation', ?, ?, 'queued', ?, ?)");
    notify.bind(1, moderator_email)
        .bind(2, id)
        .bind(3, comment.created_at)
        .bind(4, comment.created_at);
    TRIBUNE_TRY(notify.run());
  }
  if (changes_pages(comment)) TRIBUNE_TRY(bump_content_version());
  return id;
}

Result<std::vector<Comment>> SqlStore::comments(std::optional<Id> article_id,
                                                CommentStatus status) {
  std::lock_guard lock(mutex_);
  Statement query(db_, std::string("SELECT ") + kCommentColumns +
                           " FROM comments WHERE status = ?1" +
                           (article_id ? " AND article_id = ?2" : "") + " ORDER BY created_at, id");
  query.bind(1, comment_status_name(status));
  if (article_id) query.bind(2, *article_id);
  return read_rows(query, read_comment_row);
}

Result<CommentThreads> SqlStore::comment_threads(Id article_id, int offset, int limit) {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  if (offset == 0) {
    // Most discussions fit their first page: read the article's comments whole, in posting
    // order, in one pass over its index (instead of threads, then their replies), and split
    // them here. Longer ones are paged below.
    const int most = 4 * limit;
    Statement all(db, std::string("SELECT ") + kCommentColumns +
                          " FROM comments WHERE article_id = ? AND status = 'approved' "
                          "ORDER BY created_at, id LIMIT ?");
    all.bind(1, article_id).bind(2, most + 1);
    std::vector<Comment> discussion;
    while (all.step()) discussion.push_back(read_comment_row(all));
    if (all.failed()) return all.step_error();
    if (static_cast<int>(discussion.size()) <= most) {
      return first_page_of(std::move(discussion), limit);
    }
  }
  CommentThreads threads;
  Statement top(db, std::string("SELECT ") + kCommentColumns +
                        " FROM comments WHERE article_id = ? AND status = 'approved' AND "
                        "parent_id IS NULL ORDER BY created_at, id LIMIT ? OFFSET ?");
  top.bind(1, article_id).bind(2, limit).bind(3, offset);
  while (top.step()) threads.top_level.push_back(read_comment_row(top));
  if (top.failed()) return top.step_error();
  const auto shown = static_cast<int>(threads.top_level.size());
  if (offset == 0 && shown < limit) {
    threads.total_threads = shown;  // all of them: most articles' discussion fits one page
  } else {
    Statement count(db,
                    "SELECT COUNT(*) FROM comments WHERE article_id = ? AND status = 'approved' "
                    "AND parent_id IS NULL");
    count.bind(1, article_id);
    if (count.step()) threads.total_threads = static_cast<int>(count.integer(0));
    if (count.failed()) return count.step_error();
  }
  if (threads.top_level.empty()) return threads;

  // `+status`: without it SQLite answers the ORDER BY by walking comments_queue, every approved
  // comment of the site (3 s at a million); by parent it reads only these threads' replies.
  Statement replies(db, std::string("SELECT ") + kCommentColumns +
                            " FROM comments WHERE +status = 'approved' AND parent_id IN ("
                            "SELECT id FROM comments WHERE article_id = ?1 AND "
                            "status = 'approved' AND parent_id IS NULL "
                            "ORDER BY created_at, id LIMIT ?2 OFFSET ?3) ORDER BY created_at, id");
  replies.bind(1, article_id).bind(2, limit).bind(3, offset);
  while (replies.step()) threads.replies.push_back(read_comment_row(replies));
  if (replies.failed()) return replies.step_error();
  return threads;
}

Result<int> SqlStore::thread_position(Id comment_id) {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  Statement query(db,
                  "SELECT COUNT(*) FROM comments AS other, comments AS thread "
                  "WHERE thread.id = (SELECT COALESCE(parent_id, id) FROM comments WHERE id = ?1 "
                  "                   AND status = 'approved') "
                  "AND thread.status = 'approved' AND other.article_id = thread.article_id "
                  "AND other.status = 'approved' AND other.parent_id IS NULL "
                  "AND (other.created_at, other.id) < (thread.created_at, thread.id)");
  query.bind(1, comment_id);
  Statement exists(db,
                   "SELECT 1 FROM comments AS thread WHERE thread.status = 'approved' AND "
                   "thread.id = (SELECT COALESCE(parent_id, id) FROM comments WHERE id = ?1 "
                   "AND status = 'approved')");
  exists.bind(1, comment_id);
  if (!exists.step()) {
    if (exists.failed()) return exists.step_error();
    return make_error(Errc::not_found, "no approved comment " + std::to_string(comment_id), "id");
  }
  if (query.step()) return static_cast<int>(query.integer(0));
  return query.step_error();
}

Result<Comment> SqlStore::comment(Id id) {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  Statement query(db, std::string("SELECT ") + kCommentColumns + " FROM comments WHERE id = ?");
  query.bind(1, id);
  return read_row(query, read_comment_row,
                  make_error(Errc::not_found, "no comment " + std::to_string(id), "id"));
}

Status SqlStore::set_comment_status(const std::vector<Id>& ids, CommentStatus status) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  for (Id id : ids) {
    Statement update(db_, "UPDATE comments SET status = ? WHERE id = ?");
    update.bind(1, comment_status_name(status)).bind(2, id);
    TRIBUNE_TRY(update.run());
    if (db_->changes() == 0) {
      return make_error(Errc::not_found, "no comment " + std::to_string(id), "id");
    }
  }
  TRIBUNE_TRY(bump_content_version());
  return transaction.commit();
}

Result<bool> SqlStore::has_approved_comment_from(std::string_view email) {
  std::lock_guard lock(mutex_);
  Statement query(db_,
                  "SELECT 1 FROM comments WHERE author_email = ? AND status = 'approved' LIMIT 1");
  query.bind(1, email);
  if (query.step()) return true;
  if (query.failed()) return query.step_error();
  return false;
}

namespace {

// The moderation queue's conditions for `filter`, one text per shape of filter (each kept by
// the statement cache), so that SQLite picks the index that shape needs: an article's
// comments through comments_by_article; a state's, newest first, through comments_queue, an
// author's too (their articles' ids from articles_by_author checked against the index's
// article_id: a join on articles.author_id would read every comment's article row, 13 s at
// a million comments). ?1 the state, ?2 the article, ?3 the author.
std::string queue_conditions(const CommentFilter& filter) {
  std::string where = " WHERE c.status = ?1";
  if (filter.article_id != 0) where += " AND c.article_id = ?2";
  if (filter.article_author_id != 0) {
    where += " AND c.article_id IN (SELECT id FROM articles WHERE author_id = ?3)";
  }
  return where;
}

void bind_queue_conditions(Statement& query, const CommentFilter& filter) {
  query.bind(1, comment_status_name(filter.status));
  if (filter.article_id != 0) query.bind(2, filter.article_id);
  if (filter.article_author_id != 0) query.bind(3, filter.article_author_id);
}

}  // namespace

Result<CommentQueuePage> SqlStore::moderation_queue(const CommentFilter& filter) {
  Reader reader(*this);
  // c.* columns in kCommentColumns' order, then the article's.
  Statement query(reader.db(),
                  "SELECT c.id, c.article_id, c.parent_id, c.author_name, c.author_email, "
                  "c.author_url, c.body, c.status, c.created_at, c.from_newsroom, a.title, "
                  "a.author_id FROM comments AS c JOIN articles AS a ON a.id = c.article_id" +
                      queue_conditions(filter) +
                      " ORDER BY c.created_at DESC, c.id DESC LIMIT ?4 OFFSET ?5");
  bind_queue_conditions(query, filter);
  // One row past the page says whether another follows.
  query.bind(4, filter.limit + 1).bind(5, filter.offset);
  CommentQueuePage page;
  while (query.step()) {
    if (static_cast<int>(page.comments.size()) == filter.limit) {
      page.more = true;
      break;
    }
    page.comments.push_back({read_comment_row(query), query.text(10), query.integer(11)});
  }
  if (query.failed()) return query.step_error();
  return page;
}

Result<int> SqlStore::count_comments(CommentStatus status, Id article_author_id) {
  Reader reader(*this);
  const CommentFilter filter{.status = status, .article_author_id = article_author_id};
  Statement query(reader.db(), "SELECT COUNT(*) FROM comments AS c" + queue_conditions(filter));
  bind_queue_conditions(query, filter);
  if (query.step()) return static_cast<int>(query.integer(0));
  return query.step_error();
}

Result<std::vector<ArticleCommentCounts>> SqlStore::comment_counts(
    const std::vector<Id>& article_ids) {
  Reader reader(*this);
  std::vector<ArticleCommentCounts> counts;
  counts.reserve(article_ids.size());
  for (Id id : article_ids) {
    // Prepared once per connection (Statement keeps it): one index range per article.
    Statement query(reader.db(),
                    "SELECT status, COUNT(*) FROM comments WHERE article_id = ? AND status IN "
                    "('pending', 'approved') GROUP BY status");
    query.bind(1, id);
    ArticleCommentCounts& article = counts.emplace_back(ArticleCommentCounts{id, 0, 0});
    while (query.step()) {
      (query.text(0) == "pending" ? article.pending : article.approved) =
          static_cast<int>(query.integer(1));
    }
    if (query.failed()) return query.step_error();
  }
  return counts;
}

}  // namespace tribune
