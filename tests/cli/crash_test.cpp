// SIGKILL at random moments, as a crash or the OOM killer would: the server amid comments,
// subscriptions, views and the admin's publications, imports amid their transaction. After each
// kill the database passes PRAGMA integrity_check and holds everything its clients were told was
// done.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "support/background_command.h"
#include "support/database.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSeedSlug =
    "lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita";
constexpr int kRounds = 4;

// The seed of this run's random moments: TRIBUNE_CRASH_SEED when set (to replay a failure
// with the seed it printed), a fresh one otherwise.
std::uint32_t crash_seed() {
  if (const char* given = std::getenv("TRIBUNE_CRASH_SEED")) {
    return static_cast<std::uint32_t>(std::strtoul(given, nullptr, 10));
  }
  return std::random_device{}();
}

// What the server or a command told its client was done, logged by the client as it is told:
// the list a crash must not shorten.
class Acknowledgements {
 public:
  void add(std::string what) {
    std::lock_guard lock(mutex_);
    items_.push_back(std::move(what));
  }
  std::vector<std::string> all() const {
    std::lock_guard lock(mutex_);
    return items_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> items_;
};

// The rows of a one-column query, as a set.
std::set<std::string> column(const std::filesystem::path& data, const std::string& sql) {
  std::set<std::string> rows;
  std::istringstream lines(query_sql(data, sql));
  for (std::string line; std::getline(lines, line);) rows.insert(line);
  return rows;
}

// The acknowledged items `stored` lacks.
std::vector<std::string> missing(const std::vector<std::string>& acknowledged,
                                 const std::set<std::string>& stored) {
  std::vector<std::string> lost;
  for (const std::string& item : acknowledged) {
    if (!stored.contains(item)) lost.push_back(item);
  }
  return lost;
}

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    seed_ = crash_seed();
    random_.seed(seed_);
    ASSERT_EQ(create_seed_site(data_.path()), "");
    // Many posts from one machine: the forms' limits are lifted (the subscription form's, per
    // address, by a distinct forwarded address per post), and the mail goes to a port where
    // nothing listens, so that it stays queued for the checks.
    for (auto [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"comments.min_seconds", "0"},
             {"comments.policy", "publish_all"},
             {"comments.rate_limit", "1000"},
             {"server.trusted_proxies", "127.0.0.1"},
             {"site.permalink", "/%postname%/"},
             {"smtp.host", "127.0.0.1"},
             {"smtp.port", std::to_string(free_port())},
             {"smtp.tls", "none"}}) {
      ASSERT_EQ(set_config(data_.path(), key, value), "");
    }
  }

  void TearDown() override {
    if (HasFailure()) {
      std::cerr << "crash test seed: " << seed_ << " (TRIBUNE_CRASH_SEED=" << seed_
                << " replays these moments)\n";
    }
  }

  int random_between(int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random_);
  }

  // Two confirmed readers who want every article by mail.
  void add_two_subscribers() {
    const std::filesystem::path csv = data_ / "subscribers.csv";
    write_text(csv, "email,frequency\nawa@example.org,each\nmoussa@example.org,each\n");
    CommandResult added =
        run_tribune({"subscribers", "import", "--data", data_.path().string(), csv.string()});
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }

  void expect_intact() {
    EXPECT_EQ(query_sql(data_.path(), "PRAGMA integrity_check"), "ok");
    EXPECT_EQ(query_sql(data_.path(), "PRAGMA foreign_key_check"), "");
  }

  // Runs `args` (an import), SIGKILLed after a random delay up to `longest`; how long it took
  // when it exited 0 first, which acknowledges everything it was given.
  std::optional<std::chrono::milliseconds> run_interrupted(const std::vector<std::string>& args,
                                                           std::chrono::milliseconds longest) {
    const auto started = std::chrono::steady_clock::now();
    BackgroundCommand command(args);
    auto deadline =
        started + std::chrono::milliseconds(random_between(0, static_cast<int>(longest.count())));
    while (!command.finished() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(1ms);
    }
    command.kill_hard();
    const CommandResult& result = command.result();
    EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 128 + SIGKILL)
        << "exit " << result.exit_code << ": " << result.err;
    if (result.exit_code != 0) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 started);
  }

  // How long `args` takes when nobody interrupts it (it exits 0), to aim the kills within it.
  std::chrono::milliseconds run_to_completion(const std::vector<std::string>& args) {
    auto started = std::chrono::steady_clock::now();
    CommandResult result = run_tribune(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 started);
  }

  TempDir data_;
  std::uint32_t seed_ = 0;
  std::mt19937 random_;
};

