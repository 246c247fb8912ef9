// SQLite implementation of the Store contract (see store/store.h).
#include "store/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <unistd.h>
#include <unordered_map>

#include "content/slug.h"
#include "core/fs.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/statement.h"

namespace tribune {

using sqlite::execute;
using sqlite::Statement;
using sqlite::Transaction;

namespace {

// How long a writer waits for another process's transaction before giving up.
constexpr int kBusyTimeoutMs = 5000;

constexpr const char* kArticleColumns =
    "a.id, a.slug, a.title, a.lang, a.description, a.word_count, a.published_at, a.updated_at, "
    "a.views, a.draft, a.section_id, au.id, au.name, au.slug, au.bio, (SELECT COUNT(*) FROM "
    "comments c WHERE c.article_id = a.id AND c.status = 'approved'), a.comments_closed";

// Reads the columns of kArticleColumns, in order, from the current row.
Article read_article_row(const Statement& row, Id& section_id) {
  Article article;
  article.id = row.integer(0);
  article.slug = row.text(1);
  article.title = row.text(2);
  article.lang = row.text(3);
  article.description = row.text(4);
  article.word_count = static_cast<int>(row.integer(5));
  article.published_at = row.integer(6);
  article.updated_at = row.integer(7);
  article.views = row.integer(8);
  article.draft = row.integer(9) != 0;
  section_id = row.integer(10);
  article.author = Author{row.integer(11), row.text(12), row.text(13), row.text(14)};
  article.comment_count = static_cast<int>(row.integer(15));
  article.comments_closed = row.integer(16) != 0;
  return article;
}

Section read_section_row(const Statement& row) {
  Section section;
  section.id = row.integer(0);
  if (!row.is_null(1)) section.parent_id = row.integer(1);
  section.name = row.text(2);
  section.slug = row.text(3);
  section.path = row.text(4);
  section.position = static_cast<int>(row.integer(5));
  return section;
}

constexpr const char* kCommentColumns =
    "id, article_id, parent_id, author_name, author_email, author_url, body, status, created_at";

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
  return comment;
}

constexpr const char* kSectionColumns = "id, parent_id, name, slug, path, position";

Error with_source(Error error, const ArticleDraft& draft, std::string field) {
  error.source = draft.source;
  if (error.field.empty()) error.field = std::move(field);
  return error;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::filesystem::path& path) {
  // The database holds the key that signs form tokens and subscriber links, and every
  // subscriber's address: a new one is made readable by its owner only. SQLite gives the
  // -wal and -shm files it creates beside it the database file's mode.
  if (int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                      static_cast<mode_t>(fs::kPrivateFile));
      fd >= 0) {
    ::close(fd);  // an empty file is an empty database
  }
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    Error error = sqlite::database_error(db, "open");
    error.source = path.string();
    sqlite3_close(db);
    return error;
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(db, path));
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  // WAL lets the server read while an import writes; synchronous=FULL makes each commit
  // durable before it is acknowledged, even across a power cut.
  Status pragmas = execute(db,
                           "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                           "PRAGMA foreign_keys = ON;");
  if (!pragmas) {
    pragmas.error().source = path.string();
    return pragmas.error();
  }
  Status migrated = sqlite::migrate(db);
  if (!migrated) {
    migrated.error().source = path.string();
    return migrated.error();
  }
  return store;
}

SqliteStore::~SqliteStore() {
  for (sqlite3* reader : idle_readers_) sqlite3_close(reader);
  sqlite3_close(db_);
}

SqliteStore::Reader::Reader(SqliteStore& store) : store_(store) {
  {
    std::lock_guard lock(store_.readers_mutex_);
    if (!store_.idle_readers_.empty()) {
      db_ = store_.idle_readers_.back();
      store_.idle_readers_.pop_back();
      return;
    }
  }
  // Each connection is used by one thread at a time: SQLite's own mutexes are not needed.
  int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(store_.path_.c_str(), &db_, flags, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    return;
  }
  // Cannot happen with a database the writer opened; if it does, read through the writer.
  sqlite3_close(db_);
  writer_lock_ = std::unique_lock(store_.mutex_);
  db_ = store_.db_;
}

