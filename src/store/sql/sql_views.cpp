// The SQL implementation of ViewStore (see store/view_store.h): views per article, hour and day.
#include "store/sql/sql_store.h"

#include <fmt/format.h>

#include <map>
#include <unordered_map>

#include "store/sql/connection.h"
#include "store/view_rules.h"

namespace tribune {

using sql::Statement;
using sql::Transaction;

namespace {

// Readers' views written by one statement, at most (a power of two).
constexpr std::size_t kReaderViewChunk = 256;

}  // namespace

Status SqlStore::add_views(const std::vector<ViewIncrement>& increments, UnixSeconds when) {
  if (increments.empty()) return Ok{};
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  TRIBUNE_TRY(add_views_locked(increments, when));
  return transaction.commit();
}

Result<std::vector<ViewIncrement>> SqlStore::add_reader_views(const std::vector<ReaderView>& views,
                                                              UnixSeconds when) {
  if (views.empty()) return std::vector<ViewIncrement>{};
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  // A reader's hash covers the article: each names one article. One statement may write a
  // reader once, so a reader's views go in rounds, in the order they came: the first of each
  // reader, then the second, and so on (a batch given back after an outage may span more
  // than the window, and a later view of the same reader count again).
  std::unordered_map<std::int64_t, Id> articles;
  std::unordered_map<std::int64_t, std::size_t> seen_before;
  std::vector<std::vector<const ReaderView*>> rounds;
  for (const ReaderView& view : views) {
    const auto reader = static_cast<std::int64_t>(view.reader);
    articles.emplace(reader, view.article_id);
    const std::size_t round = seen_before[reader]++;
    if (round == rounds.size()) rounds.emplace_back();
    rounds[round].push_back(&view);
  }
  std::map<Id, std::int64_t> counted;
  // A reader counts when no server counted them within the window: a new row, or an old one
  // moved to now; the statement returns those. Many rows per statement (a round trip each on
  // PostgreSQL), in chunks of a few sizes so that few statements are prepared.
  for (const std::vector<const ReaderView*>& round : rounds) {
    for (std::size_t done = 0; done < round.size();) {
      std::size_t chunk = kReaderViewChunk;
      while (chunk > round.size() - done) chunk /= 2;
      std::string rows = "(?, ?)";
      for (std::size_t i = 1; i < chunk; ++i) rows += ", (?, ?)";
      Statement seen(db_, fmt::format("INSERT INTO recent_readers (reader, counted_at) VALUES {} "
                                      "ON CONFLICT (reader) DO UPDATE SET counted_at = "
                                      "excluded.counted_at WHERE recent_readers.counted_at <= "
                                      "excluded.counted_at - {} RETURNING reader",
                                      rows, kViewRepeatWindow));
      for (std::size_t i = 0; i < chunk; ++i) {
        const ReaderView& view = *round[done + i];
        seen.bind(static_cast<int>(2 * i + 1), static_cast<std::int64_t>(view.reader))
            .bind(static_cast<int>(2 * i + 2), view.at);
      }
      while (seen.step()) ++counted[articles[seen.integer(0)]];
      if (seen.failed()) return seen.step_error();
      done += chunk;
    }
  }
  Statement forget(db_, "DELETE FROM recent_readers WHERE counted_at <= ?");
  forget.bind(1, when - kViewRepeatWindow);
  TRIBUNE_TRY(forget.run());
  std::vector<ViewIncrement> increments;
  for (const auto& [article, views_counted] : counted)
    increments.push_back({article, views_counted});
  TRIBUNE_TRY(add_views_locked(increments, when));
  TRIBUNE_TRY(transaction.commit());
  return increments;
}

Result<std::string> SqlStore::daily_view_key(std::int64_t day, std::string_view candidate) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  if (!transaction.begun()) return db_->error("begin");
  Statement offer(db_,
                  "INSERT INTO view_keys (day, key) VALUES (?, ?) ON CONFLICT (day) DO NOTHING");
  offer.bind(1, day).bind(2, candidate);
  TRIBUNE_TRY(offer.run());
  Statement forget(db_, "DELETE FROM view_keys WHERE day < ?");
  forget.bind(1, day - 1);
  TRIBUNE_TRY(forget.run());
  Statement stored(db_, "SELECT key FROM view_keys WHERE day = ?");
  stored.bind(1, day);
  auto key = sql::read_row(
      stored, [](const Statement& row) { return row.text(0); },
      make_error(Errc::storage, "the day's view key vanished"));
  if (!key) return key.error();
  TRIBUNE_TRY(transaction.commit());
  return key;
}

Status SqlStore::add_views_locked(const std::vector<ViewIncrement>& increments, UnixSeconds when) {
  const std::int64_t hour = view_hour(when);
  for (const ViewIncrement& increment : increments) {
    Statement total(db_, "UPDATE articles SET views = views + ? WHERE id = ?");
    total.bind(1, increment.views).bind(2, increment.article_id);
    TRIBUNE_TRY(total.run());
    if (db_->changes() == 0) continue;  // deleted since it was read
    Statement daily(
        db_,
        "INSERT INTO article_views_daily (article_id, day, views) VALUES (?, ?, ?) "
        "ON CONFLICT (article_id, day) DO UPDATE SET views = article_views_daily.views + "
        "excluded.views");
    daily.bind(1, increment.article_id).bind(2, view_day(hour)).bind(3, increment.views);
    TRIBUNE_TRY(daily.run());
    Statement hourly(db_,
                     "INSERT INTO article_views_hourly (article_id, hour, views) VALUES (?, ?, ?) "
                     "ON CONFLICT (article_id, hour) DO UPDATE SET views = "
                     "article_views_hourly.views + excluded.views");
    hourly.bind(1, increment.article_id).bind(2, hour).bind(3, increment.views);
    TRIBUNE_TRY(hourly.run());
  }
  // Hourly counts serve the 7-day list at most; older ones live on in the daily table.
  Statement prune(db_, "DELETE FROM article_views_hourly WHERE hour < ?");
  prune.bind(1, oldest_kept_view_hour(when));
  return prune.run();
}

Result<std::vector<Article>> SqlStore::most_read(ReadingPeriod period, UnixSeconds now, int limit) {
  Reader reader(*this);
  sql::Connection* db = reader.db();
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
  query.bind(1, now).bind(2, limit);
  if (period != ReadingPeriod::all_time) query.bind(3, last_hour_before_period(period, now));
  std::vector<Article> articles;
  std::vector<Id> section_ids;
  while (query.step()) {
    Id section_id = 0;
    articles.push_back(read_article_row(query, section_id));
    articles.back().views = query.integer(kArticleColumnCount);
    section_ids.push_back(section_id);
  }
  if (query.failed()) return query.step_error();
  TRIBUNE_TRY(fill_sections(db, articles, section_ids));
  return articles;
}

}  // namespace tribune
