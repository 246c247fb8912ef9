// The SQL implementation of EditorialStore (see store/editorial_store.h): articles in every
// state, their revisions, and the addresses of those that moved or went away.

#include <nlohmann/json.hpp>

#include "store/editorial_rules.h"
#include "store/naming_rules.h"
#include "store/sql/connection.h"
#include "store/sql/sql_store.h"

namespace tribune {

using sql::read_row;
using sql::read_rows;
using sql::Statement;
using sql::Transaction;

namespace {

// Section paths and tags are kept in a revision as JSON arrays of names: any name survives.
std::string names_json(const std::vector<std::string>& names) {
  return nlohmann::json(names).dump();
}

std::vector<std::string> names_from_json(const std::string& text) {
  auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> names;
  if (!parsed.is_array()) return names;  // written by names_json: cannot happen
  for (const auto& name : parsed) {
    if (name.is_string()) names.push_back(name.get<std::string>());
  }
  return names;
}

// The editable content of a stored article, as a revision keeps it and describe_changes
// compares it.
ArticleDraft content_of(const Article& article) {
  ArticleDraft draft;
  draft.title = article.title;
  draft.slug = article.slug;
  draft.author_name = article.author.name;
  for (const Section& section : article.sections) draft.section_path.push_back(section.name);
  for (const Tag& tag : article.tags) draft.tags.push_back(tag.name);
  draft.lang = article.lang;
  draft.description = article.description;
  draft.body_markdown = article.body_markdown;
  draft.body_format = article.body_format;
  draft.published_at = article.published_at;
  draft.comments_closed = article.comments_closed;
  draft.correction = article.correction;
  draft.translation_of = article.translation_of;
  draft.image = article.image;
  draft.image_alt = article.image_alt;
  return draft;
}

// The content `article` would save, with its final slug, language and description.
ArticleDraft content_of(const NewArticle& article) {
  ArticleDraft draft = article.draft;
  draft.slug = article.slug;
  draft.lang = article.lang;
  draft.description = article.description;
  return draft;
}

constexpr const char* kRevisionColumns =
    "id, article_id, number, saved_at, user_id, user_name, note, title, slug, author_name, "
    "section_path, tags, lang, description, body_markdown, published_at, comments_closed, "
    "correction, translation_of, body_format";

Revision read_revision_row(const Statement& row) {
  Revision revision;
  revision.id = row.integer(0);
  revision.article_id = row.integer(1);
  revision.number = static_cast<int>(row.integer(2));
  revision.saved_at = row.integer(3);
  revision.user_id = row.integer(4);
  revision.user_name = row.text(5);
  revision.note = row.text(6);
  ArticleDraft& content = revision.content;
  content.title = row.text(7);
  content.slug = row.text(8);
  content.author_name = row.text(9);
  content.section_path = names_from_json(row.text(10));
  content.tags = names_from_json(row.text(11));
  content.lang = row.text(12);
  content.description = row.text(13);
  content.body_markdown = row.text(14);
  content.published_at = row.integer(15);
  content.comments_closed = row.integer(16) != 0;
  content.correction = row.text(17);
  content.translation_of = row.text(18);
  content.body_format = parse_body_format(row.text(19)).value_or(BodyFormat::markdown);
  return revision;
}

// LIKE's wildcards in a user's search text, escaped with '\'.
std::string like_pattern(std::string_view text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

// An article as the admin's lists show it (DeskEntry), read by read_desk_entry.
constexpr const char* kDeskColumns =
    "SELECT a.id, a.slug, a.title, a.state, a.published_at, a.updated_at, a.trashed_at, au.id, "
    "au.name, s.id, s.name FROM articles a JOIN authors au ON au.id = a.author_id JOIN sections "
    "s ON s.id = a.section_id";

DeskEntry read_desk_entry(const Statement& row) {
  DeskEntry entry;
  entry.id = row.integer(0);
  entry.slug = row.text(1);
  entry.title = row.text(2);
  entry.state = state_from_name(row.text(3)).value_or(ArticleState::draft);
  entry.published_at = row.integer(4);
  entry.updated_at = row.integer(5);
  entry.trashed_at = row.integer(6);
  entry.author_id = row.integer(7);
  entry.author_name = row.text(8);
  entry.section_id = row.integer(9);
  entry.section_name = row.text(10);
  return entry;
}

Error no_article(Id id) {
  return make_error(Errc::not_found, "no article " + std::to_string(id), "id");
}

}  // namespace

Result<Article> SqlStore::article_for_editing(Id id) {
  Reader reader(*this);
  auto article = load_article(reader.db(), "a.id = ?1", [&](Statement& q) { q.bind(1, id); });
  if (!article && article.error().code == Errc::not_found) return no_article(id);
  return article;
}

Result<Article> SqlStore::article_for_editing_by_slug(std::string_view slug) {
  Reader reader(*this);
  auto article = load_article(reader.db(), "a.slug = ?1", [&](Statement& q) { q.bind(1, slug); });
  if (!article && article.error().code == Errc::not_found) {
    return make_error(Errc::not_found, "no article '" + std::string(slug) + "'", "slug");
  }
  return article;
}

Result<DeskPage> SqlStore::find_articles(const ArticleFilter& filter) {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  // One fixed text whatever the filter (each condition off when its parameter says "any"),
  // so that the statement cache keeps it.
  static const std::string kWhere =
      " WHERE ((?1 = '' AND a.state != 'trash') OR a.state = ?1)"
      " AND (?2 = 0 OR a.published_at > ?3)"
      " AND (?4 = 0 OR a.section_id IN (SELECT s.id FROM sections s, sections f WHERE f.id = ?4 "
      "AND (s.path = f.path OR s.path LIKE f.path || '/%')))"
      " AND (?5 = 0 OR a.author_id = ?5)"
      " AND (?6 = '' OR a.title LIKE ?7 ESCAPE '\\')";
  auto bind = [&](Statement& query) {
    query.bind(1, filter.state ? state_name(*filter.state) : std::string_view(""))
        .bind(2, filter.scheduled_only ? 1 : 0)
        .bind(3, filter.now)
        .bind(4, filter.section_id)
        .bind(5, filter.author_id)
        .bind(6, filter.title_contains)
        .bind(7, like_pattern(filter.title_contains));
  };
  DeskPage page;
  Statement count(db, "SELECT COUNT(*) FROM articles a" + kWhere);
  bind(count);
  if (!count.step()) return count.step_error();
  page.total = static_cast<int>(count.integer(0));

  Statement query(db, std::string(kDeskColumns) + kWhere +
                          " ORDER BY a.updated_at DESC, a.id DESC LIMIT ?8 OFFSET ?9");
  bind(query);
  query.bind(8, filter.limit).bind(9, filter.offset);
  auto rows = read_rows(query, read_desk_entry);
  if (!rows) return rows.error();
  page.articles = std::move(*rows);
  return page;
}

Result<std::vector<DeskEntry>> SqlStore::publications_around(UnixSeconds now, bool upcoming,
                                                             int limit) {
  Reader reader(*this);
  // Two fixed texts, so that each walks the (state, published_at) index its own way.
  Statement query(reader.db(),
                  std::string(kDeskColumns) +
                      (upcoming ? " WHERE a.state = 'published' AND a.published_at > ?1 "
                                  "ORDER BY a.published_at, a.id LIMIT ?2"
                                : " WHERE a.state = 'published' AND a.published_at <= ?1 "
                                  "ORDER BY a.published_at DESC, a.id DESC LIMIT ?2"));
  query.bind(1, now).bind(2, limit);
  return read_rows(query, read_desk_entry);
}

Result<StateCounts> SqlStore::article_counts(UnixSeconds now) {
  Reader reader(*this);
  Statement query(reader.db(),
                  "SELECT state, published_at > ?, COUNT(*) FROM articles GROUP BY 1, 2");
  query.bind(1, now);
  StateCounts counts;
  while (query.step()) {
    const int n = static_cast<int>(query.integer(2));
    switch (state_from_name(query.text(0)).value_or(ArticleState::draft)) {
      case ArticleState::draft:
        counts.draft += n;
        break;
      case ArticleState::published:
        (query.integer(1) != 0 ? counts.scheduled : counts.published) += n;
        break;
      case ArticleState::unpublished:
        counts.unpublished += n;
        break;
      case ArticleState::trash:
        counts.trash += n;
        break;
    }
  }
  if (query.failed()) return query.step_error();
  return counts;
}

Status SqlStore::add_revision(Id id, int number, const NewArticle& article, const Actor& who,
                              std::string_view note, UnixSeconds now) {
  const ArticleDraft content = content_of(article);
  Statement insert(
      db_,
      "INSERT INTO revisions (article_id, number, saved_at, user_id, user_name, note, "
      "title, slug, author_name, section_path, tags, lang, description, "
      "body_markdown, published_at, comments_closed, correction, translation_of, body_format) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, id)
      .bind(2, number)
      .bind(3, now)
      .bind(4, who.user_id)
      .bind(5, who.name)
      .bind(6, note)
      .bind(7, content.title)
      .bind(8, content.slug)
      .bind(9, content.author_name)
      .bind(10, names_json(content.section_path))
      .bind(11, names_json(content.tags))
      .bind(12, content.lang)
      .bind(13, content.description)
      .bind(14, content.body_markdown)
      .bind(15, content.published_at)
      .bind(16, content.comments_closed ? 1 : 0)
      .bind(17, content.correction)
      .bind(18, content.translation_of)
      .bind(19, body_format_name(content.body_format));
  return insert.run();
}

Status SqlStore::add_audit_locked(const Actor& who, std::string_view action, Id article_id,
                                  std::string_view subject, UnixSeconds now) {
  Statement insert(db_,
                   "INSERT INTO audit_log (at, user_id, user_name, action, article_id, subject) "
                   "VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, now)
      .bind(2, who.user_id)
      .bind(3, who.name)
      .bind(4, action)
      .bind(5, article_id)
      .bind(6, subject);
  return insert.run();
}

Result<Id> SqlStore::create_article(const NewArticle& article, const Actor& who, UnixSeconds now) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  auto id = insert_article(article, AuthorPolicy::existing_only);
  if (!id) return id.error();
  TRIBUNE_TRY(add_revision(*id, 1, article, who, "", now));
  TRIBUNE_TRY(add_audit_locked(who, "create", *id, article.draft.title, now));
  auto queued = queue_announcements_locked(now);
  if (!queued) return queued.error();
  TRIBUNE_TRY(bump_content_version());
  TRIBUNE_TRY(transaction.commit());
  return *id;
}

Result<int> SqlStore::update_article_locked(Id id, const NewArticle& article, AuthorPolicy policy,
                                            const Actor& who, std::string_view note,
                                            int expected_revision, UnixSeconds now) {
  auto current = load_article(db_, "a.id = ?1", [&](Statement& q) { q.bind(1, id); });
  if (!current) return current.error().code == Errc::not_found ? no_article(id) : current.error();
  Statement last(db_, "SELECT COALESCE(MAX(number), 0) FROM revisions WHERE article_id = ?");
  last.bind(1, id);
  if (!last.step()) return last.step_error();
  const int last_number = static_cast<int>(last.integer(0));
  if (expected_revision > 0 && last_number > expected_revision) {
    return make_error(Errc::conflict,
                      "the article was saved by someone else since revision " +
                          std::to_string(expected_revision) + " (now at " +
                          std::to_string(last_number) + ")",
                      "revision");
  }
  const ArticleDraft before = content_of(*current);
  const ArticleDraft after = content_of(article);
  const std::string changes = describe_changes(before, after);
  if (changes.empty() && last_number > 0) return last_number;  // nothing new to keep

  const ArticleDraft& draft = article.draft;
  if (article.slug != current->slug) {
    auto taken = slug_taken(article.slug, id);
    if (!taken) return taken.error();
    if (*taken) return with_source(article_slug_taken(article.slug), draft.source);
  }
  auto filing = file_article(draft, policy);
  if (!filing) return filing.error();
  // A correction is dated when its text changes; views counted on the site are kept.
  const UnixSeconds corrected_at = draft.correction == current->correction ? current->corrected_at
                                   : draft.correction.empty()              ? 0
                                                                           : now;
  Statement update(db_,
                   "UPDATE articles SET slug = ?, title = ?, lang = ?, description = ?, "
                   "body_markdown = ?, body_html = ?, word_count = ?, author_id = ?, "
                   "section_id = ?, published_at = ?, updated_at = ?, comments_closed = ?, "
                   "correction = ?, corrected_at = ?, body_format = ? WHERE id = ?");
  bind_content(update, article, *filing);
  update.bind(11, now)
      .bind(12, draft.comments_closed ? 1 : 0)
      .bind(13, draft.correction)
      .bind(14, corrected_at)
      .bind(15, body_format_name(draft.body_format))
      .bind(16, id);
  Status updated = update.run();
  if (!updated) return with_source(updated.error(), draft.source);
  TRIBUNE_TRY(set_featured_image(id, draft));
  TRIBUNE_TRY(link_tags(id, draft));
  TRIBUNE_TRY(link_translation(id, article));
  TRIBUNE_TRY(engine_->reindex_for_search(db_, sql::kThisArticle, id));
  if (article.slug != current->slug) {
    // The old address answers 301 to the new one; an old address that is the new slug again
    // is this article's own address once more.
    Statement reclaim(db_, "DELETE FROM slug_redirects WHERE old_slug = ?");
    reclaim.bind(1, article.slug);
    TRIBUNE_TRY(reclaim.run());
    Statement redirect(
        db_,
        "INSERT INTO slug_redirects (old_slug, article_id) VALUES (?, ?) ON CONFLICT "
        "(old_slug) DO UPDATE SET article_id = excluded.article_id");
    redirect.bind(1, current->slug).bind(2, id);
    TRIBUNE_TRY(redirect.run());
  }
  const int number = last_number + 1;
  TRIBUNE_TRY(add_revision(id, number, article, who, note.empty() ? changes : note, now));
  TRIBUNE_TRY(add_audit_locked(who, "edit", id, draft.title, now));
  return number;
}

Result<int> SqlStore::update_article(Id id, const NewArticle& article, const Actor& who,
                                     std::string_view note, int expected_revision,
                                     UnixSeconds now) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  auto number = update_article_locked(id, article, AuthorPolicy::existing_only, who, note,
                                      expected_revision, now);
  if (!number) return number.error();
  TRIBUNE_TRY(bump_content_version());
  TRIBUNE_TRY(transaction.commit());
  return number;
}

Status SqlStore::set_article_state(Id id, ArticleState state, const Actor& who, UnixSeconds now) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  Statement current(db_, "SELECT state, state_before_trash, title FROM articles WHERE id = ?");
  current.bind(1, id);
  if (!current.step()) return current.failed() ? current.step_error() : no_article(id);
  const ArticleState from = state_from_name(current.text(0)).value_or(ArticleState::draft);
  const std::optional<ArticleState> before_trash =
      current.is_null(1) ? std::nullopt : state_from_name(current.text(1));
  const std::string title = current.text(2);
  auto change = plan_state_change(from, before_trash, state);
  if (!change) return change.error();
  if (change->action.empty()) return Ok{};