SqliteStore::Reader::~Reader() {
  if (writer_lock_.owns_lock()) return;
  std::lock_guard lock(store_.readers_mutex_);
  store_.idle_readers_.push_back(db_);
}

Status SqliteStore::bump_content_version() {
  return Statement(db_, "UPDATE meta SET value = value + 1 WHERE key = 'content_version'").run();
}

Result<Id> SqliteStore::ensure_section_path(const std::vector<std::string>& names) {
  std::optional<Id> parent;
  std::string path;
  for (const std::string& name : names) {
    std::string slug = slugify(name);
    path += (path.empty() ? "" : "/") + slug;
    Statement find(db_, "SELECT id FROM sections WHERE path = ?");
    find.bind(1, path);
    if (find.step()) {
      parent = find.integer(0);
      continue;
    }
    if (find.failed()) return find.step_error();
    Statement insert(
        db_,
        "INSERT INTO sections (parent_id, name, slug, path, position) VALUES (?, ?, ?, "
        "?, (SELECT COUNT(*) FROM sections WHERE parent_id IS ?))");
    if (parent) {
      insert.bind(1, *parent).bind(5, *parent);
    } else {
      insert.bind_null(1).bind_null(5);
    }
    insert.bind(2, name).bind(3, slug).bind(4, path);
    TRIBUNE_TRY(insert.run());
    parent = sqlite3_last_insert_rowid(db_);
  }
  return *parent;
}

Result<Id> SqliteStore::find_or_create_author(const ArticleDraft& draft, AuthorPolicy policy) {
  Statement find(db_, "SELECT id FROM authors WHERE name = ?");
  find.bind(1, draft.author_name);
  if (find.step()) return find.integer(0);
  if (find.failed()) return find.step_error();
  if (policy == AuthorPolicy::existing_only) {
    return with_source(make_error(Errc::invalid_input, "no author named '" + draft.author_name +
                                                           "' (add one with 'tribune user add')"),
                       draft, "author");
  }
  std::string slug = slugify(draft.author_name);
  if (slug.empty()) {
    return with_source(make_error(Errc::invalid_input, "the name has no letters"), draft, "author");
  }
  Statement insert(db_, "INSERT INTO authors (name, slug) VALUES (?, ?)");
  insert.bind(1, draft.author_name).bind(2, slug);
  Status inserted = insert.run();
  if (!inserted) return with_source(inserted.error(), draft, "author");
  return static_cast<Id>(sqlite3_last_insert_rowid(db_));
}

Result<Id> SqliteStore::ensure_tag(std::string_view name) {
  std::string slug = slugify(name);
  Statement find(db_, "SELECT id FROM tags WHERE slug = ?");
  find.bind(1, slug);
  if (find.step()) return find.integer(0);
  if (find.failed()) return find.step_error();
  Statement insert(db_, "INSERT INTO tags (name, slug) VALUES (?, ?)");
  insert.bind(1, name).bind(2, slug);
  TRIBUNE_TRY(insert.run());
  return static_cast<Id>(sqlite3_last_insert_rowid(db_));
}

