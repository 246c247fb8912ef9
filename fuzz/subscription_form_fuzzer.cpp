// Fuzzes the subscription forms (POST /subscribe/, /subscription/…) through the real handler
// on the demo site with mail on: the urlencoded body decoded, the address, language, sections
// and frequency validated, and a subscription with its confirmation queued when they pass.
#include <string>

#include "fuzz/demo_site.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tribune;
  fuzz::DemoSite& demo = fuzz::demo_site();
  std::string_view input = fuzz::as_text(data, size);
  // The first byte chooses: even, the body is posted to /subscribe/; odd, the input's first
  // line is the address posted to (a manage or unsubscribe link) and the rest the body; with
  // its second bit set, the body is sent as multipart/form-data (mail clients' one-click
  // unsubscribe may), which only the unsubscribe address accepts.
  std::uint8_t choice = input.empty() ? 0 : static_cast<std::uint8_t>(input.front());
  if (!input.empty()) input.remove_prefix(1);
  std::string target = "/subscribe/";
  if ((choice & 1) != 0) {
    std::size_t line_end = input.find('\n');
    target = std::string(input.substr(0, line_end));
    input = line_end == std::string_view::npos ? std::string_view() : input.substr(line_end + 1);
  }
  // Five subscriptions per reader in ten minutes: each run is another reader, so that the
  // limit does not end the fuzzing's reach at the fifth valid address.
  static std::uint64_t runs = 0;
  std::string client = "fuzz-reader-" + std::to_string(++runs);
  http::Request request{.method = "POST",
                        .target = target,
                        .client = client,
                        .content_type = (choice & 2) != 0 ? "multipart/form-data; boundary=x"
                                                          : "application/x-www-form-urlencoded",
                        .body = input,
                        .origin = "http://127.0.0.1:8080",
                        .host = "127.0.0.1:8080"};
  http::Response response = demo.handler->handle(request);
  fuzz::check(response.status() != 500, "a subscription form never fails the server");
  return 0;
}
