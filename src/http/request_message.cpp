// How a session reads a parsed request: what is refused from its head, and the handler's
// view of it (addresses, prefetch, the headers handling looks at).
#include "http/request_message.h"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <iterator>

#include "http/client_address.h"

namespace tribune::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

std::string_view view(beast::string_view text) { return {text.data(), text.size()}; }

// Browsers announce speculative loads; a page fetched that way has not been read (yet).
bool is_prefetch(const RequestMessage& request) {
  auto says_prefetch = [](beast::string_view value) {
    return value.find("prefetch") != beast::string_view::npos;
  };
  return says_prefetch(request["Sec-Purpose"]) || says_prefetch(request["Purpose"]) ||
         says_prefetch(request["X-Moz"]) || says_prefetch(request["X-Purpose"]);
}

// The number of values of header `name` (a request may repeat a field).
std::size_t count_fields(const RequestMessage& request, bhttp::field name) {
  auto [first, last] = request.equal_range(name);
  return static_cast<std::size_t>(std::distance(first, last));
}

}  // namespace

// A body framed by Transfer-Encoding is refused whatever the coding: browsers post forms with
// a Content-Length, chunked framing lets trailers and chunk extensions escape the header and
// body limits, and any other coding leaves the body's end unknown, so that it could be read as
// a second request (RFC 9112 §6.3). An HTTP/1.1 request needs exactly one Host (RFC 9112
// §3.2); HTTP/1.0 clients may omit it.
const char* head_refusal(const RequestMessage& message) {
  if (count_fields(message, bhttp::field::transfer_encoding) != 0) return "Transfer-Encoding";
  std::size_t hosts = count_fields(message, bhttp::field::host);
  if (hosts > 1 || (hosts == 0 && message.version() >= 11)) return "Host";
  return nullptr;
}

Request to_request(const RequestMessage& message, const RequestPeer& peer) {
  std::string_view forwarded_for = view(message["X-Forwarded-For"]);
  bool peer_trusted = is_trusted_proxy(peer.address, peer.trusted_proxies);
  std::string_view client = client_address(peer.address, forwarded_for, peer.trusted_proxies);
  return Request{
      view(message.method_string()), view(message.target()),
      view(message[bhttp::field::accept_encoding]), view(message[bhttp::field::if_none_match]),
      view(message[bhttp::field::user_agent]), client, is_prefetch(message),
      // Local: the connection comes from this machine and no one says it speaks for another.
      peer.is_loopback && (forwarded_for.empty() || (peer_trusted && is_loopback_address(client))),
      view(message[bhttp::field::content_type]), message.body(),
      peer_trusted && beast::iequals(message["X-Forwarded-Proto"], "https"),
      view(message[bhttp::field::cookie]), view(message[bhttp::field::origin]),
      view(message[bhttp::field::host]), view(message[bhttp::field::accept_language]),
      view(message[bhttp::field::if_modified_since])};
}

}  // namespace tribune::http