Result<Id> SqliteStore::insert_article(const NewArticle& article, AuthorPolicy policy) {
  const ArticleDraft& draft = article.draft;
  Statement taken(db_, "SELECT 1 FROM articles WHERE slug = ?");
  taken.bind(1, article.slug);
  if (taken.step()) {
    return with_source(
        make_error(Errc::conflict, "'" + article.slug + "' is already the slug of another article"),
        draft, "slug");
  }
  auto section_id = ensure_section_path(draft.section_path);
  if (!section_id) return with_source(section_id.error(), draft, "category");
  auto author_id = find_or_create_author(draft, policy);
  if (!author_id) return author_id.error();

  Statement insert(db_,
                   "INSERT INTO articles (slug, title, lang, description, body_markdown, "
                   "body_html, word_count, author_id, section_id, published_at, updated_at, "
                   "views, draft, comments_closed, mailing) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                   "?, ?, ?, ?, ?, ?)");
  insert.bind(1, article.slug)
      .bind(2, draft.title)
      .bind(3, article.lang)
      .bind(4, article.description)
      .bind(5, draft.body_markdown)
      .bind(6, article.body_html)
      .bind(7, article.word_count)
      .bind(8, *author_id)
      .bind(9, *section_id)
      .bind(10, draft.published_at)
      .bind(11, draft.published_at)
      .bind(12, draft.views)
      .bind(13, draft.draft ? 1 : 0)
      .bind(14, draft.comments_closed ? 1 : 0)
      .bind(15, article.announce ? "pending" : "none");
  Status inserted = insert.run();
  if (!inserted) return with_source(inserted.error(), draft, "");
  Id id = sqlite3_last_insert_rowid(db_);
  for (const std::string& tag_name : draft.tags) {
    auto tag_id = ensure_tag(tag_name);
    if (!tag_id) return with_source(tag_id.error(), draft, "tags");
    Statement link(db_, "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)");
    link.bind(1, id).bind(2, *tag_id);
    TRIBUNE_TRY(link.run());
  }
  return id;
}

// The SQLite import: the store's lock and one transaction, held from begin to commit.
class SqliteArticleImport final : public ArticleImport {
 public:
  SqliteArticleImport(SqliteStore& store, std::unique_lock<std::mutex> lock, AuthorPolicy policy,
                      UnixSeconds now)
      : store_(store), lock_(std::move(lock)), policy_(policy), now_(now) {
    // A large import touches many pages: a bigger page cache keeps them out of the file
    // until the commit (the default is 2 MiB).
    (void)execute(store_.db_, "PRAGMA cache_size = -65536");
    transaction_.emplace(store_.db_);
  }
  ~SqliteArticleImport() override {
    transaction_.reset();  // rolls back unless committed
    (void)execute(store_.db_, "PRAGMA cache_size = -2000");
  }

  bool begun() const { return transaction_->begun(); }

  Result<std::vector<Id>> add(const std::vector<NewArticle>& articles) override {
    std::vector<Id> ids;
    ids.reserve(articles.size());
    for (const NewArticle& article : articles) {
      auto id = store_.insert_article(article, policy_);
      if (!id) return id.error();
      ids.push_back(*id);
    }
    return ids;
  }

  Status commit() override {
    // Publishing and queueing its mailing commit together: a crash loses neither or both.
    auto queued = store_.queue_announcements_locked(now_);
    if (!queued) return queued.error();
    TRIBUNE_TRY(store_.bump_content_version());
    return transaction_->commit();
  }

 private:
  SqliteStore& store_;
  std::unique_lock<std::mutex> lock_;
  AuthorPolicy policy_;
  UnixSeconds now_;
  std::optional<Transaction> transaction_;
};

Result<std::unique_ptr<ArticleImport>> SqliteStore::begin_import(AuthorPolicy policy,
                                                                 UnixSeconds now) {
  auto import = std::make_unique<SqliteArticleImport>(*this, std::unique_lock(mutex_), policy, now);
  if (!import->begun()) return sqlite::database_error(db_, "begin");
  return std::unique_ptr<ArticleImport>(std::move(import));
}

Result<std::vector<Section>> SqliteStore::section_chain(sqlite3* db, Id section_id) {
  std::vector<Section> chain;
  std::optional<Id> next = section_id;
  // Sections nest a few levels at most; the bound guards against a cycle in bad data.
  for (int depth = 0; next && depth < 16; ++depth) {
    Statement query(db, std::string("SELECT ") + kSectionColumns + " FROM sections WHERE id = ?");
    query.bind(1, *next);
    if (!query.step()) {
      if (query.failed()) return query.step_error();
      break;
    }
    chain.insert(chain.begin(), read_section_row(query));
    next = chain.front().parent_id;
  }
  return chain;
}

