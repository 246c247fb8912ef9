// The route table and what routes read of a request: cookies, query strings, forms.
#include "http/router.h"

#include <gtest/gtest.h>

namespace tribune::http {
namespace {

Route route(std::string method, std::string path, bool prefix, std::string answer,
            std::size_t limit = kDefaultBodyLimit) {
  return {std::move(method), std::move(path), prefix, limit, [answer](const Request&) {
            Page page;
            page.body = answer;
            return page;
          }};
}

std::string answer(const Router& router, std::string_view method, std::string_view path) {
  const Route* found = router.find(method, path);
  return found == nullptr ? "none" : found->handle(Request{}).body;
}

TEST(Router, ExactPathsWinThenTheLongestPrefix) {
  Router router;
  router.add(route("GET", "/admin/", true, "admin"));
  router.add(route("GET", "/admin/articles/", true, "articles"));
  router.add(route("GET", "/admin/articles/new/", false, "new"));
  EXPECT_EQ(answer(router, "GET", "/admin/articles/new/"), "new");
  EXPECT_EQ(answer(router, "GET", "/admin/articles/12/"), "articles");
  EXPECT_EQ(answer(router, "GET", "/admin/users/"), "admin");
  EXPECT_EQ(answer(router, "HEAD", "/admin/users/"), "admin");  // HEAD is answered as GET
  EXPECT_EQ(answer(router, "GET", "/about/"), "none");
  EXPECT_EQ(answer(router, "POST", "/admin/users/"), "none");
  EXPECT_TRUE(router.knows_path("/admin/users/"));
  EXPECT_FALSE(router.knows_path("/administration/"));
}

TEST(Router, ALaterRouteReplacesAnEarlierOneAndBodyLimitsAreBounded) {
  Router router;
  router.add(route("POST", "/comments/", false, "old"));
  router.add(route("POST", "/comments/", false, "new", 10 * kLargestBodyLimit));
  EXPECT_EQ(answer(router, "POST", "/comments/"), "new");
  EXPECT_EQ(router.body_limit("POST", "/comments/"), kLargestBodyLimit);
  EXPECT_EQ(router.body_limit("POST", "/elsewhere/"), kDefaultBodyLimit);
}

TEST(Request, CookiesAreFoundByExactNameFirstOneWins) {
  Request request;
  request.cookie = "theme=dark; tribune_session=abc; tribune_session_x=1; tribune_session=zzz";
  EXPECT_EQ(request.cookie_value("tribune_session"), "abc");
  EXPECT_EQ(request.cookie_value("theme"), "dark");
  EXPECT_EQ(request.cookie_value("session"), "");
  request.cookie = "";
  EXPECT_EQ(request.cookie_value("theme"), "");
}

TEST(Request, PathAndQuery) {
  Request request;
  request.target = "/admin/articles/?state=draft&q=Mali%20%C3%A9t%C3%A9";
  EXPECT_EQ(request.path(), "/admin/articles/");
  FormFields query = parse_form(request.query());
  EXPECT_EQ(first_value(query, "state"), "draft");
  EXPECT_EQ(first_value(query, "q"), "Mali été");
  EXPECT_EQ(first_value(query, "missing"), "");
  request.target = "/admin/";
  EXPECT_EQ(request.query(), "");
}

TEST(Form, RepeatedNamesKeepTheirOrderAndPlusIsASpace) {
  FormFields fields = parse_form("ids=3&ids=1&title=Un+titre&&empty=&flag");
  auto [first, last] = fields.equal_range("ids");
  std::vector<std::string> ids;
  for (auto it = first; it != last; ++it) ids.push_back(it->second);
  EXPECT_EQ(ids, (std::vector<std::string>{"3", "1"}));
  EXPECT_EQ(first_value(fields, "title"), "Un titre");
  EXPECT_EQ(first_value(fields, "flag"), "");
  EXPECT_EQ(url_encode("Mali été & co"), "Mali%20%C3%A9t%C3%A9%20%26%20co");
}

}  // namespace
}  // namespace tribune::http
