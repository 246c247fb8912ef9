// Several Tribune servers on one PostgreSQL database behind nginx (deploy/nginx-several-
// servers.conf, as the README tells an operator to use it): readers spread round-robin,
// views counted once per reader, an edit reaching every server, each subscriber mailed once
// while a server dies mid-send, and no reader's request lost when a server is killed under
// load.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "core/time.h"
#include "store/postgres/pg_store.h"
#include "support/http_client.h"
#include "support/postgres.h"
#include "support/process.h"
#include "support/smtp_sink.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSeedSlug =
    "lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita";
constexpr const char* kSeedPath =
    "/2025/07/11/lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita/";
constexpr int kServers = 3;

std::string reader_agent(int reader) {
  return "User-Agent: Mozilla/5.0 (Linux; Android 13) Chrome/120.0 Mobile reader-" +
         std::to_string(reader);
}

// nginx (Debian's) with the repository's upstream configuration, its ports replaced by the
// test's; stopped with the test.
class Nginx {
 public:
  Nginx(const std::vector<int>& upstream_ports) : port_(free_port()) {
    std::ifstream file(std::string(TRIBUNE_SOURCE_DIR) + "/deploy/nginx-several-servers.conf");
    std::stringstream site;
    site << file.rdbuf();
    std::string conf = site.str();
    for (std::size_t i = 0; i < upstream_ports.size(); ++i) {
      conf = std::regex_replace(conf, std::regex("127\\.0\\.0\\.1:808" + std::to_string(i + 1)),
                                "127.0.0.1:" + std::to_string(upstream_ports[i]));
    }
    conf = std::regex_replace(conf, std::regex("listen 80;"),
                              "listen 127.0.0.1:" + std::to_string(port_) + ";");
    std::ofstream(dir_ / "site.conf") << conf;
    std::ofstream(dir_ / "nginx.conf")
        << "daemon off;\nworker_processes 2;\npid " << (dir_ / "nginx.pid").string()
        << ";\nerror_log " << (dir_ / "error.log").string()
        << " error;\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n"
        << "  client_body_temp_path " << dir_.path().string() << ";\n  proxy_temp_path "
        << dir_.path().string() << ";\n  include " << (dir_ / "site.conf").string() << ";\n}\n";
    pid_ = fork();
    if (pid_ == 0) {
      execl("/usr/sbin/nginx", "nginx", "-p", dir_.path().c_str(), "-c",
            (dir_ / "nginx.conf").c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 100; ++i) {
      if (http_get(url("/healthz")).status == 200) return;
      std::this_thread::sleep_for(100ms);
    }
    ADD_FAILURE() << "nginx did not start: see " << (dir_ / "error.log");
  }
  ~Nginx() {
    if (pid_ > 0) {
      ::kill(pid_, SIGQUIT);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  TempDir dir_;
  int port_;
  pid_t pid_ = -1;
};

class SeveralServersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(database_.url().empty()) << database_.reason();
    for (int i = 0; i < kServers; ++i) {
      folders_.push_back(std::make_unique<TempDir>());
      // Each server has a data folder of its own naming the shared database; the first
      // `init` migrates it, the others find it ready.
      CommandResult made = run_tribune(
          {"init", "--data", folders_[i]->path().string(), "--database", database_.url()});
      ASSERT_EQ(made.exit_code, 0) << made.err;
      // As the README says for nginx in front: its address is a trusted proxy.
      ASSERT_EQ(set_config(folders_[i]->path(), "server.trusted_proxies", "127.0.0.1"), "");
    }
    CommandResult imported = run_tribune(
        {"import", "markdown", "--data", folders_[0]->path().string(), seed_article().string()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }

  void configure_mail(int sink_port) {
    for (auto& folder : folders_) {
      for (auto [key, value] : {std::pair<std::string, std::string>{"smtp.host", "127.0.0.1"},
                                {"smtp.port", std::to_string(sink_port)},
                                {"smtp.tls", "none"},
                                {"smtp.rate_limit", "100"}}) {
        ASSERT_EQ(set_config(folder->path(), key, value), "");
      }
    }
  }

  // Comments published as posted, `per_reader` of them in ten minutes, posted as fast as wanted.
  void open_comments(int per_reader) {
    for (auto& folder : folders_) {
      for (auto [key, value] :
           {std::pair<std::string, std::string>{"comments.policy", "publish_all"},
            {"comments.min_seconds", "0"},
            {"comments.rate_limit", std::to_string(per_reader)}}) {
        ASSERT_EQ(set_config(folder->path(), key, value), "");
      }
    }
  }

  // A reader's comment through nginx: the form from one server, the post to the next.
  HttpResponse post_comment(const std::string& text) {
    Fields fields = comment_form_fields(http_get(nginx_->url(kSeedPath)).body);
    fields.insert(fields.end(), {{"name", "Awa"}, {"email", "awa@example.org"}, {"text", text}});
    return http_post_form(nginx_->url("/comments/"), fields);
  }

  // The bodies of the approved comments, as the database has them.
  std::multiset<std::string> stored_comments() {
    std::multiset<std::string> bodies;
    auto store = open_postgres_store(database_.url());
    if (!store) return bodies;
    auto comments = (*store)->comments(std::nullopt, CommentStatus::approved);
    if (comments) {
      for (const Comment& comment : *comments) bodies.insert(comment.body);
    }
    return bodies;
  }

  void start() {
    std::vector<int> ports;
    for (auto& folder : folders_) {
      servers_.push_back(std::make_unique<ServerProcess>(folder->path()));
      ports.push_back(servers_.back()->port());
    }
    nginx_ = std::make_unique<Nginx>(ports);
  }

  std::int64_t stored_views() {
    auto store = open_postgres_store(database_.url());
    if (!store) return -1;
    auto article = (*store)->published_article(kSeedSlug, now_seconds());
    return article ? article->views : -1;
  }

  PostgresDatabase database_;
  std::vector<std::unique_ptr<TempDir>> folders_;
  std::vector<std::unique_ptr<ServerProcess>> servers_;
  std::unique_ptr<Nginx> nginx_;
};

TEST_F(SeveralServersTest, ReadersRoundRobinCountOnceAndAnEditReachesEveryServerWithinASecond) {
  start();
  const std::int64_t before = stored_views();
  ASSERT_GE(before, 0);

  // M distinct readers, each reading twice: round-robin sends the second read to another
  // server, which must not count it again.
  constexpr int kReaders = 300;
  std::atomic<int> failures = 0;
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      for (int round = 0; round < 2; ++round) {
        for (int reader = t; reader < kReaders; reader += 4) {
          if (http_get(nginx_->url(kSeedPath), {reader_agent(reader)}).status != 200) ++failures;
        }
      }
    });
  }
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(failures, 0);
  // Each server flushes its views every second.
  std::int64_t counted = 0;
  for (int i = 0; i < 50 && counted < kReaders; ++i) {
    std::this_thread::sleep_for(100ms);
    counted = stored_views() - before;
  }
  std::this_thread::sleep_for(1500ms);  // another flush: nothing more may come
  EXPECT_EQ(stored_views() - before, kReaders) << "each reader once, whichever server answered";

