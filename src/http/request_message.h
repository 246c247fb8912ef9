// A request as Boost.Beast parsed it, judged and read the way every session does: the header
// limit, the framing and Host rules, and the Request (router.h) the handler answers.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "http/router.h"

namespace tribune::http {

using RequestMessage = boost::beast::http::request<boost::beast::http::string_body>;

// Headers of real browsers stay under 8 KiB; 16 KiB leaves room for long cookies. A parser
// reading a request's head is given this header_limit.
inline constexpr std::uint32_t kMaxHeaderBytes = 16 * 1024;

// Why a request's head is refused before its body is read ("Transfer-Encoding", "Host"), or
// nullptr when it is acceptable.
const char* head_refusal(const RequestMessage& message);

// Where a request came from: the connection's peer and the proxies the operator trusts.
struct RequestPeer {
  std::string_view address;  // the peer's address as text, "" when unknown
  bool is_loopback = false;  // the connection comes from this machine
  const std::vector<std::string>& trusted_proxies;
};

// `message` as the handler sees it (views into `message`, which must outlive the Request):
// the reader's address told by X-Forwarded-For when the peer is a trusted proxy, HTTPS when
// such a proxy says so, local only when nobody speaks for another machine.
Request to_request(const RequestMessage& message, const RequestPeer& peer);

}  // namespace tribune::http
