// A real HTTP client for tests (libcurl), plus raw-socket requests for malformed input, and
// the decompressors that check what the server compressed.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace tribune::testing {

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;                            // as received (not decompressed)
  std::string header(const std::string& name) const;
};

// GET (or HEAD when `method` is "HEAD") with extra "Name: value" headers; status 0 when the
// connection failed.
HttpResponse http_get(const std::string& url, const std::vector<std::string>& headers = {},
                      const std::string& method = "GET");

// A form's fields, in order: (name, value).
using Fields = std::vector<std::pair<std::string, std::string>>;

// POSTs `fields` as application/x-www-form-urlencoded (redirects are not followed).
HttpResponse http_post_form(const std::string& url, const Fields& fields,
                            const std::vector<std::string>& headers = {});

// The value of the first field `name` (name="NAME" value="...") in `page`, or "".
std::string hidden_field(const std::string& page, const std::string& name);

// The hidden fields of the first comment form in `page` (article, parent and its token): what
// a reader's browser sends with the comment.
Fields comment_form_fields(const std::string& page);

// The admin's session cookie a response sets, as "tribune_session=VALUE"; "" when it sets none.
std::string session_cookie(const HttpResponse& response);

// The path of the first one-time admin link (/admin/login/TOKEN/) in `text` (a command's
// output, an email), or "".
std::string admin_login_path(const std::string& text);

// Sends `bytes` as they are to 127.0.0.1:port and returns everything the server answers
// until it closes the connection (or 5 s pass).
std::string raw_request(int port, const std::string& bytes);

// The value of metric `name` (no labels) in a Prometheus text page, or -1 when absent.
double prometheus_value(const std::string& page, const std::string& name);

std::string gunzip(const std::string& data);
std::string unbrotli(const std::string& data);

}  // namespace tribune::testing
