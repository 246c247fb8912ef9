// Migrations: append new ones at the end, never edit one that has shipped.
#include "store/sqlite/migrations.h"

#include <string>
#include <vector>

#include "store/sqlite/search_index.h"
#include "store/sqlite/sqlite_connection.h"

namespace tribune::sqlite {

using sql::execute;
using sql::Statement;

namespace {

const char* search_migration() {
  static const std::string sql =
      index_table_sql() +
      "\nCREATE TRIGGER articles_leave_search AFTER DELETE ON articles BEGIN "
      "DELETE FROM article_search WHERE rowid = OLD.id; END;\n" +
      reindex_sql("1") + "\nINSERT INTO article_search (article_search) VALUES ('optimize');";
  return sql.c_str();
}

const std::vector<const char*>& migrations() {
  static const std::vector<const char*> list = {
      // 1: the newsroom's core: settings, authors, nested sections, articles.
      R"sql(
        CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO meta (key, value) VALUES ('content_version', 1);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE authors (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          slug TEXT NOT NULL UNIQUE,
          bio TEXT NOT NULL DEFAULT '');
        CREATE TABLE sections (
          id INTEGER PRIMARY KEY,
          parent_id INTEGER REFERENCES sections (id),
          name TEXT NOT NULL,
          slug TEXT NOT NULL,
          path TEXT NOT NULL UNIQUE,
          position INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE articles (
          id INTEGER PRIMARY KEY,
          slug TEXT NOT NULL UNIQUE,
          title TEXT NOT NULL,
          lang TEXT NOT NULL,
          description TEXT NOT NULL DEFAULT '',
          body_markdown TEXT NOT NULL,
          body_html TEXT NOT NULL,
          word_count INTEGER NOT NULL DEFAULT 0,
          author_id INTEGER NOT NULL REFERENCES authors (id),
          section_id INTEGER NOT NULL REFERENCES sections (id),
          published_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          views INTEGER NOT NULL DEFAULT 0,
          draft INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX articles_by_date ON articles (draft, published_at DESC);
        CREATE INDEX articles_by_section ON articles (section_id, published_at DESC);
        CREATE INDEX articles_by_author ON articles (author_id, published_at DESC);
      )sql",
      // 2: tags.
      R"sql(
        CREATE TABLE tags (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          slug TEXT NOT NULL UNIQUE);
        CREATE TABLE article_tags (
          article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
          tag_id INTEGER NOT NULL REFERENCES tags (id),
          PRIMARY KEY (article_id, tag_id));
        CREATE INDEX article_tags_by_tag ON article_tags (tag_id);
      )sql",
      // 3: views per article per day (kept) and per hour (for the last 24 hours and 7 days).
      R"sql(
        CREATE TABLE article_views_daily (
          article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
          day INTEGER NOT NULL,
          views INTEGER NOT NULL,
          PRIMARY KEY (article_id, day));
        CREATE TABLE article_views_hourly (
          article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
          hour INTEGER NOT NULL,
          views INTEGER NOT NULL,
          PRIMARY KEY (article_id, hour));
        CREATE INDEX article_views_hourly_by_hour ON article_views_hourly (hour);
      )sql",
      // 4: reader comments, threaded one level deep.
      R"sql(
        CREATE TABLE comments (
          id INTEGER PRIMARY KEY,
          article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
          parent_id INTEGER REFERENCES comments (id) ON DELETE CASCADE,
          author_name TEXT NOT NULL,
          author_email TEXT NOT NULL,
          author_url TEXT NOT NULL DEFAULT '',
          body TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
          created_at INTEGER NOT NULL);
        CREATE INDEX comments_by_article ON comments (article_id, status, created_at);
        CREATE INDEX comments_by_email ON comments (author_email, status);
      )sql",
      // 5: comments closed on an article by an editor.
      R"sql(
        ALTER TABLE articles ADD COLUMN comments_closed INTEGER NOT NULL DEFAULT 0;
      )sql",
      // 6: email subscriptions and the outbox of messages to send.
      R"sql(
        ALTER TABLE articles ADD COLUMN mailing TEXT NOT NULL DEFAULT 'none'
          CHECK (mailing IN ('none', 'pending', 'queued'));
        CREATE INDEX articles_to_mail ON articles (mailing) WHERE mailing = 'pending';
        CREATE TABLE subscribers (
          id INTEGER PRIMARY KEY,
          email TEXT NOT NULL UNIQUE COLLATE NOCASE,
          status TEXT NOT NULL
            CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced')),
          frequency TEXT NOT NULL CHECK (frequency IN ('each', 'daily')),
          lang TEXT NOT NULL DEFAULT '',
          created_at INTEGER NOT NULL,
          confirmed_at INTEGER NOT NULL DEFAULT 0,
          confirmation_sent_at INTEGER NOT NULL DEFAULT 0,
          last_error TEXT NOT NULL DEFAULT '');
        CREATE INDEX subscribers_by_status ON subscribers (status, frequency);
        CREATE TABLE subscriber_sections (
          subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
          section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
          PRIMARY KEY (subscriber_id, section_id));
        CREATE TABLE outbox (
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('confirmation', 'article', 'digest', 'moderation')),
          recipient TEXT NOT NULL,
          subscriber_id INTEGER REFERENCES subscribers (id) ON DELETE CASCADE,
          article_id INTEGER REFERENCES articles (id) ON DELETE CASCADE,
          comment_id INTEGER REFERENCES comments (id) ON DELETE CASCADE,
          period_start INTEGER NOT NULL DEFAULT 0,
          period_end INTEGER NOT NULL DEFAULT 0,
          status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'cancelled')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          sent_at INTEGER NOT NULL DEFAULT 0,
          last_error TEXT NOT NULL DEFAULT '');
        CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'queued';
        CREATE INDEX outbox_by_subscriber ON outbox (subscriber_id, status);
        -- An article is mailed to a subscriber once, whatever queues it.
        CREATE UNIQUE INDEX outbox_article_once ON outbox (subscriber_id, article_id)
          WHERE kind = 'article';
        INSERT INTO meta (key, value) VALUES ('digest_day', 0), ('digest_period_end', 0);
      )sql",
      // 7: the SMTP server's latest run of refusals of the site itself (one row at most).
      R"sql(
        CREATE TABLE sender_refusal (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          first_refused_at INTEGER NOT NULL,
          refused_at INTEGER NOT NULL,
          refusals INTEGER NOT NULL,
          reply TEXT NOT NULL,
          retry_at INTEGER NOT NULL,
          resolved_at INTEGER NOT NULL DEFAULT 0);
      )sql",
      // 8: an article's discussion read a page of threads at a time.
      R"sql(
        CREATE INDEX comments_threads ON comments (article_id, status, parent_id, created_at, id);
        CREATE INDEX comments_by_parent ON comments (parent_id, status, created_at);
      )sql",
      // 9: what lists show, read without touching the rows (whose bodies come before these
      // columns, so that reading a row means reading its whole body): the archive, and the
      // most read of all time.
      R"sql(
        CREATE INDEX articles_archive ON articles (draft, published_at DESC, id DESC, slug, title,
          lang, description, word_count, updated_at, comments_closed, section_id, author_id);
        CREATE INDEX articles_by_views ON articles (draft, views DESC, published_at DESC);
      )sql",
      // 10: the admin. Articles get a state; `draft` stays, meaning "hidden from readers"
      // (state is not 'published'), so that every reader's query and index keeps working.
      // Accounts and their sessions, one-time links and failed logins; every save's revision
      // (none for existing articles: an article's revision 1 is its first save at the admin);
      // the audit log; old addresses (redirects of changed slugs, slugs of purged articles).
      R"sql(
        ALTER TABLE articles ADD COLUMN state TEXT NOT NULL DEFAULT 'published'
          CHECK (state IN ('draft', 'published', 'unpublished', 'trash'));
        ALTER TABLE articles ADD COLUMN state_before_trash TEXT
          CHECK (state_before_trash IN ('draft', 'published', 'unpublished'));
        ALTER TABLE articles ADD COLUMN trashed_at INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE articles ADD COLUMN correction TEXT NOT NULL DEFAULT '';
        ALTER TABLE articles ADD COLUMN corrected_at INTEGER NOT NULL DEFAULT 0;
        UPDATE articles SET state = 'draft' WHERE draft = 1;
        CREATE INDEX articles_by_state ON articles (state, updated_at DESC);
        CREATE TABLE users (
          id INTEGER PRIMARY KEY,
          email TEXT NOT NULL UNIQUE COLLATE NOCASE,
          name TEXT NOT NULL,
          role TEXT NOT NULL
            CHECK (role IN ('contributor', 'author', 'editor', 'administrator')),
          password_hash TEXT NOT NULL DEFAULT '',
          author_id INTEGER NOT NULL REFERENCES authors (id),
          created_at INTEGER NOT NULL);
        CREATE TABLE sessions (
          token_hash TEXT PRIMARY KEY,
          user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          csrf_token TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL);
        CREATE INDEX sessions_by_user ON sessions (user_id);
        CREATE TABLE login_tokens (
          token_hash TEXT PRIMARY KEY,
          user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          purpose TEXT NOT NULL CHECK (purpose IN ('login', 'invitation', 'password_reset')),
          expires_at INTEGER NOT NULL);
        CREATE TABLE failed_logins (key TEXT NOT NULL, at INTEGER NOT NULL);
        CREATE INDEX failed_logins_by_key ON failed_logins (key, at);
        -- user_id 0 is the command line; revisions and the log outlive accounts.
        CREATE TABLE revisions (
          id INTEGER PRIMARY KEY,
          article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
          number INTEGER NOT NULL,
          saved_at INTEGER NOT NULL,
          user_id INTEGER NOT NULL,
          user_name TEXT NOT NULL,
          note TEXT NOT NULL DEFAULT '',
          title TEXT NOT NULL,
          slug TEXT NOT NULL,
          author_name TEXT NOT NULL,
          section_path TEXT NOT NULL,  -- JSON array of names, from the top
          tags TEXT NOT NULL,          -- JSON array of names
          lang TEXT NOT NULL,
          description TEXT NOT NULL,
          body_markdown TEXT NOT NULL,
          published_at INTEGER NOT NULL,
          comments_closed INTEGER NOT NULL,
          correction TEXT NOT NULL,
          UNIQUE (article_id, number));
        CREATE TABLE audit_log (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          user_id INTEGER NOT NULL,
          user_name TEXT NOT NULL,
          action TEXT NOT NULL,
          article_id INTEGER NOT NULL DEFAULT 0,
          subject TEXT NOT NULL DEFAULT '');
        CREATE INDEX audit_log_newest ON audit_log (id DESC);
        CREATE TABLE slug_redirects (
          old_slug TEXT PRIMARY KEY,
          article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE);
        CREATE INDEX slug_redirects_by_article ON slug_redirects (article_id);
        CREATE TABLE retired_slugs (slug TEXT PRIMARY KEY, gone_at INTEGER NOT NULL);
      )sql",
      // 11: the admin's lists and state counts read without touching the rows, whose bodies
      // come before these columns (at 100,000 articles: 3.5 s a list page before, 0.2 s after).
      R"sql(
        CREATE INDEX articles_desk ON articles (updated_at DESC, id DESC, state, published_at,
          section_id, author_id, trashed_at, title, slug);
        CREATE INDEX articles_by_state_date ON articles (state, published_at);
      )sql",
      // 12: the old addresses of sections, authors and tags that editors renamed, moved or
      // merged, kept so that links and search results still lead somewhere; tags found by the
      // name an editor types, whatever slug they were given.
      R"sql(
        CREATE TABLE catalog_redirects (
          kind TEXT NOT NULL CHECK (kind IN ('section', 'author', 'tag')),
          old_key TEXT NOT NULL,
          target_id INTEGER NOT NULL,
          PRIMARY KEY (kind, old_key));
        CREATE INDEX tags_by_name ON tags (name);
      )sql",
      // 13: the admin's comments. A reply written by the newsroom is marked so (the public
      // page labels it); the moderation queue of one state, newest first, is read through an
      // index at a million comments, which also holds the article, so that an author's queue
      // skips the other authors' comments without reading their rows (13 s → 0.3 s at a
      // million); an article's own queue uses comments_by_article.
      R"sql(
        ALTER TABLE comments ADD COLUMN from_newsroom INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX comments_queue ON comments (status, created_at, id, article_id);
      )sql",
      // 14: the admin's subscribers and outbox, a page at a time at 100,000 addresses: the
      // list by status in address order (the address's own index serves the unfiltered list),
      // and the outbox by state, newest first.
      R"sql(
        CREATE INDEX subscribers_by_status_email ON subscribers (status, email);
        CREATE INDEX outbox_by_state ON outbox (status, id);
      )sql",
      // 15: search. One FTS5 index of the articles readers can reach (scheduled ones too:
      // a search leaves them out by id until their time), each field tagged with its
      // article's language so that the tokenizer stems it as that language does
      // (search_index.h). Filled from every article now; the
      // store keeps it in step in each transaction that changes what it holds, and an article
      // deleted leaves it by trigger.
      search_migration(),
      // 16: translations. An article may name the original it translates; the original's
      // group is what pages link as hreflang alternates. A purged original leaves its
      // translations as originals of their own. Revisions keep the original's slug.
      R"sql(
        ALTER TABLE articles ADD COLUMN translation_of INTEGER REFERENCES articles(id)
          ON DELETE SET NULL;
        CREATE INDEX articles_by_translation ON articles (translation_of)
          WHERE translation_of IS NOT NULL;
        ALTER TABLE revisions ADD COLUMN translation_of TEXT NOT NULL DEFAULT '';
      )sql",
      // 17: coming from WordPress. Bodies may be sanitized HTML (a WordPress post's) rather
      // than Markdown; authors keep an email for exports; static pages; the old addresses a
      // site had, each leading to what it showed; which Tribune row each WordPress id became,
      // with a fingerprint of what the export said (a second import of the same file writes
      // nothing); the export's attachments (their files stay where they were until the media
      // library imports them) and each article's featured one.
      R"sql(
        ALTER TABLE articles ADD COLUMN body_format TEXT NOT NULL DEFAULT 'markdown'
          CHECK (body_format IN ('markdown', 'html'));
        ALTER TABLE revisions ADD COLUMN body_format TEXT NOT NULL DEFAULT 'markdown';
        ALTER TABLE authors ADD COLUMN email TEXT NOT NULL DEFAULT '';
        CREATE TABLE static_pages (
          id INTEGER PRIMARY KEY,
          path TEXT NOT NULL UNIQUE,
          title TEXT NOT NULL,
          lang TEXT NOT NULL,
          description TEXT NOT NULL DEFAULT '',
          body_source TEXT NOT NULL,
          body_format TEXT NOT NULL DEFAULT 'markdown' CHECK (body_format IN ('markdown', 'html')),
          body_html TEXT NOT NULL,
          parent_id INTEGER REFERENCES static_pages (id) ON DELETE SET NULL,
          position INTEGER NOT NULL DEFAULT 0,
          draft INTEGER NOT NULL DEFAULT 0,
          author_id INTEGER REFERENCES authors (id) ON DELETE SET NULL,
          published_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL);
        CREATE TABLE old_addresses (
          path TEXT PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('article', 'page', 'section', 'tag', 'author', 'home',
                                             'feed', 'file')),
          target_id INTEGER NOT NULL DEFAULT 0,
          target_url TEXT NOT NULL DEFAULT '') WITHOUT ROWID;
        CREATE TABLE wordpress_ids (
          kind TEXT NOT NULL,
          wp_id TEXT NOT NULL,
          local_id INTEGER NOT NULL,
          fingerprint TEXT NOT NULL DEFAULT '',
          PRIMARY KEY (kind, wp_id)) WITHOUT ROWID;
        CREATE INDEX wordpress_ids_by_local ON wordpress_ids (kind, local_id);
        CREATE TABLE wordpress_attachments (
          wp_id INTEGER PRIMARY KEY,
          parent_wp_id INTEGER NOT NULL DEFAULT 0,
          url TEXT NOT NULL,
          local_url TEXT NOT NULL DEFAULT '',
          title TEXT NOT NULL DEFAULT '',
          alt TEXT NOT NULL DEFAULT '',
          caption TEXT NOT NULL DEFAULT '',
          uploaded_at INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE featured_attachments (
          article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
          wp_id INTEGER NOT NULL);
      )sql",
      // 18: the media library, and articles' featured pictures (a media name, and the alt
      // text this article gives it when not the library's).
      R"sql(
        CREATE TABLE media (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          hash TEXT NOT NULL,
          width INTEGER NOT NULL,
          height INTEGER NOT NULL,
          alt TEXT NOT NULL,
          caption TEXT NOT NULL DEFAULT '',
          credit TEXT NOT NULL DEFAULT '',
          added_at INTEGER NOT NULL);
        ALTER TABLE articles ADD COLUMN image TEXT NOT NULL DEFAULT '';
        ALTER TABLE articles ADD COLUMN image_alt TEXT NOT NULL DEFAULT '';
      )sql",
      // 19: whether a picture has AVIF variants (made when libvips can encode AVIF).
      R"sql(
        ALTER TABLE media ADD COLUMN avif INTEGER NOT NULL DEFAULT 0;
      )sql",
      // 20: the claims of senders sharing the database (outbox_store.h: claim_due_messages).
      R"sql(
        ALTER TABLE outbox ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
      )sql",
      // 21: views counted once per reader across servers: who was counted in the last half
      // hour (a keyed hash per reader and article), and the day's key, shared.
      R"sql(
        CREATE TABLE recent_readers (reader INTEGER PRIMARY KEY, counted_at INTEGER NOT NULL);
        CREATE INDEX recent_readers_by_time ON recent_readers (counted_at);
        CREATE TABLE view_keys (day INTEGER PRIMARY KEY, key TEXT NOT NULL);
      )sql",
      // 22: comments and subscription requests counted per client across servers (a keyed
      // hash per client and kind of action), for their rate limits.
      R"sql(
        CREATE TABLE recent_actions (client TEXT NOT NULL, at INTEGER NOT NULL);
        CREATE INDEX recent_actions_by_client ON recent_actions (client, at);
        CREATE INDEX recent_actions_by_time ON recent_actions (at);
      )sql",
  };
  return list;
}

}  // namespace