  // An edit from the command line (another process again) reaches every server's cache.
  for (auto& server : servers_) ASSERT_EQ(http_get(server->url("/")).status, 200);  // cached
  const auto edited = std::chrono::steady_clock::now();
  ASSERT_EQ(set_config(folders_[1]->path(), "site.name", "Le Journal du Sahel"), "");
  std::vector<double> seen_after;
  for (auto& server : servers_) {
    while (http_get(server->url("/")).body.find("Le Journal du Sahel") == std::string::npos) {
      ASSERT_LT(std::chrono::steady_clock::now() - edited, 5s) << "never reached a server";
      std::this_thread::sleep_for(20ms);
    }
    seen_after.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - edited).count());
  }
  // The bound; servers built with sanitizers run several times slower.
#ifdef TRIBUNE_SANITIZED
  constexpr double kBound = 2.0;
#else
  constexpr double kBound = 1.0;
#endif
  for (double seconds : seen_after) EXPECT_LT(seconds, kBound) << "seen after " << seconds << " s";
  std::cout << "[ figures ] the edit reached the three servers after " << seen_after[0] << ", "
            << seen_after[1] << " and " << seen_after[2] << " s\n";
}

// One reader's comments land on the three servers in turn: the limit is the site's, not each
// server's.
TEST_F(SeveralServersTest, TheCommentRateLimitHoldsAcrossServers) {
  constexpr int kLimit = 3;
  open_comments(kLimit);
  start();
  std::map<int, int> statuses;
  for (int i = 0; i < 3 * kServers; ++i) {
    ++statuses[post_comment("Réaction numéro " + std::to_string(i)).status];
  }
  EXPECT_EQ(statuses[303], kLimit) << "posted and acknowledged";
  EXPECT_EQ(statuses[429], 3 * kServers - kLimit) << "refused as too many, on every server";
  EXPECT_EQ(stored_comments().size(), static_cast<std::size_t>(kLimit));
}