Status SqliteStore::fill_sections(sqlite3* db, std::vector<Article>& articles,
                                  const std::vector<Id>& section_ids) {
  for (std::size_t i = 0; i < articles.size(); ++i) {
    auto chain = section_chain(db, section_ids[i]);
    if (!chain) return chain.error();
    articles[i].sections = std::move(*chain);
  }
  return Ok{};
}

Result<Article> SqliteStore::published_article(std::string_view slug, UnixSeconds now) {
  Reader reader(*this);
  sqlite3* db = reader.db();
  return load_article(db, "a.slug = ?1 AND a.published_at <= ?2",
                      [&](Statement& query) { query.bind(1, slug).bind(2, now); });
}

Result<Article> SqliteStore::article_by_id(Id id) {
  Reader reader(*this);
  sqlite3* db = reader.db();
  return load_article(db, "a.id = ?1", [&](Statement& query) { query.bind(1, id); });
}

Result<Article> SqliteStore::load_article(sqlite3* db, std::string_view condition,
                                          const std::function<void(Statement&)>& bind) {
  Statement query(db, std::string("SELECT ") + kArticleColumns +
                          ", a.body_markdown, a.body_html FROM articles a JOIN authors au ON "
                          "au.id = a.author_id WHERE a.draft = 0 AND " +
                          std::string(condition));
  bind(query);
  if (!query.step()) {
    if (query.failed()) return query.step_error();
    return make_error(Errc::not_found, "no such published article");
  }
  Id section_id = 0;
  Article article = read_article_row(query, section_id);
  article.body_markdown = query.text(17);
  article.body_html = query.text(18);
  auto chain = section_chain(db, section_id);
  if (!chain) return chain.error();
  article.sections = std::move(*chain);

  Statement tags(db,
                 "SELECT t.id, t.name, t.slug FROM tags t JOIN article_tags at ON at.tag_id = t.id "
                 "WHERE at.article_id = ? ORDER BY t.name");
  tags.bind(1, article.id);
  while (tags.step()) article.tags.push_back(Tag{tags.integer(0), tags.text(1), tags.text(2)});
  if (tags.failed()) return tags.step_error();
  return article;
}

Result<std::optional<UnixSeconds>> SqliteStore::next_publication_after(UnixSeconds now) {
  Reader reader(*this);
  sqlite3* db = reader.db();
  Statement query(db,
                  "SELECT MIN(published_at) FROM articles WHERE draft = 0 AND published_at > ?");
  query.bind(1, now);
  if (!query.step()) return query.step_error();
  if (query.is_null(0)) return std::optional<UnixSeconds>();
  return std::optional<UnixSeconds>(query.integer(0));
}

Status SqliteStore::add_views(const std::vector<ViewIncrement>& increments, UnixSeconds when) {
  if (increments.empty()) return Ok{};
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return sqlite::database_error(db_, "begin");
  const std::int64_t hour = when / 3600;
  for (const ViewIncrement& increment : increments) {
    Statement total(db_, "UPDATE articles SET views = views + ? WHERE id = ?");
    total.bind(1, increment.views).bind(2, increment.article_id);
    TRIBUNE_TRY(total.run());
    if (sqlite3_changes(db_) == 0) continue;  // deleted since it was read
    Statement daily(db_,
                    "INSERT INTO article_views_daily (article_id, day, views) VALUES (?, ?, ?) "
                    "ON CONFLICT (article_id, day) DO UPDATE SET views = views + excluded.views");
    daily.bind(1, increment.article_id).bind(2, hour / 24).bind(3, increment.views);
    TRIBUNE_TRY(daily.run());
    Statement hourly(db_,
                     "INSERT INTO article_views_hourly (article_id, hour, views) VALUES (?, ?, ?) "
                     "ON CONFLICT (article_id, hour) DO UPDATE SET views = views + excluded.views");
    hourly.bind(1, increment.article_id).bind(2, hour).bind(3, increment.views);
    TRIBUNE_TRY(hourly.run());
  }
  // Hourly counts serve the 7-day list at most; older ones live on in the daily table.
  Statement prune(db_, "DELETE FROM article_views_hourly WHERE hour < ?");
  prune.bind(1, hour - 8 * 24);
  TRIBUNE_TRY(prune.run());
  return transaction.commit();
}

