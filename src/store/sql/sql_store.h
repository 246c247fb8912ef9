// The Store written once in SQL, for every engine (sqlite/ and postgres/ open one): each
// aggregate's methods live in their own file (sql_articles.cpp, sql_catalog.cpp,
// sql_comments.cpp, sql_views.cpp, sql_subscriptions.cpp for subscribers and the outbox,
// sql_settings.cpp, sql_editorial.cpp, sql_accounts.cpp for accounts and the audit log,
// sql_wordpress.cpp, sql_pages.cpp, sql_media.cpp, sql_rates.cpp), the connections and what they
// share in sql_store.cpp. What differs between engines (search, backups, reader connections) is the
// Engine's.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "store/sql/connection.h"
#include "store/store.h"

namespace tribune {

namespace sql {

// The condition of Engine::reindex_for_search for the one article ?1.
inline constexpr std::string_view kThisArticle = "a.id = ?1";

// What one database engine does its own way.
class Engine {
 public:
  virtual ~Engine() = default;
  // A new connection for readers (the SqlStore keeps it for later reads).
  virtual Result<std::unique_ptr<Connection>> open_reader() = 0;
  // Makes the search index's rows of the articles `condition` selects (on articles `a`; it
  // may use parameter ?1, bound to `id`) again, inside the writer's transaction on `db`.
  virtual Status reindex_for_search(Connection* db, std::string_view condition,
                                    std::int64_t id) = 0;
  // Makes the whole index again, on the writer `db` (the store's lock held).
  virtual Status rebuild_search_index(Connection* db) = 0;
  // SearchStore::search, read on the reader `db`.
  virtual Result<SearchResults> search(Connection* db, const SearchRequest& request) = 0;
  // Store::backup_to, with a reader connection `db` to copy from.
  virtual Status backup_to(Connection* db, const std::filesystem::path& file) = 0;
  // After rows were copied into `table` with their ids (Store::copy_into), inside the
  // writer's transaction on `db`: the next id the table gives follows the largest copied.
  virtual Status continue_ids_after_copy(Connection* db, std::string_view table) {
    (void)db;
    (void)table;
    return Ok{};
  }
  // Store::announces_content_changes: this default announces nothing.
  virtual bool announces_content_changes() const { return false; }
  // Inside the writer's transaction on `db`, once the content version moved: tells the other
  // processes on the database when the transaction commits (where changes are announced).
  virtual Status announce_content_change(Connection* db) {
    (void)db;
    return Ok{};
  }
  // Store::wait_for_content_change; this default hears nothing and sleeps.
  virtual bool wait_for_content_change(std::chrono::milliseconds timeout);
};

}  // namespace sql

class SqlStore final : public Store {
 public:
  // The store over a migrated database: `writer` the one connection that writes.
  SqlStore(std::unique_ptr<sql::Connection> writer, std::unique_ptr<sql::Engine> engine);
  ~SqlStore() override;

  // Store: the engine's backup, from a reader.
  Status backup_to(const std::filesystem::path& file) override;
  // Store (sql_copy.cpp): table by table, through the SQL both engines read.
  Result<std::vector<std::pair<std::string, std::int64_t>>> copy_into(Store& target) override;

  // ArticleStore (sql_articles.cpp)
  Result<std::unique_ptr<ArticleImport>> begin_import(AuthorPolicy policy, TakenSlugPolicy taken,
                                                      const Actor& who, UnixSeconds now) override;
  Result<Article> published_article(std::string_view slug, UnixSeconds now) override;
  Result<Article> article_by_id(Id id) override;
  Result<ArticleText> article_text(Id id) override;
  Result<std::optional<UnixSeconds>> next_publication_after(UnixSeconds now) override;
  Result<std::vector<ArchiveEntry>> archive_entries() override;