  // `draft` follows the state: readers' queries only look at it. Going live marks the article
  // for announcing unless it was marked before (announced or not, it is never mailed again).
  Statement update(
      db_,
      "UPDATE articles SET state = ?1, draft = ?2, "
      "state_before_trash = CASE WHEN ?1 = 'trash' THEN ?3 ELSE NULL END, "
      "trashed_at = CASE WHEN ?1 = 'trash' THEN ?4 ELSE 0 END, "
      "mailing = CASE WHEN ?5 = 1 AND mailing = 'none' THEN 'pending' ELSE mailing END "
      "WHERE id = ?6");
  update.bind(1, state_name(change->to))
      .bind(2, hidden_from_readers(change->to) ? 1 : 0)
      .bind(3, state_name(from))
      .bind(4, now)
      .bind(5, change->announce ? 1 : 0)
      .bind(6, id);
  TRIBUNE_TRY(update.run());
  TRIBUNE_TRY(engine_->reindex_for_search(db_, sql::kThisArticle, id));  // found only while live
  TRIBUNE_TRY(add_audit_locked(who, change->action, id, title, now));
  auto queued = queue_announcements_locked(now);
  if (!queued) return queued.error();
  TRIBUNE_TRY(bump_content_version());
  return transaction.commit();
}

Result<std::vector<Revision>> SqlStore::revisions(Id article_id) {
  Reader reader(*this);
  Statement query(reader.db(), std::string("SELECT ") + kRevisionColumns +
                                   " FROM revisions WHERE article_id = ? ORDER BY number DESC");
  query.bind(1, article_id);
  return read_rows(query, read_revision_row);
}

Result<Revision> SqlStore::revision(Id revision_id) {
  Reader reader(*this);
  Statement query(reader.db(),
                  std::string("SELECT ") + kRevisionColumns + " FROM revisions WHERE id = ?");
  query.bind(1, revision_id);
  return read_row(query, read_revision_row,
                  make_error(Errc::not_found, "no revision " + std::to_string(revision_id), "id"));
}

Result<int> SqlStore::purge_trash(UnixSeconds before) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  // Their addresses, and the old ones that redirected to them, answer 410 from now on.
  Statement retire(db_,
                   "INSERT OR IGNORE INTO retired_slugs (slug, gone_at) SELECT slug, trashed_at "
                   "FROM articles WHERE state = 'trash' AND trashed_at < ?1 UNION SELECT "
                   "r.old_slug, a.trashed_at FROM slug_redirects r JOIN articles a ON a.id = "
                   "r.article_id WHERE a.state = 'trash' AND a.trashed_at < ?1");
  retire.bind(1, before);
  TRIBUNE_TRY(retire.run());
  // Comments, views, tags, revisions, redirects and queued mail go with them (ON DELETE
  // CASCADE); the audit log keeps its entries.
  Statement purge(db_, "DELETE FROM articles WHERE state = 'trash' AND trashed_at < ?");
  purge.bind(1, before);
  TRIBUNE_TRY(purge.run());
  const int purged = db_->changes();
  if (purged > 0) TRIBUNE_TRY(bump_content_version());
  TRIBUNE_TRY(transaction.commit());
  return purged;
}