Result<std::vector<Article>> SqliteStore::most_read(ReadingPeriod period, UnixSeconds now,
                                                    int limit) {
  Reader reader(*this);
  sqlite3* db = reader.db();
  std::string sql;
  if (period == ReadingPeriod::all_time) {
    sql = std::string("SELECT ") + kArticleColumns +
          ", a.views FROM articles a JOIN authors au ON "
          "au.id = a.author_id WHERE a.draft = 0 AND a.published_at <= ?1 AND a.views > 0 "
          "ORDER BY a.views DESC, a.published_at DESC LIMIT ?2";
  } else {
    // The hours of the period first (their index), then only the articles read in it:
    // CROSS JOIN keeps SQLite from scanning every article instead.
    sql = std::string("SELECT ") + kArticleColumns +
          ", h.period_views FROM (SELECT article_id, SUM(views) AS period_views FROM "
          "article_views_hourly WHERE hour > ?3 GROUP BY article_id) h CROSS JOIN articles a ON "
          "a.id = h.article_id JOIN authors au ON au.id = a.author_id WHERE a.draft = 0 AND "
          "a.published_at <= ?1 ORDER BY h.period_views DESC, a.published_at DESC LIMIT ?2";
  }
  Statement query(db, sql);
  const std::int64_t hours = period == ReadingPeriod::day ? 24 : 7 * 24;
  query.bind(1, now).bind(2, limit);
  if (period != ReadingPeriod::all_time) query.bind(3, now / 3600 - hours);
  std::vector<Article> articles;
  std::vector<Id> section_ids;
  while (query.step()) {
    Id section_id = 0;
    articles.push_back(read_article_row(query, section_id));
    articles.back().views = query.integer(17);
    section_ids.push_back(section_id);
  }
  if (query.failed()) return query.step_error();
  TRIBUNE_TRY(fill_sections(db, articles, section_ids));
  return articles;
}

Result<std::vector<Article>> SqliteStore::articles_for_subscriber(Id subscriber_id,
                                                                  UnixSeconds start,
                                                                  UnixSeconds end) {
  std::lock_guard lock(mutex_);
  Statement query(db_, std::string("SELECT ") + kArticleColumns +
                           " FROM articles a JOIN authors au ON au.id = a.author_id, subscribers "
                           "s WHERE s.id = ?1 AND a.draft = 0 AND a.published_at >= ?2 AND "
                           "a.published_at < ?3 AND " +
                           kFollowsArticle + " ORDER BY a.published_at DESC, a.id DESC");
  query.bind(1, subscriber_id).bind(2, start).bind(3, end);
  std::vector<Article> articles;
  std::vector<Id> section_ids;
  while (query.step()) {
    Id section_id = 0;
    articles.push_back(read_article_row(query, section_id));
    section_ids.push_back(section_id);
  }
  if (query.failed()) return query.step_error();
  TRIBUNE_TRY(fill_sections(db_, articles, section_ids));
  return articles;
}