// An editor signs in on one server and goes on through any other; signing out on one ends the
// session on all.
TEST_F(SeveralServersTest, AnEditorsSessionHoldsOnEveryServer) {
  CommandResult added =
      run_tribune({"user", "add", "--data", folders_[0]->path().string(), "--name", "Awa",
                   "--email", "awa@example.org", "--role", "editor"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  start();
  const std::string cookie = "Cookie: " + session_cookie(http_post_form(
                                              servers_[0]->url(admin_login_path(added.out)), {}));
  ASSERT_NE(cookie, "Cookie: ");
  std::string csrf;
  for (auto& server : servers_) {
    HttpResponse desk = http_get(server->url("/admin/articles/"), {cookie});
    EXPECT_EQ(desk.status, 200) << server->url("/");
    csrf = hidden_field(desk.body, "csrf");
  }
  ASSERT_FALSE(csrf.empty());
  EXPECT_EQ(http_post_form(servers_[0]->url("/admin/logout/"), {{"csrf", csrf}}, {cookie}).status,
            303);
  for (auto& server : servers_) {
    EXPECT_NE(http_get(server->url("/admin/articles/"), {cookie}).status, 200)
        << "signed out, yet " << server->url("/") << " still lets the editor in";
  }
}

TEST_F(SeveralServersTest, EachSubscriberIsMailedOnceWhileAServerDiesMidSend) {
  SmtpSink sink;
  configure_mail(sink.port());
  constexpr int kSubscribers = 1000;
  const std::filesystem::path csv = folders_[0]->path() / "subscribers.csv";
  {
    std::ofstream out(csv);
    out << "email,frequency\n";
    for (int i = 0; i < kSubscribers; ++i) out << "lecteur" << i << "@example.org,each\n";
  }
  CommandResult imported =
      run_tribune({"subscribers", "import", "--data", folders_[0]->path().string(), csv.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  start();

  // A new article: every subscriber is told, by whichever server claims their message.
  const std::filesystem::path article = folders_[0]->path() / "nouvelle.md";
  std::ofstream(article) << "---\ntitle: Nouvelle récolte\nauthor: La rédaction\n"
                            "category: Économie\ndate: "
                         << format_iso8601(now_seconds() - 60)
                         << "\n---\n"
                            "La récolte de mil s'annonce bonne.\n";
  CommandResult published =
      run_tribune({"import", "markdown", "--data", folders_[0]->path().string(), "--publish",
                   article.string()});
  ASSERT_EQ(published.exit_code, 0) << published.err;

  ASSERT_TRUE(sink.wait_for_messages(150, 60s));
  servers_[1]->kill_hard();  // mid-send: its claimed messages wait for their lease to end
  const auto killed = std::chrono::steady_clock::now();
  ASSERT_TRUE(sink.wait_for_messages(kSubscribers, 90s)) << sink.messages().size();
  std::this_thread::sleep_for(2s);  // nothing more may come
  std::map<std::string, int> received;
  for (const ReceivedMessage& message : sink.messages()) {
    for (const std::string& to : message.rcpt_tos) ++received[to];
  }
  EXPECT_EQ(received.size(), static_cast<std::size_t>(kSubscribers));
  int twice = 0;
  for (const auto& [to, times] : received) twice += times - 1;
  // SMTP and the database share no transaction: the message on the wire when the server
  // died may go once more; nothing else.
  EXPECT_LE(twice, 1) << "messages sent more than once";
  std::cout << "[ figures ] " << kSubscribers << " subscribers mailed; " << twice
            << " message(s) sent twice; the last arrived "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count() - 2
            << " s after the kill\n";
}

TEST_F(SeveralServersTest, AServerKilledUnderLoadLosesNoReadersRequest) {
  open_comments(1000);
  start();
  std::atomic<bool> stop = false;
  std::atomic<int> answered = 0;
  std::atomic<int> failed = 0;
  std::vector<std::thread> readers;
  // Meanwhile a reader comments: every comment acknowledged (303) must be stored. A post on
  // the server as it dies may fail (nginx never sends a POST twice); it is counted apart.
  std::set<std::string> acknowledged;
  int posts_failed = 0;
  std::thread commenter([&] {
    for (int i = 0; !stop; ++i) {
      const std::string text = "Commentaire sous charge " + std::to_string(i);
      if (post_comment(text).status == 303) {
        acknowledged.insert(text);
      } else {
        ++posts_failed;
      }
    }
  });
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        const std::string path = i % 2 ? kSeedPath : "/";
        if (http_get(nginx_->url(path), {reader_agent(t * 100000 + i)}).status == 200) {
          ++answered;
        } else {
          ++failed;
        }
      }
    });
  }
  std::this_thread::sleep_for(1s);
  servers_[2]->kill_hard();
  std::this_thread::sleep_for(2s);
  stop = true;
  for (auto& reader : readers) reader.join();
  commenter.join();
  EXPECT_GT(answered, 100);
  EXPECT_EQ(failed, 0) << "nginx tries a dropped GET on the next server";
  EXPECT_GT(acknowledged.size(), 10u);
  EXPECT_LE(posts_failed, 1) << "only a post in flight on the dying server may fail";
  const std::multiset<std::string> stored = stored_comments();
  int lost = 0;
  for (const std::string& text : acknowledged) lost += stored.count(text) == 0;
  EXPECT_EQ(lost, 0) << "acknowledged comments missing from the database";
  std::cout << "[ figures ] " << answered << " requests answered, " << failed
            << " failed, one server of three killed under them; " << acknowledged.size()
            << " comments acknowledged, " << lost << " lost, " << posts_failed
            << " post(s) failed in flight\n";
}

