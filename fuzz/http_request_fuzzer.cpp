// Fuzzes the HTTP request path as a connection's bytes take it: Boost.Beast's parser with the
// server's limits, the head's refusals, the request as the handler sees it (addresses behind a
// trusted proxy, cookies, query, form) and the real handler answering on the demo site.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <string>
#include <vector>

#include "fuzz/demo_site.h"
#include "fuzz/fuzz_check.h"
#include "http/request_message.h"

namespace {

namespace bhttp = boost::beast::http;

// Feeds `bytes` to `parser` until it stops (its head, or the whole message when eager) and
// drops what it consumed; false when the bytes are malformed or end before it is done, which
// for a server is a refused request or a client that went away.
bool feed(bhttp::request_parser<bhttp::string_body>& parser, std::string_view& bytes) {
  boost::beast::error_code error;
  while (true) {
    std::size_t used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), error);
    bytes.remove_prefix(used);
    // Nothing taken: the parser wants bytes there are not. (Amid a body of known length, Beast
    // says so with no error at all, not need_more: found by this target looping forever.)
    if (used == 0 && (!error || error == bhttp::error::need_more)) {
      parser.put_eof(error);  // nothing more is coming: only a message ended by EOF is whole
      return !error;
    }
    if (error && error != bhttp::error::need_more) return false;
    if (!error && (parser.is_done() || (!parser.eager() && parser.is_header_done()))) return true;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tribune;
  fuzz::DemoSite& demo = fuzz::demo_site();
  std::string_view bytes = fuzz::as_text(data, size);

  // As a session reads (http/server.cpp): the head within its limit, judged, then the body
  // within its route's limit.
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(http::kMaxHeaderBytes);
  parser.body_limit(http::kDefaultBodyLimit);
  if (!feed(parser, bytes)) return 0;
  if (http::head_refusal(parser.get()) != nullptr) return 0;
  if (!parser.is_done()) {
    const auto& head = parser.get();
    parser.body_limit(
        demo.handler->body_limit({head.method_string().data(), head.method_string().size()},
                                 {head.target().data(), head.target().size()}));
    parser.eager(true);
    if (!feed(parser, bytes)) return 0;
  }

  // The peer is a trusted proxy on this machine, so that X-Forwarded-For and
  // X-Forwarded-Proto are read too.
  static const std::vector<std::string> kTrustedProxies = {"127.0.0.1"};
  http::Request request = http::to_request(parser.get(), {"127.0.0.1", true, kTrustedProxies});
  fuzz::check(!request.client.empty(), "every request has a client address");
  auto answer = demo.handler->answer_from_memory(request);
  http::Response response = answer ? std::move(*answer) : demo.handler->handle(request);
  fuzz::check(response.status() >= 200 && response.status() < 500,
              "a request is answered, never with a server error");
  return 0;
}