Result<Id> SqliteStore::add_comment(const Comment& comment, std::string_view moderator_email) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return sqlite::database_error(db_, "begin");
  Statement article(db_, "SELECT 1 FROM articles WHERE id = ?");
  article.bind(1, comment.article_id);
  if (!article.step()) {
    if (article.failed()) return article.step_error();
    return make_error(Errc::not_found, "no article " + std::to_string(comment.article_id));
  }
  if (comment.parent_id) {
    Statement parent(db_, "SELECT article_id, parent_id FROM comments WHERE id = ?");
    parent.bind(1, *comment.parent_id);
    if (!parent.step() || parent.integer(0) != comment.article_id || !parent.is_null(1)) {
      return make_error(Errc::invalid_input,
                        "replies answer a top-level comment of the same article", "parent");
    }
  }
  Statement insert(db_,
                   "INSERT INTO comments (article_id, parent_id, author_name, author_email, "
                   "author_url, body, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
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
      .bind(8, comment.created_at);
  TRIBUNE_TRY(insert.run());
  Id id = sqlite3_last_insert_rowid(db_);
  if (comment.status == CommentStatus::pending && !moderator_email.empty()) {
    Statement notify(db_,
                     "INSERT INTO outbox (kind, recipient, comment_id, status, next_attempt_at, "
                     "created_at) VALUES ('moderation', ?, ?, 'queued', ?, ?)");
    notify.bind(1, moderator_email)
        .bind(2, id)
        .bind(3, comment.created_at)
        .bind(4, comment.created_at);
    TRIBUNE_TRY(notify.run());
  }
  // Only an approved comment changes what pages show.
  if (comment.status == CommentStatus::approved) TRIBUNE_TRY(bump_content_version());
  TRIBUNE_TRY(transaction.commit());
  return id;
}

Result<std::vector<Comment>> SqliteStore::comments(std::optional<Id> article_id,
                                                   CommentStatus status) {
  std::lock_guard lock(mutex_);
  Statement query(db_, std::string("SELECT ") + kCommentColumns +
                           " FROM comments WHERE status = ?1" +
                           (article_id ? " AND article_id = ?2" : "") + " ORDER BY created_at, id");
  query.bind(1, comment_status_name(status));
  if (article_id) query.bind(2, *article_id);
  std::vector<Comment> list;
  while (query.step()) list.push_back(read_comment_row(query));
  if (query.failed()) return query.step_error();
  return list;
}

Result<CommentThreads> SqliteStore::comment_threads(Id article_id, int offset, int limit) {
  Reader reader(*this);
  sqlite3* db = reader.db();
  CommentThreads threads;
  Statement count(db,
                  "SELECT COUNT(*) FROM comments WHERE article_id = ? AND status = 'approved' "
                  "AND parent_id IS NULL");
  count.bind(1, article_id);
  if (count.step()) threads.total_threads = static_cast<int>(count.integer(0));
  if (count.failed()) return count.step_error();

  Statement top(db, std::string("SELECT ") + kCommentColumns +
                        " FROM comments WHERE article_id = ? AND status = 'approved' AND "
                        "parent_id IS NULL ORDER BY created_at, id LIMIT ? OFFSET ?");
  top.bind(1, article_id).bind(2, limit).bind(3, offset);
  while (top.step()) threads.top_level.push_back(read_comment_row(top));
  if (top.failed()) return top.step_error();
  if (threads.top_level.empty()) return threads;

  Statement replies(db, std::string("SELECT ") + kCommentColumns +
                            " FROM comments WHERE status = 'approved' AND parent_id IN ("
                            "SELECT id FROM comments WHERE article_id = ?1 AND "
                            "status = 'approved' AND parent_id IS NULL "
                            "ORDER BY created_at, id LIMIT ?2 OFFSET ?3) ORDER BY created_at, id");
  replies.bind(1, article_id).bind(2, limit).bind(3, offset);
  while (replies.step()) threads.replies.push_back(read_comment_row(replies));
  if (replies.failed()) return replies.step_error();
  return threads;
}