Result<SlugHistory> SqlStore::slug_history() {
  Reader reader(*this);
  sql::Connection* db = reader.db();
  SlugHistory history;
  // Gone: trashed articles and the old addresses that led to them, and purged ones' unless an
  // article took the slug since.
  Statement gone(db,
                 "SELECT slug FROM articles WHERE state = 'trash' UNION SELECT r.old_slug FROM "
                 "slug_redirects r JOIN articles a ON a.id = r.article_id WHERE a.state = "
                 "'trash' UNION SELECT slug FROM retired_slugs WHERE slug NOT IN (SELECT slug "
                 "FROM articles) ORDER BY 1");
  auto slugs = read_rows(gone, [](const Statement& row) { return row.text(0); });
  if (!slugs) return slugs.error();
  history.gone = std::move(*slugs);
  Statement moved(db,
                  "SELECT r.old_slug, a.slug FROM slug_redirects r JOIN articles a ON a.id = "
                  "r.article_id WHERE a.draft = 0 ORDER BY 1");
  auto pairs = read_rows(moved, [](const Statement& row) {
    return std::pair<std::string, std::string>(row.text(0), row.text(1));
  });
  if (!pairs) return pairs.error();
  history.moved = std::move(*pairs);
  return history;
}

}  // namespace tribune