// The seed article's total in /most-read.json (what the database held at the last flush).
std::int64_t listed_views(const std::string& base) {
  HttpResponse response = http_get(base + "/most-read.json");
  if (response.status != 200) return -1;
  auto list = nlohmann::json::parse(response.body, nullptr, false);
  if (list.is_discarded()) return -1;
  for (const auto& item : list["all_time"]) {
    if (item["url"].get<std::string>().find(kSeedSlug) != std::string::npos) {
      return item["views"].get<std::int64_t>();
    }
  }
  return -1;
}

TEST_F(CrashTest, AKilledServerLosesNoAcknowledgedCommentSubscriptionOrView) {
  Acknowledgements comments, subscriptions;
  std::atomic<std::int64_t> acknowledged_views{0};
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    ServerProcess server(data_.path());
    const std::string base = server.url("");
    const std::string article = base + "/" + kSeedSlug + "/";
    const Fields form = comment_form_fields(http_get(article).body);
    ASSERT_FALSE(form[2].second.empty()) << "no comment form on the article";
    std::atomic<bool> running{true};
    // Each client stops at the first request the dead server does not answer.
    auto commenter = [&] {
      for (int n = 0; running; ++n) {
        // "n°" before the numbers: no text is part of another ("n°0-1." of "n°10-1.").
        const std::string text =
            "Commentaire n°" + std::to_string(round) + "-" + std::to_string(n) + ".";
        Fields fields = form;
        fields.insert(fields.end(),
                      {{"name", "Awa"}, {"email", "awa@example.org"}, {"text", text}});
        HttpResponse answer = http_post_form(base + "/comments/", fields);
        if (answer.status == 0) return;
        if (answer.status != 303) {
          ADD_FAILURE() << "comment answered " << answer.status << ": " << answer.body;
          return;
        }
        comments.add(text);
      }
    };
    auto subscriber = [&] {
      for (int n = 0; running; ++n) {
        const std::string email =
            "lecteur-" + std::to_string(round) + "-" + std::to_string(n) + "@example.org";
        const std::string forwarded = "X-Forwarded-For: 10." + std::to_string(round) + "." +
                                      std::to_string(n / 250) + "." + std::to_string(n % 250 + 1);
        HttpResponse answer =
            http_post_form(base + "/subscribe/",
                           {{"email", email}, {"frequency", "each"}, {"lang", "fr"}}, {forwarded});
        if (answer.status == 0) return;
        if (answer.status != 303 || answer.header("location") != "/subscribe/check-inbox/") {
          ADD_FAILURE() << "subscription answered " << answer.status << ": " << answer.body;
          return;
        }
        subscriptions.add(email);
      }
    };
    auto reader = [&] {
      for (int n = 0; running; ++n) {
        HttpResponse page =
            http_get(article, {"User-Agent: Mozilla/5.0 (X11; Linux) Firefox/120.0 reader-" +
                               std::to_string(round) + "-" + std::to_string(n)});
        if (page.status == 0) return;
        if (n % 5 == 0) {
          std::int64_t listed = listed_views(base);
          std::int64_t known = acknowledged_views.load();
          while (listed > known && !acknowledged_views.compare_exchange_weak(known, listed)) {
          }
        }
      }
    };
    std::vector<std::thread> clients;
    clients.emplace_back(commenter);
    clients.emplace_back(subscriber);
    clients.emplace_back(reader);
    // Views reach the database once a second: the last round outlives a flush, so that some
    // acknowledged view is always tested (four early kills in a row left none, once in about
    // twenty seeds).
    const bool last = round == kRounds - 1;
    std::this_thread::sleep_for(std::chrono::milliseconds(random_between(last ? 1500 : 300, 1800)));
    server.kill_hard();
    running = false;
    for (std::thread& client : clients) client.join();

    expect_intact();
    EXPECT_EQ(missing(comments.all(), column(data_.path(), "SELECT body FROM comments")),
              std::vector<std::string>{});
    EXPECT_EQ(missing(subscriptions.all(), column(data_.path(), "SELECT email FROM subscribers")),
              std::vector<std::string>{});
    // Each acknowledged subscription has its confirmation mail queued.
    EXPECT_EQ(missing(subscriptions.all(), column(data_.path(),
                                                  "SELECT recipient FROM outbox WHERE kind = "
                                                  "'confirmation'")),
              std::vector<std::string>{});
    EXPECT_GE(std::stoll(query_sql(data_.path(), std::string("SELECT views FROM articles WHERE "
                                                             "slug = '") +
                                                     kSeedSlug + "'")),
              acknowledged_views.load());
  }
  std::cout << "[ crash    ] " << kRounds << " kills after " << comments.all().size()
            << " comments, " << subscriptions.all().size() << " subscriptions and "
            << acknowledged_views.load() - 155 << " views were acknowledged\n";
  ASSERT_FALSE(comments.all().empty()) << "no comment was acknowledged: nothing was tested";
  ASSERT_FALSE(subscriptions.all().empty());
  ASSERT_GT(acknowledged_views.load(), 155) << "no view was flushed before a kill";

  // Restarted, the server shows every acknowledged comment, on the article or an older page.
  ServerProcess server(data_.path());
  const std::string article = server.url(std::string("/") + kSeedSlug + "/");
  std::string shown = http_get(article).body;
  const int older_pages = static_cast<int>(comments.all().size()) / 50 + 1;
  for (int page = 1; page <= older_pages; ++page) {
    shown += http_get(article + "comment-page-" + std::to_string(page) + "/").body;
  }
  for (const std::string& text : comments.all()) {
    EXPECT_NE(shown.find(text), std::string::npos) << text;
  }
  EXPECT_GE(listed_views(server.url("")), acknowledged_views.load());
}