Result<int> SqliteStore::thread_position(Id comment_id) {
  Reader reader(*this);
  sqlite3* db = reader.db();
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

Result<Comment> SqliteStore::comment(Id id) {
  Reader reader(*this);
  sqlite3* db = reader.db();
  Statement query(db, std::string("SELECT ") + kCommentColumns + " FROM comments WHERE id = ?");
  query.bind(1, id);
  if (query.step()) return read_comment_row(query);
  if (query.failed()) return query.step_error();
  return make_error(Errc::not_found, "no comment " + std::to_string(id), "id");
}

Status SqliteStore::set_comment_status(const std::vector<Id>& ids, CommentStatus status) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return sqlite::database_error(db_, "begin");
  for (Id id : ids) {
    Statement update(db_, "UPDATE comments SET status = ? WHERE id = ?");
    update.bind(1, comment_status_name(status)).bind(2, id);
    TRIBUNE_TRY(update.run());
    if (sqlite3_changes(db_) == 0) {
      return make_error(Errc::not_found, "no comment " + std::to_string(id), "id");
    }
  }
  TRIBUNE_TRY(bump_content_version());
  return transaction.commit();
}

Result<bool> SqliteStore::has_approved_comment_from(std::string_view email) {
  std::lock_guard lock(mutex_);
  Statement query(db_,
                  "SELECT 1 FROM comments WHERE author_email = ? AND status = 'approved' LIMIT 1");
  query.bind(1, email);
  if (query.step()) return true;
  if (query.failed()) return query.step_error();
  return false;
}

Result<Author> SqliteStore::add_author(std::string_view name, std::string_view bio) {
  std::lock_guard lock(mutex_);
  std::string slug = slugify(name);
  if (slug.empty()) return make_error(Errc::invalid_input, "the name has no letters", "name");
  Transaction transaction(db_);
  Statement insert(db_, "INSERT INTO authors (name, slug, bio) VALUES (?, ?, ?)");
  insert.bind(1, name).bind(2, slug).bind(3, bio);
  Status inserted = insert.run();
  if (!inserted) {
    if (inserted.error().code == Errc::conflict) {
      return make_error(
          Errc::conflict,
          "an author named '" + std::string(name) + "' (or with the same slug) already exists",
          "name");
    }
    return inserted.error();
  }
  Author author{sqlite3_last_insert_rowid(db_), std::string(name), slug, std::string(bio)};
  TRIBUNE_TRY(bump_content_version());
  TRIBUNE_TRY(transaction.commit());
  return author;
}

Result<std::vector<Author>> SqliteStore::authors() {
  Reader reader(*this);
  sqlite3* db = reader.db();
  Statement query(db, "SELECT id, name, slug, bio FROM authors ORDER BY name");
  std::vector<Author> list;
  while (query.step()) {
    list.push_back(Author{query.integer(0), query.text(1), query.text(2), query.text(3)});
  }
  if (query.failed()) return query.step_error();
  return list;
}

Result<Author> SqliteStore::author_by_slug(std::string_view slug) {
  Reader reader(*this);
  sqlite3* db = reader.db();
  Statement query(db, "SELECT id, name, slug, bio FROM authors WHERE slug = ?");
  query.bind(1, slug);
  if (query.step()) return Author{query.integer(0), query.text(1), query.text(2), query.text(3)};
  if (query.failed()) return query.step_error();
  return make_error(Errc::not_found, "no author '" + std::string(slug) + "'");
}

Result<std::vector<Section>> SqliteStore::sections() {
  Reader reader(*this);
  sqlite3* db = reader.db();
  Statement query(db, std::string("SELECT ") + kSectionColumns + " FROM sections ORDER BY path");
  std::vector<Section> list;
  while (query.step()) list.push_back(read_section_row(query));
  if (query.failed()) return query.step_error();
  return list;
}

