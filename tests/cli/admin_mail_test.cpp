// The admin's emailed links through the real server and a real SMTP server (aiosmtpd): a
// forgotten password's reset link, and an invitation, each working once.
#include <gtest/gtest.h>

#include <regex>

#include "support/http_client.h"
#include "support/process.h"
#include "support/smtp_sink.h"
#include "support/temp_dir.h"

namespace tribune::testing {
namespace {

using namespace std::chrono_literals;

class AdminMailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(create_seed_site(data_.path()), "");
    for (auto [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"smtp.host", "127.0.0.1"},
             {"smtp.port", std::to_string(sink_.port())},
             {"smtp.tls", "none"},
             {"smtp.rate_limit", "0"}}) {
      ASSERT_EQ(set_config(data_.path(), key, value), "");
    }
  }

  // Adds an account from the command line; the one-time login link's path it prints.
  std::string add_account(const std::string& name, const std::string& email,
                          const std::string& role) {
    CommandResult added = run_tribune({"user", "add", "--data", data_.path().string(), "--name",
                                       name, "--email", email, "--role", role});
    EXPECT_EQ(added.exit_code, 0) << added.err;
    return admin_login_path(added.out);
  }

  // The text of the `index`th message the sink accepted.
  std::string message_text(std::size_t index) {
    return parse_mail(sink_.messages().at(index).file).dump();
  }

  TempDir data_;
  SmtpSink sink_;
};

TEST_F(AdminMailTest, AForgottenPasswordsLinkComesByMailAndWorksOnce) {
  ASSERT_FALSE(add_account("Kadi Keïta", "kadi@example.org", "editor").empty());
  ServerProcess server(data_.path());
  HttpResponse form = http_get(server.url("/admin/login/forgot/"));
  EXPECT_EQ(form.status, 200);
  // The same answer for an address without an account, and no mail for it.
  HttpResponse unknown =
      http_post_form(server.url("/admin/login/forgot/"), {{"email", "nobody@example.org"}});
  HttpResponse known =
      http_post_form(server.url("/admin/login/forgot/"), {{"email", "kadi@example.org"}});
  EXPECT_EQ(unknown.status, 200);
  EXPECT_EQ(known.status, 200);
  EXPECT_EQ(unknown.body, known.body);
  ASSERT_TRUE(sink_.wait_for_messages(1, 5s));
  EXPECT_EQ(sink_.messages().size(), 1u);
  EXPECT_EQ(sink_.messages()[0].rcpt_tos, std::vector<std::string>{"kadi@example.org"});
  const std::string link = admin_login_path(message_text(0));
  ASSERT_FALSE(link.empty()) << message_text(0);

  HttpResponse used = http_post_form(server.url(link), {});
  EXPECT_EQ(used.status, 303);
  EXPECT_EQ(used.header("location"), "/admin/password/");
  EXPECT_FALSE(session_cookie(used).empty());
  EXPECT_EQ(http_post_form(server.url(link), {}).status, 404);
}

TEST_F(AdminMailTest, AnInvitationGoesToTheInvitedPersonByMail) {
  const std::string link = add_account("Awa Traoré", "awa@example.org", "administrator");
  ASSERT_FALSE(link.empty());
  ServerProcess server(data_.path());
  const std::string cookie = session_cookie(http_post_form(server.url(link), {}));
  ASSERT_FALSE(cookie.empty());
  HttpResponse users = http_get(server.url("/admin/users/"), {"Cookie: " + cookie});
  ASSERT_EQ(users.status, 200);
  std::smatch csrf;
  ASSERT_TRUE(
      std::regex_search(users.body, csrf, std::regex("name=\"csrf\" value=\"([0-9a-f]+)\"")));
  HttpResponse invited = http_post_form(server.url("/admin/users/"),
                                        {{"csrf", csrf[1].str()},
                                         {"name", "Moussa Diarra"},
                                         {"email", "moussa@example.org"},
                                         {"role", "author"},
                                         {"password", ""}},
                                        {"Cookie: " + cookie});
  EXPECT_EQ(invited.status, 200) << invited.body;
  ASSERT_TRUE(sink_.wait_for_messages(1, 5s));
  EXPECT_EQ(sink_.messages()[0].rcpt_tos, std::vector<std::string>{"moussa@example.org"});
  const std::string invitation = admin_login_path(message_text(0));
  ASSERT_FALSE(invitation.empty());
  // The administrator's page does not show the link: it went to its owner alone.
  EXPECT_EQ(invited.body.find(invitation), std::string::npos);
  HttpResponse accepted = http_post_form(server.url(invitation), {});
  EXPECT_EQ(accepted.header("location"), "/admin/password/");
  EXPECT_EQ(http_post_form(server.url(invitation), {}).status, 404);
}

}  // namespace
}  // namespace tribune::testing