// Writes `count` Markdown articles named PREFIX-N into a new folder `dir` (drafts with
// `drafts`).
void write_articles(const std::filesystem::path& dir, const std::string& prefix, int count,
                    bool drafts = false) {
  for (int n = 0; n < count; ++n) {
    write_text(dir / (prefix + "-" + std::to_string(n) + ".md"),
               "---\ntitle: \"Dépêche " + prefix + " " + std::to_string(n) +
                   "\"\nauthor: \"Awa Traoré\"\ncategory: [\"Société\"]\ndate: "
                   "2025-07-20T10:00:00Z\nlang: fr\nslug: " +
                   prefix + "-" + std::to_string(n) + (drafts ? "\ndraft: true" : "") +
                   "\n---\n\nPremier paragraphe, qui sert de chapeau.\n\nLa suite.\n");
  }
}

// An editor publishes drafts one after another in the admin while the server is killed at
// random moments: every publication the admin confirmed (its 303) is live after the restart,
// and its mail to every subscriber is queued.
TEST_F(CrashTest, AKilledServerKeepsEveryPublicationTheAdminConfirmed) {
  constexpr int kDrafts = 1000;
  ASSERT_NO_FATAL_FAILURE(add_two_subscribers());
  write_articles(data_ / "brouillons", "brouillon", kDrafts, true);
  CommandResult imported = run_tribune(
      {"import", "markdown", "--data", data_.path().string(), (data_ / "brouillons").string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  CommandResult added =
      run_tribune({"user", "add", "--data", data_.path().string(), "--name", "Awa Traoré",
                   "--email", "awa.traore@example.org", "--role", "editor"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string login = admin_login_path(added.out);
  ASSERT_FALSE(login.empty()) << added.out;
  std::vector<std::string> drafts;
  {
    std::istringstream lines(
        query_sql(data_.path(), "SELECT id FROM articles WHERE state = 'draft' ORDER BY id"));
    for (std::string id; std::getline(lines, id);) drafts.push_back(id);
  }
  ASSERT_EQ(drafts.size(), static_cast<std::size_t>(kDrafts));

  Acknowledgements published;
  std::string cookie;
  std::size_t next = 0;
  int cut_short = 0;  // rounds whose editor met the dead server amid publishing
  for (int round = 1; round <= kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    ServerProcess server(data_.path());
    if (cookie.empty()) {
      cookie = "Cookie: " + session_cookie(http_post_form(server.url(login), {}));
      ASSERT_NE(cookie, "Cookie: ");
    }
    const std::string csrf =
        hidden_field(http_get(server.url("/admin/articles/"), {cookie}).body, "csrf");
    ASSERT_FALSE(csrf.empty());
    std::atomic<bool> running{true};
    // Stops at the first request the dead server does not answer.
    std::thread editor([&] {
      for (; running && next < drafts.size(); ++next) {
        HttpResponse answer = http_post_form(
            server.url("/admin/articles/bulk/"),
            {{"csrf", csrf}, {"action", "publish"}, {"ids", drafts[next]}}, {cookie});
        if (answer.status == 0) {
          ++cut_short;
          return;
        }
        if (answer.status != 303) {
          ADD_FAILURE() << "publishing answered " << answer.status << ": " << answer.body;
          return;
        }
        published.add(drafts[next]);
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(random_between(300, 1500)));
    server.kill_hard();
    running = false;
    editor.join();
    expect_intact();
    EXPECT_EQ(missing(published.all(),
                      column(data_.path(), "SELECT id FROM articles WHERE state = 'published'")),
              std::vector<std::string>{});
  }
  std::cout << "[ crash    ] " << kRounds << " kills after " << published.all().size()
            << " publications were confirmed\n";
  ASSERT_FALSE(published.all().empty()) << "nothing was published: nothing was tested";
  ASSERT_GT(cut_short, 0) << "every kill came after the editor was done: none was amid";

  // Restarted, the server serves each confirmed article and queues its mail to both readers.
  ServerProcess server(data_.path());
  std::string ids;
  for (const std::string& id : published.all()) ids += (ids.empty() ? "" : ",") + id;
  std::istringstream slugs(
      query_sql(data_.path(), "SELECT slug FROM articles WHERE id IN (" + ids + ")"));
  for (std::string slug; std::getline(slugs, slug);) {
    EXPECT_EQ(http_get(server.url("/" + slug + "/")).status, 200) << slug;
  }
  const std::string expected_mail = std::to_string(2 * published.all().size());
  std::string queued_mail;
  for (auto deadline = std::chrono::steady_clock::now() + 10s;
       std::chrono::steady_clock::now() < deadline && queued_mail != expected_mail;
       std::this_thread::sleep_for(100ms)) {
    queued_mail = query_sql(
        data_.path(),
        "SELECT COUNT(*) FROM outbox WHERE kind = 'article' AND article_id IN (" + ids + ")");
  }
  EXPECT_EQ(queued_mail, expected_mail);
}

TEST_F(CrashTest, AKilledMarkdownImportIsAllOrNothingAndWhatItAcknowledgedIsPublishedAndMailed) {
  constexpr int kArticles = 25;
  ASSERT_NO_FATAL_FAILURE(add_two_subscribers());
  const int subscribers = 2;
  auto import_args = [&](const std::string& prefix) {
    write_articles(data_ / prefix, prefix, kArticles);
    return std::vector<std::string>{"import",
                                    "markdown",
                                    "--publish",
                                    "--data",
                                    data_.path().string(),
                                    (data_ / prefix).string()};
  };
  // The server runs through the imports, queueing their mail, and is killed too.
  auto server = std::make_unique<ServerProcess>(data_.path());
  std::vector<std::string> acknowledged = {"depeche-0"};
  auto whole_run = run_to_completion(import_args("depeche-0"));
  int killed = 0;
  for (int round = 1; round <= 2 * kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const std::string prefix = "depeche-" + std::to_string(round);
    // Aimed within twice the quickest whole run seen (the load of the machine varies), so that
    // some runs end and others are cut short.
    if (auto took = run_interrupted(import_args(prefix), 2 * whole_run)) {
      acknowledged.push_back(prefix);
      whole_run = std::min(whole_run, *took);
    } else {
      ++killed;
    }
    if (round % 2 == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(random_between(0, 600)));
      server->kill_hard();
      expect_intact();
      server = std::make_unique<ServerProcess>(data_.path());
    }
    const int imported = std::stoi(query_sql(
        data_.path(), "SELECT COUNT(*) FROM articles WHERE slug LIKE '" + prefix + "-%'"));
    EXPECT_TRUE(imported == 0 || imported == kArticles) << imported << " of " << prefix;
  }
  std::cout << "[ crash    ] " << killed << " imports killed, " << acknowledged.size()
            << " acknowledged (a whole run: " << whole_run.count() << " ms)\n";
  EXPECT_GT(killed, 0) << "no import was interrupted: nothing was tested";
  server->kill_hard();
  expect_intact();
  for (const std::string& prefix : acknowledged) {
    EXPECT_EQ(query_sql(data_.path(),
                        "SELECT COUNT(*) FROM articles WHERE draft = 0 AND mailing "
                        "!= 'none' AND slug LIKE '" +
                            prefix + "-%'"),
              std::to_string(kArticles))
        << prefix;
  }

  // Restarted, the server serves each acknowledged article and queues its mail to everyone.
  server = std::make_unique<ServerProcess>(data_.path());
  for (const std::string& prefix : acknowledged) {
    EXPECT_EQ(
        http_get(server->url("/" + prefix + "-" + std::to_string(kArticles - 1) + "/")).status, 200)
        << prefix;
  }
  const std::string expected_mail = std::to_string(acknowledged.size() * kArticles * subscribers);
  std::string queued_mail;
  for (auto deadline = std::chrono::steady_clock::now() + 10s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(100ms)) {
    std::string like;
    for (const std::string& prefix : acknowledged) {
      like += (like.empty() ? "" : " OR ") + ("a.slug LIKE '" + prefix + "-%'");
    }
    queued_mail = query_sql(data_.path(),
                            "SELECT COUNT(*) FROM outbox o JOIN articles a ON a.id = o.article_id "
                            "WHERE o.kind = 'article' AND (" +
                                like + ")");
    if (queued_mail == expected_mail) break;
  }
  EXPECT_EQ(queued_mail, expected_mail);
}

// A WordPress export of `count` published posts (ids from `first_id`), each with a comment.
std::string wxr_export(int first_id, int count) {
  std::string items;
  for (int id = first_id; id < first_id + count; ++id) {
    const std::string n = std::to_string(id);
    items += "<item><title>Billet " + n + "</title><link>https://fleuve.example/billet-" + n +
             "/</link><dc:creator><![CDATA[aicha]]></dc:creator><content:encoded><![CDATA[<p>Texte "
             "du billet " +
             n + ".</p>]]></content:encoded><wp:post_id>" + n +
             "</wp:post_id><wp:post_date_gmt><![CDATA[2024-03-05 08:30:00]]></wp:post_date_gmt>"
             "<wp:post_name><![CDATA[billet-" +
             n +
             "]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status>"
             "<wp:post_type><![CDATA[post]]></wp:post_type><wp:comment><wp:comment_id>" +
             n + "</wp:comment_id><wp:comment_author><![CDATA[Halima]]></wp:comment_author>" +
             "<wp:comment_author_email><![CDATA[halima@example.org]]></wp:comment_author_email>"
             "<wp:comment_date_gmt><![CDATA[2024-03-05 10:00:00]]></wp:comment_date_gmt>"
             "<wp:comment_content><![CDATA[Réaction au billet " +
             n +
             "]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved>"
             "<wp:comment_parent>0</wp:comment_parent></wp:comment></item>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<rss version=\"2.0\" "
         "xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" "
         "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
         "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
         "xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel><title>Le Fleuve</title>"
         "<link>https://fleuve.example</link><wp:wxr_version>1.2</wp:wxr_version>"
         "<wp:base_site_url>https://fleuve.example</wp:base_site_url>"
         "<wp:base_blog_url>https://fleuve.example</wp:base_blog_url><wp:author><wp:author_id>1"
         "</wp:author_id><wp:author_login><![CDATA[aicha]]></wp:author_login>"
         "<wp:author_email><![CDATA[aicha@fleuve.example]]></wp:author_email>"
         "<wp:author_display_name><![CDATA[Aïcha Diallo]]></wp:author_display_name></wp:author>\n" +
         items + "</channel></rss>\n";
}

TEST_F(CrashTest, AKilledWordpressImportIsAllOrNothingAndKeepsWhatItAcknowledged) {
  constexpr int kPosts = 40;
  auto import_args = [&](int round) {
    const std::filesystem::path file = data_ / ("export-" + std::to_string(round) + ".xml");
    write_text(file, wxr_export(1000 * (round + 1), kPosts));
    return std::vector<std::string>{"import", "wxr", "--data", data_.path().string(),
                                    file.string()};
  };
  auto stored = [&](int round) {
    const std::string first = std::to_string(1000 * (round + 1));
    const std::string last = std::to_string(1000 * (round + 1) + kPosts - 1);
    const std::string range = " BETWEEN 'billet-" + first + "' AND 'billet-" + last + "'";
    return query_sql(data_.path(), "SELECT COUNT(*) FROM articles WHERE slug" + range) + "|" +
           query_sql(data_.path(),
                     "SELECT COUNT(*) FROM comments c JOIN articles a ON a.id = c.article_id "
                     "WHERE c.status = 'approved' AND a.slug" +
                         range);
  };
  const std::string all = std::to_string(kPosts) + "|" + std::to_string(kPosts);
  std::vector<int> acknowledged = {0};
  auto whole_run = run_to_completion(import_args(0));
  ASSERT_EQ(stored(0), all);
  int killed = 0;
  for (int round = 1; round <= 2 * kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    if (auto took = run_interrupted(import_args(round), 2 * whole_run)) {
      acknowledged.push_back(round);
      whole_run = std::min(whole_run, *took);
    } else {
      ++killed;
    }
    expect_intact();
    const std::string now_stored = stored(round);
    EXPECT_TRUE(now_stored == "0|0" || now_stored == all) << now_stored;
  }
  std::cout << "[ crash    ] " << killed << " imports killed, " << acknowledged.size()
            << " acknowledged (a whole run: " << whole_run.count() << " ms)\n";
  EXPECT_GT(killed, 0) << "no import was interrupted: nothing was tested";
  for (int round : acknowledged) EXPECT_EQ(stored(round), all) << "round " << round;
  ServerProcess server(data_.path());
  for (int round : acknowledged) {
    EXPECT_EQ(http_get(server.url("/billet-" + std::to_string(1000 * (round + 1)) + "/")).status,
              200);
  }
}

}  // namespace
}  // namespace tribune::testing