  // CatalogStore (sql_catalog.cpp)
  Result<Author> add_author(std::string_view name, std::string_view bio) override;
  Result<std::vector<Author>> authors() override;
  Result<Author> author_by_slug(std::string_view slug) override;
  Result<std::vector<Section>> sections() override;
  Result<Tag> tag_by_slug(std::string_view slug) override;
  Result<std::vector<Tag>> tags() override;
  Status update_author(Id id, std::string_view name, std::string_view slug,
                       std::string_view bio) override;
  Result<Section> add_section(std::string_view name, std::string_view slug,
                              std::optional<Id> parent_id) override;
  Status update_section(Id id, std::string_view name, std::string_view slug,
                        std::optional<Id> parent_id) override;
  Status merge_section(Id from, Id into) override;
  Status update_tag(Id id, std::string_view name, std::string_view slug) override;
  Status merge_tag(Id from, Id into) override;
  Result<std::vector<std::pair<Id, int>>> article_counts_by(CatalogKind kind) override;
  Result<std::vector<CatalogRedirect>> catalog_redirects() override;

  // CommentStore (sql_comments.cpp)
  Result<Id> add_comment(const Comment& comment, std::string_view moderator_email) override;
  Result<Id> add_newsroom_reply(Id answered, const Comment& reply) override;
  Result<std::vector<Comment>> comments(std::optional<Id> article_id,
                                        CommentStatus status) override;
  Result<CommentThreads> comment_threads(Id article_id, int offset, int limit) override;
  Result<int> thread_position(Id comment_id) override;
  Result<Comment> comment(Id id) override;
  Status set_comment_status(const std::vector<Id>& ids, CommentStatus status) override;
  Result<bool> has_approved_comment_from(std::string_view email) override;
  Result<CommentQueuePage> moderation_queue(const CommentFilter& filter) override;
  Result<int> count_comments(CommentStatus status, Id article_author_id) override;
  Result<std::vector<ArticleCommentCounts>> comment_counts(
      const std::vector<Id>& article_ids) override;

  // ViewStore (sql_views.cpp)
  Status add_views(const std::vector<ViewIncrement>& increments, UnixSeconds when) override;
  Result<std::vector<ViewIncrement>> add_reader_views(const std::vector<ReaderView>& views,
                                                      UnixSeconds when) override;
  Result<std::string> daily_view_key(std::int64_t day, std::string_view candidate) override;
  Result<std::vector<Article>> most_read(ReadingPeriod period, UnixSeconds now, int limit) override;

  // SubscriberStore (sql_subscriptions.cpp)
  Result<Subscriber> subscribe(const SubscriptionRequest& request, UnixSeconds now) override;
  Result<Subscriber> subscriber(Id id) override;
  Result<Subscriber> subscriber_by_email(std::string_view email) override;
  Result<Subscriber> confirm_subscriber(Id id, UnixSeconds now) override;
  Status update_subscription(Id id, const std::vector<Id>& section_ids,
                             Frequency frequency) override;
  Status unsubscribe(Id id) override;
  Result<std::vector<Subscriber>> subscribers(const SubscriberQuery& query) override;
  Result<int> import_subscribers(const std::vector<Subscriber>& subscribers) override;
  Result<std::vector<Subscriber>> subscriber_page(const SubscriberQuery& query,
                                                  std::string_view after, int limit) override;
  Result<SubscriberCounts> subscriber_counts() override;
  Result<int> delete_unconfirmed_subscribers(UnixSeconds cutoff) override;

