// A data folder on a disk that fills up or turns read-only (a small tmpfs of the test's own):
// writes answer a localized 503 and leave one line in the server's log, reads keep serving,
// writes work again once the disk does, and the database is never corrupted.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "support/database.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

constexpr const char* kSeedPath =
    "/2025/07/11/lutte-contre-le-terrorisme-donald-trump-propose-son-appui-a-assimi-goita/";
constexpr const char* kDiskOptions = "size=8m,mode=0700";

// A tmpfs of 8 MiB mounted for one test and unmounted when it ends, even on failure. Mounting
// needs root, as here and in CI: a refused mount fails the test rather than skipping it.
class SmallDisk {
 public:
  SmallDisk() {
    if (::mount("tmpfs", dir_.path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV, kDiskOptions) != 0) {
      ADD_FAILURE() << "cannot mount a tmpfs at " << dir_.path() << ": " << std::strerror(errno)
                    << " (this test needs root)";
      return;
    }
    mounted_ = true;
  }
  ~SmallDisk() {
    // Lazily: a server the test could not stop must not leave the mount behind.
    if (mounted_) ::umount2(dir_.path().c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  bool mounted() const { return mounted_; }
  std::filesystem::path data() const { return dir_ / "data"; }

  // Takes every free byte with a file of its own, as a growing log or upload would.
  void fill() {
    std::FILE* filler = std::fopen(filler_path().c_str(), "w");
    ASSERT_NE(filler, nullptr) << std::strerror(errno);
    std::setvbuf(filler, nullptr, _IONBF, 0);
    const std::string block(4096, 'x');
    while (std::fwrite(block.data(), 1, block.size(), filler) == block.size()) {
    }
    while (std::fwrite("x", 1, 1, filler) == 1) {
    }
    std::fclose(filler);
    ASSERT_FALSE(std::ofstream(dir_ / "one-more-byte") << 'x' << std::flush) << "not full";
  }

  void free_space() { std::filesystem::remove(filler_path()); }

  // Remounts the disk read-only (or writable again); a remount that fails fails the test.
  void set_read_only(bool read_only) {
    unsigned long flags = MS_REMOUNT | MS_NOSUID | MS_NODEV | (read_only ? MS_RDONLY : 0);
    ASSERT_EQ(::mount("tmpfs", dir_.path().c_str(), "tmpfs", flags, kDiskOptions), 0)
        << "remount " << (read_only ? "ro" : "rw") << ": " << std::strerror(errno);
  }

 private:
  std::filesystem::path filler_path() const { return dir_ / "filler"; }

  TempDir dir_;
  bool mounted_ = false;
};

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t found = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++found;
  }
  return found;
}

class FullDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(disk_.mounted());
    ASSERT_EQ(create_seed_site(disk_.data()), "");
    for (auto [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"comments.min_seconds", "0"},
             {"comments.policy", "publish_all"},
             {"smtp.host", "127.0.0.1"},
             {"smtp.port", std::to_string(free_port())},
             {"smtp.tls", "none"}}) {
      ASSERT_EQ(set_config(disk_.data(), key, value), "");
    }
    CommandResult added =
        run_tribune({"user", "add", "--data", disk_.data().string(), "--name", "Awa Traoré",
                     "--email", "awa@example.org", "--role", "administrator"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    login_link_ = admin_login_path(added.out);
    ASSERT_FALSE(login_link_.empty()) << added.out;
  }

  // Signs in with the one-time link (a write: before the disk is full or read-only).
  void sign_in(const ServerProcess& server) {
    cookie_ = "Cookie: " + session_cookie(http_post_form(server.url(login_link_), {}));
    ASSERT_NE(cookie_, "Cookie: ");
  }

  HttpResponse post_comment(const ServerProcess& server, const std::string& text) {
    Fields fields = comment_form_fields(http_get(server.url(kSeedPath)).body);
    fields.insert(fields.end(), {{"name", "Awa"}, {"email", "awa@example.org"}, {"text", text}});
    return http_post_form(server.url("/comments/"), fields);
  }

  HttpResponse subscribe(const ServerProcess& server, const std::string& email,
                         const std::string& lang) {
    return http_post_form(server.url("/subscribe/"),
                          {{"email", email}, {"frequency", "each"}, {"lang", lang}});
  }

  HttpResponse save_description(const ServerProcess& server, const std::string& description) {
    std::string csrf =
        hidden_field(http_get(server.url("/admin/settings/"), {cookie_}).body, "csrf");
    EXPECT_FALSE(csrf.empty());
    return http_post_form(server.url("/admin/settings/"),
                          {{"csrf", csrf}, {"group", "site"}, {"site.description", description}},
                          {cookie_});
  }

  // Every write a reader or an editor makes is refused with a localized 503, each with one
  // line in the log naming `cause`, while every page already there keeps serving.
  void expect_writes_refused_reads_served(const ServerProcess& server, const std::string& cause) {
    const std::size_t lines_before = count(server.err(), "answering 503");
    HttpResponse comment = post_comment(server, "Refusé faute de disque.");
    EXPECT_EQ(comment.status, 503);
    EXPECT_NE(comment.body.find("Service momentanément indisponible"), std::string::npos)
        << comment.body;
    HttpResponse french = subscribe(server, "fatou@example.org", "fr");
    EXPECT_EQ(french.status, 503);
    EXPECT_NE(french.body.find("votre envoi n’a pas été pris en compte"), std::string::npos);
    HttpResponse english = subscribe(server, "john@example.org", "en");
    EXPECT_EQ(english.status, 503);
    EXPECT_NE(english.body.find("Temporarily unavailable"), std::string::npos) << english.body;
    HttpResponse admin = save_description(server, "Refusé aussi");
    EXPECT_EQ(admin.status, 503);
    EXPECT_NE(admin.body.find("plein ou en lecture seule"), std::string::npos) << admin.body;

    const std::string log = server.err();
    EXPECT_EQ(count(log, "answering 503") - lines_before, 4u) << log;
    EXPECT_NE(log.find(cause), std::string::npos) << log;
    for (const char* path : {kSeedPath, "/", "/feed/", "/category/blog/", "/most-read.json"}) {
      EXPECT_EQ(http_get(server.url(path)).status, 200) << path;
    }
    EXPECT_EQ(query_sql(disk_.data(), "SELECT COUNT(*) FROM comments WHERE body LIKE 'Refusé%'"),
              "0");
    EXPECT_EQ(query_sql(disk_.data(), "SELECT COUNT(*) FROM subscribers"), "0");
  }

  // Writes go through again: a comment is published, a setting saved.
  void expect_writes_work(const ServerProcess& server) {
    HttpResponse comment = post_comment(server, "Publié une fois le disque réparé.");
    EXPECT_EQ(comment.status, 303) << comment.body;
    EXPECT_NE(http_get(server.url(kSeedPath)).body.find("Publié une fois le disque réparé."),
              std::string::npos);
    EXPECT_EQ(subscribe(server, "fatou@example.org", "fr").status, 303);
    EXPECT_EQ(save_description(server, "De retour").status, 303);
  }

  void expect_intact() {
    EXPECT_EQ(query_sql(disk_.data(), "PRAGMA integrity_check"), "ok");
    EXPECT_EQ(query_sql(disk_.data(), "SELECT COUNT(*) FROM comments"), "1");
    EXPECT_EQ(query_sql(disk_.data(), "SELECT value FROM settings WHERE key = 'site.description'"),
              "De retour");
  }

  SmallDisk disk_;
  std::string login_link_;
  std::string cookie_;
};

TEST_F(FullDiskTest, AFullDiskRefusesWritesWith503AndServesReadsUntilSpaceIsFreed) {
  ServerProcess server(disk_.data());
  sign_in(server);
  ASSERT_EQ(http_get(server.url(kSeedPath)).status, 200);
  disk_.fill();
  expect_writes_refused_reads_served(server, "database or disk is full");
  // Views read meanwhile wait in memory and reach the database once there is room.
  disk_.free_space();
  expect_writes_work(server);
  EXPECT_EQ(server.stop(), 0);
  expect_intact();
}

TEST_F(FullDiskTest, AReadOnlyDiskServesWhatItHoldsAndRefusesWritesWith503) {
  {
    ServerProcess server(disk_.data());
    sign_in(server);
    EXPECT_EQ(server.stop(), 0);
  }
  // A filesystem with files open for writing cannot be remounted read-only: the server
  // restarts on it, as after the kernel remounted a failing disk and the service restarted.
  disk_.set_read_only(true);
  {
    ServerProcess server(disk_.data());
    expect_writes_refused_reads_served(server, "attempt to write a readonly database");
    EXPECT_EQ(server.stop(), 0);
  }
  disk_.set_read_only(false);
  ServerProcess server(disk_.data());
  expect_writes_work(server);
  EXPECT_EQ(server.stop(), 0);
  expect_intact();
}

}  // namespace
}  // namespace tribune::testing