int latest_schema_version() { return static_cast<int>(migrations().size()); }

Result<int> schema_version(sql::Connection* db) {
  Statement query(db, "PRAGMA user_version");
  if (!query.ok()) return query.error();
  if (!query.step()) return query.step_error();
  return static_cast<int>(query.integer(0));
}

Status migrate(sql::Connection* db, int target) {
  if (target < 0) target = latest_schema_version();
  // The search index's migration and every later write to it run its tokenizer.
  TRIBUNE_TRY(register_search(static_cast<SqliteConnection*>(db)->handle()));
  auto current = schema_version(db);
  if (!current) return current.error();
  if (*current > latest_schema_version()) {
    return make_error(Errc::storage, "the database has schema version " + std::to_string(*current) +
                                         ", newer than this tribune (" +
                                         std::to_string(latest_schema_version()) +
                                         "): upgrade tribune");
  }
  for (int version = *current; version < target; ++version) {
    TRIBUNE_TRY(execute(db, "BEGIN IMMEDIATE"));
    Status applied = execute(db, migrations()[static_cast<std::size_t>(version)]);
    if (applied) {
      std::string bump = "PRAGMA user_version = " + std::to_string(version + 1);
      applied = execute(db, bump);
    }
    if (!applied) {
      (void)execute(db, "ROLLBACK");  // the migration error is the one to report
      Error error = applied.error();
      error.message = "migration " + std::to_string(version + 1) + ": " + error.message;
      return error;
    }
    TRIBUNE_TRY(execute(db, "COMMIT"));
  }
  return Ok{};
}

}  // namespace tribune::sqlite