  // OutboxStore (sql_subscriptions.cpp)
  Result<int> queue_due_announcements(UnixSeconds now) override;
  Result<int> queue_digest(int day, UnixSeconds now) override;
  Result<std::vector<Article>> articles_for_subscriber(Id subscriber_id, UnixSeconds start,
                                                       UnixSeconds end) override;
  Result<std::vector<OutboxMessage>> due_messages(UnixSeconds now, int limit) override;
  Result<std::vector<OutboxMessage>> claim_due_messages(UnixSeconds now, int limit,
                                                        UnixSeconds lease_until) override;
  Status release_claims(const std::vector<Id>& message_ids) override;
  Status mark_sent(Id message_id, UnixSeconds now) override;
  Status mark_retry(Id message_id, UnixSeconds next_attempt, std::string_view error) override;
  Status mark_failed(Id message_id, std::string_view error, bool address_refused) override;
  Status record_sender_refusal(std::string_view reply, UnixSeconds retry_at,
                               UnixSeconds now) override;
  Status resolve_sender_refusal(UnixSeconds now) override;
  Result<std::optional<SenderRefusal>> sender_refusal() override;
  Result<OutboxCounts> outbox_counts() override;
  Result<std::vector<OutboxEntry>> outbox_entries(const OutboxQuery& query) override;
  Result<OutboxMessage> retry_message(Id message_id, UnixSeconds now) override;
  Result<OutboxMessage> cancel_message(Id message_id) override;
  Result<int> prune_sent_messages(UnixSeconds cutoff, int limit) override;

  // SettingStore (sql_settings.cpp)
  Result<std::optional<std::string>> setting(std::string_view key) override;
  Status set_settings(const std::vector<std::pair<std::string, std::string>>& values) override;
  Status set_setting(std::string_view key, std::string_view value) override;
  Result<std::string> setting_once(std::string_view key, std::string_view candidate) override;
  Result<std::int64_t> content_version() override;
  bool announces_content_changes() const override;
  bool wait_for_content_change(std::chrono::milliseconds timeout) override;

  // EditorialStore (sql_editorial.cpp)
  Result<Article> article_for_editing(Id id) override;
  Result<Article> article_for_editing_by_slug(std::string_view slug) override;
  Result<DeskPage> find_articles(const ArticleFilter& filter) override;
  Result<StateCounts> article_counts(UnixSeconds now) override;
  Result<std::vector<DeskEntry>> publications_around(UnixSeconds now, bool upcoming,
                                                     int limit) override;
  Result<Id> create_article(const NewArticle& article, const Actor& who, UnixSeconds now) override;
  Result<int> update_article(Id id, const NewArticle& article, const Actor& who,
                             std::string_view note, int expected_revision,
                             UnixSeconds now) override;
  Status set_article_state(Id id, ArticleState state, const Actor& who, UnixSeconds now) override;
  Result<std::vector<Revision>> revisions(Id article_id) override;
  Result<Revision> revision(Id revision_id) override;
  Result<int> purge_trash(UnixSeconds before) override;
  Result<SlugHistory> slug_history() override;

  // AccountStore (sql_accounts.cpp)
  Result<User> add_user(const NewUser& user, UnixSeconds now) override;
  Result<std::vector<User>> users() override;
  Result<User> user_by_id(Id id) override;
  Result<User> user_by_email(std::string_view email) override;
  Result<std::string> password_hash(Id user_id) override;
  Status set_password_hash(Id user_id, std::string_view hash) override;
  Status set_role(Id user_id, Role role) override;
  Status add_session(const SessionRecord& session) override;
  Result<SessionRecord> session(std::string_view token_hash, UnixSeconds now) override;
  Status end_session(std::string_view token_hash) override;
  Status end_sessions_of(Id user_id) override;
  Status add_login_token(std::string_view token_hash, Id user_id, LoginTokenPurpose purpose,
                         UnixSeconds expires_at) override;
  Result<Id> use_login_token(std::string_view token_hash, LoginTokenPurpose purpose,
                             UnixSeconds now) override;
  Result<int> add_failed_login(std::string_view key, UnixSeconds now, UnixSeconds since) override;
  Result<int> failed_logins(std::string_view key, UnixSeconds since) override;
  Status clear_failed_logins(std::string_view key) override;
  Status purge_expired_accounts_data(UnixSeconds now, UnixSeconds failures_before) override;

  // SearchStore (sql_store.cpp): the engine's
  Result<SearchResults> search(const SearchRequest& request) override;
  Status rebuild_search_index() override;

