// Fuzzes the comment form (POST /comments/) through the real handler on the demo site: the
// urlencoded body is decoded (http/router.h parse_form), then every field validated (name,
// email, website, text, parent) and, when all pass, the comment saved and its page rendered.
#include "fuzz/demo_site.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tribune;
  fuzz::DemoSite& demo = fuzz::demo_site();
  std::string_view input = fuzz::as_text(data, size);
  // The first byte chooses: an even one posts the body as it is (the fuzzer must find an
  // article and a token itself), an odd one after a genuine article and token, so that the
  // reader's fields are reached. A name's first value counts: the input cannot override them.
  bool genuine = !input.empty() && (input.front() & 1) != 0;
  if (!input.empty()) input.remove_prefix(1);
  std::string body = genuine ? "article=" + demo.article_slug + "&token=" + demo.comment_token +
                                   "&" + std::string(input)
                             : std::string(input);
  http::Request request{.method = "POST",
                        .target = "/comments/",
                        .client = "192.0.2.10",
                        .content_type = "application/x-www-form-urlencoded",
                        .body = body,
                        .origin = "http://127.0.0.1:8080",
                        .host = "127.0.0.1:8080"};
  http::Response response = demo.handler->handle(request);
  int status = response.status();
  fuzz::check(status == 200 || status == 303 || status == 400 || status == 404 || status == 422 ||
                  status == 429,
              "a comment is saved (303), held (200) or refused (400, 404, 422, 429)");
  return 0;
}