Result<Tag> SqliteStore::tag_by_slug(std::string_view slug) {
  Reader reader(*this);
  sqlite3* db = reader.db();
  Statement query(db, "SELECT id, name, slug FROM tags WHERE slug = ?");
  query.bind(1, slug);
  if (query.step()) return Tag{query.integer(0), query.text(1), query.text(2)};
  if (query.failed()) return query.step_error();
  return make_error(Errc::not_found, "no tag '" + std::string(slug) + "'");
}

Result<std::vector<Tag>> SqliteStore::tags() {
  Reader reader(*this);
  sqlite3* db = reader.db();
  Statement query(db, "SELECT id, name, slug FROM tags ORDER BY name");
  std::vector<Tag> list;
  while (query.step()) list.push_back(Tag{query.integer(0), query.text(1), query.text(2)});
  if (query.failed()) return query.step_error();
  return list;
}

Result<std::vector<ArchiveEntry>> SqliteStore::archive_entries() {
  Reader reader(*this);
  sqlite3* db = reader.db();
  // One pass over articles, one over approved comments and one over tags, joined in memory:
  // a correlated count per article would cost an index probe each.
  std::unordered_map<Id, int> comment_counts;
  Statement counts(db,
                   "SELECT article_id, COUNT(*) FROM comments WHERE status = 'approved' "
                   "GROUP BY article_id");
  while (counts.step()) comment_counts[counts.integer(0)] = static_cast<int>(counts.integer(1));
  if (counts.failed()) return counts.step_error();

  std::vector<ArchiveEntry> entries;
  std::unordered_map<Id, std::size_t> index_of;
  Statement articles(db,
                     "SELECT id, slug, title, lang, description, word_count, published_at, "
                     "updated_at, comments_closed, section_id, author_id FROM articles "
                     "WHERE draft = 0 ORDER BY published_at DESC, id DESC");
  while (articles.step()) {
    ArchiveEntry entry;
    entry.id = articles.integer(0);
    entry.slug = articles.text(1);
    entry.title = articles.text(2);
    entry.lang = articles.text(3);
    entry.description = articles.text(4);
    entry.word_count = static_cast<int>(articles.integer(5));
    entry.published_at = articles.integer(6);
    entry.updated_at = articles.integer(7);
    entry.comments_closed = articles.integer(8) != 0;
    entry.section_id = articles.integer(9);
    entry.author_id = articles.integer(10);
    if (auto found = comment_counts.find(entry.id); found != comment_counts.end()) {
      entry.comment_count = found->second;
    }
    index_of.emplace(entry.id, entries.size());
    entries.push_back(std::move(entry));
  }
  if (articles.failed()) return articles.step_error();

  Statement tags(db, "SELECT article_id, tag_id FROM article_tags ORDER BY article_id, tag_id");
  while (tags.step()) {
    if (auto found = index_of.find(tags.integer(0)); found != index_of.end()) {
      entries[found->second].tag_ids.push_back(tags.integer(1));
    }
  }
  if (tags.failed()) return tags.step_error();
  return entries;
}

Result<std::optional<std::string>> SqliteStore::setting(std::string_view key) {
  Reader reader(*this);
  sqlite3* db = reader.db();
  Statement query(db, "SELECT value FROM settings WHERE key = ?");
  query.bind(1, key);
  if (query.step()) return std::optional<std::string>(query.text(0));
  if (query.failed()) return query.step_error();
  return std::optional<std::string>();
}

Status SqliteStore::set_setting(std::string_view key, std::string_view value) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return sqlite::database_error(db_, "begin");
  Statement upsert(db_,
                   "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                   "SET value = excluded.value");
  upsert.bind(1, key).bind(2, value);
  TRIBUNE_TRY(upsert.run());
  TRIBUNE_TRY(bump_content_version());
  return transaction.commit();
}

Result<std::int64_t> SqliteStore::content_version() {
  Reader reader(*this);
  sqlite3* db = reader.db();
  Statement query(db, "SELECT value FROM meta WHERE key = 'content_version'");
  if (query.step()) return query.integer(0);
  return query.step_error();
}

}  // namespace tribune