  // WordpressStore, PageStore, OldAddressStore (sql_wordpress.cpp)
  Result<std::unique_ptr<WordpressImport>> begin_wordpress_import(const Actor& who,
                                                                  UnixSeconds now) override;
  Result<std::vector<WordpressMedia>> wordpress_media() override;
  Result<WordpressOrigin> wordpress_origin(Id article_id) override;
  Result<std::vector<StaticPage>> static_pages() override;
  // PageStore's writer (sql_pages.cpp)
  Result<Id> save_static_page(const StaticPage& page, UnixSeconds now) override;
  // Binds parameters 1 to 10 of an INSERT or UPDATE of static_pages: path (`path`, the
  // page's own or a free one), title, lang, description, body_source, body_format,
  // body_html, parent_id (`parent`, NULL for 0), position, draft, in that order.
  static void bind_page_content(sql::Statement& statement, const StaticPage& page,
                                std::string_view path, Id parent);
  Result<std::optional<OldAddress>> old_address(std::string_view path) override;

  // MediaStore (sql_media.cpp)
  Result<Media> add_media(const Media& media) override;
  Result<std::optional<Media>> media_named(std::string_view name) override;
  Result<std::vector<Media>> all_media() override;

  // RateStore (sql_rates.cpp)
  Result<bool> record_limited_action(std::string_view client, UnixSeconds now, UnixSeconds window,
                                     int limit) override;
  Result<int> forget_actions_before(UnixSeconds before) override;