// `tribune migrate` moves an SQLite site to PostgreSQL and back, every table counted, and
// the site serves from each.
TEST(MigrateCommandTest, MovesASiteToPostgresAndBack) {
  PostgresDatabase database;
  ASSERT_FALSE(database.url().empty()) << database.reason();
  TempDir data;
  ASSERT_EQ(create_seed_site(data.path()), "");
  const std::filesystem::path csv = data / "subscribers.csv";
  std::ofstream(csv) << "email,frequency\nawa@example.org,each\nmoussa@example.org,daily\n";
  ASSERT_EQ(run_tribune({"subscribers", "import", "--data", data.path().string(), csv.string()})
                .exit_code,
            0);

  CommandResult moved =
      run_tribune({"migrate", "--data", data.path().string(), "--to", database.url()});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_NE(moved.out.find("articles"), std::string::npos) << moved.out;
  EXPECT_NE(moved.out.find("2  subscribers"), std::string::npos) << moved.out;
  {
    ServerProcess server(data.path());
    EXPECT_EQ(http_get(server.url(kSeedPath)).status, 200) << "served from PostgreSQL";
  }
  // Again into the same database: refused, nothing changed.
  expect_one_line_error(
      run_tribune({"migrate", "--data", data.path().string(), "--to", database.url()}),
      {"already"});

  const std::filesystem::path back = data / "back.db";
  CommandResult returned =
      run_tribune({"migrate", "--data", data.path().string(), "--to", back.string()});
  ASSERT_EQ(returned.exit_code, 0) << returned.err;
  EXPECT_TRUE(std::filesystem::exists(back));
  ServerProcess server(data.path());
  HttpResponse page = http_get(server.url(kSeedPath));
  EXPECT_EQ(page.status, 200) << "served from the SQLite file again";
  CommandResult listed = run_tribune({"subscribers", "list", "--data", data.path().string()});
  EXPECT_NE(listed.out.find("moussa@example.org"), std::string::npos) << listed.out;
}

}  // namespace
}  // namespace tribune::testing