  // AuditStore (sql_accounts.cpp)
  Status add_audit_entry(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> audit_log(int offset, int limit) override;

 private:
  friend class SqlArticleImport;
  friend class SqlWordpressImport;

  // --- Shared by the aggregates' files (sql_store.cpp) ---

  // The columns of an article as lists show it (no body), on articles `a` joined with their
  // author `au`; read_article_row reads them, in order, from the current row.
  static const char* const kArticleColumns;
  // How many they are: a query's own columns after them start at this index.
  static constexpr int kArticleColumnCount = 25;
  static Article read_article_row(const sql::Statement& row, Id& section_id);
  // The columns of a section, and their reader.
  static const char* const kSectionColumns;
  static Section read_section_row(const sql::Statement& row);
  // SQL condition: subscriber `s` follows the section of article `a`.
  static const char* const kFollowsArticle;

  // Inside a transaction the caller holds.
  Status bump_content_version();
  // add_views' work inside the caller's transaction (mutex_ held).
  Status add_views_locked(const std::vector<ViewIncrement>& increments, UnixSeconds when);
  // add_comment's work inside the caller's transaction (mutex_ held).
  Result<Id> insert_comment(const Comment& comment, std::string_view moderator_email);
  // A section and its parents, from the top down.
  Result<std::vector<Section>> section_chain(sql::Connection* db, Id section_id);
  // Sets each article's sections from the matching section id.
  Status fill_sections(sql::Connection* db, std::vector<Article>& articles,
                       const std::vector<Id>& section_ids);

  // --- Articles and the catalog, inside a transaction the caller holds ---

  // Inserts one article (with its section path, author and tags), a draft or published as
  // its draft says; the new id. conflict (field "slug") as slug_taken says.
  Result<Id> insert_article(const NewArticle& article, AuthorPolicy policy);
  // Where an article is filed: its section (created as needed) and its author (as `policy`
  // says). Errors name the draft's source and field ("category", "author").
  struct Filing {
    Id section_id = 0;
    Id author_id = 0;
  };
  Result<Filing> file_article(const ArticleDraft& draft, AuthorPolicy policy);
  // Binds parameters 1 to 10 of an INSERT or UPDATE of articles to the content: slug, title,
  // lang, description, body_markdown, body_html, word_count, author_id, section_id,
  // published_at, in that order.
  static void bind_content(sql::Statement& statement, const NewArticle& article,
                           const Filing& filing);
  // Sets article `id`'s featured picture and its alt text to the draft's.
  Status set_featured_image(Id id, const ArticleDraft& draft);
  // Replaces an article's tags with the draft's (created as needed).
  Status link_tags(Id article_id, const ArticleDraft& draft);
  // Files article `article_id` in the translation group of the article its draft's
  // translation_of names (by slug, or an old slug of it), or in none when empty. The group is
  // the original's: a translation of a translation joins it, and an original that becomes a
  // translation brings its translations along. invalid_input (field "translation_of") for an
  // unknown slug, the article itself, or an original in the same language.
  Status link_translation(Id article_id, const NewArticle& article);
  // Whether `slug` is another article's than `article_id` (0: any article's), as its slug or
  // as the old slug redirecting to it.
  Result<bool> slug_taken(std::string_view slug, Id article_id);
  // The id of the article (in any state) whose slug is `slug`; nullopt when none.
  Result<std::optional<Id>> article_id_by_slug(std::string_view slug);
  // EditorialStore::update_article's work, authors found or created as `policy` says (an
  // import's update creates them as the import does).
  Result<int> update_article_locked(Id id, const NewArticle& article, AuthorPolicy policy,
                                    const Actor& who, std::string_view note, int expected_revision,
                                    UnixSeconds now);
  // Records revision `number` of article `id` with `article`'s content.
  Status add_revision(Id id, int number, const NewArticle& article, const Actor& who,
                      std::string_view note, UnixSeconds now);
  // Records an audit entry for article `id` (the subject: its title).
  Status add_audit_locked(const Actor& who, std::string_view action, Id article_id,
                          std::string_view subject, UnixSeconds now);
  Result<Id> ensure_section_path(const std::vector<std::string>& path);
  Result<Id> find_or_create_author(const ArticleDraft& draft, AuthorPolicy policy);
  Result<Id> ensure_tag(std::string_view name);
  // The article matching `condition` (on articles `a`; readers' conditions include
  // "a.draft = 0"), whose parameters `bind` binds; not_found when none does.
  Result<Article> load_article(sql::Connection* db, std::string_view condition,
                               const std::function<void(sql::Statement&)>& bind);

  // --- Subscribers and the outbox, under the writer's lock ---

  // queue_due_announcements, inside a transaction the caller holds.
  Result<int> queue_announcements_locked(UnixSeconds now);
  // The subscriber with that id, without taking the lock.
  Result<Subscriber> load_subscriber(Id id);
  // Fills `subscriber.section_ids` from the database.
  Status read_sections(Subscriber& subscriber);
  // Outbox message `id` and its status ("queued", …); not_found when unknown.
  Result<std::pair<OutboxMessage, std::string>> message_state(Id id);
  // Cancels the messages still queued for a subscriber (they left, or their address bounced).
  Status cancel_queued_messages(Id subscriber_id);
  // Replaces a subscriber's followed sections.
  Status write_sections(Id subscriber_id, const std::vector<Id>& section_ids);
  // Queues a confirmation message for that subscriber.
  Status queue_confirmation(Id subscriber_id, std::string_view email, UnixSeconds now);

  // The writer: one connection, one thread at a time (SQLite has one writer anyway; on
  // PostgreSQL the write transactions of every server take turns, see Connection).
  std::mutex mutex_;
  std::unique_ptr<sql::Connection> writer_;
  sql::Connection* db_;
  std::unique_ptr<sql::Engine> engine_;

  // Readers: connections for reading, one per thread that reads at a time, made as needed and
  // kept. They read in parallel with each other and with the writer, each seeing the last
  // commit.
  class Reader {
   public:
    explicit Reader(SqlStore& store);
    ~Reader();
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;
    // The leased connection (the writer's if no reader could be opened, under its lock).
    sql::Connection* db() const { return db_; }

   private:
    SqlStore& store_;
    std::unique_ptr<sql::Connection> leased_;
    sql::Connection* db_ = nullptr;
    std::unique_lock<std::mutex> writer_lock_;
  };
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<sql::Connection>> idle_readers_;
};

}  // namespace tribune
